"""Find and replace the bot's fenced README block and the hidden ids in issue and comment bodies."""

from __future__ import annotations

import re
from dataclasses import dataclass

from roadmap_bot.core.fences import fence_step
from roadmap_bot.core.safetext import defuse_comments

BOM = "\ufeff"
START = "<!-- roadmap:start -->"
END = "<!-- roadmap:end -->"

_REPLY_MARKER = re.compile(r"<!--\s*roadmap-bot:reply-to=(\d+)\s*-->")


@dataclass(frozen=True, slots=True)
class BlockSpan:
    """Where the bot's block sits in a document: [start, end) covers both markers."""

    start: int
    end: int


@dataclass(frozen=True, slots=True)
class _Scan:
    """The real markers of a document (1-based line, offset, kind) and an unclosed fence."""

    markers: tuple[tuple[int, int, int, str], ...]  # (line, start offset, end offset, START|END)
    open_fence_line: int | None  # a fence opened here is never closed


def _scan(text: str) -> _Scan:
    """One linear pass: marker lines outside fenced code blocks.

    A marker counts only on a line of its own (up to three spaces before it, blanks after), the
    way the bot writes it; one quoted in inline code, in a sentence or in a fenced block (a
    README explaining how to add them) is text.
    """
    markers: list[tuple[int, int, int, str]] = []
    fence: str | None = None
    fence_line = 0
    pos = 0
    number = 0
    length = len(text)
    while pos < length:
        newline = text.find("\n", pos)
        stop = length if newline < 0 else newline
        line = text[pos:stop]
        number += 1
        was_open = fence is not None
        fence, in_code = fence_step(line, fence)
        if fence is not None and not was_open:
            fence_line = number
        if not in_code:
            bare = line.rstrip(" \t\r")
            if number == 1 and bare.startswith(BOM):  # a README saved with a byte order mark
                bare, pos = bare[1:], pos + 1
            indent = len(bare) - len(bare.lstrip(" "))
            if indent <= 3 and bare[indent:] in (START, END):
                start = pos + indent
                markers.append((number, start, start + len(bare) - indent, bare[indent:]))
        pos = stop + 1
    return _Scan(tuple(markers), fence_line if fence is not None else None)


def find_block(text: str) -> BlockSpan | None:
    """The bot's block: exactly one real start marker, then exactly one real end marker."""
    scan = _scan(text)
    kinds = [kind for _, _, _, kind in scan.markers]
    if kinds != [START, END]:
        return None
    return BlockSpan(scan.markers[0][1], scan.markers[1][2])


def block_problem(text: str) -> str | None:
    """Why the block cannot be placed in ``text`` (then nothing is changed), or None."""
    scan = _scan(text)
    starts = [line for line, _, _, kind in scan.markers if kind == START]
    ends = [line for line, _, _, kind in scan.markers if kind == END]
    keep = "; the README was left as it is"
    if len(starts) > 1 or len(ends) > 1:
        where = ", ".join(str(n) for n in sorted(starts + ends))
        return (
            f"{len(starts)} start and {len(ends)} end markers (lines {where}); keep one "
            f"{START} and one {END}, each on its own line{keep}"
        )
    if starts and not ends:
        return (
            f"line {starts[0]} has {START} but no {END} follows it; put {END} on its own line "
            f"where the roadmap block should end (everything between them is replaced){keep}"
        )
    if ends and not starts:
        return f"line {ends[0]} has {END} but there is no {START} before it{keep}"
    if starts and ends and ends[0] < starts[0]:
        return (
            f"the end marker (line {ends[0]}) comes before the start marker (line {starts[0]})"
            f"{keep}"
        )
    if not scan.markers and scan.open_fence_line is not None:
        return (
            f"the code fence opened on line {scan.open_fence_line} is never closed, so a block "
            f"added after it would be inside it; close the fence{keep}"
        )
    return None


def guard_block(block: str) -> str:
    """The block as it may stand between the markers: no marker line, no unclosed fence.

    Rendered text is escaped before it gets here (``safetext``); this also covers a template
    override that prints a marker or opens a fence it never closes.
    """
    lines = block.split("\n")
    out: list[str] = []
    for line in lines:
        if line.strip(" \t\r") in (START, END):
            line = defuse_comments(line)
        out.append(line)
    guarded = "\n".join(out)
    scan = _scan(guarded)
    if scan.open_fence_line is not None:
        opener, _ = fence_step(out[scan.open_fence_line - 1], None)
        fence = opener or "```"
        guarded = f"{guarded.rstrip(chr(10))}\n{fence}"
    return guarded


def replace_block(text: str, block: str) -> str:
    """Put ``block`` between the markers; everything outside them is kept byte for byte.

    Without markers the block is appended after the existing text, separated by one blank
    line. When the markers do not pair up (``block_problem``), ``text`` is returned unchanged.
    """
    fenced = f"{START}\n{guard_block(block.strip(chr(10)))}\n{END}"
    span = find_block(text)
    if span is not None:
        return text[: span.start] + fenced + text[span.end :]
    if block_problem(text) is not None:
        return text
    if not text:
        return fenced + "\n"
    newline = "\r\n" if "\r\n" in text else "\n"
    sep = (
        ""
        if text.endswith(("\n\n", "\r\n\r\n"))
        else (newline if text.endswith("\n") else newline * 2)
    )
    return text + sep + fenced + newline


def item_marker(item_id: str) -> str:
    """The hidden marker that ties an issue to its roadmap item."""
    return f"<!-- roadmap-bot:item={item_id} -->"


def reply_marker(comment_id: int) -> str:
    """The hidden marker that ties a bot reply to the comment it answers."""
    return f"<!-- roadmap-bot:reply-to={comment_id} -->"


def find_reply_marker(body: str | None) -> int | None:
    """Return the comment id a bot reply answers, if ``body`` is one."""
    match = _REPLY_MARKER.search(body or "")
    return int(match.group(1)) if match else None
