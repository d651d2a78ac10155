"""Check: the one record a built-in evidence check module exposes (``CHECK``).

``core/evidence/registry.py`` lists every record; the engine, the rule syntax and the rule
wording read everything they know about a check from it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from roadmap_bot.core.evidence.facts import RepoFacts
from roadmap_bot.core.evidence.result import CheckResult


@dataclass(frozen=True, slots=True)
class Check:
    """One built-in check a rule names by ``name``.

    ``run`` returns the ``CheckResult`` named ``name``. ``techs`` are the catalog technologies
    ``run`` reads from ``facts.techs``: they are detected whenever the check runs, even when
    no rule asks for them. ``needs`` are checks reported along with this one (``tracking``
    says which of ``mlflow`` and ``wandb`` passed, so asking for it reports both).
    """

    name: str  # the word a rule writes, and the result's key
    words: str  # how a rule's wording says it: "has a Dockerfile"
    run: Callable[[RepoFacts], CheckResult]
    techs: tuple[str, ...] = ()
    needs: tuple[str, ...] = ()
    # what the issue checklist tells a learner to add when the check fails (bot markdown), and
    # where to read how: (label, https URL) pairs of official documentation
    todo: str = ""
    learn: tuple[tuple[str, str], ...] = ()
