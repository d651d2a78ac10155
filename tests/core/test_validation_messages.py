"""Each way roadmap.yaml can be wrong has its own message, at the line and column of the value."""

from __future__ import annotations

import pytest

from roadmap_bot.core.model import Check
from roadmap_bot.core.schema import load_roadmap
from roadmap_bot.errors import ConfigError
from tests.support.helpers import MINIMAL


def problems(text: str) -> list[str]:
    with pytest.raises(ConfigError) as info:
        load_roadmap(text, "r.yaml")
    return [str(p) for p in info.value.problems]


def test_a_file_that_is_a_list_is_not_a_roadmap() -> None:
    assert problems("- a\n") == [
        "r.yaml:1:1: roadmap.yaml must be a mapping of keys (version, title, phases…), not a list"
    ]


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("3", "'title' should be a string, not a number"),
        ("1.5", "'title' should be a string, not a number"),
        ("true", "'title' should be a string, not a boolean"),
        ("null", "'title' should be a string, not null"),
        ("[1]", "'title' should be a string, not a list"),
        ("{a: 1}", "'title' should be a string, not a mapping"),
    ],
)
def test_a_value_of_the_wrong_type_names_the_type_it_has(value: str, expected: str) -> None:
    assert problems(MINIMAL.replace("title: Demo", f"title: {value}")) == [
        f"r.yaml:2:8: {expected}"
    ]


@pytest.mark.parametrize(
    ("extra", "expected"),
    [
        ("            repos: [a/b, a/b]\n", "r.yaml:11:20: 'repos' lists the same entry twice"),
        (
            "settings:\n  open_issues: 99\n",
            "r.yaml:12:16: 'open_issues' 99 is greater than the maximum of 50",
        ),
        (
            "settings:\n  open_issues: -1\n",
            "r.yaml:12:16: 'open_issues' -1 is less than the minimum of 0",
        ),
        (
            "settings:\n  open_issues: true\n",
            "r.yaml:12:16: 'open_issues' should be an integer, not a boolean",
        ),
        (
            "settings:\n  open_issues: '3'\n",
            "r.yaml:12:16: 'open_issues' should be an integer, not a string",
        ),
        ("settings:\n  readme: 3\n", "r.yaml:12:11: 'readme' should be a string, not a number"),
        ("settings:\n  state_file: ''\n", "r.yaml:12:15: 'state_file' is empty; write some text"),
    ],
)
def test_a_setting_or_list_out_of_bounds_says_which_bound(extra: str, expected: str) -> None:
    assert problems(MINIMAL + extra) == [expected]


def test_an_empty_list_of_phases_needs_an_entry() -> None:
    assert problems(MINIMAL.split("phases:")[0] + "phases: []\n") == [
        "r.yaml:3:9: 'phases' needs at least 1 entry"
    ]


def test_lists_of_the_wrong_type_are_reported_without_looking_inside() -> None:
    assert problems("version: 1\ntitle: T\nphases: 3\n") == [
        "r.yaml:3:9: 'phases' should be a list, not a number"
    ]
    text = "version: 1\ntitle: T\nphases:\n  - id: p\n    title: P\n    sections: 3\n"
    assert problems(text) == ["r.yaml:6:15: 'sections' should be a list, not a number"]


def test_a_control_character_in_a_key_is_located_at_the_key() -> None:
    found = problems(MINIMAL + '"a\\x01b": 1\n')
    assert found[0] == (
        "r.yaml:11:1: contains the control character U+0001, which would reach the README and "
        "issues as is; remove it"
    )
    assert found[1].startswith("r.yaml:11:1: unknown key")


def test_a_check_without_its_own_wording_reports_the_schema_message_at_the_value() -> None:
    text = MINIMAL.replace(
        "      - title: Topics\n", "      - title: Topics\n        emoji: " + "x" * 17 + "\n"
    )
    assert problems(text) == ["r.yaml:8:16: 'xxxxxxxxxxxxxxxxx' is too long"]


RULES = """\
version: 1
title: T
settings:
  default_rules:
    project: RULE
phases:
  - id: p
    title: P
    sections:
      - title: S
        kind: project
        items:
          - id: a
            title: A
            rule: RULE
"""


def test_a_list_rule_is_short_for_require_in_roadmap_yaml_too() -> None:
    roadmap = load_roadmap(RULES.replace("RULE", "[readme, tests]"), "r.yaml")
    rule = roadmap.phases[0].items[0].rule
    assert rule is not None and rule.require == (Check("readme"), Check("tests"))


def test_a_bad_rule_gets_one_message_the_rule_parsers() -> None:
    forms = "a rule is `manual`, a list of requirements, or {require: [...]}"
    assert problems(RULES.replace("RULE", "readme")) == [
        f"r.yaml:5:14: {forms}",
        f"r.yaml:15:19: {forms}",
    ]
