"""Did-you-mean: the known name closest to a mistyped one, item ids matched by slug too."""

from __future__ import annotations

import difflib
from collections.abc import Collection, Set

DEFAULT_CUTOFF = 0.6  # difflib's own default: close enough to be a typo, far enough to be useful
MAX_WORD = 200  # longer words are never typos of a name; skip the quadratic work


def suggest(
    word: str, candidates: Collection[str], *, cutoff: float = DEFAULT_CUTOFF
) -> str | None:
    """Return the candidate ``word`` most likely meant, or None when nothing is close.

    Case is ignored. An item id also matches by its slug alone, so "rag" and "RGA" both
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
        close = _closest(key, table, cutoff)
        if close is not None:
            return table[close]
    return None


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
