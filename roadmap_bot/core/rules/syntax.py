"""The requirements a rule names (checks, technologies, globs) and the rule syntax around them."""

from __future__ import annotations

import difflib
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from roadmap_bot.core.evidence.checks.generic import contains_key, demo_key, path_key
from roadmap_bot.core.evidence.registry import check_names
from roadmap_bot.core.evidence.techs import Catalog
from roadmap_bot.core.userregex import regex_problem
from roadmap_bot.errors import RoadmapBotError


class Scope(StrEnum):
    """Whose repos a rule looks at."""

    OWN = "own"
    TICKED_PROJECTS = "ticked-projects"


@dataclass(frozen=True, slots=True)
class Check:
    name: str  # a built-in check


@dataclass(frozen=True, slots=True)
class Uses:
    tech: str  # canonical catalog name
    display: str


@dataclass(frozen=True, slots=True)
class PathGlob:
    glob: str


@dataclass(frozen=True, slots=True)
class Contains:
    glob: str
    pattern: str


@dataclass(frozen=True, slots=True)
class Demo:
    url: str


@dataclass(frozen=True, slots=True)
class AnyOf:
    parts: tuple[Requirement, ...]


@dataclass(frozen=True, slots=True)
class AllOf:
    parts: tuple[Requirement, ...]


Requirement = Check | Uses | PathGlob | Contains | Demo | AnyOf | AllOf


@dataclass(frozen=True, slots=True)
class Rule:
    """A parsed rule: every requirement must hold, within ``scope``; or manual only."""

    require: tuple[Requirement, ...] = ()
    scope: Scope = Scope.OWN
    manual: bool = False


@dataclass(frozen=True)
class RuleProblem:
    """One problem in a rule; ``path`` is relative to the rule's YAML node."""

    path: tuple[str | int, ...]
    message: str


class RuleError(RoadmapBotError):
    """A rule that does not parse; exit 2. Validate first to get located problems."""

    exit_code = 2


_RULE_KEYS = ("require", "scope")
_REQ_KEYS = ("any", "all", "uses", "path", "contains", "demo")
_FORMS = "a rule is `manual`, a list of requirements, or {require: [...], scope: own}"


def _distance(a: str, b: str) -> int:
    """Edit distance counting a swap of neighbours as one edit (``tset`` → ``test``)."""
    prev2: list[int] = []
    prev = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        row = [i] + [0] * len(b)
        for j, cb in enumerate(b, 1):
            row[j] = min(prev[j] + 1, row[j - 1] + 1, prev[j - 1] + (ca != cb))
            if i > 1 and j > 1 and ca == b[j - 2] and a[i - 2] == cb:
                row[j] = min(row[j], prev2[j - 2] + 1)
        prev2, prev = prev, row
    return prev[-1]


def _did_you_mean(word: str, options: Sequence[str]) -> str:
    """`` — did you mean 'x'?`` for the closest option within a typo's reach, else ''."""
    key = word.lower()[:60]
    scored = sorted((_distance(key, o.lower()), o) for o in options)
    if scored and scored[0][0] <= (1 if len(key) <= 3 else 2):
        return f" — did you mean '{scored[0][1]}'?"
    close = difflib.get_close_matches(key, [o.lower() for o in options], n=1, cutoff=0.75)
    best = next((o for o in options if close and o.lower() == close[0]), None)
    return f" — did you mean '{best}'?" if best else ""


def validate_rule(raw: object, catalog: Catalog | None) -> list[RuleProblem]:
    """Every problem in ``raw`` (a rule as written in YAML), located by key path."""
    if raw == "manual":
        return []
    if isinstance(raw, list):
        return _validate_list(raw, (), catalog)
    if isinstance(raw, str):
        hint = f" (for one check write [{raw}])" if raw in check_names() else ""
        return [RuleProblem((), f"{_FORMS}{hint}{_did_you_mean(raw, ['manual'])}")]
    if not isinstance(raw, Mapping):
        return [RuleProblem((), _FORMS)]
    problems = [
        RuleProblem((str(k),), f"unknown key '{k}'{_did_you_mean(str(k), _RULE_KEYS)}")
        for k in raw
        if k not in _RULE_KEYS
    ]
    if "require" not in raw:
        problems.append(RuleProblem((), "a rule needs `require: [...]` (or write `manual`)"))
    elif not isinstance(raw["require"], list):
        problems.append(RuleProblem(("require",), "require must be a list of requirements"))
    else:
        problems += _validate_list(raw["require"], ("require",), catalog)
    scope = raw.get("scope", "own")
    if scope not in {s.value for s in Scope}:
        options = [s.value for s in Scope]
        problems.append(
            RuleProblem(
                ("scope",),
                f"scope must be own or ticked-projects{_did_you_mean(str(scope), options)}",
            )
        )
    return problems


