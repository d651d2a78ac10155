"""What the command line says when it is used outside its setting: plain words, the right exit."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from roadmap_bot.cli import main


def test_action_outside_github_actions_exits_2_and_points_to_an_offline_sync(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.delenv("GITHUB_EVENT_NAME", raising=False)
    assert main(["action"]) == 2  # it said "no event on ?" and exited 0
    err = capsys.readouterr().err
    assert "not running in GitHub Actions" in err and "sync --offline" in err


def test_demo_json_prints_json_alone_on_standard_output(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(tmp_path)
    assert main(["demo", "--json"]) == 0
    captured = capsys.readouterr()
    assert isinstance(json.loads(captured.out), dict)  # a text line came first
    assert "demo copied to" in captured.err


def test_import_of_a_missing_markdown_file_does_not_suggest_importing_into_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(tmp_path)
    assert main(["import", "nosuch.md"]) == 2
    err = capsys.readouterr().err
    assert "nosuch.md: no such file" in err and "-o nosuch.md" not in err


def test_a_missing_roadmap_yaml_still_says_how_to_create_one(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(tmp_path)
    assert main(["validate", "roadmap.yaml"]) == 2
    assert "roadmap-bot import README.md -o roadmap.yaml" in capsys.readouterr().err


def test_validate_takes_c_like_every_other_command_and_a_folder_means_its_roadmap(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from tests.support.helpers import MINIMAL

    (tmp_path / "mine").mkdir()
    (tmp_path / "mine" / "roadmap.yaml").write_text(MINIMAL, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    for argv in (["-c", "mine/roadmap.yaml"], ["-c", "mine"], ["mine"]):
        assert main(["validate", *argv]) == 0, argv  # -c was refused
        assert "mine/roadmap.yaml: ok" in capsys.readouterr().out
    assert main(["validate", "mine", "-c", "other.yaml"]) == 2
    assert "name one" in capsys.readouterr().err


def test_status_with_a_folder_reads_the_roadmap_in_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from tests.support.helpers import MINIMAL

    (tmp_path / "mine").mkdir()
    (tmp_path / "mine" / "roadmap.yaml").write_text(MINIMAL, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    assert main(["status", "-c", "mine"]) == 0  # it tried to read the folder as the file
    assert capsys.readouterr().out.startswith("Demo\n")
