"""roadmap.yaml mistakes a learner makes read in a learner's words, still ``file:line:col``, exit 2:
a tab used for indentation, an empty file, a list (or a single value) where the keys go."""

from __future__ import annotations

from pathlib import Path

import pytest

from roadmap_bot.cli import main

CASES = [
    (
        "version: 1\ntitle: Plan\nphases:\n\t- id: phase1\n",
        "4:1: YAML syntax error: a tab in the indentation; indent with spaces, not tabs",
    ),
    ("", "1:1: the file is empty; roadmap.yaml needs version: 1, a title and phases"),
    ("\n# only a comment\n", "1:1: the file is empty; roadmap.yaml needs version: 1"),
    (
        "- version: 1\n- title: Plan\n",
        "1:1: roadmap.yaml must be a mapping of keys (version, title, phases…), not a list",
    ),
    (
        "just words\n",
        "1:1: roadmap.yaml must be a mapping of keys (version, title, phases…), not a text",
    ),
]


@pytest.mark.parametrize(
    ("text", "expected"), CASES, ids=["tab", "empty", "comment", "list", "text"]
)
@pytest.mark.parametrize("command", ["validate", "render", "status"])
def test_a_learners_yaml_mistake_is_explained_at_file_line_col_with_exit_2(
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    text: str,
    expected: str,
    command: str,
) -> None:
    config = tmp_path / "roadmap.yaml"
    config.write_text(text, encoding="utf-8")
    assert main([command, "-c", str(config)]) == 2
    err = capsys.readouterr().err
    assert err.startswith(f"{config}:{expected}"), err
    assert "cannot start any token" not in err and "Traceback" not in err
