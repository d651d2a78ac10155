"""The ``ci_passing`` check: the provider's CI status of the default branch's latest commit."""

from __future__ import annotations

from roadmap_bot.core.evidence.check import Check
from roadmap_bot.core.evidence.checks.ci import LEARN as CI_LEARN
from roadmap_bot.core.evidence.facts import RepoFacts
from roadmap_bot.core.evidence.result import CheckResult


def check_ci_passing(facts: RepoFacts) -> CheckResult:
    """Pass when the provider reports the default branch's latest CI status as success;
    unknown (not passed, not failed) when the source reports no CI status at all."""
    status = facts.snapshot.ci_status
    branch = facts.snapshot.default_branch or "the default branch"
    if status == "success":
        return CheckResult("ci_passing", True, (), f"ci_passing: latest CI run on {branch} passed")
    if status is None:
        return CheckResult(
            "ci_passing",
            False,
            (),
            "ci_passing: CI status is unknown for this source "
            "(only the GitHub provider can see CI results)",
            unknown=True,
        )
    return CheckResult(
        "ci_passing", False, (), f"ci_passing: latest CI status on {branch} is {status}"
    )


CHECK = Check(
    name="ci_passing",
    words="passing CI",
    run=check_ci_passing,
    todo="a CI workflow whose latest run on the default branch passed (fix what fails)",
    learn=CI_LEARN,
)
