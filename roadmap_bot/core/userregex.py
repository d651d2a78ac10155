"""Regular expressions a roadmap's owner writes (``contains: {pattern: …}``), run with RE2.

Python's ``re`` backtracks: ``(a+)+$`` took 25–92 s on 29 characters, and a rule runs against
every linked repo on every scheduled run. RE2 (Google's engine, the ``google-re2`` package)
guarantees time linear in the text for every pattern, at the price of the few features that need
backtracking: backreferences (``\\1``), lookaround (``(?=…)``, ``(?<=…)``), atomic groups and
possessive quantifiers. Patterns using them are refused when roadmap.yaml is validated, with a
hint; everything else (classes, alternation, ``^``/``$`` per line, ``\\b``, ``(?i)`` …) reads as in
Python. The text searched is bounded too (:data:`MAX_SEARCH_CHARS` per file).
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache
from typing import Any

import re2

from roadmap_bot.errors import UserRegexError

MAX_PATTERN_CHARS = 1_000  # a rule's pattern; RE2 also refuses programs past its memory budget
MAX_SEARCH_CHARS = 1024 * 1024  # of each file's text (providers read at most 1 MB of a file)
MULTILINE = "(?m)"  # ^ and $ match at line ends, as re.M did

_UNSUPPORTED = (
    # (what the pattern holds, what to say)
    (
        ("(?=", "(?!", "(?<=", "(?<!"),
        "lookahead and lookbehind are not supported; match the text itself instead",
    ),
    (("(?P=", "\\g<"), "backreferences are not supported"),
    (("(?>",), "atomic groups are not supported; a plain group (?:…) does the same in RE2"),
    (("*+", "++", "?+", "}+"), "possessive quantifiers are not supported; drop the extra '+'"),
    (("\\Z",), "write \\z for the end of the text, or $ for the end of a line"),
)


def _options() -> Any:
    options = re2.Options()
    options.log_errors = False  # RE2 would print every refused pattern on stderr
    return options


_OPTIONS = _options()


def regex_problem(pattern: str) -> str | None:
    """Why ``pattern`` cannot be a ``contains:`` pattern, with a hint; None when it can."""
    try:
        compile_user_regex(pattern)
    except UserRegexError as exc:
        return str(exc)
    return None


def compile_user_regex(pattern: str) -> Any:
    """The RE2 program for a ``contains:`` pattern (multi-line, as the checks always searched);
    raise :class:`UserRegexError` for a pattern RE2 cannot run, saying why."""
    return compile_linear(pattern, multiline=True)


@lru_cache(maxsize=256)
def compile_linear(pattern: str, *, multiline: bool = False) -> Any:
    """The RE2 program for any pattern someone else wrote (a rule's ``contains:``, a catalog's
    ``code:``); raise :class:`UserRegexError` for one RE2 cannot run, saying why."""
    if len(pattern) > MAX_PATTERN_CHARS:
        raise UserRegexError(f"the pattern is longer than {MAX_PATTERN_CHARS:,} characters")
    try:
        return re2.compile((MULTILINE if multiline else "") + pattern, _OPTIONS)
    except UnicodeEncodeError:
        raise UserRegexError("the pattern holds a character that is not valid text") from None
    except re2.error as exc:
        raise UserRegexError(_explain(pattern, exc)) from None


def first_match(pattern: str, text: str) -> int | None:
    """Where ``pattern`` first matches in ``text`` (its first MAX_SEARCH_CHARS characters), or
    None. Time is linear in the text whatever the pattern."""
    match = search_linear(compile_user_regex(pattern), text)
    return None if match is None else int(match.start())


def search_linear(program: Any, text: str) -> Any:
    """``program.search`` over the first MAX_SEARCH_CHARS characters of ``text``; a lone
    surrogate (undecodable bytes, a notebook's ``"\\ud800"``) is searched as U+FFFD, not raised."""
    bounded = text[:MAX_SEARCH_CHARS]
    try:
        return program.search(bounded)
    except UnicodeEncodeError:  # same length, so positions still hold
        return program.search(bounded.encode("utf-8", "replace").decode("utf-8"))


class PatternSet:
    """Which of several RE2 patterns occur in a text, in one linear pass (``re2.Set``) rather
    than one search each: most texts hold none, and then nothing more is searched. The
    patterns are already valid (``compile_linear``); if RE2 cannot build the set (its memory
    budget), every pattern is searched on its own."""

    def __init__(self, patterns: Sequence[str]) -> None:
        self.size = len(patterns)
        self._set: Any = None
        if not patterns:
            return
        found = re2.Set.SearchSet(_OPTIONS)
        try:
            for pattern in patterns:
                found.Add(pattern)
            found.Compile()
        except (re2.error, ValueError, TypeError, UnicodeEncodeError):
            return
        self._set = found

    def matching(self, text: str) -> list[int]:
        """The indices of the patterns that match somewhere in the first MAX_SEARCH_CHARS
        characters of ``text``, ascending (every index when the set could not be built)."""
        if self._set is None:
            return list(range(self.size))
        bounded = text[:MAX_SEARCH_CHARS]
        try:
            found = self._set.Match(bounded)
        except UnicodeEncodeError:  # a lone surrogate, as in search_linear
            found = self._set.Match(bounded.encode("utf-8", "replace").decode("utf-8"))
        return sorted(found or ())  # RE2 answers None for no match


def _explain(pattern: str, exc: Exception) -> str:
    raw = exc.args[0] if exc.args else exc
    said = raw.decode("utf-8", "replace") if isinstance(raw, bytes) else str(raw)
    hint = next((text for needles, text in _UNSUPPORTED if any(n in pattern for n in needles)), "")
    if not hint and _has_backreference(pattern):
        hint = "backreferences (\\1 …) are not supported"
    if not hint:
        return f"not a valid regular expression: {said} (patterns run with RE2)"
    return (
        f"not a pattern roadmap-bot can run: {hint} ({said}). Patterns run with RE2, which takes "
        "time linear in the text for every pattern, so the features that need backtracking are "
        "left out"
    )


def _has_backreference(pattern: str) -> bool:
    i = pattern.find("\\")
    while i >= 0 and i + 1 < len(pattern):
        if pattern[i + 1] in "123456789":
            return True
        i = pattern.find("\\", i + 2)
    return False
