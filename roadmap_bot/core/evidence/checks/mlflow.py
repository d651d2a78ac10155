"""The ``mlflow`` check: MLflow in a manifest, an import or call, or its run files."""

from __future__ import annotations

from roadmap_bot.core.evidence.check import Check
from roadmap_bot.core.evidence.facts import RepoFacts
from roadmap_bot.core.evidence.result import CheckResult
from roadmap_bot.core.evidence.trackers import check_tracker


def check_mlflow(facts: RepoFacts) -> CheckResult:
    """Pass when the catalog technology ``mlflow`` is detected."""
    return check_tracker("mlflow", facts)


# where the issue checklist sends a learner to read how (official documentation)
LEARN = (("MLflow Tracking APIs", "https://mlflow.org/docs/latest/ml/tracking/tracking-api"),)

CHECK = Check(
    name="mlflow",
    words="MLflow tracking",
    run=check_mlflow,
    techs=("mlflow",),
    todo="MLflow tracking: `import mlflow` and log parameters and metrics",
    learn=LEARN,
)
