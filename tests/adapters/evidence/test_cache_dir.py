"""Where git URLs are cloned: ``$ROADMAP_BOT_CACHE_DIR/git`` when set (a test run sets it to
its own tmp dir), else ``$XDG_CACHE_HOME/roadmap-bot/git``; a test run writes nothing to
``~/.cache/roadmap-bot``."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from roadmap_bot.adapters.evidence.setup import git_cache_dir
from roadmap_bot.cli import main
from tests.evidence.corpus import ML_PROJECT
from tests.evidence.repos import make_git_repo


def test_roadmap_bot_cache_dir_sets_where_git_urls_are_cloned(tmp_path: Path) -> None:
    own = {"ROADMAP_BOT_CACHE_DIR": str(tmp_path / "c"), "XDG_CACHE_HOME": "/x"}
    assert git_cache_dir(own) == tmp_path / "c" / "git"
    assert git_cache_dir({"XDG_CACHE_HOME": "/x"}) == Path("/x/roadmap-bot/git")


def test_a_test_run_clones_into_its_tmp_cache_not_the_home_cache(
    tmp_path: Path,
    tmp_path_factory: pytest.TempPathFactory,
    capsys: pytest.CaptureFixture[str],
) -> None:
    cache = git_cache_dir(os.environ)
    assert cache.is_relative_to(tmp_path_factory.getbasetemp())
    assert not cache.is_relative_to(Path.home() / ".cache")
    url = make_git_repo(tmp_path / "remote", ML_PROJECT)
    assert main(["check", url]) == 0  # no --cache-dir: the default place
    capsys.readouterr()
    assert any(cache.iterdir())
