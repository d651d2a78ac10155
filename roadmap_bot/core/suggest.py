"""Did-you-mean: the known name closest to a mistyped one, item ids matched by slug too."""

from __future__ import annotations

import difflib
from collections.abc import Collection, Set

DEFAULT_CUTOFF = 0.6  # difflib's own default: close enough to be a typo, far enough to be useful
MAX_WORD = 200  # longer words are never typos of a name; skip the quadratic work
MAX_TYPO_WORD = 60  # edit distances are counted for words up to this long only


def suggest(
    word: str, candidates: Collection[str], *, cutoff: float = DEFAULT_CUTOFF
) -> str | None:
    """Return the candidate ``word`` most likely meant, or None when nothing is close.

    The one policy: the same name in another case; else the nearest name a typo or two away
    (``tset`` → ``tests``, which a similarity ratio misses; see ``_within_reach``); else the
    name most similar at or above ``cutoff`` (difflib's ratio). Case is ignored. An item id also matches by its slug alone, so "rag" and "RGA" both
    suggest "phase2.rag". Ties go to the earlier candidate (sets are sorted first).
    """
    key = word.strip().lower()
    if not key or len(key) > MAX_WORD:
        return None
    ordered = sorted(candidates) if isinstance(candidates, Set) else list(candidates)
    by_lower: dict[str, str] = {}
    by_slug: dict[str, str] = {}
    for candidate in ordered:
        lowered = candidate.lower()
        by_lower.setdefault(lowered, candidate)
        _, dot, slug = lowered.partition(".")
        if dot and slug:
            by_slug.setdefault(slug, candidate)
    for table in (by_lower, by_slug):
        if key in table:
            return table[key]
    for table in (by_lower, by_slug):
        near = _within_reach(key, table)
        if near is not None:
            return table[near]
    for table in (by_lower, by_slug):
        close = _closest(key, table, cutoff)
        if close is not None:
            return table[close]
    return None


def did_you_mean(word: str, candidates: Collection[str]) -> str:
    """`` — did you mean 'x'?`` for the candidate ``word`` most likely meant (``suggest``), else
    ''; the one wording of config and rule problems."""
    close = suggest(word, candidates)
    return f" — did you mean '{close}'?" if close is not None else ""


def _within_reach(key: str, names: Collection[str]) -> str | None:
    """The first of the nearest names a typo or two away: one edit for a name of up to four
    characters, two for a longer one, a swap of neighbours counting as one edit."""
    if len(key) > MAX_TYPO_WORD:
        return None
    best, best_distance = None, 3
    for name in names:
        reach = 1 if len(name) <= 4 else 2
        if abs(len(name) - len(key)) > reach:
            continue
        bound = min(reach, best_distance - 1)
        distance = _distance(key, name, bound)
        if distance <= bound:
            best, best_distance = name, distance
    return best


def _distance(a: str, b: str, bound: int) -> int:
    """Edit distance counting a swap of neighbours as one edit (``tset`` → ``test``); any
    distance past ``bound`` is reported as ``bound + 1``."""
    prev2: list[int] = []
    prev = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        row = [i] + [0] * len(b)
        for j, cb in enumerate(b, 1):
            row[j] = min(prev[j] + 1, row[j - 1] + 1, prev[j - 1] + (ca != cb))
            if i > 1 and j > 1 and ca == b[j - 2] and a[i - 2] == cb:
                row[j] = min(row[j], prev2[j - 2] + 1)
        if min(row) > bound:
            return bound + 1
        prev2, prev = prev, row
    return min(prev[-1], bound + 1)


def _closest(key: str, names: Collection[str], cutoff: float) -> str | None:
    """Return the first name with the best similarity ratio at or above ``cutoff``."""
    matcher = difflib.SequenceMatcher()
    matcher.set_seq2(key)
    best, best_ratio = None, cutoff
    for name in names:
        matcher.set_seq1(name)
        # The cheap upper bounds first, as difflib.get_close_matches does.
        if matcher.real_quick_ratio() < best_ratio or matcher.quick_ratio() < best_ratio:
            continue
        ratio = matcher.ratio()
        if ratio > best_ratio or (best is None and ratio >= best_ratio):
            best, best_ratio = name, ratio
    return best
