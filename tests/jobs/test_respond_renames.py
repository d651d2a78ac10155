"""respond() after a person nests items whose issues are open, before any sync rewrote the
issues' markers: a command without an id on such an issue, and closing it, act on the item
under its new id."""

from __future__ import annotations

import pytest

from roadmap_bot.core.commands.events import IssueClosed, IssueReopened, event_from_payload
from tests.fakegithub import FakeGitHub
from tests.support.respond import (
    REPO,
    ROADMAP,
    comment_event,
    issue_payload,
    open_topic_issues,
    run,
    state_of,
)

FLAT = "          - id: python\n            title: Python basics\n"
NESTED = (
    "          - id: start\n            title: Getting started\n            items:\n"
    "              - id: python\n                title: Python basics\n"
)


@pytest.fixture
def python_issue(fake: FakeGitHub, github_env: dict[str, str]) -> int:
    """phase0.python's open issue, after a person moved the item under a new parent."""
    number = open_topic_issues(github_env)["phase0.python"]
    assert ROADMAP.count(FLAT) == 1
    fake.commit(REPO, {"roadmap.yaml": ROADMAP.replace(FLAT, NESTED)}, message="group")
    return number


def test_a_command_without_an_id_on_an_issue_whose_item_was_nested_ticks_the_item(
    fake: FakeGitHub, github_env: dict[str, str], python_issue: int
) -> None:
    typed, _ = comment_event(fake, python_issue, "/done")
    run(github_env, typed)
    assert "phase0.start.python" in state_of(fake).ticks


def test_closing_an_issue_whose_item_was_nested_ticks_the_item(
    fake: FakeGitHub, github_env: dict[str, str], python_issue: int
) -> None:
    typed = event_from_payload(
        "issues", issue_payload(fake, python_issue, "completed", actor="ada")
    )
    assert isinstance(typed, IssueClosed | IssueReopened)
    run(github_env, typed)
    assert "phase0.start.python" in state_of(fake).ticks
