"""``roadmap-bot check --rule`` with ``own_work: false``: the verdict reads the whole-repo
results; a repo that is no fork shows each result once (they are the same)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from roadmap_bot.cli import main
from tests.evidence.corpus import ML_PROJECT
from tests.evidence.repos import write_tree

RULE = "{require: [tests, {uses: mlflow}], own_work: false}"


def test_a_folder_checked_with_own_work_false_passes_and_lists_each_result_once(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = write_tree(tmp_path / "churn", ML_PROJECT)
    assert main(["check", str(folder), "--rule", RULE]) == 0
    out = capsys.readouterr().out
    assert "~whole" not in out and "verdict: PASS" in out
    assert "forked or generated from" in out  # the rule in words says what it counts
    assert main(["check", str(folder), "--rule", RULE, "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["verdict"]["passed"] and data["verdict"]["checks"] == ["tests", "uses:mlflow"]
    assert not [n for n in (*data["checks"], *data["technologies"]) if "~whole" in n]


def test_a_repo_too_large_to_check_shows_no_whole_repo_names(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = write_tree(tmp_path / "churn", ML_PROJECT)
    assert main(["check", str(folder), "--rule", RULE, "--time-budget", "0"]) == 1
    out = capsys.readouterr().out
    assert "too large to check" in out and "~whole" not in out
    assert main(["check", str(folder), "--rule", RULE, "--time-budget", "0", "--json"]) == 1
    data = json.loads(capsys.readouterr().out)
    assert "~whole" not in json.dumps(data)
    assert data["verdict"]["passed"] is False
