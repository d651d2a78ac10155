"""Checks and rule requirements in plain words, for issue bodies and verdicts."""

from __future__ import annotations

from roadmap_bot.core.evidence.registry import find_check
from roadmap_bot.core.rules.syntax import (
    AnyOf,
    Check,
    Contains,
    Demo,
    PathGlob,
    Requirement,
    Uses,
)


def _phrases(req: Requirement, plural: bool) -> list[tuple[str, str]]:
    """(verb, object) pairs; verbs are merged when the same verb repeats."""
    has, uses, links = ("have", "use", "link") if plural else ("has", "uses", "links")
    if isinstance(req, Check):
        check = find_check(req.name)
        return [(has, check.words if check is not None else req.name)]
    if isinstance(req, Uses):
        return [(uses, req.display)]
    if isinstance(req, PathGlob):
        return [(has, f"a file matching {req.glob}")]
    if isinstance(req, Contains):
        return [(has, f"a file matching {req.glob} that contains /{req.pattern}/")]
    if isinstance(req, Demo):
        return [(links, f"the demo {req.url} in the README")]
    parts = [pair for p in req.parts for pair in _phrases(p, plural)]
    if isinstance(req, AnyOf) and len({v for v, _ in parts}) == 1:
        return [(parts[0][0], " or ".join(o for _, o in parts))]
    if isinstance(req, AnyOf):
        return [("", " or ".join(f"{v} {o}" for v, o in parts))]
    return parts


def describe_requirement(req: Requirement, *, plural: bool) -> str:
    """A requirement in plain words: "has a README, tests, and MLflow or W&B tracking or CI"."""
    groups: dict[str, list[str]] = {}
    for verb, obj in _phrases(req, plural):
        groups.setdefault(verb, []).append(obj)
    clauses = [(f"{verb} " if verb else "") + _join(objs) for verb, objs in groups.items()]
    return _join(clauses)


def _join(items: list[str]) -> str:
    if len(items) <= 1:
        return "".join(items)
    if len(items) == 2:
        comma = "," if "," in items[0] else ""
        return f"{items[0]}{comma} and {items[1]}"
    return ", ".join(items[:-1]) + f", and {items[-1]}"
