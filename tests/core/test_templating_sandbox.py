"""User template overrides render in a bounded sandbox: no Python, bounded work, located errors."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from roadmap_bot.cli import main
from roadmap_bot.core.model import State
from roadmap_bot.core.render.readme import render_block
from roadmap_bot.core.templating import template_env
from roadmap_bot.errors import ConfigError
from tests.support.helpers import MINIMAL, ROOT, shipped_roadmap

README = "readme.md.j2"
ORIGIN = ".github/roadmap-templates/readme.md.j2"


def render_override(source: str, **context: object) -> str:
    return template_env({README: source}).get_template(README).render(**context)


def problem_of(source: str, **context: object) -> str:
    with pytest.raises(ConfigError) as caught:
        render_override(source, **context)
    (problem,) = caught.value.problems
    return str(problem)


def write_project(tmp_path: Path, template: str) -> Path:
    config = tmp_path / "roadmap.yaml"
    config.write_text(MINIMAL)
    folder = tmp_path / ".github" / "roadmap-templates"
    folder.mkdir(parents=True)
    (folder / README).write_text(template)
    return config


def test_an_override_cannot_reach_python_to_run_a_command(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    proof = tmp_path / "ran"
    config = write_project(
        tmp_path,
        "# Hi\n{{ cycler.__init__.__globals__.os.popen('touch " + str(proof) + "').read() }}\n",
    )
    assert main(["render", "-c", str(config)]) == 2
    assert not proof.exists()
    err = capsys.readouterr().err
    assert f"{ORIGIN}:2:1: template refused: access to attribute '__init__'" in err
    assert "Traceback" not in err
    assert not (tmp_path / "README.md").exists()


@pytest.mark.parametrize(
    "escape",
    [
        "{{ cycler.__init__.__globals__ }}",
        "{{ ''.__class__.__mro__[1].__subclasses__() }}",
        "{{ joiner.__init__.__globals__['os'] }}",
        "{{ namespace.__init__.__globals__ }}",
        "{{ self._TemplateReference__context }}",
        "{{ range.__self__ }}",
    ],
)
def test_the_known_ways_out_of_jinja_are_refused(escape: str) -> None:
    found = problem_of(escape)
    assert found.startswith(f"{ORIGIN}:1:1: template")


@pytest.mark.parametrize(
    ("source", "says"),
    [
        (
            "{% for i in range(100000) %}{% for j in range(100000) %}{% endfor %}{% endfor %}",
            "too much work",
        ),
        (
            "{% set l = range(100000) | list %}{% for i in l %}{% for j in l %}{% endfor %}"
            "{% endfor %}",
            "too much work",
        ),
        ("{{ 'x' * 10**10 }}", "'*' operation would hold at least 10,000,000,000"),
        ("{{ [1] * 10**10 }}", "'*' operation"),
        ("{{ 2 ** 100000 }}", "'**' operation"),
        ("{{ 'x'.ljust(10**9) }}", "calling ljust()"),
        ("{{ '{:>999999999}'.format(1) }}", "calling format()"),
        ("{{ '%999999999d' % 1 }}", "'%' operation"),
        ("{{ '%*d' % (10, 1) }}", "'*' width"),
        ("{{ 'x' | center(999999999) }}", "'center' filter"),
        ("{{ 'x\\n' | indent(999999999) }}", "'indent' filter"),
        ("{{ [1] | batch(10**9, 'x') | list }}", "'batch' filter"),
        ("{{ {'a': 1} | tojson(indent=10**6) }}", "'tojson' filter"),
        ("{% set b = 'x' * 900000 %}{{ b | replace('', b) }}", "'replace' filter"),
        ("{% set b = 'x' * 900000 %}{{ b.replace('x', 'yy') }}", "calling replace()"),
        ("{% set b = 'x' * 900000 %}{{ [b, b] | join }}", "'join' filter"),
        ("{% set b = 'x' * 900000 %}{{ [[b]] * 1000 }}", "'*' operation"),
        ("{% set b = 'x' * 900000 %}{{ {1: b, 2: b, 3: b} | pprint }}", "'pprint' filter"),
        (
            "{% macro f(s, n) %}{% if n %}{{ f(s ~ s, n - 1) }}{% endif %}{% endmacro %}"
            "{{ f('x', 60) }}",
            "'~' concatenation",
        ),
        ("{% for i in range(100000) %}{{ 'x' * 1000 }}{% endfor %}", "the output would be over"),
        (
            "{% set b = 'x' * 900000 %}{% for i in range(100000) %}{% if 'y' in b %}{% endif %}"
            "{% endfor %}",
            "too much work",
        ),
        ("{% macro f() %}{{ f() }}{% endmacro %}{{ f() }}", "too deeply nested"),
        ("{{ lipsum(10**6) }}", "'lipsum' is undefined"),
        ("{{ range(10**9) | list }}", "range()"),
    ],
)
def test_hostile_work_in_an_override_ends_with_a_located_error(source: str, says: str) -> None:
    found = problem_of(source)
    assert found.startswith(f"{ORIGIN}:1:1: template")
    assert says in found


def test_the_error_names_the_line_in_the_template() -> None:
    source = "# Title\n\n{% for i in range(10) %}\nfine {{ i }}\n{% endfor %}\n{{ 'x' * 10**10 }}\n"
    assert problem_of(source).startswith(f"{ORIGIN}:6:1: template stopped: a '*' operation")
    assert problem_of("a\n\n{{ missing }}\n").startswith(f"{ORIGIN}:3:1: template error:")
    assert problem_of("a\n{% for %}\n") == (
        f"{ORIGIN}:2:1: template syntax error: Expected an expression, got 'end of statement block'"
    )


def test_a_runaway_loop_deep_in_a_template_stops_at_its_line() -> None:
    source = (
        "ok\n{% for i in range(100000) %}\n{% for j in range(100000) %}{% endfor %}\n{% endfor %}"
    )
    assert problem_of(source).startswith(f"{ORIGIN}:3:1: template stopped: the template did too")


def test_an_override_that_includes_itself_is_a_located_error() -> None:
    found = problem_of("{% include 'readme.md.j2' %}")
    assert found.startswith(f"{ORIGIN}:1:1: template error: too deeply nested")


def test_a_huge_template_file_is_refused_before_it_is_compiled() -> None:
    found = problem_of("x" * 300_000)
    assert found == (
        f"{ORIGIN}:1:1: template syntax error: the template is 300,000 characters, over the "
        "limit of 200,000"
    )


def test_the_shipped_readme_renders_the_same_in_the_sandbox() -> None:
    shipped = (ROOT / "roadmap_bot" / "templates" / README).read_text(encoding="utf-8")
    roadmap = shipped_roadmap()
    assert render_block(roadmap, State(), overrides={README: shipped}) == render_block(
        roadmap, State()
    )


def test_a_roadmap_of_1000_items_renders_in_the_sandbox_within_a_fraction_of_the_budget() -> None:
    from roadmap_bot.core import template_sandbox
    from roadmap_bot.core.schema import load_roadmap

    lines = ["version: 1", "title: Big", "phases:"]
    for p in range(10):
        lines += [f"  - id: phase{p}", f"    title: Phase {p}", "    goal: Learn it"]
        lines += ["    sections:", "      - title: Topics", "        items:"]
        for i in range(100):
            lines += [f"          - id: t{i}", f"            title: Topic {i} with a longer title"]
    roadmap = load_roadmap("\n".join(lines) + "\n")
    shipped = (ROOT / "roadmap_bot" / "templates" / README).read_text(encoding="utf-8")
    env = template_env({README: shipped})
    text = env.get_template(README).render(
        title="Big",
        intro=None,
        outro=None,
        badges=None,
        show_title=True,
        show_ids=False,
        progress=_Progress(),
        overall_bar="",
        phases=[
            {
                "heading": p.title,
                "level": 2,
                "prose": None,
                "goal": None,
                "progress": _Progress(),
                "bar": "",
                "current": False,
                "phase": p,
                "sections": [
                    {
                        "heading": s.title,
                        "level": 3,
                        "prose": None,
                        "section": s,
                        "entries": [_Entry(i.id, i.title) for i in s.items],
                    }
                    for s in p.sections
                ],
            }
            for p in roadmap.phases
        ],
        roadmap=roadmap,
    )
    assert text.count("- [ ] Topic") == 1000
    used = template_sandbox.MAX_STEPS - env.rb_budget.left  # type: ignore[attr-defined]
    assert used < template_sandbox.MAX_STEPS // 20


class _Progress:
    done = 0
    total = 1000
    percent = 0
    skipped = 0


class _Entry:
    def __init__(self, id: str, title: str) -> None:
        self.id, self.title = id, title
        self.meta, self.indent, self.folded = (), "", False
        self.resources: tuple[str, ...] = ()  # settings.show_resources off
        self.checked, self.status, self.date, self.evidence, self.notes = (
            False,
            "open",
            None,
            None,
            None,
        )


def test_each_render_gets_a_fresh_budget() -> None:
    env = template_env({README: "{% for i in range(60000) %}{% endfor %}ok"})
    template = env.get_template(README)
    for _ in range(40):  # 40 x 60,000 steps: far over one budget, fine one render at a time
        assert template.render() == "ok"


def test_a_normal_override_still_works_with_filters_macros_and_loops() -> None:
    source = (
        "{% macro row(i) %}- {{ i | upper }} ({{ '%03d' % loop_index }}){% endmacro %}"
        "{% set loop_index = 7 %}"
        "{% for i in items | sort %}{{ row(i) }}{{ '\\n' if not loop.last }}{% endfor %}\n\n"
        "{{ '{:>5}'.format(items | length) }}|{{ items | join(', ') }}|{{ 'a b' | replace(' ', '-') }}"
    )
    assert render_override(source, items=["b", "a"]) == "- A (007)\n- B (007)\n    2|b, a|a-b"


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.lists(
        st.sampled_from(
            [
                "{% for i in range(99999) %}",
                "{% endfor %}",
                "{{ s ~ s }}",
                "{{ s * 9 }}",
                "{% set s = s ~ s %}",
                "{{ s | replace('x', s) }}",
                "{{ (s * 3) | center(9999) }}",
                "{{ s.ljust(99999) }}",
                "{{ [s] * 999 }}",
                "{{ s | indent(99) }}",
                "x",
            ]
        ),
        max_size=12,
    )
)
def test_any_mix_of_growing_constructs_ends_within_the_bounds(parts: list[str]) -> None:
    opened = sum(p.startswith("{% for") for p in parts)
    closed = sum(p == "{% endfor %}" for p in parts)
    source = "{% set s = 'x' * 1000 %}" + "".join(parts) + "{% endfor %}" * max(opened - closed, 0)
    env = template_env({README: source})
    try:
        out = env.get_template(README).render()
    except ConfigError as exc:
        assert str(exc).startswith(ORIGIN)
        assert any(f"template {w}" in str(exc) for w in ("stopped: ", "error: ", "syntax error: "))
    else:
        assert len(out) <= 4_000_000
        assert env.rb_budget.left > 0  # type: ignore[attr-defined]  # finished within it
    assert env.rb_budget.left >= 0  # type: ignore[attr-defined]  # never ran past the budget


def test_the_size_of_a_percent_format_is_found_in_linear_time() -> None:
    # '%' then zeros: flags and width both took the zeros (quadratic: 7 s for 20,000); a '%('
    # without ')' rescanned to the end from each
    from roadmap_bot.core.template_sandbox import printf_size
    from tests.support.linear import assert_linear

    assert_linear(lambda fmt: printf_size("%" + fmt + "d", (1,)), "0", size=20_000)
    assert_linear(lambda fmt: printf_size(fmt, {}), "%(", size=20_000)
    assert printf_size("%0010d", (1,)) >= 10
