"""End to end on the fake GitHub: nudges across a month of daily runs (``SyncOptions.now`` is the
clock, the fake's clock follows it). A quiet issue gets its nudge as a comment at the stated
rate, an active one none; a second run the same day posts and writes nothing (two requests);
two runs at once post one nudge; a run that dies after its state commit loses the nudge rather
than doubling it; with the setting off nothing is nudged."""

from __future__ import annotations

import itertools
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from roadmap_bot.cli import main
from roadmap_bot.core.planning.nudges import NUDGE_MARKER
from roadmap_bot.core.state_codec import state_from_json
from roadmap_bot.jobs.session import Session, github_session
from roadmap_bot.jobs.sync import SyncOptions, SyncResult, sync
from tests.fakegithub import FakeGitHub
from tests.fakegithub.faults import Fault
from tests.support.markers import find_item_marker
from tests.syncharness.endstate import fired_faults

REPO = "me/roadmap"
LEARNER = "me"
START = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)  # day 0: the first run opens the issues
ROADMAP = """\
version: 1
title: Nudged roadmap
settings:
  open_issues: 2
  nudge_after_days: 3
phases:
  - id: phase0
    title: Basics
    sections:
      - title: Topics
        items:
          - id: python
            title: Python basics
            resources:
              - {title: The Python Tutorial, url: "https://docs.python.org/3/tutorial/", kind: docs}
          - id: git
            title: Git workflow
          - id: sql
            title: SQL
"""
PROJECT = """\
      - title: Projects
        kind: project
        items:
          - id: mnist
            title: "Project: MNIST"
            repos: [me/mnist]
"""


@pytest.fixture
def fake(fake_github: FakeGitHub) -> Iterator[FakeGitHub]:
    fake_github.world.clock = lambda: START
    fake_github.add_repo(REPO, files={"roadmap.yaml": ROADMAP, "README.md": "# Me\n"})
    yield fake_github


@contextmanager
def session_for(github_env: dict[str, str]) -> Iterator[Session]:
    env = {**github_env, "GITHUB_REPOSITORY": REPO}

    def tune(config: Any) -> Any:
        return replace(config, min_write_interval=0.0, max_retries=0)

    with github_session("roadmap.yaml", env, tune=tune) as session:
        yield session


def at(days: float, hour: int = 9) -> datetime:
    return START.replace(hour=hour) + timedelta(days=days)


def sync_at(
    fake: FakeGitHub, github_env: dict[str, str], moment: datetime, *, set_clock: bool = True
) -> SyncResult:
    """One scheduled run at ``moment`` (what it writes is dated ``moment`` too, unless the
    caller set the fake's clock)."""
    if set_clock:
        fake.world.clock = lambda: moment
    with session_for(github_env) as session:
        options = SyncOptions(
            now=moment.strftime("%Y-%m-%dT%H:%M:%SZ"),
            repo_slug=REPO,
            server_url=session.context.server_url,
        )
        return sync(session.workspace, session.tracker, session.providers, options)


def issue_numbers(fake: FakeGitHub) -> dict[str, int]:
    return {
        str(find_item_marker(i.get("body"))): int(i["number"])
        for i in fake.issues(REPO)
        if find_item_marker(i.get("body"))
    }


def nudges(fake: FakeGitHub) -> list[tuple[str, str, str]]:
    """Every nudge posted: (day, item id, body), oldest first."""
    found = [
        (str(c["created_at"])[:10], item_id, str(c["body"]))
        for item_id, number in issue_numbers(fake).items()
        for c in fake.comments(REPO, number)
        if NUDGE_MARKER in str(c["body"])
    ]
    return sorted(found)


def learner_says(fake: FakeGitHub, number: int, moment: datetime) -> None:
    fake.world.clock = lambda: moment
    fake.add_comment(REPO, number, body="Still on it, reading chapter 3.", user=LEARNER)


def warm(fake: FakeGitHub) -> bool:
    """The run read what a warm sync reads (the one roadmap repo query) and nothing more."""
    return [r.operation for r in fake.requests] == ["RoadmapRepoFiles"]


def writes(fake: FakeGitHub) -> list[str]:
    return [f"{r.method} {r.path}" for r in fake.requests if r.is_write]


