"""The sandbox's bounds, construct by construct: what an override may do, and what it is refused."""

from __future__ import annotations

import tracemalloc

import pytest

from roadmap_bot.core.templating import template_env
from roadmap_bot.errors import ConfigError

README = "readme.md.j2"
ORIGIN = ".github/roadmap-templates/readme.md.j2"
BIG = "{% set b = 'x' * 900000 %}"  # a value just under the 1,000,000 cap


def render(source: str, **context: object) -> str:
    return template_env({README: source}).get_template(README).render(**context)


def problem_of(source: str, **context: object) -> str:
    with pytest.raises(ConfigError) as caught:
        render(source, **context)
    (problem,) = caught.value.problems
    return str(problem)


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ("{{ n < 2 < 3 }}|{{ n < 3 < 2 }}|{{ 'a' in items[0] ~ 'a' }}", "True|False|True"),
        ("{{ 2 * 3 }}|{{ 3 * 'ab' }}|{{ 'ab' + 'cd' }}|{{ 2 ** 10 }}", "6|ababab|abcd|1024"),
        ("{{ 'abc'[1:] }}|{{ items[0] }}|{{ 'abc'.upper() }}", "bc|p|ABC"),
        ("{{ 'aaa'.replace('a', 'b', 2) }}|{{ 'aaa' | replace('a', 'b', 1) }}", "bba|baa"),
        ("{{ 123 | replace('1', 'x') }}|{{ 'a1' | replace(1, 2) }}", "x23|a2"),
        ("{{ '-'.join(items | map('upper')) }}|{{ '-'.join(items) }}", "P-Q|p-q"),
        ("{{ 'x={} y'.format(1) }}|{{ '%(a)s!' | format(a=1) }}|{{ 5 | format }}", "x=1 y|1!|5"),
        ("{{ '\\tx'.expandtabs(2) }}|{{ 'ab'.translate({97: 'zz'}) }}", "  x|zzb"),
        (
            "{{ [1, 2, 3] | slice(2) | list }}|{{ 'hello world' | truncate(7, leeway=0, end='~') }}",
            "[[1, 2], [3]]|hello~",
        ),
        ("{{ 'aaa bbb' | wordwrap(3) }}", "aaa\nbbb"),
        ("{% for i in items %}{{ loop.length }}{% endfor %}", "22"),
    ],
)
def test_ordinary_expressions_render_as_in_plain_jinja(source: str, expected: str) -> None:
    assert render(source, items=["p", "q"], n=1) == expected


def test_a_recursive_loop_walks_the_children_it_is_given() -> None:
    tree = [{"n": "a", "kids": [{"n": "b", "kids": []}, {"n": "c", "kids": []}]}]
    source = "{% for t in tree recursive %}{{ t.n }}{% if t.kids %}({{ loop(t.kids) }}){% endif %}{% endfor %}"
    assert render(source, tree=tree) == "a(bc)"


@pytest.mark.parametrize(
    ("source", "says"),
    [
        ("{{ ('9' * 2000) | int }}", "the 'int' filter: a number over 4096 bits"),
        ("{{ '%9999999999d' % 1 }}", "a width or precision of 10 digits or more"),
        ("{{ '{:{}}'.format(1, 5) }}", "a format field whose width comes from another field"),
        (BIG + "{{ b | list }}", "the 'list' filter would hold at least 1,000,001"),
        ("{% set b = 'x' * 600000 %}{{ b + b }}", "a '+' operation would hold at least 1,200,000"),
        ("{{ ('\\t' * 10).expandtabs(10**6) }}", "calling expandtabs() would hold"),
        ("{% set b = 'x' * 600000 %}{{ ''.join([b, b]) }}", "calling join() would hold"),
        ("{{ ('x' * 10).translate({120: 'y' * 200000}) }}", "calling translate() would hold"),
        (BIG + "{{ [b, b] }}", "a value printed would hold at least 1,800,004"),
        (
            "{% set b = 'x' * 1000 %}{% macro m() %}{% for i in range(5000) %}{{ b }}{% endfor %}"
            "{% endmacro %}{{ m() }}",
            "the output would hold at least 4,001,000",
        ),
        ("{{ [1] | slice(10**9, 'x') | list }}", "the 'slice' filter would hold"),
        ("{% set b = 'x' * 600000 %}{{ b | wordwrap(1) }}", "the 'wordwrap' filter would hold"),
        ("{% set b = 'x' * 600000 %}{{ 'a' | truncate(0, end=b ~ b) }}", "'~' concatenation"),
        ("{% set b = 'x' * 600000 %}{{ b | truncate(1, end=b) }}", "the 'truncate' filter"),
    ],
)
def test_a_construct_that_would_grow_past_a_bound_is_refused_with_its_reason(
    source: str, says: str
) -> None:
    found = problem_of(source)
    assert found.startswith(f"{ORIGIN}:1:1: template stopped: ")
    assert says in found


@pytest.mark.parametrize(
    ("source", "says"),
    [
        ("{{ '{'.format(1) }}", "template error: Single '{' encountered in format string"),
        ("{{ 'abc'.replace('a', 1) }}", "template error: replace() argument 2 must be str"),
    ],
)
def test_a_format_or_replace_python_refuses_is_a_located_template_error(
    source: str, says: str
) -> None:
    assert problem_of(source).startswith(f"{ORIGIN}:1:1: {says}")


@pytest.mark.parametrize(
    "source",
    [
        # the filters work on str() of what they are given: a number, a list, a number as `old`
        "{% set b = '1' * 100000 %}{{ b | replace(1, 'y' * 500) }}",
        "{% set b = 'x' * 100000 %}{{ [b] | replace('x', 'y' * 500) }}",
        "{% set b = 'x' * 100000 %}{{ b | replace('x', 10**500) }}",
        "{{ ['%99999999d'] | format(1) }}",
    ],
)
def test_replace_and_format_on_any_value_are_refused_before_the_text_is_built(
    source: str,
) -> None:
    tracemalloc.start()
    try:
        found = problem_of(source)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert "filter would hold at least" in found
    assert peak < 10_000_000  # the refused result is 50,000,000+ characters
