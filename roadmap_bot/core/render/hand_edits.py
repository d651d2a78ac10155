"""A two-way README: boxes ticked or unticked by hand inside the bot's block, and other hand edits.

``find_hand_edits`` compares the README as it is with the README the bot would write from the
stored roadmap and state (same template, same badges). A README box is matched to the item it
shows by, in order: the item id the line carries (``<sub>`id`</sub>`` when ids are shown, else
``<!-- id -->``), the
same line text (the box itself set aside), then its position among the boxes when the README has
as many boxes as the render. A matched box whose tick differs from the render is a hand tick or
untick; every other line the render does not produce is a hand edit, reported with its line and
left to roadmap.yaml. One pass over each text, dictionaries only: linear in the README's size.

``apply_hand_edits`` turns the ticks into manual ticks (and the unticks into takebacks) through
the same effects ``/done`` and ``/undo`` use, credited to the author of the README's last commit.
When that commit is the bot's own, nobody edited the README since the bot wrote it: nothing is
read (a roadmap.yaml edit changes the render, not the README's history).
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, replace

from roadmap_bot.core.commands.effects import tick, untick
from roadmap_bot.core.commands.spec import Origin, Result
from roadmap_bot.core.markers import block_problem, find_block
from roadmap_bot.core.model import Roadmap, State
from roadmap_bot.core.planning.bot_issues import same_login

MAX_SHOWN = 20  # hand edits listed one by one; more are counted
MAX_TEXT = 80  # characters of an edited line shown
HAND_REASON = "ticked by hand in the README"
_SAFE_NAME = re.compile(r"[^A-Za-z0-9 ._-]")
_HIDDEN_ID = re.compile(r"<!-- ([a-z0-9][a-z0-9_.-]{0,600}) -->\s*$")


@dataclass(frozen=True, slots=True)
class FileCommit:
    """The last commit that changed a file: who (a GitHub login when the provider knows it, else
    the git author name), which commit, when (ISO-8601 UTC), its first message line and URL."""

    oid: str
    login: str | None
    name: str
    date: str | None
    headline: str = ""
    url: str | None = None

    @property
    def who(self) -> str:
        """A name safe to store and show: the login, else the author name's plain characters."""
        if self.login:
            return self.login
        name = _SAFE_NAME.sub("", self.name).strip()[:39]
        return name or "unknown"


@dataclass(frozen=True, slots=True)
class HandEdit:
    """A README line the render does not produce (changed or added by hand)."""

    line: int  # 1-based line in the README
    text: str  # the line, clipped to MAX_TEXT characters


@dataclass(frozen=True, slots=True)
class HandEdits:
    """What differs between the README's block and the block the bot would write."""

    ticked: tuple[tuple[str, int], ...] = ()  # (item id, README line) ticked by hand
    unticked: tuple[tuple[str, int], ...] = ()  # (item id, README line) unticked by hand
    edited: tuple[HandEdit, ...] = ()  # other lines the render does not produce
    removed: int = 0  # rendered lines the README no longer has
    warning: str | None = None  # why nothing was read (markers, boxes not told apart)


@dataclass(frozen=True, slots=True)
class _Box:
    index: int  # position among the block's lines
    checked: bool
    key: str  # the line with its box set aside
    shown_id: str | None  # the id in `<sub>` on the line, when there is one


