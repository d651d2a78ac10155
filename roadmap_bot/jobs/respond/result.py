"""What answering commands and issue events changed and answered."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

from roadmap_bot.core.commands.registry import result_fields


@dataclass(slots=True)
class RespondResult:
    """What a run changed and answered; ``exit_code`` is 1 when something could not be done."""

    # a command record's ``result`` name ("ticked", "linked", ...) → the items it applied to;
    # "ticked" also holds issue closes and ticks from evidence
    changes: dict[str, list[str]] = field(default_factory=dict)
    opened: list[tuple[str, int]] = field(default_factory=list)
    closed: list[tuple[str, int]] = field(default_factory=list)
    parked: list[tuple[str, int]] = field(default_factory=list)  # closed to keep the window
    reopened: list[tuple[str, int]] = field(default_factory=list)  # parked, back in the window
    answered: list[int] = field(default_factory=list)  # comment ids replied to (or, dry: would be)
    replies: list[str] = field(default_factory=list)  # reply URLs (dry run: the reply texts)
    deleted: list[int] = field(default_factory=list)  # duplicate replies deleted (ids)
    scan_complete: bool = True  # False: the comment scan stopped at its bound (see notes)
    commits: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    exit_code: int = 0

    def changed(self, name: str) -> list[str]:
        """The items of one change list (``name``: a record's ``result``), in order."""
        return self.changes.setdefault(name, [])

    @property
    def ticked(self) -> list[str]:
        return self.changed("ticked")

    def listed(self) -> dict[str, list[str]]:
        """Every change list, the commands' in registry order (empty ones too), then others."""
        names = [*result_fields(), *self.changes]
        return {name: list(self.changes.get(name, [])) for name in dict.fromkeys(names)}

    def as_json(self) -> dict[str, Any]:
        """The result as ``--json`` prints it: each change list at the top level."""
        data = asdict(self)
        del data["changes"]
        return {**self.listed(), **data}
