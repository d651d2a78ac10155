"""``sync --offline --dry-run``: a preview of an offline sync, which writes nothing."""

from __future__ import annotations

import hashlib
from importlib import resources
from pathlib import Path

import pytest

from roadmap_bot.cli import main
from roadmap_bot.cli.demo import copy_tree


def tree_digest(root: Path) -> dict[str, str]:
    return {
        str(p.relative_to(root)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(root.rglob("*"))
        if p.is_file()
    }


def test_sync_offline_dry_run_prints_the_plan_and_writes_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    for name in ("GITHUB_TOKEN", "GH_TOKEN", "GITHUB_REPOSITORY"):
        monkeypatch.delenv(name, raising=False)
    folder = tmp_path / "demo"
    copy_tree(resources.files("roadmap_bot") / "demo", folder)
    before = tree_digest(folder)
    assert main(["sync", "--offline", "--dry-run", "-c", str(folder / "roadmap.yaml")]) == 0
    out = capsys.readouterr().out
    assert "plan (dry run, nothing written):" in out and "open issue for phase0.git" in out
    assert tree_digest(folder) == before
    assert main(["sync", "--offline", "-c", str(folder / "roadmap.yaml")]) == 0
    assert tree_digest(folder) != before  # the same sync, not dry, writes: the preview was one