def find_hand_edits(
    readme: str, expected: str, items: Sequence[tuple[str, bool]], *, path: str = "README"
) -> HandEdits:
    """Compare ``readme`` with ``expected`` (the README the bot would write now).

    ``items`` are (item id, ticked) in the order the render lists them; they tell which item each
    rendered box shows. Broken markers in ``readme``: a warning and nothing read.
    """
    problem = block_problem(readme)
    if problem is not None:
        return HandEdits(warning=f"{path}: boxes ticked by hand were not read: {problem}")
    mine, first_line = _block_lines(readme)
    theirs, _ = _block_lines(expected)
    if mine is None or theirs is None or not any(line.strip() for line in mine):
        return HandEdits()  # no block yet, or empty markers: nothing the bot wrote to edit
    got = [_box(i, line) for i, line in enumerate(mine)]
    want = [_box(i, line) for i, line in enumerate(theirs)]
    got_boxes = [b for b in got if b is not None]
    want_boxes = [b for b in want if b is not None]
    owner = _owners(want_boxes, items)
    if owner is None and got_boxes != want_boxes:
        warning = (
            f"{path}: boxes ticked by hand were not read: the README block shows "
            f"{len(want_boxes)} boxes for {len(items)} items (a template override?)"
        )
        return HandEdits(warning=warning)
    pairs = _match(got_boxes, want_boxes)
    ticked: list[tuple[str, int]] = []
    unticked: list[tuple[str, int]] = []
    edited: list[HandEdit] = []
    matched_lines: set[int] = set()
    for box, target in pairs:
        line = first_line + box.index
        if target is None:
            edited.append(_edit(line, mine[box.index]))
            continue
        matched_lines.add(target.index)
        if box.key != target.key:
            edited.append(_edit(line, mine[box.index]))
        if box.checked != target.checked and owner is not None:
            item_id = owner[target.index]
            (ticked if box.checked else unticked).append((item_id, line))
    rest = Counter(theirs[b.index] for b in want_boxes if b.index not in matched_lines)
    rest.update(text for text, b in zip(theirs, want, strict=True) if b is None)
    for i, text in enumerate(mine):
        if got[i] is not None:
            continue
        if rest[text] > 0:
            rest[text] -= 1
        else:
            edited.append(_edit(first_line + i, text))
    removed = sum(n for text, n in rest.items() if n > 0 and text.strip())
    return HandEdits(tuple(ticked), tuple(unticked), tuple(edited), removed)


def _block_lines(text: str) -> tuple[list[str] | None, int]:
    """The lines between the markers (trailing blanks set aside) and the first one's number."""
    span = find_block(text)
    if span is None:
        return None, 0
    inner = text[span.start : span.end].split("\n")[1:-1]
    return [line.rstrip(" \t\r") for line in inner], text.count("\n", 0, span.start) + 2


def _box(index: int, line: str) -> _Box | None:
    """A checkbox line (``- [ ]``, ``* [x]``, ``1. [X]``, a bare ``[ ]``), or None."""
    rest = line.lstrip(" \t>")
    if rest[:1] in ("-", "*", "+"):
        rest = rest[1:]
    else:
        digits = len(rest) - len(rest.lstrip("0123456789"))
        if 0 < digits <= 9 and rest[digits : digits + 1] in (".", ")"):
            rest = rest[digits + 1 :]
    rest = rest.lstrip(" \t")
    if len(rest) < 3 or rest[0] != "[" or rest[2] != "]" or rest[1] not in " xX":
        return None
    if len(rest) > 3 and rest[3] not in " \t":
        return None
    at = len(line) - len(rest)
    key = f"{line[:at]}[ ]{line[at + 3 :]}"
    return _Box(index, rest[1] != " ", key, _shown_id(line))


def _shown_id(line: str) -> str | None:
    """The id a rendered line carries: ``<sub>`id` …</sub>`` (show_ids), else ``<!-- id -->``."""
    start = line.find("<sub>`")
    if start >= 0:
        end = line.find("`", start + 6)
        return line[start + 6 : end] if end > start + 6 else None
    hidden = _HIDDEN_ID.search(line)
    return hidden.group(1) if hidden else None


def _owners(boxes: Sequence[_Box], items: Sequence[tuple[str, bool]]) -> dict[int, str] | None:
    """Rendered box line → item id: by position when the render shows one box per item with its
    tick, else by the ids the lines show; None when neither tells."""
    if len(boxes) == len(items) and all(
        b.checked == done for b, (_, done) in zip(boxes, items, strict=True)
    ):
        return {b.index: item_id for b, (item_id, _) in zip(boxes, items, strict=True)}
    known = {item_id for item_id, _ in items}
    if boxes and all(b.shown_id in known for b in boxes):
        return {b.index: str(b.shown_id) for b in boxes}
    return None


