"""The ``tracking`` check: MLflow or W&B (the ``mlflow`` and ``wandb`` checks are reported too)."""

from __future__ import annotations

from roadmap_bot.core.evidence.check import Check
from roadmap_bot.core.evidence.facts import RepoFacts
from roadmap_bot.core.evidence.result import CheckResult
from roadmap_bot.core.evidence.snapshot import FileKind, file_kind
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
    theirs = [p for p in facts.inherited if p.endswith((".py", ".ipynb")) or _manifest(p)]
    return facts.note_inherited(failed, theirs, "source or manifest", "sources and manifests")


def _manifest(path: str) -> bool:
    return file_kind(path) is FileKind.MANIFEST


CHECK = Check(
    name="tracking",
    words="MLflow or W&B tracking",
    run=check_tracking,
    techs=("mlflow", "wandb"),
    needs=("mlflow", "wandb"),
)
