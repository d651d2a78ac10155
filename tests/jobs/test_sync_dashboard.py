"""End to end on the fake GitHub: the dashboard issue is opened and pinned once, kept current with
one edit per change and none when nothing changed, and its boxes tick and untick items for the
owner and write collaborators (a read-only user's toggle is refused once and undone); the bot's
own edit changes nothing. These are the scheduled-run (fallback) path: the ``issues`` ``edited``
event runs the same code (tests/cli/test_action_dashboard.py)."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from roadmap_bot.cli import main
from roadmap_bot.core.model import State
from roadmap_bot.core.planning.dashboard import DASHBOARD_MARKER
from roadmap_bot.core.state_codec import state_from_json
from tests.fakegithub import FakeGitHub
from tests.fakegithub import tracker as fake_tracker
from tests.fakegithub.faults import Fault

REPO = "me/roadmap"
ROADMAP = """\
version: 1
title: Test roadmap
settings:
  open_issues: 2
phases:
  - id: phase0
    title: Basics
    sections:
      - title: Topics
        items:
          - id: python
            title: Python basics
          - id: git
            title: Git
          - id: sql
            title: SQL
  - id: phase1
    title: Later
    sections:
      - title: Topics
        items:
          - id: docker
            title: Docker
"""


@pytest.fixture
def env(fake_github: FakeGitHub, workflow_env: Callable[..., None]) -> Iterator[FakeGitHub]:
    fake_github.add_repo(REPO, files={"roadmap.yaml": ROADMAP, "README.md": "# Me\n"})
    fake_github.add_collaborator(REPO, "writer", "write")
    fake_github.add_collaborator(REPO, "reader", "read")
    workflow_env(REPO)
    yield fake_github


def dashboard(fake: FakeGitHub) -> dict[str, object]:
    [issue] = [i for i in fake.issues(REPO) if DASHBOARD_MARKER in str(i.get("body") or "")]
    return issue


def state_of(fake: FakeGitHub) -> State:
    raw = fake.files(REPO).get("roadmap.state.json")
    return state_from_json(raw.decode("utf-8"), "roadmap.state.json") if raw else State()


def writes(fake: FakeGitHub) -> list[str]:
    return [f"{r.method} {r.path}" for r in fake.requests if r.is_write]


def sync_and_writes(fake: FakeGitHub) -> list[str]:
    fake.reset_requests()
    assert main(["sync"]) == 0
    return writes(fake)


def edit_by_hand(fake: FakeGitHub, number: int, body: str, *, actor: str) -> None:
    """``actor`` edits the dashboard's body in the browser (ticks or unticks a box)."""
    with fake.world.lock:
        repo = fake.world.repo(REPO)
        fake_tracker.update_issue(
            fake.world, repo, repo.issues[number], {"body": body}, actor=actor
        )


def tick_box(body: str, item_id: str) -> str:
    line = next(line for line in body.splitlines() if line.endswith(f"<!-- {item_id} -->"))
    assert line.startswith("- [ ] ")
    return body.replace(line, "- [x] " + line.removeprefix("- [ ] "))


def untick_box(body: str, item_id: str) -> str:
    line = next(line for line in body.splitlines() if line.endswith(f"<!-- {item_id} -->"))
    assert line.startswith("- [x] ")
    return body.replace(line, "- [ ] " + line.removeprefix("- [x] "))


def test_the_first_run_opens_and_pins_the_dashboard_and_a_second_run_writes_nothing(
    env: FakeGitHub,
) -> None:
    assert main(["sync"]) == 0

    board = dashboard(env)
    body = str(board["body"])
    assert env.world.repo(REPO).pinned == [board["number"]]
    assert "`░░░░░░░░░░` 0%" in body
    assert "- [ ] Python basics <!-- phase0.python -->" in body
    assert "- [ ] SQL <!-- phase0.sql -->" in body
    assert "Docker" not in body.split("### Basics")[1]  # only the current phase's boxes
    topics = {int(str(i["number"])) for i in env.issues(REPO)} - {int(str(board["number"]))}
    assert topics == {1, 2}
    for number in topics:  # the topic issues opened in the same run are listed with numbers
        assert f"- #{number} " in body
    assert "`/done ID [note or URL]`: tick an item by hand" in body

    assert sync_and_writes(env) == []


