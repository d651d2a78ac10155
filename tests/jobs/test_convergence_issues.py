"""Convergence of the bot's issues: whose issues they are, the open-issue window, runs at once.

Every case runs the real runner and ``respond`` against the fake GitHub:

- Identity: the bot trusts an item marker only in issues its own token authored. With the
  Actions ``GITHUB_TOKEN`` that is ``github-actions[bot]``; with a personal token it is the
  person, whose closes and ``/done`` on the bot's issues must still count.
- The window: after every run at most ``open_issues`` bot issues of open items are open, and the
  run after that writes nothing.
- Runs at once: two syncs racing to create the same milestone both end cleanly.
- Crashes: a run that parks issues for the window, or (with a personal token) ticks, closes and
  opens, killed right after any single write, converges on a clean rerun to the fault-free end.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from dataclasses import replace
from typing import Any

import pytest

from roadmap_bot.core.commands.events import CommentCreated, Event, IssueClosed, IssueReopened
from roadmap_bot.core.issues import CommentInfo
from roadmap_bot.core.markers import item_marker
from roadmap_bot.jobs.respond.comments import RespondResult, respond
from roadmap_bot.jobs.sync import SyncResult
from tests.fakegithub import FakeGitHub, Fault, tracker
from tests.support.convergence import SHAPE, assert_clean_end, cli_run
from tests.support.markers import find_item_marker
from tests.syncharness import (
    NOW,
    OWNER,
    ROADMAP_REPO,
    CrashAfterWrites,
    EndState,
    NoWait,
    Shape,
    end_state,
    fake_env,
    fired_faults,
    github_config,
    make_qualify,
    new_fake,
    roadmap_yaml,
    run_sync,
    seed,
    session_for,
    write_count,
)

APP = "github-actions[bot]"  # who GITHUB_TOKEN acts as
TOPICS = Shape(repos=0, files=10, topics=6, open_issues=3)  # phase0.topic-0 … topic-5
STRANGER = "mallory"


def topic(i: int) -> str:
    return f"phase0.topic-{i}"


def world(viewer: str = APP, shape: Shape = TOPICS) -> FakeGitHub:
    """A served fake whose token acts as ``viewer`` (a person: a personal token)."""
    fake = new_fake(viewer=viewer).start()
    seed(fake, shape)
    fake.add_user(STRANGER)
    return fake


@pytest.fixture(params=[APP, OWNER], ids=["actions-token", "personal-token"])
def fake(request: pytest.FixtureRequest) -> Any:
    served = world(request.param)
    yield served
    served.stop()
    assert not served.errors, served.errors


def bot_issues(fake: FakeGitHub) -> list[dict[str, Any]]:
    """The issues the token's identity authored that carry an item marker."""
    return [
        i
        for i in fake.issues(ROADMAP_REPO)
        if i["user"]["login"] == fake.viewer and find_item_marker(i["body"])
    ]


def open_items(fake: FakeGitHub) -> list[str]:
    """Item ids of the open bot issues, by issue number."""
    found = sorted(
        (i["number"], find_item_marker(i["body"])) for i in bot_issues(fake) if i["state"] == "open"
    )
    return [item for _, item in found if item]


def number_of(fake: FakeGitHub, item_id: str) -> int:
    return min(i["number"] for i in bot_issues(fake) if find_item_marker(i["body"]) == item_id)


def issue(fake: FakeGitHub, number: int) -> dict[str, Any]:
    return next(i for i in fake.issues(ROADMAP_REPO) if i["number"] == number)


def answer(fake: FakeGitHub, event: Event) -> RespondResult:
    """One ``respond`` run, as the workflow runs it for a webhook delivery."""
    with session_for(github_config(fake_env(fake)), wait=NoWait()) as session:
        result = respond(session, event, now=NOW)
    assert result.exit_code == 0, result.notes
    return result


