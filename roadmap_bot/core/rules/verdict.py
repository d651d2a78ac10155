"""The outcome of evaluating one item's evidence rule: ticked or not, and why."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Verdict:
    """Whether an item's rule holds, with the evidence a person can check.

    ``problem`` is set when the rule could not be evaluated at all (no linked repo,
    a missing or private repo); ``passed`` is then False.
    """

    item_id: str
    passed: bool
    repo: str | None = None  # the repo whose evidence decided it
    commit: str | None = None  # that repo's HEAD commit id
    checks: tuple[str, ...] = ()  # names of the checks that passed
    reasons: tuple[str, ...] = ()  # one sentence per passed check
    failed: tuple[str, ...] = ()  # one sentence per failed check
    problem: str | None = None
    # the check each ``failed`` sentence is about, in the same order: a check's name
    # (``tests``, ``uses:pytorch``, ``path:x``), ``any(a, b)`` for a group of which none
    # passed, ``repo`` for a linked repo that could not be read
    failed_checks: tuple[str, ...] = ()
