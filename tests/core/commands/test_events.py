"""event_from_payload on GitHub's published webhook payloads and ones derived from them.

Derived payloads (a pull-request comment, a bot's comment, a close as not planned) are checked
against GitHub's own OpenAPI webhook schemas before use, so they are shapes GitHub can send.
"""

from __future__ import annotations

import copy
from dataclasses import replace
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from roadmap_bot.core.commands.events import (
    CommentCreated,
    Dispatched,
    Ignored,
    IssueChange,
    IssueClosed,
    IssueReopened,
    Scheduled,
    event_from_payload,
    item_issue_event,
)
from roadmap_bot.core.issues import CommentInfo, IssueInfo
from roadmap_bot.core.markers import item_marker
from roadmap_bot.core.planning.bot_issues import PARKED
from roadmap_bot.errors import PayloadError, RoadmapBotError
from tests.support.planner import bot_issue
from tests.support.refdata import webhook_example
from tests.support.respond import validate


def modern(target: dict[str, Any]) -> dict[str, Any]:
    """Add the fields today's deliveries carry and the published (2019) examples lack."""
    rollup = dict.fromkeys(
        ("+1", "-1", "laugh", "confused", "heart", "hooray", "eyes", "rocket"), 0
    )
    target.setdefault(
        "reactions", {"url": target["url"] + "/reactions", "total_count": 0, **rollup}
    )
    target.setdefault("performed_via_github_app", None)
    for label in target.get("labels") or ():
        label.setdefault("description", None)
    return target


def comment_payload(action: str = "created") -> dict[str, Any]:
    payload = webhook_example("issue_comment", action)
    modern(payload["issue"])
    modern(payload["comment"])
    payload["issue"].setdefault("active_lock_reason", None)
    return payload


def issue_payload(action: str, state_reason: str | None = None) -> dict[str, Any]:
    """An ``issues`` delivery for ``action`` built from the published reopened example."""
    payload = webhook_example("issues", "reopened")
    payload["action"] = action
    issue = modern(payload["issue"])
    issue.setdefault("active_lock_reason", None)
    if action == "closed":
        issue.update(state="closed", state_reason=state_reason, closed_at="2026-03-01T10:00:00Z")
    else:
        issue.update(state="open", state_reason=state_reason, closed_at=None)
    return payload


# --- issue comments -------------------------------------------------------------------------


def test_a_new_issue_comment_becomes_comment_created_with_its_fields() -> None:
    payload = comment_payload()
    validate(payload, "issue-comment-created")
    event = event_from_payload("issue_comment", payload)
    issue, comment = payload["issue"], payload["comment"]
    assert event == CommentCreated(
        repo=payload["repository"]["full_name"],
        issue_number=issue["number"],
        comment=CommentInfo(
            id=comment["id"],
            issue_number=issue["number"],
            body=comment["body"],
            author=comment["user"]["login"],
            author_type="User",
            url=comment["html_url"],
            created_at=comment["created_at"],
        ),
    )


def test_a_comment_on_a_pull_request_is_read_like_one_on_an_issue() -> None:
    payload = comment_payload()
    url = payload["issue"]["html_url"].replace("/issues/", "/pull/")
    payload["issue"]["pull_request"] = {
        "url": payload["issue"]["url"].replace("/issues/", "/pulls/"),
        "html_url": url,
        "diff_url": url + ".diff",
        "patch_url": url + ".patch",
        "merged_at": None,
    }
    validate(payload, "issue-comment-created")
    event = event_from_payload("issue_comment", payload)
    assert isinstance(event, CommentCreated)
    assert event.issue_number == payload["issue"]["number"]
    assert event.comment.body == payload["comment"]["body"]


@pytest.mark.parametrize(
    ("login", "user_type"),
    [("github-actions[bot]", "Bot"), ("roadmap-helper[bot]", "Bot"), ("odd[bot]", "User")],
)
def test_a_comment_by_a_bot_is_ignored(login: str, user_type: str) -> None:
    payload = comment_payload()
    payload["comment"]["user"].update(login=login, type=user_type)
    payload["comment"]["body"] = "/done phase2.rag"
    validate(payload, "issue-comment-created")
    event = event_from_payload("issue_comment", payload)
    assert isinstance(event, Ignored)
    assert login in event.reason


@pytest.mark.parametrize("action", ["edited", "deleted"])
def test_edited_and_deleted_comments_do_nothing(action: str) -> None:
    payload = comment_payload(action)
    validate(payload, f"issue-comment-{action}")
    event = event_from_payload("issue_comment", payload)
    assert event == Ignored(f"issue_comment {action}: only new comments are read")


