"""The ``wandb`` check: Weights & Biases in a manifest, an import or call, or its run files."""

from __future__ import annotations

from roadmap_bot.core.evidence.check import Check
from roadmap_bot.core.evidence.facts import RepoFacts
from roadmap_bot.core.evidence.result import CheckResult
from roadmap_bot.core.evidence.trackers import check_tracker


def check_wandb(facts: RepoFacts) -> CheckResult:
    """Pass when the catalog technology ``wandb`` is detected."""
    return check_tracker("wandb", facts)


CHECK = Check(name="wandb", words="W&B tracking", run=check_wandb, techs=("wandb",))
