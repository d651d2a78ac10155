"""CheckResult: one check's outcome with the paths and the sentence a person can verify."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from roadmap_bot.errors import EvidenceError


@dataclass(frozen=True, slots=True)
class CheckResult:
    """Whether one check passed, the files that show it, and one human sentence saying why.

    ``unknown``: the check could not tell (no CI status from this source, a repo too large to
    check); ``passed`` is then False, so a rule never holds on it, but it is shown as
    "unknown", not as a failure."""

    name: str
    passed: bool
    paths: tuple[str, ...]
    reason: str  # e.g. "tests: 14 test files under tests/, e.g. tests/test_model.py"
    unknown: bool = False

    @property
    def status(self) -> str:
        """``pass``, ``fail`` or ``unknown``."""
        return "pass" if self.passed else "unknown" if self.unknown else "fail"

    @property
    def because(self) -> str:
        """``reason`` without its leading ``name: ``: the sentence, for a field named by the
        check."""
        return self.reason.removeprefix(f"{self.name}: ")


def result_to_json(r: CheckResult) -> dict[str, Any]:
    """The JSON form cached in the state file (``unknown`` only when set, so results cached
    before it existed read the same)."""
    data: dict[str, Any] = {
        "name": r.name,
        "passed": r.passed,
        "paths": list(r.paths),
        "reason": r.reason,
    }
    if r.unknown:
        data["unknown"] = True
    return data


def result_from_json(d: Mapping[str, Any]) -> CheckResult:
    """Read a cached result back; EvidenceError (not a traceback) when the cache is damaged."""
    if not isinstance(d, Mapping):
        raise EvidenceError(_damaged(f"expected an object, got {type(d).__name__}"))
    name, passed, paths, reason = (d.get(k) for k in ("name", "passed", "paths", "reason"))
    if not isinstance(name, str) or not isinstance(passed, bool) or not isinstance(reason, str):
        raise EvidenceError(_damaged(f"result {name!r} lacks a name, passed flag or reason"))
    if not isinstance(paths, list) or not all(isinstance(p, str) for p in paths):
        raise EvidenceError(_damaged(f"result {name!r} has malformed paths"))
    unknown = d.get("unknown", False)
    if not isinstance(unknown, bool):
        raise EvidenceError(_damaged(f"result {name!r} has a malformed unknown flag"))
    return CheckResult(name, passed, tuple(paths), reason, unknown=unknown and not passed)


def _damaged(detail: str) -> str:
    return (
        f"cached evidence in the state file is damaged ({detail}); "
        "delete the repo's entry under `evidence` in the state file and it will be rechecked"
    )