def person_changes(fake: FakeGitHub, number: int, action: str, actor: str = OWNER) -> Event:
    """``actor`` closes (completed / not_planned) or reopens an issue; the delivery it makes."""
    with fake.world.lock:
        repo = fake.world.repo(ROADMAP_REPO)
        record = repo.issues[number]
        changes = (
            {"state": "open"}
            if action == "reopened"
            else {"state": "closed", "state_reason": action}
        )
        tracker.update_issue(fake.world, repo, record, changes, actor=actor)
    now = issue(fake, number)
    kind = IssueReopened if action == "reopened" else IssueClosed
    return kind(
        repo=ROADMAP_REPO,
        number=number,
        state_reason=now.get("state_reason"),
        body=now["body"] or "",
        labels=tuple(label["name"] for label in now["labels"]),
        actor=actor,
        actor_type="Bot" if actor.endswith("[bot]") else "User",
        title=now["title"],
    )


def bot_closes_seen_as_events(fake: FakeGitHub, since: int) -> list[Event]:
    """With a personal token the bot's own closes and reopens trigger workflows too: the
    deliveries they make (a GITHUB_TOKEN's events start no workflow)."""
    if fake.viewer == APP:
        return []
    events: list[Event] = []
    for request in fake.requests[since:]:
        if request.method != "PATCH" or "/issues/" not in request.path or request.status != 200:
            continue
        number = int(request.path.rsplit("/", 1)[-1])
        now = issue(fake, number)
        kind = IssueClosed if now["state"] == "closed" else IssueReopened
        events.append(
            kind(
                repo=ROADMAP_REPO,
                number=number,
                state_reason=now.get("state_reason"),
                body=now["body"] or "",
                labels=tuple(label["name"] for label in now["labels"]),
                actor=fake.viewer,
                title=now["title"],
            )
        )
    return events


def assert_window(fake: FakeGitHub, limit: int = TOPICS.open_issues) -> None:
    opened = open_items(fake)
    assert len(opened) <= limit, opened
    assert len(set(opened)) == len(opened), opened


def assert_quiet(fake: FakeGitHub) -> SyncResult:
    """The next scheduled sync writes nothing."""
    before = write_count(fake)
    result = run_sync(fake)
    assert write_count(fake) == before, [r for r in fake.requests if r.kind == "rest_write"][-5:]
    return result


# -- identity ---------------------------------------------------------------------------------


def test_a_strangers_issue_carrying_an_item_marker_is_never_the_bots(fake: FakeGitHub) -> None:
    planted = fake.add_issue(
        ROADMAP_REPO,
        title=f"Help {topic(0)} <!-- roadmap-bot:item={topic(1)} -->",
        body=f"Please look.\n\n{item_marker(topic(0))}\n",
        user=STRANGER,
    )
    run_sync(fake)
    assert open_items(fake) == [topic(0), topic(1), topic(2)]  # the bot's own, for the same item
    kept = issue(fake, planted["number"])
    assert (kept["state"], kept["body"], kept["title"]) == (
        "open",
        planted["body"],
        planted["title"],
    )
    assert fake.comments(ROADMAP_REPO, planted["number"]) == []
    # closing the planted issue ticks nothing, and the bot never closes or edits it
    answer(fake, person_changes(fake, planted["number"], "completed", actor=OWNER))
    assert end_state(fake).ticks == {}
    assert_quiet(fake)
    assert issue(fake, planted["number"])["body"] == planted["body"]


def test_closing_the_items_issue_ticks_it_whichever_token_the_bot_runs_with(
    fake: FakeGitHub,
) -> None:
    run_sync(fake)
    number = number_of(fake, topic(0))
    result = answer(fake, person_changes(fake, number, "completed"))
    assert result.ticked == [topic(0)], result.notes
    assert set(end_state(fake).ticks) == {topic(0)}
    assert open_items(fake) == [topic(1), topic(2), topic(3)]
    since = len(fake.requests)
    for event in bot_closes_seen_as_events(fake, since):
        answer(fake, event)
    assert_quiet(fake)


