"""The ``tracking`` check: MLflow or W&B (the ``mlflow`` and ``wandb`` checks are reported too)."""

from __future__ import annotations

from roadmap_bot.core.evidence.check import Check
from roadmap_bot.core.evidence.checks.mlflow import LEARN as MLFLOW_LEARN
from roadmap_bot.core.evidence.checks.wandb import LEARN as WANDB_LEARN
from roadmap_bot.core.evidence.facts import RepoFacts
from roadmap_bot.core.evidence.result import CheckResult
from roadmap_bot.core.evidence.trackers import check_tracker


def check_tracking(facts: RepoFacts) -> CheckResult:
    """Pass when ``mlflow`` or ``wandb`` passes (MLflow first); sources and manifests byte for
    byte the origin's (``facts.inherited``) are not the learner's and do not count."""
    for name, label in (("mlflow", "MLflow"), ("wandb", "W&B")):
        if name in facts.techs:
            result = check_tracker(name, facts)
            return CheckResult(
                "tracking",
                True,
                result.paths,
                f"tracking: {label} — {result.reason.split(': ', 1)[1]}",
            )
    failed = CheckResult("tracking", False, (), "tracking: neither MLflow nor W&B is used")
    texts = facts.snapshot.texts
    theirs = [p for p in facts.inherited if _names_a_tracker(p, texts.get(p, ""))]
    return facts.note_inherited(
        failed, theirs, "file that names a tracker", "files that name a tracker"
    )


def _names_a_tracker(path: str, text: str) -> bool:
    """An MLproject file, or a read text in which "mlflow" or "wandb" occurs (any case)."""
    if path.rpartition("/")[2] == "MLproject" or path.startswith(("mlruns/", "wandb/")):
        return True
    lower = text.lower()
    return "mlflow" in lower or "wandb" in lower


CHECK = Check(
    name="tracking",
    words="MLflow or W&B tracking",
    run=check_tracking,
    techs=("mlflow", "wandb"),
    needs=("mlflow", "wandb"),
    todo="experiment tracking: MLflow (`import mlflow`) or W&B (`wandb.init()`)",
    learn=(*MLFLOW_LEARN, *WANDB_LEARN),
)
