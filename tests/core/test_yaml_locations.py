"""roadmap.yaml text becomes plain data with a position for every key and value, or located errors."""

from __future__ import annotations

import pytest

from roadmap_bot.core.yamlloc import load_located
from roadmap_bot.errors import ConfigError


def problems_of(text: str) -> list[str]:
    with pytest.raises(ConfigError) as caught:
        load_located(text, "roadmap.yaml")
    return [str(p) for p in caught.value.problems]


def test_a_path_is_located_at_its_key_its_value_or_its_nearest_located_parent() -> None:
    located = load_located("title: T\nphases:\n  - id: a\n    goal:  G\n", "roadmap.yaml")
    assert located.where(("phases", 0, "goal")) == (4, 12)
    assert located.where(("phases", 0, "goal"), key=True) == (4, 5)
    assert located.where(("phases", 0), key=True) == (3, 5)  # a list item has no key: its value
    assert located.where(("phases", 0, "missing", "deeper")) == (3, 5)
    assert str(located.problem(("title",), "bad", key=True)) == "roadmap.yaml:1:1: bad"


def test_an_empty_document_is_none_located_at_the_start() -> None:
    located = load_located("# nothing\n", "roadmap.yaml")
    assert located.data is None
    assert located.where(("anything",)) == (1, 1)


def test_anchors_and_aliases_expand_to_their_values() -> None:
    located = load_located("a: &x 1\nb: *x\nc: &y [1, 2]\nd: *y\n", "roadmap.yaml")
    assert located.data == {"a": 1, "b": 1, "c": [1, 2], "d": [1, 2]}


def test_dates_and_odd_keys_stay_text() -> None:
    located = load_located("null: 1\n2024-05-01: 2\n? [a, b]\n: 3\nd: 2024-05-01\n", "r.yaml")
    assert located.data == {"None": 1, "2024-05-01": 2, "<SequenceNode>": 3, "d": "2024-05-01"}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "a: \x07\n",
            "roadmap.yaml:1:1: YAML error: unacceptable character #x0007: control characters "
            "are not allowed",
        ),
        (
            "a: [",
            "roadmap.yaml:2:1: YAML syntax error: while parsing a flow node did not find "
            "expected node content",
        ),
        (
            "a:\n  b: 1\n\tc: 2\n",
            "roadmap.yaml:3:1: YAML syntax error: a tab in the indentation; indent with spaces, "
            "not tabs",
        ),
        (
            "base: &b {k: 1}\nc:\n  <<: *b\n",
            "roadmap.yaml:3:3: YAML merge keys (<<) are not supported",
        ),
        ("a: 1\na: 2\n", "roadmap.yaml:2:1: duplicate key 'a'"),
        (
            "b: !!binary 'a'\n",
            "roadmap.yaml:1:4: cannot read this value (failed to decode base64 data: Invalid",
        ),
        (
            "b: !!float nope\n",
            "roadmap.yaml:1:4: cannot read this value (could not convert string to float: 'nope')",
        ),
        (
            "b: !!timestamp nope\n",
            "roadmap.yaml:1:4: cannot read this value (a !!timestamp is a date such as 2024-05-01)",
        ),
        ("n: " + "9" * 5000 + "\n", "roadmap.yaml:1:4: a number of 5,000 digits is too long"),
    ],
)
def test_unreadable_yaml_is_one_located_problem(text: str, expected: str) -> None:
    (problem,) = problems_of(text)
    assert problem.startswith(expected)


def test_an_alias_that_nests_deeper_than_the_text_is_refused() -> None:
    text = "a: &x " + "[" * 40 + "]" * 40 + "\nb: " + "[" * 30 + "*x" + "]" * 30 + "\n"
    assert problems_of(text) == [
        "roadmap.yaml:1:1: nested deeper than 64 levels, or YAML aliases that expand too far"
    ]


def test_text_nested_past_the_limit_is_refused_where_it_passes_it() -> None:
    assert problems_of("a: " + "[" * 100 + "]" * 100 + "\n") == [
        "roadmap.yaml:1:67: nested deeper than 64 levels"
    ]
    assert problems_of("a: " + "[" * 5000 + "]" * 5000 + "\n") == [
        "roadmap.yaml:1:67: nested deeper than 64 levels"
    ]


def test_an_alias_inside_the_value_it_names_is_refused_at_the_alias() -> None:
    (problem,) = problems_of("a: &x [1, *x]\n")
    assert problem == (
        "roadmap.yaml:1:11: the alias *x is inside the value &x names, so it never ends; write "
        "the value out"
    )


def test_an_alias_bomb_is_refused_where_the_expansion_passes_the_limit() -> None:
    lines = ["a0: &a0 lol"]
    for n in range(1, 10):
        lines.append(f"a{n}: &a{n} [{', '.join([f'*a{n - 1}'] * 10)}]")
    (problem,) = problems_of("\n".join(lines) + "\n")
    assert problem.startswith("roadmap.yaml:7:")
    assert problem.endswith(
        "YAML aliases expand the file past 200,000 values here (an alias bomb?); write the "
        "values out or use fewer aliases"
    )


def test_libyamls_own_nesting_limit_reads_as_too_deep_at_the_level_that_passed_ours() -> None:
    # PyYAML 6.0.4's libyaml stops at its own limit (1,000 flow levels) while scanning ahead,
    # before the parser hands over the events that pass MAX_DEPTH: both versions must agree
    import yaml

    from roadmap_bot.core.boundedyaml import past_libyaml_depth
    from roadmap_bot.core.yamlloc import _flow_opener

    assert past_libyaml_depth(
        yaml.YAMLError("while increasing flow level\nexceeded maximum nesting depth")
    )
    assert not past_libyaml_depth(yaml.YAMLError("found character that cannot start any token"))
    text = 'a: "[{[" ' + "[" * 70
    found = _flow_opener(text, "r.yaml", 0, 65, "nested deeper than 64 levels")
    assert (found.line, found.column) == (1, 10 + 64)  # the 65th opener; the quoted ones skipped