def test_done_without_an_id_on_the_items_issue_ticks_it_whichever_token(fake: FakeGitHub) -> None:
    run_sync(fake)
    number = number_of(fake, topic(1))
    posted = fake.add_comment(ROADMAP_REPO, number, body="/done finished the course", user=OWNER)
    comment = CommentInfo(
        id=int(posted["id"]),
        issue_number=number,
        body=posted["body"],
        author=OWNER,
        author_type="User",
        url=posted["html_url"],
        created_at=posted["created_at"],
    )
    event = CommentCreated(
        repo=ROADMAP_REPO,
        issue_number=number,
        comment=comment,
    )
    result = answer(fake, event)
    assert result.ticked == [topic(1)], result.notes
    assert issue(fake, number)["state"] == "closed"
    assert_quiet(fake)


# -- the window ---------------------------------------------------------------------------------


def test_the_window_holds_after_close_skip_and_reopen_and_the_next_run_writes_nothing(
    fake: FakeGitHub,
) -> None:
    run_sync(fake)
    assert open_items(fake) == [topic(0), topic(1), topic(2)]

    def person(item: str, action: str) -> None:
        since = len(fake.requests)
        answer(fake, person_changes(fake, number_of(fake, item), action))
        for event in bot_closes_seen_as_events(fake, since):
            answer(fake, event)  # the bot's own closes, delivered back with a personal token
        assert_window(fake)

    person(topic(0), "completed")  # ticked → topic-3 opened
    assert open_items(fake) == [topic(1), topic(2), topic(3)]
    person(topic(1), "not_planned")  # skipped → topic-4 opened
    assert open_items(fake) == [topic(2), topic(3), topic(4)]
    person(topic(0), "reopened")  # unticked by hand: its issue stays open
    assert open_items(fake) == [topic(0), topic(2), topic(3)]  # the newest (topic-4) waits
    state = end_state(fake)
    assert set(state.ticks) == set() and topic(4) not in state.open_issues
    assert_quiet(fake)
    waiting = number_of(fake, topic(4))
    words = " ".join(c["body"] for c in fake.comments(ROADMAP_REPO, waiting))
    assert "3" in words and "reopen" in words.lower()

    person(topic(2), "completed")  # a slot frees: the waiting issue comes back, not a new one
    assert open_items(fake) == [topic(0), topic(3), topic(4)]
    assert number_of(fake, topic(4)) == waiting
    assert len([i for i in bot_issues(fake) if find_item_marker(i["body"]) == topic(4)]) == 1
    assert_quiet(fake)


def test_the_run_that_parks_or_reopens_an_issue_for_the_window_reports_it(
    fake: FakeGitHub,
) -> None:
    run_sync(fake)
    answer(fake, person_changes(fake, number_of(fake, topic(0)), "completed"))  # topic-3 opened
    waiting = number_of(fake, topic(3))
    reopen = answer(fake, person_changes(fake, number_of(fake, topic(0)), "reopened"))
    assert reopen.parked == [(topic(3), waiting)] and (topic(3), waiting) not in reopen.closed
    freed = answer(fake, person_changes(fake, number_of(fake, topic(1)), "completed"))
    assert freed.reopened == [(topic(3), waiting)] and freed.opened == []


def test_an_issue_a_person_reopened_by_hand_is_never_closed_for_the_window(
    fake: FakeGitHub,
) -> None:
    run_sync(fake)
    for i in range(3):  # tick three by hand: topic-3, 4 and 5 open
        answer(fake, person_changes(fake, number_of(fake, topic(i)), "completed"))
    assert open_items(fake) == [topic(3), topic(4), topic(5)]
    answer(fake, person_changes(fake, number_of(fake, topic(5)), "completed"))
    assert open_items(fake) == [topic(3), topic(4)]  # no topic left that never had an issue
    for i in (5, 0):  # reopened by hand: the newest issue (topic-5) and the oldest (topic-0)
        since = len(fake.requests)
        answer(fake, person_changes(fake, number_of(fake, topic(i)), "reopened"))
        for event in bot_closes_seen_as_events(fake, since):
            answer(fake, event)
        assert_window(fake)
    # four were open; the newest the bot itself opened (topic-4) waits, never topic-5
    assert open_items(fake) == [topic(0), topic(3), topic(5)]
    assert_quiet(fake)


# -- runs at once -------------------------------------------------------------------------------


