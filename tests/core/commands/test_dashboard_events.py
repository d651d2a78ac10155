"""The ``issues`` ``edited`` delivery as the dashboard reads it (GitHub's published example)."""

from __future__ import annotations

from roadmap_bot.core.commands.events import Ignored, IssueEdited, event_from_payload
from tests.support.refdata import webhook_example


def test_a_persons_body_edit_is_an_issue_edited_event_with_the_body_before_and_after() -> None:
    payload = webhook_example("issues", "edited")
    payload["issue"]["body"] = "- [x] Git <!-- phase0.git -->"
    payload["changes"] = {"body": {"from": "- [ ] Git <!-- phase0.git -->"}}
    event = event_from_payload("issues", payload)
    assert isinstance(event, IssueEdited)
    assert event.body == "- [x] Git <!-- phase0.git -->"
    assert event.body_from == "- [ ] Git <!-- phase0.git -->"
    assert (event.actor, event.actor_type) == (payload["sender"]["login"], "User")


def test_a_bots_edit_and_a_title_only_edit_are_ignored_before_any_request() -> None:
    payload = webhook_example("issues", "edited")
    assert event_from_payload("issues", payload) == Ignored(
        f"issues edited: the body of #{payload['issue']['number']} did not change"
    )
    payload["changes"] = {"body": {"from": "before"}}
    payload["sender"].update(login="github-actions[bot]", type="Bot")
    event = event_from_payload("issues", payload)
    assert isinstance(event, Ignored) and "edited by the bot github-actions[bot]" in event.reason