def _validate_list(
    items: list[Any], at: tuple[str | int, ...], catalog: Catalog | None
) -> list[RuleProblem]:
    if not items:
        return [RuleProblem(at, "the list of requirements is empty")]
    return [p for i, item in enumerate(items) for p in _validate_req(item, (*at, i), catalog)]


def _validate_req(
    raw: Any, at: tuple[str | int, ...], catalog: Catalog | None
) -> list[RuleProblem]:
    if isinstance(raw, str):
        if raw in check_names():
            return []
        if catalog is not None and catalog.resolve(raw):
            return [RuleProblem(at, f"'{raw}' is a technology: write {{uses: {raw}}}")]
        return [RuleProblem(at, f"unknown check '{raw}'{_did_you_mean(raw, sorted(check_names()))}")]
    if not isinstance(raw, Mapping) or len(raw) != 1:
        return [
            RuleProblem(
                at, f"a requirement is a check name or one of {{{', '.join(_REQ_KEYS)}: ...}}"
            )
        ]
    ((key, value),) = raw.items()
    here = (*at, str(key))
    if key in ("any", "all"):
        if not isinstance(value, list):
            return [RuleProblem(here, f"{key} takes a list of requirements")]
        return _validate_list(value, here, catalog)
    if key == "uses":
        names = value if isinstance(value, list) else [value]
        if not names or not all(isinstance(n, str) and n for n in names):
            return [RuleProblem(here, "uses takes a technology name or a list of them")]
        if catalog is None:
            return []
        return [
            RuleProblem(
                here,
                f"unknown technology '{n}'{_did_you_mean(n, catalog.names())} "
                "(add it under settings.technologies)",
            )
            for n in names
            if not catalog.resolve(n)
        ]
    if key in ("path", "demo"):
        if not isinstance(value, str) or not value.strip():
            return [RuleProblem(here, f"{key} takes a string")]
        if key == "demo" and not re.fullmatch(r"https?://\S+", value):
            return [RuleProblem(here, "demo takes an http(s):// URL")]
        return []
    if key == "contains":
        return _validate_contains(value, here)
    return [RuleProblem(here, f"unknown requirement '{key}'{_did_you_mean(str(key), _REQ_KEYS)}")]


def _validate_contains(value: Any, here: tuple[str | int, ...]) -> list[RuleProblem]:
    if not isinstance(value, Mapping) or set(value) != {"path", "pattern"}:
        return [RuleProblem(here, "contains takes {path: GLOB, pattern: REGEX}")]
    if not all(isinstance(value[k], str) and value[k] for k in ("path", "pattern")):
        return [RuleProblem(here, "contains: path and pattern must be non-empty strings")]
    problem = regex_problem(value["pattern"])  # RE2: linear time, so some features are out
    if problem is not None:
        return [RuleProblem((*here, "pattern"), problem)]
    return []


def parse_rule(raw: object, catalog: Catalog | None = None) -> Rule:
    """Build a Rule; with ``catalog``, technology aliases resolve (``sklearn`` → scikit-learn)."""
    problems = validate_rule(raw, catalog)
    if problems:
        where = ".".join(map(str, problems[0].path)) or "rule"
        raise RuleError(f"invalid rule ({where}): {problems[0].message}")
    if raw == "manual":
        return Rule(manual=True)
    if isinstance(raw, list):
        return Rule(tuple(_parse_req(r, catalog) for r in raw))
    assert isinstance(raw, Mapping)
    return Rule(
        tuple(_parse_req(r, catalog) for r in raw["require"]), Scope(raw.get("scope", "own"))
    )


def _parse_req(raw: Any, catalog: Catalog | None) -> Requirement:
    if isinstance(raw, str):
        return Check(raw)
    ((key, value),) = raw.items()
    if key == "any":
        return AnyOf(tuple(_parse_req(r, catalog) for r in value))
    if key == "all":
        return AllOf(tuple(_parse_req(r, catalog) for r in value))
    if key == "uses":
        uses = [_uses(n, catalog) for n in (value if isinstance(value, list) else [value])]
        return uses[0] if len(uses) == 1 else AllOf(tuple(uses))
    if key == "path":
        return PathGlob(value)
    if key == "contains":
        return Contains(value["path"], value["pattern"])
    return Demo(value)


def _uses(name: str, catalog: Catalog | None) -> Uses:
    if catalog is None:
        return Uses(name.strip().lower(), name)
    tech = catalog.resolve(name) or name
    return Uses(tech, catalog.display(tech))


def requirement_key(req: Requirement) -> str:
    """The result name a leaf requirement reads (``tests``, ``uses:pytorch``, ``path:GLOB``)."""
    if isinstance(req, Check):
        return req.name
    if isinstance(req, Uses):
        return f"uses:{req.tech}"
    if isinstance(req, PathGlob):
        return path_key(req.glob)
    if isinstance(req, Contains):
        return contains_key(req.glob, req.pattern)
    if isinstance(req, Demo):
        return demo_key(req.url)
    raise TypeError(f"not a leaf requirement: {req!r}")