def test_a_write_collaborator_ticks_a_box_the_item_is_ticked_and_the_next_run_writes_nothing(
    env: FakeGitHub,
) -> None:
    assert main(["sync"]) == 0
    board = dashboard(env)
    number = int(str(board["number"]))
    edit_by_hand(env, number, tick_box(str(board["body"]), "phase0.sql"), actor="writer")

    assert main(["sync"]) == 0

    tick = state_of(env).ticks["phase0.sql"]
    assert tick.by == "writer" and tick.reason == "ticked on the dashboard"
    assert tick.url == board["html_url"]
    readme = env.files(REPO)["README.md"].decode("utf-8")
    assert "- [x] SQL" in readme
    body = str(dashboard(env)["body"])
    assert "- [x] SQL <!-- phase0.sql -->" in body
    assert "SQL, by `writer`: ticked on the dashboard" in body  # a recent tick, no mention
    assert "@writer" not in body
    assert sync_and_writes(env) == []

    # unticking it takes the tick back (/undo)
    edit_by_hand(env, number, untick_box(body, "phase0.sql"), actor="writer")
    assert main(["sync"]) == 0
    assert "phase0.sql" not in state_of(env).ticks
    assert "- [ ] SQL <!-- phase0.sql -->" in str(dashboard(env)["body"])
    assert sync_and_writes(env) == []


def test_a_read_only_users_tick_changes_nothing_is_answered_once_and_the_box_comes_back(
    env: FakeGitHub, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["sync"]) == 0
    board = dashboard(env)
    number, before = int(str(board["number"])), str(board["body"])
    edit_by_hand(env, number, tick_box(before, "phase0.sql"), actor="reader")
    head = env.head(REPO)

    assert main(["sync"]) == 0

    assert "changed by reader: refused, nothing changed" in capsys.readouterr().out  # a warning
    assert "phase0.sql" not in state_of(env).ticks
    assert env.head(REPO) == head  # no commit: nothing changed
    assert str(dashboard(env)["body"]) == before  # the box is back
    [answer] = [c["body"] for c in env.comments(REPO, number)]
    assert "`reader`" in answer and "@reader" not in answer
    assert "nothing changed" in answer
    assert sync_and_writes(env) == []


def test_the_bots_own_edit_of_the_dashboard_changes_nothing(env: FakeGitHub) -> None:
    assert main(["sync"]) == 0
    board = dashboard(env)
    number = int(str(board["number"]))
    # a stale render of the bot's (another run's) with a box the state does not have
    edit_by_hand(env, number, tick_box(str(board["body"]), "phase0.sql"), actor=env.viewer)

    assert main(["sync"]) == 0

    assert "phase0.sql" not in state_of(env).ticks
    assert "- [ ] SQL <!-- phase0.sql -->" in str(dashboard(env)["body"])
    assert sync_and_writes(env) == []


def test_a_strangers_issue_with_the_marker_is_not_the_dashboard(env: FakeGitHub) -> None:
    env.add_user("stranger")
    env.add_issue(
        REPO,
        title="Fake",
        body=f"- [x] SQL <!-- phase0.sql -->\n{DASHBOARD_MARKER}\n",
        user="stranger",
    )

    assert main(["sync"]) == 0

    assert "phase0.sql" not in state_of(env).ticks
    ours = [
        i
        for i in env.issues(REPO)
        if DASHBOARD_MARKER in str(i.get("body") or "") and i["user"]["login"] == env.viewer
    ]
    assert len(ours) == 1


def test_dashboard_false_closes_the_dashboard_once(env: FakeGitHub) -> None:
    assert main(["sync"]) == 0
    number = int(str(dashboard(env)["number"]))
    env.commit(
        REPO,
        {
            "roadmap.yaml": ROADMAP.replace(
                "  open_issues: 2\n", "  open_issues: 2\n  dashboard: false\n"
            )
        },
    )

    assert main(["sync"]) == 0

    assert {int(str(i["number"])): i["state"] for i in env.issues(REPO)}[number] == "closed"
    assert sync_and_writes(env) == []


