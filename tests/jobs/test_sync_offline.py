"""`roadmap-bot demo` / `sync --offline`: local evidence, local files, issues only printed."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest

from roadmap_bot.cli import main


def test_demo_ticks_the_qualifying_projects_with_reasons(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    target = tmp_path / "demo"
    assert main(["demo", str(target)]) == 0
    out = capsys.readouterr().out
    assert "tick phase0.titanic: readme:" in out and "tracking: MLflow" in out
    assert "tick phase0.sentiment:" in out and "ci: .github/workflows/ci.yml runs 'pytest'" in out
    assert "not yet phase0.mnist: tests: no test files" in out
    assert "open issue for phase0.git" in out and "not carried out" in out
    state = json.loads((target / "roadmap.state.json").read_text())
    assert sorted(state["ticks"]) == ["phase0.sentiment", "phase0.titanic"]
    assert state["ticks"]["phase0.titanic"]["source"] == "auto"
    readme = (target / "README.md").read_text()
    assert readme.endswith("<!-- roadmap:end -->\n\nWritten by hand, kept byte for byte.\n")
    assert "- [x] Project: Titanic survival classifier" in readme
    assert (target / ".github/roadmap/card.svg").is_file()


def test_a_second_offline_sync_changes_nothing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    target = tmp_path / "demo"
    assert main(["demo", str(target)]) == 0
    before = {p: p.read_bytes() for p in target.rglob("*") if p.is_file()}
    capsys.readouterr()
    assert main(["sync", "--offline", "-c", str(target / "roadmap.yaml")]) == 0
    assert "files: unchanged" in capsys.readouterr().out
    assert {p: p.read_bytes() for p in target.rglob("*") if p.is_file()} == before


def test_offline_sync_reads_git_url_links(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    repo = tmp_path / "proj"
    repo.mkdir()
    (repo / "README.md").write_text(
        "# P\n\n" + "A real project that does real work and explains itself well. " * 4
    )
    (repo / "tests").mkdir()
    (repo / "tests" / "test_x.py").write_text("def test_x():\n    assert 1\n")
    (repo / "requirements.txt").write_text("wandb\n")
    for args in (
        ["init", "-q", "-b", "main"],
        ["add", "."],
        ["-c", "user.email=a@b", "-c", "user.name=a", "commit", "-qm", "x"],
    ):
        subprocess.run(["git", *args], cwd=repo, check=True)
    road = tmp_path / "road"
    road.mkdir()
    (road / "roadmap.yaml").write_text(
        "version: 1\ntitle: T\nphases:\n  - id: phase0\n    title: P\n    sections:\n"
        "      - title: Projects\n        kind: project\n        items:\n"
        f"          - id: proj\n            title: Project\n            repos: [file://{repo}]\n"
    )
    assert main(["sync", "--offline", "-c", str(road / "roadmap.yaml")]) == 0
    assert "tick phase0.proj" in capsys.readouterr().out
    state = json.loads((road / "roadmap.state.json").read_text())
    assert state["ticks"]["phase0.proj"]["repo"] == f"file://{repo}"
