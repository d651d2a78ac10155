"""Text safety end to end: `roadmap-bot sync` against the fake GitHub, as it runs in Actions."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from roadmap_bot.cli import main
from roadmap_bot.core.markers import END, START
from tests.fakegithub import FakeGitHub

ROADMAP = """\
version: 1
title: Safety
settings:
  open_issues: 1
phases:
  - id: phase0
    title: Basics
    sections:
      - title: Topics
        items:
          - id: ping
            title: "Ping @everyone and @octo-org/team <img src=x onerror=alert(1)>"
            notes: "Ask @octocat <!-- roadmap-bot:item=phase0.other -->"
"""
LIVE_MENTION = re.compile(r"(?<!\w)@[A-Za-z0-9]")


@pytest.fixture
def env(
    fake_github: FakeGitHub, workflow_env: Callable[..., None], tmp_path: Path
) -> Iterator[FakeGitHub]:
    workflow_env("me/roadmap", summary=tmp_path / "summary.md")
    yield fake_github


def test_a_template_override_that_runs_a_command_fails_the_run_without_running_it(
    env: FakeGitHub, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    proof = tmp_path / "ran"
    hostile = "## {{ item.title }}\n{{ cycler.__init__.__globals__.os.popen('touch %s').read() }}\n"
    env.add_repo(
        "me/roadmap",
        files={
            "roadmap.yaml": ROADMAP,
            ".github/roadmap-templates/issue.md.j2": hostile % proof,
        },
    )
    assert main(["sync"]) == 2
    assert not proof.exists()
    err = capsys.readouterr().err
    assert ".github/roadmap-templates/issue.md.j2:2:1: template refused: access to attribute" in err
    assert "Traceback" not in err
    assert env.issues("me/roadmap") == []


def test_a_bot_opened_issue_pings_nobody_and_carries_no_html(env: FakeGitHub) -> None:
    env.add_repo("me/roadmap", files={"roadmap.yaml": ROADMAP})
    assert main(["sync"]) == 0
    issue, board = sorted(env.issues("me/roadmap"), key=lambda i: i["number"])  # board: dashboard
    visible = issue["body"].split("<!-- roadmap-bot:item=phase0.ping -->")[0]
    assert LIVE_MENTION.search(issue["title"]) is None
    assert LIVE_MENTION.search(visible) is None
    assert "<img" not in visible and "<!--" not in visible
    assert (
        LIVE_MENTION.search(board["title"]) is None and LIVE_MENTION.search(board["body"]) is None
    )
    assert "<img" not in board["body"]
    comments = [line for line in board["body"].splitlines() if "<!--" in line]
    assert comments == [  # the box's hidden id, the record of boxes written, the marker only
        next(line for line in comments if line.endswith(" <!-- phase0.ping -->")),
        "<!-- roadmap-bot:dashboard-ticked= -->",
        "<!-- roadmap-bot:dashboard -->",
    ]
    readme = env.files("me/roadmap")["README.md"].decode()
    block = readme.split(START)[1].split(END)[0]
    assert LIVE_MENTION.search(block) is None and "<img src=x" not in block


def test_a_readme_with_a_start_marker_and_no_end_marker_is_kept_and_the_summary_says_why(
    env: FakeGitHub, tmp_path: Path
) -> None:
    readme = f"# Me\n\n{START}\n\nMy own words, which must survive.\n"
    env.add_repo("me/roadmap", files={"roadmap.yaml": ROADMAP, "README.md": readme})
    for _ in range(2):
        assert main(["sync"]) == 0
        assert env.files("me/roadmap")["README.md"].decode() == readme
    summary = (tmp_path / "summary.md").read_text()
    assert "### ⚠️ Warnings" in summary
    assert "README.md: line 3 has &lt;!-- roadmap:start --&gt; but no" in summary
