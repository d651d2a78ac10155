"""Find and replace the bot's fenced README block and the hidden ids in issue and comment bodies."""

from __future__ import annotations

import re
from dataclasses import dataclass

START = "<!-- roadmap:start -->"
END = "<!-- roadmap:end -->"

_ITEM_MARKER = re.compile(r"<!--\s*roadmap-bot:item=([A-Za-z0-9_.-]+)\s*-->")
_REPLY_MARKER = re.compile(r"<!--\s*roadmap-bot:reply-to=(\d+)\s*-->")


@dataclass(frozen=True, slots=True)
class BlockSpan:
    """Where the bot's block sits in a document: [start, end) covers both markers."""

    start: int
    end: int


def find_block(text: str) -> BlockSpan | None:
    """Locate the first start marker and the first end marker after it."""
    start = text.find(START)
    if start < 0:
        return None
    end = text.find(END, start + len(START))
    if end < 0:
        return None
    return BlockSpan(start, end + len(END))


def replace_block(text: str, block: str) -> str:
    """Put ``block`` between the markers; everything outside them is kept byte for byte.

    Without markers (or with a start marker but no end marker) the block is appended after
    the existing text, separated by one blank line.
    """
    fenced = f"{START}\n{block.strip(chr(10))}\n{END}"
    span = find_block(text)
    if span is not None:
        return text[: span.start] + fenced + text[span.end :]
    if not text:
        return fenced + "\n"
    newline = "\r\n" if "\r\n" in text else "\n"
    sep = (
        ""
        if text.endswith(("\n\n", "\r\n\r\n"))
        else (newline if text.endswith("\n") else newline * 2)
    )
    return text + sep + fenced + newline


def block_content(text: str) -> str | None:
    """Return what stands between the markers, or None without a block."""
    span = find_block(text)
    if span is None:
        return None
    return text[span.start + len(START) : span.end - len(END)].strip("\r\n")


def item_marker(item_id: str) -> str:
    """The hidden marker that ties an issue to its roadmap item."""
    return f"<!-- roadmap-bot:item={item_id} -->"


def find_item_marker(body: str | None) -> str | None:
    """Return the item id of the first item marker in ``body``, if any."""
    match = _ITEM_MARKER.search(body or "")
    return match.group(1) if match else None


def reply_marker(comment_id: int) -> str:
    """The hidden marker that ties a bot reply to the comment it answers."""
    return f"<!-- roadmap-bot:reply-to={comment_id} -->"


def find_reply_marker(body: str | None) -> int | None:
    """Return the comment id a bot reply answers, if ``body`` is one."""
    match = _REPLY_MARKER.search(body or "")
    return int(match.group(1)) if match else None
