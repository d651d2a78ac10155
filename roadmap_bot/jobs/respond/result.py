"""What answering commands and issue events changed, and the settings its syncs override."""

from __future__ import annotations

from dataclasses import dataclass, field

from roadmap_bot.core.commands.grammar import CommandName

# the RespondResult list each applied command adds its item to
CHANGES = {
    CommandName.DONE: "ticked",
    CommandName.UNDO: "unticked",
    CommandName.SKIP: "skipped",
    CommandName.UNSKIP: "unskipped",
    CommandName.LINK: "linked",
    CommandName.UNLINK: "unlinked",
}


@dataclass(frozen=True, slots=True)
class Overrides:
    """Settings a run's caller overrides (the action's inputs), for every sync it runs."""

    open_issues: int | None = None
    badges_dir: str | None = None
    write_mode: str | None = None


@dataclass(slots=True)
class RespondResult:
    """What a run changed and answered; ``exit_code`` is 1 when something could not be done."""

    ticked: list[str] = field(default_factory=list)  # by command, issue close or evidence
    unticked: list[str] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)
    unskipped: list[str] = field(default_factory=list)
    linked: list[str] = field(default_factory=list)
    unlinked: list[str] = field(default_factory=list)
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

    @property
    def reply_url(self) -> str | None:
        return self.replies[-1] if self.replies else None
