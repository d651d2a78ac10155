"""What the experiment-tracker checks (``mlflow``, ``wandb``, ``tracking``) share: the tracker
as a detected technology, or a sentence saying everywhere it was looked for."""

from __future__ import annotations

import re

from roadmap_bot.core.evidence.facts import RepoFacts
from roadmap_bot.core.evidence.result import CheckResult
from roadmap_bot.core.evidence.snapshot import FileKind, file_kind

_TRACKER_FILES = {"mlflow": "no MLproject or mlruns/", "wandb": "no wandb/ run folder"}


def check_tracker(name: str, facts: RepoFacts) -> CheckResult:
    """``mlflow`` / ``wandb``: the tracker in a manifest, an import or call, or its run files
    (the catalog technology of the same name, in ``facts.techs``)."""
    found = facts.techs.get(name)
    if found is not None:
        evidence = found.reason.split(" — ", 1)[-1]
        return CheckResult(name, True, found.paths, f"{name}: {evidence}")
    return CheckResult(name, False, (), f"{name}: {_not_found(name, facts)}")


def _not_found(name: str, facts: RepoFacts) -> str:
    read, total = facts.sources_read, facts.sources_total
    sources = f"not imported ({read} of {total} Python files and notebooks read)"
    text = f"not in any dependency manifest, {sources}, {_TRACKER_FILES[name]}"
    commented = [
        path
        for path, body in facts.snapshot.texts.items()
        if name in body.lower()
        and file_kind(path) is FileKind.MANIFEST
        and re.search(rf"^[ \t]*#[^\n]*\b{name}\b", body, re.M | re.I)
    ]
    if commented:
        text += f" ({name} appears only commented out in {commented[0]})"
    skipped = [why for p, why in facts.unreadable.items() if file_kind(p) is FileKind.MANIFEST]
    if skipped:
        more = f"; and {len(skipped) - 1} more" if len(skipped) > 1 else ""
        text += f" ({skipped[0]}{more})"
    return text
