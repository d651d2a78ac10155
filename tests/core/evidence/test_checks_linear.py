"""Every parser and regex that reads a linked repo's files does work linear in the file.

How it is measured: a quadratic scan shows up when a short unit is repeated, so each case runs
a function on ``unit * k`` and on ``unit * 4k`` (least CPU time of three runs) and asserts the
larger input costs at most ``LINEAR_SLACK`` times four times as much, plus a small constant. A
quadratic one costs sixteen times as much; at these sizes the ones found took seconds, so the
margin is wide both ways and no test depends on this machine's speed. Hypothesis draws units
from the characters and words the parsers care about."""

from __future__ import annotations

import time
from collections.abc import Callable

import pytest
from hypothesis import given

from roadmap_bot.core.boundedtoml import load_toml
from roadmap_bot.core.evidence.checks.docker import dockerfile_base
from roadmap_bot.core.evidence.checks.readme import count_readme
from roadmap_bot.core.evidence.containers import parse_compose
from roadmap_bot.core.evidence.engine import run_checks
from roadmap_bot.core.evidence.facts import build_facts
from roadmap_bot.core.evidence.manifests import (
    parse_environment,
    parse_pipfile,
    parse_pyproject,
    parse_setup_cfg,
    parse_setup_py,
)
from roadmap_bot.core.evidence.pep508 import parse_requirements, requirement_name
from roadmap_bot.core.evidence.snapshot import RepoSnapshot, file_kind
from roadmap_bot.core.evidence.techs import catalog_problems, load_catalog
from tests.support.linear import (
    CATALOG,
    FUZZ,
    PARSERS,
    PATHS,
    _checks_on,
    assert_linear,
    units,
)


def test_every_path_fuzzed_is_a_kind_the_checks_read() -> None:
    assert all(file_kind(p) is not None or p.endswith((".py", ".ipynb")) for p in PATHS)


@pytest.mark.parametrize("path", PATHS)
@FUZZ
@given(unit=units)
def test_every_check_is_linear_in_each_file_it_reads(path: str, unit: str) -> None:
    assert_linear(_checks_on(path), unit)


@pytest.mark.parametrize("parser", PARSERS, ids=lambda f: getattr(f, "__name__", "parser"))
@FUZZ
@given(unit=units)
def test_every_parser_is_linear_in_its_input(parser: Callable[[str], object], unit: str) -> None:
    assert_linear(parser, unit)


def test_a_readme_of_80000_brackets_is_counted_in_linear_time() -> None:
    assert_linear(count_readme, "[")
    assert count_readme("[" * 80_000).words == 0


def test_a_readme_of_20000_unclosed_comments_is_counted_in_linear_time() -> None:
    assert_linear(count_readme, "<!--")
    assert count_readme("<!-- a -->" + "<!--" * 100 + " word").words == 1  # unclosed: kept


def test_a_readme_whose_front_matter_never_ends_is_counted_in_linear_time() -> None:
    assert_linear(lambda t: count_readme("---\n" + t), "\n")


def test_readme_links_images_and_tags_are_removed_in_linear_time() -> None:
    for unit in ("[![a](", "](", "<a ", "[a](b"):
        assert_linear(count_readme, unit)


def test_front_matter_and_comments_are_still_not_prose() -> None:
    text = "---\ntitle: many words that are not prose at all\n---\n<!--\nhidden words\n-->\nOne two"
    assert count_readme(text).words == 2


def test_a_dockerfile_of_newlines_is_checked_in_linear_time() -> None:
    assert_linear(_checks_on("Dockerfile"), "\n")
    assert dockerfile_base("\n\n  from --platform=x  python:3.12 AS b\n") == "python:3.12"


def test_a_pyproject_with_a_dotted_key_of_40000_parts_is_refused_not_parsed_for_seconds() -> None:
    assert_linear(parse_pyproject, "a.")
    assert load_toml("a." * 40_000 + "a = 1") is None
    assert load_toml('a.b.c = 1\nv = "' + "1." * 200 + '"') == {
        "a": {"b": {"c": 1}},
        "v": "1." * 200,
    }


def test_a_quoted_dotted_key_is_refused_too() -> None:
    assert_linear(lambda t: parse_pipfile(t + "a = 1"), '"a".')


def test_a_setup_cfg_line_of_blanks_is_read_in_linear_time() -> None:
    assert_linear(lambda t: parse_setup_cfg("[options]\na" + t + "b\n"), " ")
    text = "[options]\ninstall_requires =\n    numpy    >=1.0\n    pandas\n"
    assert parse_setup_cfg(text) == ["numpy", "pandas"]