def test_a_comment_from_an_older_delivery_without_newer_fields_still_parses() -> None:
    payload = webhook_example("issue_comment", "created")
    for target in (payload["issue"], payload["comment"]):
        for key in ("reactions", "performed_via_github_app", "state_reason", "active_lock_reason"):
            target.pop(key, None)
    del payload["issue"]["labels"]
    payload["issue"]["body"] = None
    event = event_from_payload("issue_comment", payload)
    assert isinstance(event, CommentCreated)
    assert event.comment.body == payload["comment"]["body"]


def test_fields_github_adds_later_are_ignored() -> None:
    payload = comment_payload()
    payload["issue"]["sub_issues_summary"] = {"total": 0, "completed": 0}
    payload["comment"]["user"]["user_view_type"] = "public"
    payload["brand_new_top_level_key"] = {"anything": [1, 2]}
    assert isinstance(event_from_payload("issue_comment", payload), CommentCreated)


# --- issues ---------------------------------------------------------------------------------


@pytest.mark.parametrize("reason", ["completed", "not_planned", "duplicate", None])
def test_a_closed_issue_carries_its_state_reason(reason: str | None) -> None:
    payload = issue_payload("closed", reason)
    validate(payload, "issues-closed")
    event = event_from_payload("issues", payload)
    issue = payload["issue"]
    assert event == IssueClosed(
        repo=payload["repository"]["full_name"],
        number=issue["number"],
        state_reason=reason,
        body=issue["body"] or "",
        labels=tuple(label["name"] for label in issue["labels"]),
        actor=payload["sender"]["login"],
        actor_type=payload["sender"]["type"],
        title=issue["title"],
    )


def test_a_reopened_issue_becomes_issue_reopened() -> None:
    payload = issue_payload("reopened", "reopened")
    validate(payload, "issues-reopened")
    event = event_from_payload("issues", payload)
    assert isinstance(event, IssueReopened)
    assert (event.number, event.state_reason) == (payload["issue"]["number"], "reopened")


def test_the_published_reopened_example_parses_as_it_is() -> None:
    event = event_from_payload("issues", webhook_example("issues", "reopened"))
    assert isinstance(event, IssueReopened)


@pytest.mark.parametrize("action", ["opened", "labeled", "assigned", "deleted"])
def test_other_issue_actions_are_ignored(action: str) -> None:
    event = event_from_payload("issues", webhook_example("issues", action))
    assert event == Ignored(f"issues {action}: only closing and reopening matter")


# --- runs -----------------------------------------------------------------------------------


def test_a_manual_run_keeps_its_inputs_as_text() -> None:
    payload = webhook_example("workflow_dispatch")
    assert event_from_payload("workflow_dispatch", payload) == Dispatched({})
    payload["inputs"] = {"dry-run": True, "limit": 3, "only": "phase2.rag", "none": None}
    event = event_from_payload("workflow_dispatch", payload)
    assert event == Dispatched({"dry-run": "true", "limit": "3", "only": "phase2.rag", "none": ""})
    assert isinstance(event, Dispatched)
    with pytest.raises(TypeError):
        event.inputs["only"] = "x"  # type: ignore[index]


def test_a_manual_run_without_inputs_has_none() -> None:
    payload = webhook_example("workflow_dispatch")
    payload["inputs"] = None
    assert event_from_payload("workflow_dispatch", payload) == Dispatched({})


def test_a_scheduled_run_keeps_its_cron_when_given() -> None:
    # Actions writes {"schedule": "<cron>", "repository": ..., "workflow": ...}; GitHub
    # publishes no example, as schedule is not a webhook.
    assert event_from_payload("schedule", {"schedule": "17 6 * * *"}) == Scheduled("17 6 * * *")
    assert event_from_payload("schedule", {}) == Scheduled("")


@pytest.mark.parametrize("name", ["push", "pull_request", "release", ""])
def test_events_the_bot_does_not_act_on_are_ignored(name: str) -> None:
    event = event_from_payload(name, {"action": "whatever"})
    assert isinstance(event, Ignored)
    assert "does not act on it" in event.reason


# --- malformed payloads fail with a message, never a traceback ----------------------------------


@pytest.mark.parametrize(
    ("event_name", "change", "missing"),
    [
        ("issue_comment", lambda p: p.pop("issue"), "issue"),
        ("issue_comment", lambda p: p["issue"].pop("number"), "issue.number"),
        ("issue_comment", lambda p: p["comment"].update(id=True), "comment.id"),
        ("issue_comment", lambda p: p["comment"].update(id="12"), "comment.id"),
        ("issue_comment", lambda p: p.pop("repository"), "repository"),
        ("issue_comment", lambda p: p["repository"].update(full_name=None, owner=None), "repo"),
        ("issues", lambda p: p["issue"].update(number=-1), "issue.number"),
    ],
)
def test_a_payload_missing_what_every_delivery_has_raises_payload_error(
    event_name: str, change: Any, missing: str
) -> None:
    payload = comment_payload() if event_name == "issue_comment" else issue_payload("closed")
    change(payload)
    with pytest.raises(PayloadError, match=f"no usable {missing}") as raised:
        event_from_payload(event_name, payload)
    assert "GitHub" in str(raised.value)
    assert isinstance(raised.value, RoadmapBotError)


