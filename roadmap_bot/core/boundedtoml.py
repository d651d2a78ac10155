"""TOML from linked repos (pyproject.toml, Pipfile), parsed only when it cannot make tomllib slow.

``tomllib`` does work proportional to a dotted key's length for every part of it, so one key of
40,000 parts (``a.a.a…``, 80 KB) takes seconds, and a pyproject is parsed by two checks. Real
keys have a handful of parts: a document with a run of more than ``MAX_KEY_PARTS`` dotted parts
anywhere is refused (None, like a syntax error) after one linear scan.
"""

from __future__ import annotations

import re
import tomllib
from typing import Any

MAX_KEY_PARTS = 64

# A run of key parts and dots: bare words, quoted words, blanks. Each alternative starts with a
# different character, so a run is matched once, left to right, without backtracking.
_KEY_RUN = re.compile(r"""(?:[A-Za-z0-9_-]+|"[^"\n]*"|'[^'\n]*'|[ \t]+|\.)+""")


def dotted_parts_ok(text: str, limit: int = MAX_KEY_PARTS) -> bool:
    """Whether no run of dotted key parts in ``text`` has more than ``limit`` dots."""
    if text.count(".") <= limit:
        return True
    for match in _KEY_RUN.finditer(text):
        run = match.group(0)
        if run.count(".") > limit and _unquoted_dots(run) > limit:
            return False
    return True


def _unquoted_dots(run: str) -> int:
    return re.sub(r""""[^"\n]*"|'[^'\n]*'""", "", run).count(".")


def load_toml(text: str) -> dict[str, Any] | None:
    """The parsed document, or None when it is not valid TOML or has a pathological key."""
    if not dotted_parts_ok(text):
        return None
    try:
        return tomllib.loads(text)
    except (ValueError, RecursionError, MemoryError):  # TOMLDecodeError is a ValueError
        return None
