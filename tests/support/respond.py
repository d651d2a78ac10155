"""Helpers shared by tests/test_respond_*.py (this module holds no tests itself).

A roadmap repo seeded in the fake GitHub with people of every role, webhook payloads built
from GitHub's published examples (and validated against GitHub's webhook schemas), and a
Session built the way the action builds it, with no write spacing.
"""

from __future__ import annotations

import functools
import itertools
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from typing import Any

import jsonschema
import referencing
import referencing.jsonschema

from roadmap_bot.core.commands.events import Event, event_from_payload
from roadmap_bot.core.model import State
from roadmap_bot.core.state_codec import state_from_json
from roadmap_bot.jobs.respond.comments import RespondResult, respond
from roadmap_bot.jobs.session import Session, github_session
from roadmap_bot.jobs.sync import SyncOptions, sync
from tests.fakegithub import FakeGitHub, tracker
from tests.support.refdata import webhook_example, webhooks_openapi

REPO = "ada/roadmap"
OWNER = "ada"
NOW = "2026-03-02T12:00:00Z"  # the run's time; the fake's clock runs an hour before it
STATE_FILE = "roadmap.state.json"
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
        kind: topic
        items:
          - id: python
            title: Python basics
          - id: git
            title: Git workflow
          - id: rag
            title: Retrieval-augmented generation
            rule: {require: [readme]}
  - id: phase1
    title: Deep learning
    sections:
      - title: Topics
        kind: topic
        items:
          - id: torch
            title: PyTorch tensors
"""
NOTES_README = "# RAG notes\n\n" + " ".join(
    "Retrieval augmented generation combines a search index with a language model so answers "
    "cite the documents they come from, and this repository collects my experiments.".split()
    * 2
)
# login → the role the fake's collaborator API reports (the owner is admin by ownership)
PEOPLE = {"wendy": "write", "max": "maintain", "rita": "read", "tim": "triage"}
STRANGER = "sam"
BOT = "dependabot[bot]"


def seed(fake: FakeGitHub) -> None:
    """The roadmap repo, its collaborators, a stranger, a bot and two evidence repos."""
    start = datetime(2026, 3, 2, 11, 0, tzinfo=UTC)
    ticks = itertools.count()
    fake.world.clock = lambda: start + timedelta(seconds=next(ticks))
    fake.add_repo(REPO, files={"roadmap.yaml": ROADMAP, "README.md": "# My roadmap\n"})
    for login, permission in PEOPLE.items():
        fake.add_collaborator(REPO, login, permission)
    fake.add_user(STRANGER)
    fake.add_user(BOT, type="Bot")
    fake.add_repo("ada/rag-notes", files={"README.md": NOTES_README})
    fake.add_repo("ada/tiny", files={"README.md": "# tiny\n"})


@contextmanager
def session_for(github_env: dict[str, str]) -> Iterator[Session]:
    """A Session on the fake, as the action builds it, without write spacing or retries."""
    env = {**github_env, "GITHUB_REPOSITORY": REPO}

    def tune(config: Any) -> Any:
        return replace(config, min_write_interval=0.0, max_retries=0)

    with github_session("roadmap.yaml", env, tune=tune) as session:
        yield session


def run(github_env: dict[str, str], event: Event, *, dry_run: bool = False) -> RespondResult:
    """``respond`` in a fresh session, as one workflow run would."""
    with session_for(github_env) as session:
        return respond(session, event, now=NOW, dry_run=dry_run)


def open_topic_issues(github_env: dict[str, str]) -> dict[str, int]:
    """Run one sync, which opens the bot's issues for the next topics; item id → issue."""
    with session_for(github_env) as session:
        options = SyncOptions(now=NOW, repo_slug=REPO, server_url=session.context.server_url)
        result = sync(session.workspace, session.tracker, session.providers, options)
    return dict(result.applied.opened)


def state_of(fake: FakeGitHub) -> State:
    raw = fake.files(REPO).get(STATE_FILE)
    return state_from_json(raw.decode("utf-8"), STATE_FILE) if raw else State()


def readme_of(fake: FakeGitHub) -> str:
    return fake.files(REPO)["README.md"].decode("utf-8")


def new_issue(fake: FakeGitHub, title: str = "Questions", *, user: str = OWNER) -> int:
    return int(fake.add_issue(REPO, title=title, body="Notes.", user=user)["number"])


def replies_to(fake: FakeGitHub, issue_number: int, comment_id: int) -> list[str]:
    marker = f"<!-- roadmap-bot:reply-to={comment_id} -->"
    return [c["body"] for c in fake.comments(REPO, issue_number) if marker in c["body"]]


def reactions(fake: FakeGitHub, comment_id: int) -> list[str]:
    return [r["content"] for r in fake.reactions(REPO, comment_id)]


def writes(fake: FakeGitHub) -> list[str]:
    """The mutating requests served (GraphQL queries are reads)."""
    return [
        f"{r.method} {r.path}"
        for r in fake.requests
        if r.method not in {"GET", "HEAD"} and r.path != "/graphql"
    ]


