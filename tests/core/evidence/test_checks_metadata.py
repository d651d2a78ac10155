"""The licence, CI status, path, contains and demo checks: what passes, and the reason each gives."""

from __future__ import annotations

import pytest

from roadmap_bot.core.evidence.checks.ci_passing import CHECK as CI_PASSING
from roadmap_bot.core.evidence.checks.generic import check_contains, check_demo_url, check_path
from roadmap_bot.core.evidence.checks.license import CHECK as LICENSE
from roadmap_bot.core.evidence.facts import build_facts
from roadmap_bot.core.evidence.snapshot import RepoSnapshot


def snapshot(texts: dict[str, str], **kwargs: object) -> RepoSnapshot:
    return RepoSnapshot("o/r", "h", tuple(sorted(texts)), texts, **kwargs)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("status", "passed", "reason"),
    [
        ("success", True, "ci_passing: latest CI run on main passed"),
        ("failure", False, "ci_passing: latest CI status on main is failure"),
        (
            None,
            False,
            "ci_passing: CI status is unknown for this source (only the GitHub provider can see "
            "CI results)",
        ),
    ],
)
def test_ci_passing_reads_the_status_of_the_default_branch(
    status: str | None, passed: bool, reason: str
) -> None:
    result = CI_PASSING.run(build_facts(snapshot({}, default_branch="main", ci_status=status)))
    assert (result.passed, result.reason) == (passed, reason)


def test_ci_passing_without_a_known_branch_says_the_default_branch() -> None:
    result = CI_PASSING.run(build_facts(snapshot({}, ci_status="pending")))
    assert result.reason == "ci_passing: latest CI status on the default branch is pending"


@pytest.mark.parametrize(
    ("texts", "reason"),
    [
        ({"package.json": '{"license": "MIT"}'}, "license: declared in package.json (MIT)"),
        (
            {"setup.cfg": "[metadata]\nlicense = Apache-2.0\n"},
            "license: declared in setup.cfg (Apache-2.0)",
        ),
        (
            {"pyproject.toml": '[project]\nlicense = {text = "BSD-3-Clause"}\n'},
            "license: declared in pyproject.toml (BSD-3-Clause)",
        ),
        (
            {"pyproject.toml": '[project]\nlicense = {file = "COPYING"}\n'},
            "license: declared in pyproject.toml (see COPYING)",
        ),
        (
            {"pyproject.toml": '[tool.poetry]\nlicense = "MIT"\n'},
            "license: declared in pyproject.toml (MIT)",
        ),
    ],
)
def test_a_licence_declared_in_package_metadata_passes(texts: dict[str, str], reason: str) -> None:
    result = LICENSE.run(build_facts(snapshot(texts)))
    assert result.passed
    assert result.reason == reason


@pytest.mark.parametrize(
    "pyproject",
    [
        'project = "MIT"\n',  # not a table: declares nothing
        '[project]\nname = "x"\n[tool]\npoetry = "MIT"\n',
        '[project]\nname = "x"\n',
    ],
)
def test_a_pyproject_whose_tables_are_not_tables_declares_no_licence(pyproject: str) -> None:
    result = LICENSE.run(build_facts(snapshot({"pyproject.toml": pyproject})))
    assert not result.passed
    assert result.reason == "license: no LICENSE file at the root"


def test_path_names_the_first_file_that_matches_or_says_none_does() -> None:
    snap = snapshot({"notebooks/a.ipynb": "", "notebooks/b.ipynb": ""})
    found = check_path(snap, "notebooks/*.ipynb")
    assert found.passed
    assert found.reason == "path:notebooks/*.ipynb: 2 files match, e.g. notebooks/a.ipynb"
    missing = check_path(snap, "src/*.py")
    assert not missing.passed
    assert missing.reason == "path:src/*.py: no file matches src/*.py"


def test_contains_with_a_pattern_re2_refuses_fails_with_the_reason() -> None:
    result = check_contains(snapshot({"a.py": "x"}), "*.py", "(a)\\1")
    assert not result.passed
    assert result.reason.startswith("contains:*.py:(a)\\1: ")


def test_contains_without_a_matching_file_says_so() -> None:
    result = check_contains(snapshot({"a.py": "import torch"}), "src/*.py", "torch")
    assert not result.passed
    assert result.reason == "contains:src/*.py:torch: no file matches src/*.py"


def test_a_demo_url_is_found_in_any_readme_and_missing_names_the_first() -> None:
    texts = {"README.md": "no link here", "docs/README.md": "see https://www.My.App/"}
    found = check_demo_url(snapshot(texts), "http://my.app")
    assert found.passed
    assert found.paths == ("docs/README.md",)
    absent = check_demo_url(snapshot({"README.md": "nothing"}), "https://my.app")
    assert absent.reason == "demo:https://my.app: README.md does not link https://my.app"
    no_readme = check_demo_url(snapshot({"a.py": ""}), "https://my.app")
    assert no_readme.reason == "demo:https://my.app: no README does not link https://my.app"
