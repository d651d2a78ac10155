"""Comment runs at the same time, without the workflow's ``concurrency:`` group: in the end
every command comment has exactly one reply, its changes were applied once, and reactions are
not doubled, whatever the interleaving.

Two kinds of schedule: a forced one (run A's reply is held by the fake until run B has replied,
so both replied before either could see the other's reply), and free runs started together on a
barrier, repeated, against one fake GitHub.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable

import pytest

from roadmap_bot.jobs.respond.comments import RespondResult, handle_pending
from tests.fakegithub import FakeGitHub, Fault
from tests.support.respond import (
    NOW,
    OWNER,
    PEOPLE,
    REPO,
    new_issue,
    reactions,
    replies_to,
    session_for,
    state_of,
)
from tests.syncharness import fired_faults

COMMANDS = ["/done phase0.python", "/skip phase0.git not for me", "/status", "/help"]


def answer(github_env: dict[str, str]) -> RespondResult:
    """One comment run: answer what is pending, as a run of the workflow would."""
    with session_for(github_env) as session:
        return handle_pending(session, now=NOW)


def wait_until(condition: Callable[[], bool], seconds: float = 20.0) -> None:
    deadline = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.01)


def assert_each_answered_once(fake: FakeGitHub, comments: dict[int, int]) -> None:
    """``comments``: comment id → issue number; one reply each, reactions not doubled."""
    for comment_id, number in comments.items():
        assert len(replies_to(fake, number, comment_id)) == 1, comment_id
        seen = reactions(fake, comment_id)
        assert sorted(seen) == sorted(set(seen)) and "eyes" in seen, (comment_id, seen)
        assert len([r for r in seen if r in ("+1", "confused")]) == 1, (comment_id, seen)


def test_two_runs_that_both_reply_before_seeing_each_other_keep_one_reply(
    fake: FakeGitHub, github_env: dict[str, str]
) -> None:
    number = new_issue(fake)
    command = fake.add_comment(REPO, number, body="/done phase0.python", user=OWNER)
    # run A's reply is held until run B has read, re-read and replied
    fake.inject(Fault(f"POST /repos/{REPO}/issues/{number}/comments", delay=2.0, times=1))
    results: dict[str, RespondResult | BaseException] = {}

    def run_a() -> None:
        try:
            results["a"] = answer(github_env)
        except BaseException as exc:  # reported below
            results["a"] = exc

    thread = threading.Thread(target=run_a)
    thread.start()
    wait_until(lambda: fired_faults(fake) == 1)
    results["b"] = answer(github_env)
    thread.join(60)
    a, b = results["a"], results["b"]
    assert isinstance(a, RespondResult) and isinstance(b, RespondResult), results
    assert_each_answered_once(fake, {command["id"]: number})
    assert len(a.answered) + len(b.answered) == 1  # the run whose reply was deleted says so
    assert a.deleted or b.deleted
    state = state_of(fake)
    assert set(state.handled_comments) == {command["id"]} and "phase0.python" in state.ticks
    later = answer(github_env)  # nothing left to do
    assert later.answered == [] and later.deleted == []


@pytest.mark.parametrize("round_", range(3))
def test_two_runs_started_together_answer_every_comment_exactly_once(
    fake: FakeGitHub, github_env: dict[str, str], round_: int
) -> None:
    fake.latency = 0.002 * round_  # different interleavings
    comments: dict[int, int] = {}
    people = [OWNER, *[p for p, role in PEOPLE.items() if role in ("write", "maintain")]]
    for i, body in enumerate(COMMANDS):
        number = new_issue(fake, f"Questions {i}")
        comment = fake.add_comment(REPO, number, body=body, user=people[i % len(people)])
        comments[comment["id"]] = number
    barrier = threading.Barrier(2)
    results: list[RespondResult] = []
    failures: list[BaseException] = []

    def run() -> None:
        try:
            barrier.wait()
            results.append(answer(github_env))
        except BaseException as exc:  # reported below, with the thread's name
            failures.append(exc)

    threads = [threading.Thread(target=run) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(120)
    assert not failures, failures
    assert_each_answered_once(fake, comments)
    state = state_of(fake)
    changing = [i for i, body in zip(comments, COMMANDS, strict=True) if "phase0" in body]
    assert sorted(state.handled_comments) == sorted(changing)  # /status and /help change nothing
    assert "phase0.python" in state.ticks and "phase0.git" in state.skips
    answered = sorted(i for r in results for i in r.answered)
    assert answered == sorted(comments)  # each comment's kept reply belongs to one run
