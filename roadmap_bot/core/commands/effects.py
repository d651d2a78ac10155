"""The commands' effects on the State: one pure function per changing command.

An effect takes the item, the state, who asked (``Origin``, whose ``at`` is the time) and the
command's argument, and returns the new state, how it went and a message. Every text here is
markdown in which user-written text only appears inside code spans (``safetext.md_code``), so a
reply can never mention, link or run anything a comment smuggled in. ``registry.SPECS`` names
the effect of each command; ``apply`` runs them.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import replace

from roadmap_bot.core.commands.spec import Change, Origin, Result
from roadmap_bot.core.model import (
    Item,
    ItemStatus,
    Skip,
    State,
    Tick,
    TickSource,
    item_status,
    linked_repos,
)
from roadmap_bot.core.repos import RepoKind, parse_repo
from roadmap_bot.core.safetext import md_code

MAX_LINKS = 10  # repositories added with /link per item; more is a mistake, not evidence
MAX_QUOTE = 200  # characters of a note or reason kept in the state
_URL = re.compile(r"https?://[A-Za-z0-9.-]+(?::[0-9]+)?(?:/[^\s<>`\"'\\]*)?")


def quote_note(text: str | None) -> str:
    """A note or reason as stored and shown: a bare http(s) URL as an autolink, else code."""
    if not text:
        return ""
    text = text.strip()
    if _URL.fullmatch(text) and len(text) <= MAX_QUOTE:
        return f"<{text}>"
    return md_code(text, MAX_QUOTE)


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
    if existing is None and item.children and item_status(item, state) is ItemStatus.DONE:
        return (
            state,
            Result.UNCHANGED,
            f"{name} is done because its items are: `/undo` the item you want to take back",
        )
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


def link(item: Item, state: State, origin: Origin, repo: str | None = None) -> Change:
    """Add ``repo`` to the item's evidence (kept in the state, next to roadmap.yaml's repos)."""
    repo = repo or ""
    shown, name = md_code(repo, 120), _name(item)
    current = linked_repos(item, state)
    if _same_repo_in(repo, current):
        return state, Result.UNCHANGED, f"{shown} is already linked to {name}"
    added = state.links.get(item.id, ())
    if len(added) >= MAX_LINKS:
        message = f"{name} already has {MAX_LINKS} linked repositories: `/unlink` one first"
        return state, Result.INVALID, message
    new = replace(state, links={**state.links, item.id: (*added, repo)})
    return new, Result.APPLIED, f"linked {shown} to {name}"


def unlink(item: Item, state: State, origin: Origin, repo: str | None = None) -> Change:
    """Remove a repository added with /link (one written in roadmap.yaml stays)."""
    repo = repo or ""
    shown, name = md_code(repo, 120), _name(item)
    added = state.links.get(item.id, ())
    kept = tuple(r for r in added if not _same_repo(r, repo))
    if len(kept) < len(added):
        links = {k: v for k, v in state.links.items() if k != item.id}
        if kept:
            links[item.id] = kept
        message = f"unlinked {shown} from {name}"
        return replace(state, links=links), Result.APPLIED, message
    if _same_repo_in(repo, item.repos):
        message = f"{shown} is linked in roadmap.yaml; remove it there"
        return state, Result.INVALID, message
    return state, Result.UNCHANGED, f"{shown} is not linked to {name}"


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