def state_of(fake: FakeGitHub) -> Any:
    return state_from_json(fake.files(REPO)["roadmap.state.json"].decode(), "roadmap.state.json")


def test_a_month_of_daily_runs_nudges_the_quiet_issue_weekly_and_the_active_one_never(
    fake: FakeGitHub, github_env: dict[str, str]
) -> None:
    sync_at(fake, github_env, START)
    numbers = issue_numbers(fake)
    assert sorted(numbers) == ["phase0.git", "phase0.python"]
    for day in range(1, 31):
        learner_says(fake, numbers["phase0.git"], at(day, hour=8))  # active every morning
        sync_at(fake, github_env, at(day))
        fake.reset_requests()
        again = sync_at(fake, github_env, at(day, hour=10))  # a second run that day
        assert writes(fake) == [] and not again.plan.actions, (day, writes(fake))
        assert warm(fake), [f"{r.method} {r.path}" for r in fake.requests]
    found = nudges(fake)
    # quiet since day 0 → day 3; then the week's rule (and the period) → days 10, 17, 24
    assert [(d, i) for d, i, _ in found] == [
        ("2026-03-05", "phase0.python"),
        ("2026-03-12", "phase0.python"),
        ("2026-03-19", "phase0.python"),
        ("2026-03-26", "phase0.python"),
    ]
    body = found[0][2]
    assert "quiet for 3 days" in body
    assert "[The Python Tutorial](https://docs.python.org/3/tutorial/)" in body
    assert "`/done phase0.python`" in body and "nudge_after_days" in body
    assert state_of(fake).nudged == {"phase0.python": "2026-03-26T09:00:00Z"}


def test_with_the_setting_off_a_month_passes_without_a_nudge_or_a_write(
    fake: FakeGitHub, github_env: dict[str, str]
) -> None:
    fake.commit(REPO, {"roadmap.yaml": ROADMAP.replace("  nudge_after_days: 3\n", "")})
    sync_at(fake, github_env, START)
    for day in (3, 10, 20, 30):
        fake.reset_requests()
        result = sync_at(fake, github_env, at(day))
        assert not result.plan.actions and writes(fake) == []
        assert warm(fake)
    assert nudges(fake) == [] and state_of(fake).nudged == {}


def test_a_warm_run_with_nudges_on_and_nothing_due_reads_only_the_repo_query(
    fake: FakeGitHub, github_env: dict[str, str]
) -> None:
    sync_at(fake, github_env, START)
    sync_at(fake, github_env, at(1))
    fake.reset_requests()
    sync_at(fake, github_env, at(2))  # quiet for 2 of 3 days: nothing due
    assert writes(fake) == []
    assert warm(fake), [f"{r.method} {r.path}" for r in fake.requests]


def test_a_warm_scheduled_sync_with_nudges_on_costs_two_requests_and_writes_nothing(
    fake: FakeGitHub, workflow_env: Callable[..., None]
) -> None:
    """As the action runs it (the CLI, its clock now, the fake's too), with a linked repo: the
    benchmark's figure (the roadmap repo's query and the linked repos' one)."""
    fake.world.clock = lambda: datetime.now(UTC)
    fake.add_repo("me/mnist", files={"README.md": "# MNIST\n"})
    fake.commit(REPO, {"roadmap.yaml": ROADMAP + PROJECT})
    workflow_env(REPO)
    assert main(["sync"]) == 0
    assert main(["sync"]) == 0
    fake.reset_requests()
    assert main(["sync"]) == 0
    assert writes(fake) == []
    assert len(fake.requests) == 2, [f"{r.method} {r.path} {r.operation}" for r in fake.requests]


def test_a_run_that_dies_after_its_state_commit_loses_the_nudge_and_never_doubles_it(
    fake: FakeGitHub, github_env: dict[str, str]
) -> None:
    sync_at(fake, github_env, START)
    number = issue_numbers(fake)["phase0.python"]
    fake.inject(Fault(f"POST /repos/{REPO}/issues/{number}/comments", status=502, times=1))
    with pytest.raises(Exception):  # noqa: B017 - how the run fails is not the point here
        sync_at(fake, github_env, at(3))
    assert nudges(fake) == []
    assert state_of(fake).nudged == {"phase0.python": "2026-03-05T09:00:00Z"}  # committed first
    for day in range(3, 10):  # the rerun and the week after: the record holds them off
        sync_at(fake, github_env, at(day, hour=11))
    assert nudges(fake) == []
    sync_at(fake, github_env, at(10))  # the week is over: the one not nudged since day 0 first
    assert [(d, i) for d, i, _ in nudges(fake)] == [("2026-03-12", "phase0.git")]


