"""CommonMark fenced code blocks, followed one line at a time (the README block's markers, the
safe-markdown helper and the README importer need to know which lines are code)."""

from __future__ import annotations

import re
from collections.abc import Iterable

_FENCE = re.compile(r" {0,3}(`{3,}|~{3,})([^\r\n]*)")


def fence_step(line: str, fence: str | None) -> tuple[str | None, bool]:
    """Given the fence open before ``line`` (None: none), return the fence open after it and
    whether ``line`` belongs to a fenced block (its opening, a line inside, or its closing).

    A closing fence uses the opening's character, at least as many, and nothing after it; a
    backtick fence whose info string holds a backtick is not a fence (CommonMark 4.5)."""
    opened = _FENCE.match(line)
    if fence is not None:
        closes = (
            opened is not None
            and opened.group(1)[0] == fence[0]
            and len(opened.group(1)) >= len(fence)
            and not opened.group(2).strip()
        )
        return (None if closes else fence), True
    if opened and not (opened.group(1)[0] == "`" and "`" in opened.group(2)):
        return opened.group(1), True
    return None, False


def single_blanks(lines: Iterable[str]) -> list[str]:
    """``lines`` with each run of blank lines as one, outside fenced code (whose blank lines
    are its content)."""
    out: list[str] = []
    fence: str | None = None
    for line in lines:
        fence, in_code = fence_step(line, fence)
        if not in_code and not line.strip() and out and not out[-1].strip():
            continue
        out.append(line)
    return out
