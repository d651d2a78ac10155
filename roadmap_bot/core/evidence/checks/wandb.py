"""The ``wandb`` check: Weights & Biases in a manifest, an import or call, or its run files."""

from __future__ import annotations

from roadmap_bot.core.evidence.check import Check
from roadmap_bot.core.evidence.facts import RepoFacts
from roadmap_bot.core.evidence.result import CheckResult
from roadmap_bot.core.evidence.trackers import check_tracker


def check_wandb(facts: RepoFacts) -> CheckResult:
    """Pass when the catalog technology ``wandb`` is detected."""
    return check_tracker("wandb", facts)


# where the issue checklist sends a learner to read how (official documentation)
LEARN = (("W&B Quickstart", "https://docs.wandb.ai/quickstart"),)

CHECK = Check(
    name="wandb",
    words="W&B tracking",
    run=check_wandb,
    techs=("wandb",),
    todo="W&B tracking: `wandb.init()` and `run.log(...)`",
    learn=LEARN,
)