def test_a_pin_github_refuses_is_a_warning_and_the_run_goes_on(
    env: FakeGitHub, capsys: pytest.CaptureFixture[str]
) -> None:
    env.add_user("stranger")
    taken = [
        int(env.add_issue(REPO, title=f"Pinned {n}", body=".", user="stranger")["number"])
        for n in range(3)
    ]
    env.world.repo(REPO).pinned.extend(taken)  # GitHub pins at most three

    assert main(["sync"]) == 0

    board = dashboard(env)
    assert env.world.repo(REPO).pinned == taken and board["state"] == "open"
    assert "You can't pin more than 3 issues" in capsys.readouterr().out
    assert sync_and_writes(env) == []  # the pin is tried once, when the dashboard is opened


def test_a_second_dashboard_two_runs_opened_is_closed_as_a_duplicate_once(env: FakeGitHub) -> None:
    assert main(["sync"]) == 0
    kept = dashboard(env)
    twin = env.add_issue(
        REPO, title="Test roadmap: dashboard", body=str(kept["body"]), user=env.viewer
    )

    assert main(["sync"]) == 0

    states = {int(str(i["number"])): i["state"] for i in env.issues(REPO)}
    assert states[int(str(kept["number"]))] == "open" and states[int(twin["number"])] == "closed"
    [said] = [c["body"] for c in env.comments(REPO, int(twin["number"]))]
    assert f"Duplicate of #{kept['number']}" in said
    assert sync_and_writes(env) == []


def test_boxes_applied_from_the_dashboard_are_in_the_report_the_json_and_the_job_summary(
    env: FakeGitHub,
    workflow_env: Callable[..., None],
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert main(["sync"]) == 0
    board = dashboard(env)
    edit_by_hand(
        env, int(str(board["number"])), tick_box(str(board["body"]), "phase0.sql"), actor="writer"
    )
    summary = tmp_path / "summary.md"
    workflow_env(REPO, summary=summary)
    capsys.readouterr()

    assert main(["sync", "--json"]) == 0

    done = json.loads(capsys.readouterr().out)
    assert done["from_dashboard"] == ["dashboard done phase0.sql by writer: applied"]
    text = summary.read_text("utf-8")
    assert "### ☑️ Boxes on the dashboard" in text
    assert "dashboard done phase0.sql by writer: applied" in text


def test_a_roadmap_change_since_the_bot_wrote_the_body_is_no_toggle_and_the_body_follows(
    env: FakeGitHub, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["sync"]) == 0  # the dashboard, never edited since (GitHub: no editor)
    done = ROADMAP.replace("title: Python basics", "title: Python basics\n            done: true")
    env.commit(REPO, {"roadmap.yaml": done})
    capsys.readouterr()

    assert main(["sync"]) == 0

    assert "left for the next run" not in capsys.readouterr().out
    assert "- [x] Python basics <!-- phase0.python -->" in str(dashboard(env)["body"])
    assert sync_and_writes(env) == []


def test_a_writers_boxes_wait_for_the_next_run_when_github_does_not_say_their_access(
    env: FakeGitHub, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["sync"]) == 0
    board = dashboard(env)
    number = int(str(board["number"]))
    edited = tick_box(str(board["body"]), "phase0.sql")
    edit_by_hand(env, number, edited, actor="writer")
    env.inject(Fault(match="GET /repos/me/roadmap/collaborators/writer/permission", status=403))

    assert main(["sync"]) == 0

    assert "access could not be looked up, left for the next run" in capsys.readouterr().out
    assert "phase0.sql" not in state_of(env).ticks
    assert str(dashboard(env)["body"]) == edited  # neither refused nor undone
    assert env.comments(REPO, number) == []

    assert main(["sync"]) == 0  # GitHub answers again: the box is applied
    assert state_of(env).ticks["phase0.sql"].by == "writer"