def _match(got: Sequence[_Box], want: Sequence[_Box]) -> list[tuple[_Box, _Box | None]]:
    """Each README box and the rendered box it is (None: none): the id it shows, the same text,
    else the same position when both have as many boxes."""
    by_id = {b.shown_id: b for b in want if b.shown_id}
    by_key: dict[str, list[_Box]] = {}
    for b in reversed(want):
        by_key.setdefault(b.key, []).append(b)
    used: set[int] = set()
    found: list[_Box | None] = []
    for box in got:
        target = by_id.get(box.shown_id) if box.shown_id else None
        if target is None or target.index in used:
            target = None
            candidates = by_key.get(box.key, [])
            while candidates and candidates[-1].index in used:
                candidates.pop()
            if candidates:
                target = candidates.pop()
        if target is not None:
            used.add(target.index)
        found.append(target)
    if len(got) == len(want):
        for i, target in enumerate(found):
            if target is None and want[i].index not in used:
                found[i] = want[i]
                used.add(want[i].index)
    return list(zip(got, found, strict=True))


def _edit(line: int, text: str) -> HandEdit:
    clipped = text.strip()
    if len(clipped) > MAX_TEXT:
        clipped = clipped[: MAX_TEXT - 1] + "…"
    return HandEdit(line, clipped)


def by_bot(commit: FileCommit | None, bot_login: str) -> bool:
    """The README's last commit is the bot's own (then nobody edited it by hand since)."""
    if commit is None or not bot_login:
        return False
    return same_login(commit.login or commit.name, bot_login)


def apply_hand_edits(
    roadmap: Roadmap,
    state: State,
    edits: HandEdits,
    commit: FileCommit | None,
    *,
    now: str,
    path: str = "README",
) -> tuple[State, tuple[str, ...]]:
    """The state with the README's hand ticks and unticks, and one plain line for each thing
    taken from the README or left to roadmap.yaml (for the run's summary)."""
    index = roadmap.item_index()
    who = commit.who if commit else "unknown"
    origin = Origin(login=who, url=(commit.url if commit else None) or "", at=_at(commit, now))
    where = (
        f" ({who}, commit {commit.oid[:7]}, {origin.at[:10]})" if commit else " (author unknown)"
    )
    lines: list[str] = []
    for item_id, line in edits.ticked:
        item = index.get(item_id)
        if item is None:
            continue
        state, result, message = tick(item, state, origin)
        if result is Result.APPLIED:
            mark = replace(
                state.ticks[item_id],
                reason=HAND_REASON,
                url=origin.url or None,
                commit=commit.oid if commit else None,
            )
            state = replace(state, ticks={**state.ticks, item_id: mark})
            lines.append(
                f"{path} line {line}: ticked {item_id} by hand{where}: kept as a manual tick"
            )
        else:
            lines.append(f"{path} line {line}: box of {item_id} ticked by hand: {_plain(message)}")
    for item_id, line in edits.unticked:
        item = index.get(item_id)
        if item is None:
            continue
        state, result, message = untick(item, state, origin)
        if result is Result.APPLIED:
            lines.append(f"{path} line {line}: unticked {item_id} by hand{where}: tick taken back")
        else:
            lines.append(
                f"{path} line {line}: box of {item_id} unticked by hand: {_plain(message)}"
            )
    shown = edits.edited[:MAX_SHOWN]
    for edit in shown:
        lines.append(
            f"{path} line {edit.line} differs from what roadmap.yaml renders and is replaced: "
            f"{edit.text!r} (change roadmap.yaml to keep it)"
        )
    if len(edits.edited) > len(shown):
        lines.append(f"{path}: {len(edits.edited) - len(shown)} more lines differ from the render")
    if edits.removed:
        lines.append(
            f"{path}: {edits.removed} rendered lines were missing from the block and are put back "
            "(remove them in roadmap.yaml to drop them)"
        )
    return state, tuple(lines)


def _at(commit: FileCommit | None, now: str) -> str:
    return commit.date if commit and commit.date else now


def _plain(message: str) -> str:
    return message.replace("`", "")
