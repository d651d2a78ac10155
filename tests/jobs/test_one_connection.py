"""One connection per run: a scheduled run that answers several comments opens one Transport
and builds one snapshot provider of each kind, however many syncs it runs."""

from __future__ import annotations

from typing import Any

import pytest

from roadmap_bot.adapters.evidence.github import GraphQLSnapshotProvider
from roadmap_bot.adapters.evidence.router import Router
from roadmap_bot.adapters.github.http import Transport
from roadmap_bot.jobs.respond.comments import handle_pending
from roadmap_bot.jobs.sync import SyncOptions, sync
from tests.fakegithub import FakeGitHub
from tests.support.respond import NOW, OWNER, REPO, new_issue, seed, session_for


class Built:
    """How many of each class were constructed while it counted."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch, *classes: type[Any]) -> None:
        self.counts = {cls.__name__: 0 for cls in classes}
        for cls in classes:
            monkeypatch.setattr(cls, "__init__", self._counting(cls, cls.__init__))

    def _counting(self, cls: type[Any], init: Any) -> Any:
        def counted(instance: Any, *args: Any, **kwargs: Any) -> None:
            self.counts[cls.__name__] += 1
            init(instance, *args, **kwargs)

        return counted


def test_a_scheduled_run_answering_several_comments_opens_one_connection(
    fake_github: FakeGitHub, github_env: dict[str, str], monkeypatch: pytest.MonkeyPatch
) -> None:
    seed(fake_github)
    number = new_issue(fake_github)
    bodies = ["/link phase0.rag ada/rag-notes", "/done phase0.python", "/skip phase0.git"]
    waiting = [fake_github.add_comment(REPO, number, body=b, user=OWNER)["id"] for b in bodies]
    built = Built(monkeypatch, Transport, GraphQLSnapshotProvider, Router)
    with session_for(github_env) as session:
        pending = handle_pending(session, now=NOW)  # each answer is a sync of its own
        options = SyncOptions(now=NOW, repo_slug=REPO, server_url=session.context.server_url)
        result = sync(session.workspace, session.tracker, session.providers, options)
    assert pending.answered == waiting and pending.exit_code == 0
    assert "ada/rag-notes" in result.collected.evidence  # the linked repo was read on GitHub
    # before: a Transport for the client and one per sync's provider (k + 2 for k comments)
    assert built.counts == {"Transport": 1, "GraphQLSnapshotProvider": 1, "Router": 1}
