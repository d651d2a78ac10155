"""The rule syntax: validate a rule as written in YAML, and parse it into the model's Rule.

The parsed rule (``Rule`` and its requirements) is part of the model (core/model.py); each rule
of roadmap.yaml is validated and parsed once, when the roadmap loads (``roadmap_rules``).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from functools import partial
from typing import Any

from roadmap_bot.core.evidence.checks.generic import contains_key, demo_key, path_key
from roadmap_bot.core.evidence.registry import check_names
from roadmap_bot.core.evidence.techs import Catalog, merge_catalog
from roadmap_bot.core.model import (
    AllOf,
    AnyOf,
    Check,
    Contains,
    Demo,
    PathGlob,
    Requirement,
    Roadmap,
    Rule,
    RuleError,
    RuleProblem,
    Scope,
    Uses,
    build_rule,
)
from roadmap_bot.core.schema import roadmap_from
from roadmap_bot.core.suggest import did_you_mean
from roadmap_bot.core.userregex import regex_problem
from roadmap_bot.core.yamlloc import load_located

__all__ = [
    "AllOf",
    "AnyOf",
    "Check",
    "Contains",
    "Demo",
    "PathGlob",
    "Requirement",
    "Rule",
    "RuleError",
    "RuleProblem",
    "Scope",
    "Uses",
    "parse_rule",
    "requirement_key",
    "roadmap_rules",
    "validate_rule",
]


_RULE_KEYS = ("require", "scope", "own_work")
_REQ_KEYS = ("any", "all", "uses", "path", "contains", "demo")
_FORMS = "a rule is `manual`, a list of requirements, or {require: [...], scope: own}"


def validate_rule(raw: object, catalog: Catalog | None) -> list[RuleProblem]:
    """Every problem in ``raw`` (a rule as written in YAML), located by key path."""
    if raw == "manual":
        return []
    if isinstance(raw, list):
        return _validate_list(raw, (), catalog)
    if isinstance(raw, str):
        hint = f" (for one check write [{raw}])" if raw in check_names() else ""
        return [RuleProblem((), f"{_FORMS}{hint}{did_you_mean(raw, ['manual'])}")]
    if not isinstance(raw, Mapping):
        return [RuleProblem((), _FORMS)]
    problems = [
        RuleProblem((str(k),), f"unknown key '{k}'{did_you_mean(str(k), _RULE_KEYS)}")
        for k in raw
        if k not in _RULE_KEYS
    ]
    if "require" not in raw:
        problems.append(RuleProblem((), "a rule needs `require: [...]` (or write `manual`)"))
    elif not isinstance(raw["require"], list):
        problems.append(RuleProblem(("require",), "require must be a list of requirements"))
    else:
        problems += _validate_list(raw["require"], ("require",), catalog)
    if not isinstance(raw.get("own_work", True), bool):
        problems.append(RuleProblem(("own_work",), "own_work must be true or false"))
    scope = raw.get("scope", "own")
    if scope not in {s.value for s in Scope}:
        options = [s.value for s in Scope]
        problems.append(
            RuleProblem(
                ("scope",),
                f"scope must be own or ticked-projects{did_you_mean(str(scope), options)}",
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
        return [RuleProblem(at, f"unknown check '{raw}'{did_you_mean(raw, sorted(check_names()))}")]
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
                f"unknown technology '{n}'{did_you_mean(n, catalog.names())} "
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
    return [RuleProblem(here, f"unknown requirement '{key}'{did_you_mean(str(key), _REQ_KEYS)}")]


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
    """Validate and build a Rule (RuleError with every problem when it is invalid); with
    ``catalog``, technology aliases resolve (``sklearn`` → scikit-learn)."""
    problems = validate_rule(raw, catalog)
    if problems:
        raise RuleError(problems)
    return build_rule(raw, partial(_uses, catalog=catalog) if catalog is not None else None)


def _uses(name: str, catalog: Catalog) -> Uses:
    tech = catalog.resolve(name) or name
    return Uses(tech, catalog.display(tech))


def roadmap_rules(
    text: str, filename: str, shipped: Catalog, *, base: str = ""
) -> tuple[Roadmap, Catalog]:
    """Load roadmap.yaml with every rule validated and parsed once, against the technology
    catalog: ``shipped`` plus the file's ``settings.technologies``, which is returned too."""
    located = load_located(text, filename)
    settings = located.data.get("settings") if isinstance(located.data, dict) else None
    extra = settings.get("technologies") if isinstance(settings, dict) else None
    catalog, failure = shipped, None
    if isinstance(extra, dict) and extra:
        try:
            catalog = merge_catalog(shipped, extra)
        except (TypeError, ValueError, KeyError) as exc:
            failure = exc  # the schema's located problems first, if it sees what is wrong
    parse: Callable[[object], Rule] = partial(parse_rule, catalog=catalog)
    roadmap = roadmap_from(located, parse_rule=parse, base=base)
    if failure is not None:
        raise failure
    return roadmap, catalog


# The result name suffix of a result computed over the whole repo, without the origin judgement
# (``own_work: false``): ``tests~whole``, ``uses:pytorch~whole``.
WHOLE_REPO = "~whole"


def result_key(req: Requirement, *, own_work: bool = True) -> str:
    """The result name a leaf requirement reads under a rule's ``own_work``: the checks and
    technologies judged on the whole repo have their own results; a rule's paths, contents and
    demo URL look at every file either way."""
    key = requirement_key(req)
    return key if own_work or not isinstance(req, (Check, Uses)) else key + WHOLE_REPO


def whole_repo_name(key: str) -> str | None:
    """``tests`` for ``tests~whole``; None for a result name of the learner's part."""
    return key[: -len(WHOLE_REPO)] if key.endswith(WHOLE_REPO) else None


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
