"""Every built-in evidence check, one record each (``Check``), in one place.

A check is one module in ``checks/`` exposing ``CHECK``; adding one is that module and one line
in ``ALL_CHECKS``. The engine (``run_checks``), the rule syntax (which names a rule may write)
and the rule wording read what they know about checks from here, at the time they need it.
"""

from __future__ import annotations

from roadmap_bot.core.evidence.check import Check
from roadmap_bot.core.evidence.checks import (
    ci,
    ci_passing,
    demo,
    docker,
    license,
    mlflow,
    notebook,
    readme,
    tests,
    tracking,
    wandb,
)

ALL_CHECKS: tuple[Check, ...] = (
    readme.CHECK,
    tests.CHECK,
    ci.CHECK,
    ci_passing.CHECK,
    docker.CHECK,
    license.CHECK,
    notebook.CHECK,
    demo.CHECK,
    mlflow.CHECK,
    wandb.CHECK,
    tracking.CHECK,
)


def check_names() -> frozenset[str]:
    """The names a rule may write for a built-in check."""
    return frozenset(check.name for check in ALL_CHECKS)


def find_check(name: str) -> Check | None:
    """The built-in check called ``name``, or None."""
    return next((check for check in ALL_CHECKS if check.name == name), None)