def two_runs_at_once(
    fake: FakeGitHub, github_env: dict[str, str], moment: datetime, *, ticking: bool
) -> tuple[SyncResult, SyncResult]:
    """Run A plans its nudge and holds its state commit until run B has finished. With
    ``ticking`` the fake's clock moves a second a request (as GitHub's does: A's and B's
    commits differ), else it stands still (the two commits are the same object)."""
    seconds = itertools.count()
    fake.world.clock = (
        (lambda: moment + timedelta(seconds=next(seconds))) if ticking else (lambda: moment)
    )
    fake.inject(Fault(f"PATCH /repos/{REPO}/git/refs/*", delay=2.0, times=1))
    results: dict[str, SyncResult | BaseException] = {}

    def run_a() -> None:
        try:
            results["a"] = sync_at(fake, github_env, moment, set_clock=False)
        except BaseException as exc:  # reported below
            results["a"] = exc

    thread = threading.Thread(target=run_a)
    thread.start()
    wait_until(lambda: fired_faults(fake) == 1)
    results["b"] = sync_at(fake, github_env, moment, set_clock=False)
    thread.join(60)
    a, b = results["a"], results["b"]
    assert isinstance(a, SyncResult) and isinstance(b, SyncResult), results
    return a, b


def test_two_runs_at_once_post_one_nudge_the_second_commit_conflicts_and_replans(
    fake: FakeGitHub, github_env: dict[str, str]
) -> None:
    sync_at(fake, github_env, START)
    a, b = two_runs_at_once(fake, github_env, at(3), ticking=True)
    assert [(d, i) for d, i, _ in nudges(fake)] == [("2026-03-05", "phase0.python")]
    assert sorted((a.attempts, b.attempts)) == [1, 2]  # the held run re-planned over B's state
    held = a if a.attempts == 2 else b
    assert not any(NUDGE_MARKER in getattr(x, "body", "") for x in held.plan.actions)
    assert state_of(fake).nudged == {"phase0.python": "2026-03-05T09:00:00Z"}


def test_two_runs_whose_commits_are_byte_identical_both_post_and_the_newer_nudge_goes(
    fake: FakeGitHub, github_env: dict[str, str]
) -> None:
    """The same files, parent and second: GitHub takes the same commit twice, no conflict."""
    sync_at(fake, github_env, START)
    a, b = two_runs_at_once(fake, github_env, at(3), ticking=False)
    assert (a.attempts, b.attempts) == (1, 1)  # neither conflicted: both posted
    number = issue_numbers(fake)["phase0.python"]
    posted = [c for c in fake.comments(REPO, number) if NUDGE_MARKER in str(c["body"])]
    assert len(posted) == 1
    deleted = [line for r in (a, b) for line in r.applied.log if "delete duplicate nudge" in line]
    assert len(deleted) == 1 and str(posted[0]["id"]) not in deleted[0]
    sync_at(fake, github_env, at(3, hour=11))  # and nothing more later that day
    assert len(nudges(fake)) == 1


def wait_until(condition: Callable[[], bool], seconds: float = 20.0) -> None:
    deadline = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.01)


def test_a_nudge_run_reads_the_issues_comments_once_after_posting_not_before(
    fake: FakeGitHub, github_env: dict[str, str]
) -> None:
    sync_at(fake, github_env, START)
    numbers = issue_numbers(fake)
    for day in (1, 2):
        learner_says(fake, numbers["phase0.git"], at(day, hour=8))
        sync_at(fake, github_env, at(day))
    fake.reset_requests()
    sync_at(fake, github_env, at(3))  # phase0.python has been quiet for 3 days: a nudge
    assert [d for d, _, _ in nudges(fake)] == ["2026-03-05"]
    reads = [r.path for r in fake.requests if r.method == "GET" and r.path.endswith("/comments")]
    assert reads == [f"/repos/{REPO}/issues/{numbers['phase0.python']}/comments"]  # after it