# -- payloads ----------------------------------------------------------------------------------


def comment_payload(
    fake: FakeGitHub, issue_number: int, body: str, *, user: str = OWNER
) -> dict[str, Any]:
    """Post a comment in the fake and return the ``issue_comment`` ``created`` delivery for it."""
    comment = fake.add_comment(REPO, issue_number, body=body, user=user)
    issue = next(i for i in fake.issues(REPO) if i["number"] == issue_number)
    payload = webhook_example("issue_comment", "created")
    _set_repo(payload)
    _set_issue(payload["issue"], issue)
    example = payload["comment"]
    example.update(
        id=comment["id"],
        node_id=comment["node_id"],
        body=body,
        url=comment["url"],
        html_url=comment["html_url"],
        issue_url=comment["issue_url"],
        created_at=comment["created_at"],
        updated_at=comment["updated_at"],
    )
    _set_user(example["user"], user)
    _set_user(payload["sender"], user)
    _modernise(example, comment["url"])
    validate(payload, "issue-comment-created")
    return payload


def issue_payload(fake: FakeGitHub, number: int, action: str, *, actor: str) -> dict[str, Any]:
    """Close or reopen issue ``number`` as ``actor`` in the fake; return the ``issues`` delivery.

    ``action`` is ``completed`` or ``not_planned`` (closing) or ``reopened``. GitHub publishes
    no ``closed`` example, so the ``reopened`` one is reshaped and checked against the schema.
    """
    with fake.world.lock:
        repo = fake.world.repo(REPO)
        changes = (
            {"state": "open"}
            if action == "reopened"
            else {"state": "closed", "state_reason": action}
        )
        tracker.update_issue(fake.world, repo, repo.issues[number], changes, actor=actor)
    issue = next(i for i in fake.issues(REPO) if i["number"] == number)
    payload = webhook_example("issues", "reopened")
    payload["action"] = "reopened" if action == "reopened" else "closed"
    _set_repo(payload)
    _set_issue(payload["issue"], issue)
    _set_user(payload["sender"], actor)
    validate(payload, f"issues-{payload['action']}")
    return payload


def comment_event(
    fake: FakeGitHub, issue_number: int, body: str, *, user: str = OWNER
) -> tuple[Event, int]:
    """The typed event for a new comment, and the comment's id."""
    payload = comment_payload(fake, issue_number, body, user=user)
    return event_from_payload("issue_comment", payload), int(payload["comment"]["id"])


def _modernise(target: dict[str, Any], url: str) -> None:
    """Add the fields today's deliveries carry and the (2019) published examples lack."""
    target.setdefault("performed_via_github_app", None)
    rollup = {k: 0 for k in ("+1", "-1", "laugh", "confused", "heart", "hooray", "eyes", "rocket")}
    target.setdefault("reactions", {"url": f"{url}/reactions", "total_count": 0, **rollup})


def _set_repo(payload: dict[str, Any]) -> None:
    owner, name = REPO.split("/")
    payload["repository"].update(full_name=REPO, name=name)
    payload["repository"]["owner"]["login"] = owner


def _set_issue(target: dict[str, Any], issue: dict[str, Any]) -> None:
    label = dict(target["labels"][0]) if target.get("labels") else None
    target.update(
        number=issue["number"],
        title=issue["title"],
        body=issue["body"],
        state=issue["state"],
        state_reason=issue.get("state_reason"),
        closed_at=issue.get("closed_at"),
        html_url=issue["html_url"],
        url=issue["url"],
        labels=[{**label, **lb} for lb in issue["labels"]] if label else [],
    )
    _set_user(target["user"], issue["user"]["login"])
    target.setdefault("active_lock_reason", None)
    _modernise(target, issue["url"])


def _set_user(target: dict[str, Any], login: str) -> None:
    target.update(login=login, type="Bot" if login.endswith("[bot]") else "User")


@functools.cache
def _registry() -> referencing.Registry:
    resource = referencing.Resource.from_contents(
        webhooks_openapi(), default_specification=referencing.jsonschema.DRAFT202012
    )
    return referencing.Registry().with_resource("urn:github-webhooks", resource)


def validate(payload: dict[str, Any], webhook: str) -> None:
    """Check ``payload`` against GitHub's schema for ``webhook`` (e.g. issues-closed)."""
    schema = webhooks_openapi()["webhooks"][webhook]["post"]["requestBody"]["content"]
    ref = schema["application/json"]["schema"]["$ref"]
    validator = jsonschema.Draft202012Validator(
        {"$ref": f"urn:github-webhooks{ref}"}, registry=_registry()
    )
    errors = sorted(validator.iter_errors(payload), key=lambda e: list(e.path))
    assert not errors, f"not a valid {webhook} delivery: " + "; ".join(
        f"{'/'.join(map(str, e.path))}: {e.message[:200]}" for e in errors[:5]
    )
