"""Properties of run_checks over arbitrary repos: total, well-formed, cacheable, never crashing."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from roadmap_bot.adapters.catalog_file import shipped_catalog
from roadmap_bot.core.evidence.engine import (
    result_from_json,
    results_from_json,
    results_to_json,
    run_checks,
)
from roadmap_bot.core.evidence.pathscan import lines_containing
from roadmap_bot.core.evidence.registry import check_names
from roadmap_bot.core.evidence.snapshot import (
    FileKind,
    RepoSnapshot,
    classify,
    file_kind,
    wanted_paths,
)
from roadmap_bot.errors import EvidenceError

SEGMENT = st.sampled_from(
    [
        "README.md",
        "tests",
        "test_a.py",
        "src",
        "requirements.txt",
        ".github",
        "workflows",
        "ci.yml",
        "Dockerfile",
        "node_modules",
        "nb.ipynb",
        "LICENSE",
        "pyproject.toml",
        "docs",
        "a.py",
        "x",
    ]
)
PATHS = st.lists(st.lists(SEGMENT, min_size=1, max_size=4).map("/".join), max_size=30, unique=True)
TEXTS = st.one_of(
    st.text(max_size=300),
    st.sampled_from(
        [
            "import mlflow\n",
            "def test_x():\n    pass\n",
            "on: push\njobs: {}\n",
            "FROM python\n",
            "[project]\ndependencies = ['torch']\n",
            '{"cells": []}',
        ]
    ),
)


@settings(max_examples=150, deadline=None)
@given(PATHS, st.data())
def test_every_check_answers_with_a_sentence_naming_itself(
    paths: list[str], data: st.DataObject
) -> None:
    chosen = wanted_paths(sorted(paths))
    texts = {p: data.draw(TEXTS) for p in chosen}
    snapshot = RepoSnapshot(
        "o/r", "h", tuple(sorted(paths)), texts, truncated=data.draw(st.booleans())
    )
    results = run_checks(snapshot, shipped_catalog())
    assert set(results) >= check_names()
    for name, result in results.items():
        assert result.name == name and result.reason.startswith(f"{name}: ")
        assert all(p in snapshot.paths for p in result.paths)
        if snapshot.truncated and not result.passed:
            assert "truncated" in result.reason
    assert results_from_json(results_to_json(results)) == results


@pytest.mark.parametrize(
    "damaged",
    [
        [],
        {"name": "tests"},
        {"name": "t", "passed": "yes", "paths": [], "reason": "r"},
        {"name": "t", "passed": True, "paths": [1], "reason": "r"},
    ],
)
def test_a_damaged_cache_entry_is_an_error_that_says_how_to_recover(damaged: object) -> None:
    with pytest.raises(EvidenceError, match="delete the repo's entry under `evidence`"):
        result_from_json(damaged)  # type: ignore[arg-type]


_PARTS = st.sampled_from(
    [
        "README.md", "readme", "LICENSE", "licenses", "MIT.txt", "requirements", "dev.txt",
        "requirements-dev.txt", ".github", "workflows", "ci.yml", "Dockerfile", "docker",
        "compose.yaml", "docker-compose.yml", "setup.py", "pyproject.toml", "package.json",
        "node_modules", "src", "main.py", "İ.md", "ǅ", "a\nb", "Jenkinsfile", "environment.yml",
    ]
)  # fmt: skip
_PATHS = st.lists(st.lists(_PARTS, min_size=1, max_size=4).map("/".join), max_size=30)


@settings(max_examples=300, deadline=None)
@given(paths=_PATHS)
def test_classifying_a_repo_at_once_equals_classifying_each_path(paths: list[str]) -> None:
    one_by_one: dict[FileKind, list[str]] = {}
    for path in paths:
        kind = file_kind(path)
        if kind is not None:
            one_by_one.setdefault(kind, []).append(path)
    assert classify(paths) == {kind: tuple(found) for kind, found in one_by_one.items()}


_NEEDLES = st.lists(
    st.sampled_from(
        [".py\n", ".ipynb\n", "test", "\nDockerfile\n", "/Dockerfile\n", "docker", "ǅ"]
    ),
    max_size=4,
)


@settings(max_examples=300, deadline=None)
@given(paths=_PATHS, needles=_NEEDLES, fold=st.booleans())
def test_finding_paths_at_once_equals_testing_each_path(
    paths: list[str], needles: list[str], fold: bool
) -> None:
    def hit(path: str) -> bool:
        framed = f"\n{path.lower() if fold else path}\n"
        return any(needle in framed for needle in needles)

    assert lines_containing(paths, needles, fold_case=fold) == [p for p in paths if hit(p)]