def test_the_repo_name_falls_back_to_owner_and_name() -> None:
    payload = comment_payload()
    del payload["repository"]["full_name"]
    event = event_from_payload("issue_comment", payload)
    assert isinstance(event, CommentCreated)
    owner = payload["repository"]["owner"]["login"]
    assert event.repo == f"{owner}/{payload['repository']['name']}"


@pytest.mark.parametrize("payload", [None, [], "text", 42])
def test_a_payload_that_is_not_an_object_raises_payload_error(payload: Any) -> None:
    with pytest.raises(PayloadError, match="not a JSON object"):
        event_from_payload("issue_comment", payload)


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=20),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner),
    max_leaves=10,
)


@settings(max_examples=300, deadline=None)
@given(
    event_name=st.sampled_from(["issue_comment", "issues", "workflow_dispatch", "schedule"]),
    paths=st.lists(
        st.lists(
            st.sampled_from(
                [
                    "issue",
                    "comment",
                    "user",
                    "repository",
                    "number",
                    "id",
                    "body",
                    "labels",
                    "owner",
                    "login",
                    "type",
                    "inputs",
                    "action",
                    "sender",
                    "state_reason",
                    "full_name",
                    "name",
                ]
            ),
            min_size=1,
            max_size=3,
        ),
        max_size=4,
    ),
    values=st.lists(json_values, min_size=4, max_size=4),
)
def test_mangled_payloads_give_an_event_or_payload_error_never_a_crash(
    event_name: str, paths: list[list[str]], values: list[Any]
) -> None:
    payload = comment_payload() if event_name == "issue_comment" else issue_payload("closed")
    payload = copy.deepcopy(payload)
    for path, value in zip(paths, values, strict=False):
        target: Any = payload
        for key in path[:-1]:
            target = target.get(key) if isinstance(target, dict) else None
        if isinstance(target, dict):
            target[path[-1]] = value
    try:
        event = event_from_payload(event_name, payload)
    except PayloadError as error:
        assert "payload" in str(error)
    else:
        assert isinstance(
            event, CommentCreated | IssueClosed | IssueReopened | Scheduled | Dispatched | Ignored
        )


# -- closes and reopens of the bot's own issues (item_issue_event) -----------------------------------------------------------------


def closed(number: int, reason: str, actor: str = "ada") -> IssueClosed:
    return IssueClosed("ada/roadmap", number, reason, "", (), actor)


def test_with_a_personal_token_closing_the_bots_issue_counts() -> None:
    issue = replace(bot_issue(3, "phase0.syntax", author="ada"), state="closed")
    issue = replace(issue, state_reason="completed")
    found = item_issue_event(closed(3, "completed"), [issue], bot_login="ada")
    assert not isinstance(found, Ignored)
    assert (found.item_id, found.change) == ("phase0.syntax", IssueChange.COMPLETED)


def test_closing_a_strangers_issue_with_the_marker_counts_for_nothing() -> None:
    body = f"Look at this.\n\n{item_marker('phase0.syntax')}\n"
    issue = IssueInfo(3, "Help", body, "closed", "completed", author="mallory")
    found = item_issue_event(closed(3, "completed"), [issue], bot_login="github-actions[bot]")
    assert isinstance(found, Ignored) and "not the bot's issue" in found.reason


def test_the_bots_own_close_for_the_window_is_never_a_persons_skip() -> None:
    body = f"text\n{item_marker('phase0.git')}\n{PARKED}\n"
    issue = IssueInfo(5, "t", body, "closed", "not_planned", author="ada")
    found = item_issue_event(closed(5, "not_planned"), [issue], bot_login="ada")
    assert isinstance(found, Ignored) and "window" in found.reason
    reopened = replace(issue, state="open", state_reason="reopened")
    event = IssueReopened("ada/roadmap", 5, "reopened", body, (), "ada")
    found = item_issue_event(event, [reopened], bot_login="ada")
    assert not isinstance(found, Ignored) and found.change is IssueChange.REOPENED


def test_closing_an_issue_whose_marker_names_an_id_nesting_changed_counts_for_the_item() -> None:
    issue = replace(bot_issue(3, "phase0.syntax", author="ada"), state="closed")
    issue = replace(issue, state_reason="completed")
    ids = ["phase0.python", "phase0.python.syntax"]  # syntax moved under a parent
    found = item_issue_event(closed(3, "completed"), [issue], bot_login="ada", item_ids=ids)
    assert not isinstance(found, Ignored)
    assert found.item_id == "phase0.python.syntax"
