"""The progress bar while repos are checked: shown on a terminal, silent otherwise."""

from __future__ import annotations

import io
from pathlib import Path

from roadmap_bot.adapters.evidence.router import Router
from roadmap_bot.adapters.evidence.setup import Setup
from roadmap_bot.cli.report import progress_bar


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_the_bar_is_quiet_when_not_a_terminal() -> None:
    assert progress_bar(io.StringIO()) is None


def test_the_router_reports_each_local_repo_and_the_bar_draws_it(tmp_path: Path) -> None:
    for name in ("a", "b"):
        (tmp_path / name).mkdir()
        (tmp_path / name / "README.md").write_text("# x\n")
    screen = Terminal()
    bar = progress_bar(screen)
    assert bar is not None
    calls: list[tuple[int, int, str]] = []

    def record(done: int, total: int, repo: str) -> None:
        calls.append((done, total, repo))
        bar(done, total, repo)

    router = Router(Setup(base_dir=tmp_path, git_cache=tmp_path / "cache"))
    outcomes = router.fetch(["./a", "./b", "me/x"], known_heads={}, progress=record)
    assert list(outcomes) == ["./a", "./b", "me/x"]
    assert calls[:2] == [(1, 3, "./a"), (2, 3, "./b")]
    assert calls[-1][0] == 3
    assert "checking repos [" in screen.getvalue() and "3/3" in screen.getvalue()
    assert screen.getvalue().endswith("\n")
