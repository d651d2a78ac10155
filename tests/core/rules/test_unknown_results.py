"""A check that could not tell (no CI status from this source, a repo too large to check) is
"unknown": never a pass, so a rule on it does not hold, and its verdict names the check."""

from __future__ import annotations

from roadmap_bot.adapters.catalog_file import shipped_catalog
from roadmap_bot.core.evidence.engine import CheckResult, too_large
from roadmap_bot.core.evidence.result import result_from_json, result_to_json
from roadmap_bot.core.rules.evaluate import evaluate
from roadmap_bot.core.rules.syntax import parse_rule

CATALOG = shipped_catalog()
UNKNOWN_CI = CheckResult("ci_passing", False, (), "ci_passing: CI status is unknown", unknown=True)
README = CheckResult("readme", True, ("README.md",), "readme: README.md has 80 words")


def test_a_rule_on_an_unknown_result_does_not_hold_and_names_the_check() -> None:
    rule = parse_rule(["readme", "ci_passing"], CATALOG)
    results = {"readme": README, "ci_passing": UNKNOWN_CI}
    verdict = evaluate("p.x", rule, {"./x": results})
    assert verdict.passed is False
    assert verdict.failed == ("ci_passing: CI status is unknown",)
    assert verdict.failed_checks == ("ci_passing",)
    assert UNKNOWN_CI.status == "unknown" and README.status == "pass"


def test_an_any_group_with_only_an_unknown_result_does_not_hold() -> None:
    rule = parse_rule([{"any": ["ci_passing", "docker"]}], CATALOG)
    docker = CheckResult("docker", False, (), "docker: no Dockerfile")
    verdict = evaluate("p.x", rule, {"./x": {"ci_passing": UNKNOWN_CI, "docker": docker}})
    assert verdict.passed is False and verdict.failed_checks == ("any(ci_passing, docker)",)


def test_the_unknown_flag_round_trips_through_the_state_cache_and_is_absent_when_known() -> None:
    assert result_to_json(UNKNOWN_CI)["unknown"] is True
    assert result_from_json(result_to_json(UNKNOWN_CI)) == UNKNOWN_CI
    assert "unknown" not in result_to_json(README)  # results cached before it read the same
    assert result_from_json(result_to_json(README)) == README


def test_results_of_a_repo_too_large_to_check_are_unknown() -> None:
    results = too_large("./big", "reading it took longer than 20 s", ["readme", "tests"])
    assert {r.status for r in results.values()} == {"unknown"}
