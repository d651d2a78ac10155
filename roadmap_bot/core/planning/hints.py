"""What to add for each evidence check, and where to learn how: the hints of the issue checklist.

A built-in check's hint is on its own record (``Check.todo`` and ``Check.learn``, official
documentation), so adding a check adds its hint in the same module.
A rule's other requirements get a hint built from what they name: ``uses:X`` (a technology),
``path:GLOB``, ``contains:…``, ``demo:URL``; a group (``any(a, b)``) joins its parts' hints.
The texts are the bot's own markdown; nothing here comes from a user or a linked repo.
"""

from __future__ import annotations

from dataclasses import dataclass

from roadmap_bot.core.evidence.registry import find_check


@dataclass(frozen=True, slots=True)
class Hint:
    """What to add (bot markdown) and where to read how (label, https URL) pairs."""

    todo: str
    links: tuple[tuple[str, str], ...] = ()


USES = "it to `requirements.txt` or `pyproject.toml`, or import it in the code"
PATH = "a file at the path the rule names"
CONTAINS = "the text the rule looks for, in a file at the path it names"
DEMO = "the demo link the rule names, in the README"
LINK = "a linked repo that can be read (public, and spelled `owner/name`)"


def hint_for(check: str) -> Hint | None:
    """The hint for a failed check's key (``Verdict.failed_checks``); None when there is none."""
    found = find_check(check)
    if found is not None and found.todo:  # a built-in check says it on its own record
        return Hint(found.todo, found.learn)
    for prefix, words in (("uses:", USES), ("path:", PATH), ("contains:", CONTAINS)):
        if check.startswith(prefix):
            return Hint(words)
    if check.startswith("demo:"):
        demo = find_check("demo")
        return Hint(DEMO, demo.learn if demo is not None else ())
    if check == "repo":
        return Hint(LINK)
    for group in ("any(", "all("):
        if check.startswith(group) and check.endswith(")"):
            return _joined(_split(check[len(group) : -1]), "one of: " if group == "any(" else "")
    return None


def _joined(parts: list[str], lead: str) -> Hint | None:
    hints = [h for h in (hint_for(p) for p in parts) if h is not None]
    if not hints:
        return None
    links: dict[tuple[str, str], None] = {}
    for h in hints:
        links.update(dict.fromkeys(h.links))
    joiner = "; or " if lead else "; and "
    return Hint(lead + joiner.join(h.todo for h in hints), tuple(links))


def _split(inner: str) -> list[str]:
    """``a, any(b, c), d`` → ``["a", "any(b, c)", "d"]`` (commas at depth 0 only)."""
    parts: list[str] = []
    depth = 0
    start = 0
    for n, char in enumerate(inner):
        if char == "(":
            depth += 1
        elif char == ")":
            depth -= 1
        elif char == "," and depth == 0:
            parts.append(inner[start:n].strip())
            start = n + 1
    parts.append(inner[start:].strip())
    return [p for p in parts if p]
