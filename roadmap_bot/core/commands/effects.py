"""Carry out parsed comment commands and issue events on the State: the change, and what happened.

Pure: the caller looks up who may do what (``permissions.decide``) and passes the answers in;
the time comes in as ``Origin.at``. Every text here is markdown in which user-written text only
appears inside code spans (``inline_code``), so a reply can never mention, link or run anything
a comment smuggled in.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from enum import StrEnum

from roadmap_bot.core.commands.events import IssueChange
from roadmap_bot.core.commands.grammar import Command, CommandName, ParseResult
from roadmap_bot.core.commands.permissions import Access, Decision
from roadmap_bot.core.model import Item, Roadmap, Skip, State, Tick, TickSource, linked_repos
from roadmap_bot.core.repos import RepoKind, parse_repo

MAX_LINKS = 10  # repositories added with /link per item; more is a mistake, not evidence
MAX_QUOTE = 200  # characters of a note or reason kept in the state
_URL = re.compile(r"https?://[A-Za-z0-9.-]+(?::[0-9]+)?(?:/[^\s<>`\"'\\]*)?")


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


@dataclass(frozen=True, slots=True)
class Outcome:
    """What one command did; ``message`` is markdown with user text inside code spans."""

    line: str  # the command as written (shown as code), "" for a note about the whole comment
    result: Result
    message: str
    name: CommandName | None = None
    item_id: str | None = None
    repo: str | None = None  # /link and /unlink: the repository


@dataclass(frozen=True, slots=True)
class Effects:
    """The state after the commands, and one outcome per command line, in comment order."""

    state: State
    outcomes: tuple[Outcome, ...]
    changed: bool

    @property
    def ok(self) -> bool:
        return all(o.result.ok for o in self.outcomes)


def inline_code(text: str, limit: int = 60) -> str:
    """Quote ``text`` as one code span (capped) that no backtick inside can break out of."""
    text = " ".join(text.split())  # one line: a code span cannot hold a line break safely
    if len(text) > limit:
        text = text[: limit - 1] + "…"
    if not text:
        return "` `"
    fence = "`" * (max((len(run) for run in re.findall(r"`+", text)), default=0) + 1)
    pad = " " if text.startswith("`") or text.endswith("`") else ""
    return f"{fence}{pad}{text}{pad}{fence}"


def quote_note(text: str | None) -> str:
    """A note or reason as stored and shown: a bare http(s) URL as an autolink, else code."""
    if not text:
        return ""
    text = text.strip()
    if _URL.fullmatch(text) and len(text) <= MAX_QUOTE:
        return f"<{text}>"
    return inline_code(text, MAX_QUOTE)


def apply_comment(
    roadmap: Roadmap,
    state: State,
    parsed: ParseResult,
    *,
    access: Mapping[CommandName, Decision],
    origin: Origin,
) -> Effects:
    """Run the allowed commands in order over ``state``; answer every command line.

    ``access`` holds the policy's decision for each command name in ``parsed``. A comment
    whose id is already in ``state.handled_comments`` was carried out by an earlier run: its
    changing commands change nothing again.
    """
    index = roadmap.item_index()
    replayed = origin.comment_id is not None and origin.comment_id in state.handled_comments
    entries: list[tuple[int, int, Outcome]] = []
    new = state
    for order, command in enumerate(parsed.commands):
        decision = access.get(command.name, Decision(Access.REFUSE, "not allowed"))
        if decision.access is not Access.ALLOW:
            outcome = _outcome(command, Result.REFUSED, decision.message)
        elif command.name.is_read_only or command.name is CommandName.NEXT:
            outcome = _outcome(command, Result.ANSWERED, "")
        elif replayed:
            outcome = _outcome(command, Result.UNCHANGED, "already carried out by an earlier run")
        else:
            new, outcome = _apply(index[command.item_id or ""], new, command, origin)
        entries.append((command.line, order, outcome))
    for order, error in enumerate(parsed.errors, start=len(entries)):
        entries.append((error.line, order, Outcome(error.raw, Result.INVALID, error.message)))
    outcomes = tuple(o for _, _, o in sorted(entries, key=lambda e: (e[0], e[1])))
    changed = new != state
    if changed and origin.comment_id is not None:
        new = replace(new, handled_comments=(*new.handled_comments, origin.comment_id))
    return Effects(new, outcomes, changed)


def _outcome(command: Command, result: Result, message: str, repo: str | None = None) -> Outcome:
    return Outcome(command.raw, result, message, command.name, command.item_id, repo)


def _apply(item: Item, state: State, command: Command, origin: Origin) -> tuple[State, Outcome]:
    if command.name is CommandName.LINK:
        return _link(item, state, command)
    if command.name is CommandName.UNLINK:
        return _unlink(item, state, command)
    new, result, message = _CHANGE[command.name](item, state, origin, command.arg)
    return new, _outcome(command, result, message)


Change = tuple[State, Result, str]


def tick(item: Item, state: State, origin: Origin, note: str | None = None) -> Change:
    """Tick ``item`` by hand (a /done, or its issue closed as completed); a skip is lifted."""
    name = _name(item)
    if item.done:
        return state, Result.UNCHANGED, f"{name} is `done: true` in roadmap.yaml"
    existing = state.ticks.get(item.id)
    if existing is not None:
        return state, Result.UNCHANGED, f"{name} is already ticked ({_by(existing)})"
    mark = Tick(TickSource.MANUAL, origin.at, origin.login, quote_note(note), url=origin.url)
    skips = {k: v for k, v in state.skips.items() if k != item.id}
    lifted = " (its skip is lifted)" if item.id in state.skips else ""
    new = replace(state, ticks={**state.ticks, item.id: mark}, skips=skips)
    return new, Result.APPLIED, f"ticked {name}{lifted}"


def untick(item: Item, state: State, origin: Origin, note: str | None = None) -> Change:
    """Take back a tick; an automatic one comes back in the same run if its evidence holds."""
    name = _name(item)
    if item.done:
        return state, Result.INVALID, f"{name} is `done: true` in roadmap.yaml: untick it there"
    existing = state.ticks.get(item.id)
    if existing is None:
        return state, Result.UNCHANGED, f"{name} is not ticked; nothing to undo"
    ticks = {k: v for k, v in state.ticks.items() if k != item.id}
    return (
        replace(state, ticks=ticks),
        Result.APPLIED,
        f"took back the tick of {name} ({_by(existing)})",
    )


def skip(item: Item, state: State, origin: Origin, reason: str | None = None) -> Change:
    """Mark ``item`` not planned (a /skip, or its issue closed as not planned)."""
    name = _name(item)
    if item.done or item.id in state.ticks:
        return state, Result.INVALID, f"{name} is ticked, so it cannot be skipped: `/undo` it first"
    if item.id in state.skips:
        return state, Result.UNCHANGED, f"{name} is already skipped"
    mark = Skip(origin.at, origin.login, quote_note(reason), origin.url)
    new = replace(state, skips={**state.skips, item.id: mark})
    return new, Result.APPLIED, f"skipped {name}: left out of progress"


def unskip(item: Item, state: State, origin: Origin, note: str | None = None) -> Change:
    """Plan a skipped item again."""
    if item.id not in state.skips:
        return state, Result.UNCHANGED, f"{_name(item)} is not skipped"
    skips = {k: v for k, v in state.skips.items() if k != item.id}
    return replace(state, skips=skips), Result.APPLIED, f"planned {_name(item)} again"


_CHANGE = {
    CommandName.DONE: tick,
    CommandName.UNDO: untick,
    CommandName.SKIP: skip,
    CommandName.UNSKIP: unskip,
}
_BY_EVENT = {
    IssueChange.COMPLETED: (CommandName.DONE,),
    IssueChange.NOT_PLANNED: (CommandName.SKIP,),
    IssueChange.REOPENED: (CommandName.UNDO, CommandName.UNSKIP),
}


def apply_issue_event(
    roadmap: Roadmap, state: State, item_id: str, change: IssueChange, *, origin: Origin
) -> Effects:
    """Tick or skip the item whose issue was closed; undo both when it was reopened."""
    item = roadmap.item_index().get(item_id)
    if item is None:
        message = f"{inline_code(item_id)} is no longer in the roadmap; nothing changed"
        return Effects(state, (Outcome("", Result.INVALID, message, None, item_id),), False)
    new, outcomes = state, []
    for name in _BY_EVENT[change]:
        new, result, message = _CHANGE[name](item, new, origin, None)
        if result is not Result.UNCHANGED or len(_BY_EVENT[change]) == 1:
            outcomes.append(Outcome("", result, message, name, item.id))
    if not outcomes:
        message = f"{_name(item)} was neither ticked nor skipped; nothing to undo"
        outcomes.append(Outcome("", Result.UNCHANGED, message, CommandName.UNDO, item.id))
    return Effects(new, tuple(outcomes), new != state)


def _link(item: Item, state: State, command: Command) -> tuple[State, Outcome]:
    repo = command.arg or ""
    shown, name = inline_code(repo, 120), _name(item)
    current = linked_repos(item, state)
    if _same_repo_in(repo, current):
        return state, _outcome(
            command, Result.UNCHANGED, f"{shown} is already linked to {name}", repo
        )
    added = state.links.get(item.id, ())
    if len(added) >= MAX_LINKS:
        message = f"{name} already has {MAX_LINKS} linked repositories: `/unlink` one first"
        return state, _outcome(command, Result.INVALID, message, repo)
    new = replace(state, links={**state.links, item.id: (*added, repo)})
    return new, _outcome(command, Result.APPLIED, f"linked {shown} to {name}", repo)


def _unlink(item: Item, state: State, command: Command) -> tuple[State, Outcome]:
    repo = command.arg or ""
    shown, name = inline_code(repo, 120), _name(item)
    added = state.links.get(item.id, ())
    kept = tuple(r for r in added if not _same_repo(r, repo))
    if len(kept) < len(added):
        links = {k: v for k, v in state.links.items() if k != item.id}
        if kept:
            links[item.id] = kept
        message = f"unlinked {shown} from {name}"
        return replace(state, links=links), _outcome(command, Result.APPLIED, message, repo)
    if _same_repo_in(repo, item.repos):
        message = f"{shown} is linked in roadmap.yaml; remove it there"
        return state, _outcome(command, Result.INVALID, message, repo)
    return state, _outcome(command, Result.UNCHANGED, f"{shown} is not linked to {name}", repo)


def _same_repo_in(repo: str, repos: Sequence[str]) -> bool:
    return any(_same_repo(repo, other) for other in repos)


def _same_repo(a: str, b: str) -> bool:
    """GitHub names ignore case and may be written as URLs; other references must match."""
    ref_a, ref_b = parse_repo(a), parse_repo(b)
    if ref_a and ref_b and ref_a.kind is ref_b.kind is RepoKind.GITHUB:
        return ref_a.value.lower() == ref_b.value.lower()
    return a == b


def _name(item: Item) -> str:
    return f"`{item.id}`"


def _by(tick: Tick) -> str:
    who = "automatically" if tick.source is TickSource.AUTO else f"by {tick.by}"
    return f"{who} on {tick.at[:10]}"