def test_a_setup_py_of_unclosed_requirement_lists_is_read_in_linear_time() -> None:
    assert_linear(parse_setup_py, "install_requires=[")
    assert parse_setup_py("this is not python install_requires=['torch', 'x'] (") == [
        "torch",
        "x",
    ]


def test_a_setup_py_whose_names_multiply_is_read_with_bounded_work() -> None:
    width = 2_000
    row = ", ".join(["'torch'"] * width)
    names = ", ".join(["b"] * width)
    text = f"b = [{row}]\na = [{names}]\nsetup(install_requires=a)\n"
    start = time.process_time()
    found = parse_setup_py(text)
    assert time.process_time() - start < 2.0  # 4,000,000 strings before: 47 s
    assert 0 < len(found) <= 10_000 and set(found) == {"torch"}


def test_an_environment_alias_bomb_is_refused_with_bounded_work() -> None:
    from tests.evidence.hostile import environment_alias_bomb

    start = time.process_time()
    assert parse_environment(environment_alias_bomb()) == []
    assert time.process_time() - start < 2.0  # > 300 s and 6 GB before


def test_a_compose_alias_bomb_is_refused() -> None:
    from tests.evidence.hostile import compose_alias_bomb

    assert parse_compose(compose_alias_bomb()) == []
    assert parse_compose("services:\n  web: &w\n    image: nginx:1\n  b: *w\n") == [
        "nginx",
        "nginx",
    ]


def test_a_requirements_comment_naming_a_tracker_is_found_in_linear_time() -> None:
    checks = _checks_on("requirements.txt")
    # a name that contains "mlflow" but is not MLflow: the comment search runs, and fails
    assert_linear(lambda t: checks(t + "x-mlflow-plugin\n"), "\n")
    assert_linear(lambda t: checks(t + "x-mlflow-plugin\n"), " #\n")


def test_a_shipped_technology_pattern_is_linear_on_hostile_code() -> None:
    checks = _checks_on("train.py")
    assert_linear(lambda t: checks("report_to=" + t), " ")  # '\\s*[\\[(]?\\s*': n**2 splits
    assert_linear(checks, " " * 50)


def test_user_technology_patterns_do_not_backtrack_on_hostile_code() -> None:
    catalog = load_catalog({"evil": {"code": ["(a+)+b"]}})  # Python's re: 2**n steps

    def detect(text: str) -> object:
        files = {"train.py": text}
        return run_checks(RepoSnapshot("r", "h", ("train.py",), files), catalog)

    assert_linear(detect, "a", size=2_000)
    assert "uses:evil" in detect("aaab")


def test_a_code_pattern_with_a_lookaround_is_a_catalog_problem_saying_why() -> None:
    problems = catalog_problems({"evil": {"code": ["(?!x)a"]}})
    assert len(problems) == 1 and "no lookarounds" in problems[0].message


def test_build_facts_is_linear_in_a_source_file() -> None:
    def facts(text: str) -> object:
        return build_facts(RepoSnapshot("r", "h", ("m.py",), {"m.py": text}))

    for unit in ("import a,", "from a import b\n", "#\n", " " * 30):
        assert_linear(facts, unit)


def test_a_file_name_full_of_requirements_is_classified_in_linear_time() -> None:
    assert_linear(file_kind, "requirements", size=80_000)
    assert file_kind("dev-requirements.in") is file_kind("environment-gpu.yaml") is not None


def test_a_requirement_string_full_of_comment_marks_is_read_in_linear_time() -> None:
    assert_linear(lambda t: requirement_name(t + "\nx"), " #")
    assert requirement_name("torch>=2 # the model") == "torch"
    assert parse_requirements("numpy  # arrays\n# pandas\nscipy#x\n") == ["numpy", "scipy"]


def test_a_notebook_holding_a_lone_surrogate_is_checked_without_a_crash() -> None:
    # json.loads turns "\ud800" into a lone surrogate; RE2 raised UnicodeEncodeError on it
    notebook = '{"cells": [{"cell_type": "code", "source": ["import mlflow  # \\ud800"]}]}'
    files = {"train.ipynb": notebook, "README.md": "# A project\n"}
    results = run_checks(RepoSnapshot("r", "h", tuple(sorted(files)), files), CATALOG)
    assert results  # and no UnicodeEncodeError


def test_a_glob_with_too_many_brace_combinations_matches_in_linear_time() -> None:
    # past 64 {..} combinations the glob is not expanded; with plain re this took 6.9 s on a
    # 93-character name (a repo's python_files or GitLab include: glob)
    from roadmap_bot.core.evidence.paths import glob_to_regex

    pattern = glob_to_regex("{a,b}" * 7 + "*a*a*a*a*a*a*b")
    assert_linear(lambda name: pattern.match(name + ".py"), "a", size=2_000)
    assert pattern.match("ab" * 5 + "aaaaaab") is not None
