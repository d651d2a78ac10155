"""A rule written wrong gets one problem per mistake, at its key path, in words that say the fix."""

from __future__ import annotations

import pytest

from roadmap_bot.adapters.catalog_file import shipped_catalog
from roadmap_bot.core.evidence.techs import CatalogError
from roadmap_bot.core.model import RuleProblem
from roadmap_bot.core.rules.syntax import roadmap_rules, validate_rule
from roadmap_bot.errors import ConfigError

CATALOG = shipped_catalog()
FORMS = "a rule is `manual`, a list of requirements, or {require: [...], scope: own}"


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        (3, [RuleProblem((), FORMS)]),
        ({"scope": "own"}, [RuleProblem((), "a rule needs `require: [...]` (or write `manual`)")]),
        (
            {"require": "ci"},
            [RuleProblem(("require",), "require must be a list of requirements")],
        ),
        (
            [{"uses": []}],
            [RuleProblem((0, "uses"), "uses takes a technology name or a list of them")],
        ),
        (
            [{"uses": ["pytorch", ""]}],
            [RuleProblem((0, "uses"), "uses takes a technology name or a list of them")],
        ),
        ([{"path": " "}], [RuleProblem((0, "path"), "path takes a string")]),
        ([{"demo": 3}], [RuleProblem((0, "demo"), "demo takes a string")]),
        (
            [{"paths": "x"}],
            [RuleProblem((0, "paths"), "unknown requirement 'paths' — did you mean 'path'?")],
        ),
        (
            [{"contains": "import torch"}],
            [RuleProblem((0, "contains"), "contains takes {path: GLOB, pattern: REGEX}")],
        ),
        (
            [{"contains": {"path": "", "pattern": "x"}}],
            [RuleProblem((0, "contains"), "contains: path and pattern must be non-empty strings")],
        ),
    ],
)
def test_each_malformed_rule_gets_its_own_located_problem(
    raw: object, expected: list[RuleProblem]
) -> None:
    assert validate_rule(raw, CATALOG) == expected
    assert validate_rule(raw, None) == expected  # the shape is checked without a catalog too


def test_without_a_catalog_any_technology_name_is_accepted() -> None:
    assert validate_rule([{"uses": "not-a-known-tech"}], None) == []
    assert validate_rule([{"uses": "not-a-known-tech"}], CATALOG) != []


ROADMAP = (
    "version: 1\ntitle: R\nphases:\n  - id: p\n    title: P\n    sections:\n"
    "      - title: S\n        items:\n          - {id: a, title: A}\n"
)


def test_technologies_the_schema_refuses_are_reported_at_their_line() -> None:
    text = ROADMAP + "settings:\n  technologies:\n    foo: 3\n"
    with pytest.raises(ConfigError) as info:
        roadmap_rules(text, "roadmap.yaml", CATALOG)
    assert [str(p) for p in info.value.problems] == [
        "roadmap.yaml:12:10: 'foo' should be a mapping, not a number"
    ]


def test_a_technology_entry_with_an_unknown_key_is_a_catalog_error() -> None:
    text = ROADMAP + "settings:\n  technologies:\n    foo: {bad: 1}\n"
    with pytest.raises(CatalogError, match=r"foo\.bad: unknown key 'bad'"):
        roadmap_rules(text, "roadmap.yaml", CATALOG)


def test_added_technologies_join_the_catalog_the_rules_are_checked_against() -> None:
    item = "          - {id: a, title: A, rule: {require: [{uses: foo}]}}\n"
    text = ROADMAP.replace("          - {id: a, title: A}\n", item)
    with pytest.raises(ConfigError, match="unknown technology 'foo'"):
        roadmap_rules(text, "roadmap.yaml", CATALOG)
    roadmap, catalog = roadmap_rules(
        text + "settings:\n  technologies:\n    foo: {display: Foo}\n",
        "roadmap.yaml",
        CATALOG,
    )
    assert catalog.resolve("foo") == "foo"
    assert roadmap.phases[0].items[0].rule is not None
