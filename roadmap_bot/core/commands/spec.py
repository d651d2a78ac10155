"""What a command is: one ``CommandSpec`` record, and the values its effect works with.

A spec says everything the bot needs to know about one slash command: its word and usage (the
grammar), whether anyone may run it (read-only) or only people with write access, the effect it
has on the State, the RespondResult list an applied command adds its item to, and what its reply
shows. The records live in one table, ``registry.SPECS``; parsing, permissions, effects, the
result, the help and the reply all read them from there.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from enum import StrEnum

from roadmap_bot.core.model import Item, State


class CommandName(StrEnum):
    """The shipped commands' words (a spec's ``name`` is a plain string: these are constants)."""

    DONE = "done"
    UNDO = "undo"
    SKIP = "skip"
    UNSKIP = "unskip"
    LINK = "link"
    UNLINK = "unlink"
    CHECK = "check"
    STATUS = "status"
    NEXT = "next"
    HELP = "help"


class ArgKind(StrEnum):
    """What a command takes after its item id."""

    NONE = "none"
    TEXT = "text"  # free text, optional: a note, a URL or a reason
    REPO = "repo"  # one repository, required


class Result(StrEnum):
    """How one command went; the first three count as success (👍), the others as 😕."""

    APPLIED = "applied"  # the state changed
    UNCHANGED = "unchanged"  # it was already so
    ANSWERED = "answered"  # read-only, or /next: answered from what the run did
    REFUSED = "refused"  # the author may not run it
    INVALID = "invalid"  # malformed, unknown id, or impossible for this item
    FAILED = "failed"  # the run failed while carrying it out

    @property
    def ok(self) -> bool:
        return self in _OK


_OK = frozenset({Result.APPLIED, Result.UNCHANGED, Result.ANSWERED})


@dataclass(frozen=True, slots=True)
class Origin:
    """Who asked, where (the comment or issue URL, kept as provenance) and when."""

    login: str
    url: str
    at: str  # ISO-8601 UTC
    comment_id: int | None = None


Change = tuple[State, Result, str]  # the new state, how it went, the message (markdown)
# An effect: (item, state, origin, the command's argument or None) → Change. Pure; user text
# reaches the message only as code spans (safetext.md_code).
Effect = Callable[[Item, State, Origin, str | None], Change]


class Then(StrEnum):
    """What a reply adds after a command's own message: what the rest of the run made of it."""

    NOTHING = "nothing"  # its reply section says it all (/check, /status, /help)
    ISSUES = "issues"  # the item's issue closed, opened, or named
    EVIDENCE = "evidence"  # whether its evidence now holds (undo, unskip), then the issues
    LINKED = "linked"  # the same, saying so when there is nothing to check yet (/link)
    NEXT = "next"  # the issues this run opened (/next)


@dataclass(frozen=True, slots=True)
class CommandSpec:
    """One command: grammar, permission, effect, result field and reply part.

    ``effect`` is None for a command that changes nothing itself and is answered from what the
    run did (read-only ones, and /next, whose sync opens the issues). ``result`` names the
    RespondResult change list an APPLIED outcome adds its item to. ``section`` is a template
    (in roadmap_bot/templates/, overridable like every template) rendered into the reply, once,
    when the comment holds the command; ``said`` is the reply line's text when the outcome has
    no message of its own.
    """

    name: str
    args: str  # what follows the word in the usage: "ID [note or URL]", "ID REPO", ""
    summary: str  # the help table's "What it does"
    arg: ArgKind = ArgKind.NONE
    read_only: bool = False  # anyone may run it; otherwise only write access (and the owner)
    effect: Effect | None = None
    result: str | None = None
    section: str | None = None
    said: str = ""
    then: Then = Then.ISSUES
    noun: str = "note"  # what the TEXT argument is called in messages ("note", "reason")

    @property
    def usage(self) -> str:
        return f"/{self.name} {self.args}".rstrip()

    @property
    def takes_item(self) -> bool:
        return "ID" in self.args


@dataclass(frozen=True, slots=True)
class Outcome:
    """What one command did; ``message`` is markdown with user text inside code spans."""

    line: str  # the command as written (shown as code), "" for a note about the whole comment
    result: Result
    message: str
    name: str | None = None
    item_id: str | None = None
