"""End to end as Actions runs it: events the bot ignores, bad inputs, bad config, bad payloads."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from tests.fakegithub.fake import FakeGitHub
from tests.support.action import REPO, ROOT, event_payload, run_action, writes
from tests.support.action_sync import PROJECT, ROADMAP, SCHEDULE, seed


@pytest.mark.parametrize(
    ("event", "action"),
    [("push", None), ("pull_request", "opened")],
)
def test_an_event_the_workflow_should_not_send_is_a_notice_and_exit_0(
    fake_github: FakeGitHub, tmp_path: Path, event: str, action: str | None
) -> None:
    seed(fake_github)

    run = run_action(fake_github, tmp_path, event=event, payload=event_payload(event, action))

    assert run.code == 0, run.log
    notices = [line for line in run.stdout.splitlines() if line.startswith("::notice::")]
    assert len(notices) == 1
    assert f"`{event}`" in notices[0] and "Remove this trigger" in notices[0]
    assert fake_github.requests == []  # not even a read
    assert run.outputs == {}


@pytest.mark.parametrize(
    ("event", "action", "reason"),
    [
        ("issues", "opened", "only closing and reopening matter"),
        ("issue_comment", "edited", "only new comments are read"),
    ],
)
def test_an_action_of_a_subscribed_event_that_needs_nothing_is_a_notice(
    fake_github: FakeGitHub, tmp_path: Path, event: str, action: str, reason: str
) -> None:
    seed(fake_github)

    run = run_action(fake_github, tmp_path, event=event, payload=event_payload(event, action))

    assert run.code == 0, run.log
    assert f"::notice::roadmap-bot: nothing to do ({event} {action}: {reason})" in run.stdout
    assert fake_github.requests == []


def test_a_comment_written_by_a_bot_is_never_obeyed(
    fake_github: FakeGitHub, tmp_path: Path
) -> None:
    seed(fake_github)
    payload = event_payload("issue_comment", "created")
    payload["comment"]["body"] = "/done phase0.git"
    payload["comment"]["user"].update(login="renovate[bot]", type="Bot")

    run = run_action(fake_github, tmp_path, event="issue_comment", payload=payload)

    assert run.code == 0, run.log
    assert "::notice::" in run.stdout and "bots are never obeyed" in run.stdout
    assert fake_github.requests == []


def test_a_problem_in_roadmap_yaml_is_annotated_at_its_line_and_column_and_exits_2(
    fake_github: FakeGitHub, tmp_path: Path
) -> None:
    broken = ROADMAP.replace("  open_issues: 2\n", "  open_isues: 2\n")
    seed(fake_github, roadmap=broken)
    head = fake_github.head(REPO)

    run = run_action(fake_github, tmp_path, event="schedule", payload=SCHEDULE)

    assert run.code == 2, run.log
    found = re.search(r"^::error file=roadmap\.yaml,line=(\d+),col=(\d+)::(.+)$", run.stdout, re.M)
    assert found, run.stdout
    assert int(found.group(1)) == 4  # the line of `open_isues` in the file
    assert "open_isues" in found.group(3)
    assert "problem in the roadmap files" in run.summary and "open_isues" in run.summary
    assert writes(fake_github) == []
    assert fake_github.head(REPO) == head
    assert "Traceback" not in run.log


def test_a_missing_roadmap_yaml_says_how_to_create_it_and_exits_2(
    fake_github: FakeGitHub, tmp_path: Path
) -> None:
    fake_github.add_repo(REPO, files={"README.md": "# Ada\n"})

    run = run_action(fake_github, tmp_path, event="schedule", payload=SCHEDULE)

    assert run.code == 2, run.log
    assert "::error::roadmap.yaml: not found" in run.stdout
    assert "roadmap-bot import README.md" in run.stdout
    assert "the run failed" in run.summary
    assert writes(fake_github) == []


@pytest.mark.parametrize(
    ("with_", "named"),
    [
        ({"dry-run": "yes"}, "input dry-run"),
        ({"config": "/etc/roadmap.yaml"}, "input config"),
    ],
)
def test_a_bad_input_is_an_error_naming_the_input_before_any_request(
    fake_github: FakeGitHub, tmp_path: Path, with_: dict[str, str], named: str
) -> None:
    seed(fake_github)

    run = run_action(fake_github, tmp_path, event="schedule", payload=SCHEDULE, with_=with_)

    assert run.code == 2, run.log
    assert f"::error::{named}:" in run.stdout
    assert fake_github.requests == []
    assert "Traceback" not in run.log


def test_a_comment_event_without_its_payload_fails_with_a_clear_error(
    fake_github: FakeGitHub, tmp_path: Path
) -> None:
    seed(fake_github)

    run = run_action(fake_github, tmp_path, event="issue_comment", payload={"action": "created"})

    assert run.code == 1, run.log
    assert "::error::the issue_comment event payload has no usable issue" in run.stdout
    assert fake_github.requests == []


def test_a_token_github_refuses_fails_with_exit_1_and_never_prints_the_token(
    fake_github: FakeGitHub, tmp_path: Path
) -> None:
    fake_github.add_repo(REPO, files={"roadmap.yaml": ROADMAP})
    fake_github.add_repo("ada/titanic", files=dict(PROJECT))
    wrong = "ghs_wrongtoken0123456789"

    run = run_action(
        fake_github, tmp_path, event="schedule", payload=SCHEDULE, with_={"token": wrong}
    )

    assert run.code == 1, run.log
    assert "::error::" in run.stdout
    assert wrong not in run.log.replace(f"::add-mask::{wrong}", "")
    assert wrong not in run.summary
    assert "Traceback" not in run.log


def test_the_program_starts_without_optional_imports(tmp_path: Path) -> None:
    blocked = "import sys; sys.modules['ftfy'] = None"  # as if `pip install roadmap-bot` alone
    code = f"{blocked}; from roadmap_bot.cli import main; raise SystemExit(main(['--version']))"
    done = subprocess.run(
        [sys.executable, "-c", code],
        env={"PATH": os.environ.get("PATH", ""), "PYTHONPATH": str(ROOT), "HOME": str(tmp_path)},
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert done.returncode == 0, done.stderr[-500:]
    assert done.stdout.startswith("roadmap-bot ")
