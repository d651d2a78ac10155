"""Find the paths that contain a string, for many paths at once.

The checks ask questions like "which paths end in ``.py``" or "which mention ``docker``" of every
file of every repo: 300,000 paths for 1,000 repos. A Python call per path costs more than the
answer; ``str.find`` over all of a repo's paths joined by newlines answers in C, and most of the
strings asked for occur in few paths, or none.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence


def lines_containing(
    paths: Sequence[str], needles: Iterable[str], *, fold_case: bool = False
) -> list[str]:
    """The paths that contain any of ``needles``, in their order, each once.

    A needle may start or end with ``\\n`` to match only at the start or end of a path
    (``".py\\n"``: paths ending in .py). With ``fold_case`` the paths are lower-cased first (the
    needles must be lower case). Paths holding a newline are handled one by one.
    """
    joined = "\n" + "\n".join(paths) + "\n"
    text = joined.lower() if fold_case else joined
    if len(text) != len(joined) or joined.count("\n") != len(paths) + 1:
        return [p for p in paths if _contains(p, needles, fold_case)]
    starts: set[int] = set()
    for needle in needles:
        at = text.find(needle)
        while at >= 0:
            inside = at + 1 if needle.startswith("\n") else at  # a character of the path
            starts.add(text.rfind("\n", 0, inside) + 1)
            end = text.find("\n", inside)  # the newline that ends this path
            at = text.find(needle, end if needle.startswith("\n") else end + 1)
    return [joined[start : joined.find("\n", start)] for start in sorted(starts)]


def _contains(path: str, needles: Iterable[str], fold_case: bool) -> bool:
    framed = f"\n{path.lower() if fold_case else path}\n"
    return any(needle in framed for needle in needles)