def test_two_runs_at_once_both_end_cleanly_when_they_race_for_the_milestone() -> None:
    fake = world(shape=TOPICS)
    try:
        # run A's milestone create is held until run B has created the same milestone
        fake.inject(Fault(f"POST /repos/{ROADMAP_REPO}/milestones", delay=1.5, times=1))
        results: dict[str, Any] = {}

        def run_a() -> None:
            try:
                results["a"] = run_sync(fake)
            except Exception as exc:  # the failure under test: kept to assert on
                results["a"] = exc

        thread = threading.Thread(target=run_a)
        thread.start()
        wait_until(lambda: fired_faults(fake) == 1)
        results["b"] = run_sync(fake)
        thread.join(30)
        assert isinstance(results["a"], SyncResult), results["a"]
        assert len(fake.milestones(ROADMAP_REPO)) == 1
        run_sync(fake)  # whatever the race left over, the next run tidies
        assert_window(fake)
        assert end_state(fake).duplicates == 0
        assert_quiet(fake)
    finally:
        fake.stop()


def wait_until(condition: Callable[[], bool], seconds: float = 10.0) -> None:
    deadline = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.01)


# -- crashes ------------------------------------------------------------------------------------


def stage_world(stage: str, viewer: str) -> FakeGitHub:
    """``window``: three topic issues open and ``open_issues`` lowered to 2 by hand, so the run
    under test parks one; ``update``: the convergence suite's update stage (project 3 now
    qualifies: its issue is ticked, commented, closed and the next opened)."""
    if stage == "window":
        fake = world(viewer)
        run_sync(fake)
        lowered = roadmap_yaml(replace(TOPICS, open_issues=2))
        fake.commit(ROADMAP_REPO, {"roadmap.yaml": lowered}, message="fewer open issues")
        return fake
    fake = new_fake(viewer=viewer).start()
    seed(fake, SHAPE)
    run_sync(fake)
    make_qualify(fake, 3)
    return fake


_REFERENCES: dict[tuple[str, str], EndState] = {}


def stage_reference(stage: str, viewer: str) -> EndState:
    key = (stage, viewer)
    if key not in _REFERENCES:
        fake = stage_world(stage, viewer)
        try:
            code, err = cli_run(fake)
            assert code == 0, err
            _REFERENCES[key] = end_state(fake)
        finally:
            fake.stop()
    return _REFERENCES[key]


@pytest.mark.parametrize(
    ("stage", "viewer"),
    [("window", APP), ("window", OWNER), ("update", OWNER)],
    ids=["window-actions-token", "window-personal-token", "update-personal-token"],
)
def test_a_crash_after_any_single_write_converges_with_the_window_and_the_tokens_identity(
    stage: str, viewer: str
) -> None:
    expected = stage_reference(stage, viewer)
    if stage == "window":
        assert len(expected.open_issues) == 2 and set(expected.all_issues) == {
            topic(0),
            topic(1),
            topic(2),
        }
    fake = stage_world(stage, viewer)
    probe: list[CrashAfterWrites] = []
    assert cli_run(fake, probe=probe)[0] == 0
    fake.stop()
    writes = probe[0].writes
    assert writes >= 3  # the park (edit, comment, close) or the tick's writes at least
    for after in range(1, writes + 1):
        fake = stage_world(stage, viewer)
        try:
            code, err = cli_run(fake, crash_after=after)
            assert_clean_end(code, err)
            code, err = cli_run(fake)  # the clean rerun
            assert code == 0, err
            end = end_state(fake)
            assert end.open_issues == expected.open_issues, after
            assert end.all_issues == expected.all_issues, after
            assert end.ticks == expected.ticks and end.files == expected.files, after
            assert end.duplicates == 0
            if stage == "window":
                assert_window(fake, limit=2)
                parked = number_of(fake, topic(2))
                comments = fake.comments(ROADMAP_REPO, parked)
                assert len(comments) == 1, comments  # one window comment, never two
            before = write_count(fake)
            assert cli_run(fake)[0] == 0
            assert write_count(fake) == before  # and the run after that writes nothing
        finally:
            fake.stop()
