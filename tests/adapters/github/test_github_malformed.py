"""A 2xx answer that is not the shape GitHub documents is an explained error, never a traceback.

Every kind of request a sync sends is answered, in turn, with JSON of the wrong shape, a proxy's
HTML page and a cut-off body; ``roadmap-bot sync`` must end with exit 1 and a sentence (or go on,
where the answer is not needed), and the next fault-free run must converge as usual.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from typing import Any

import pytest

from roadmap_bot.cli import main
from tests.fakegithub import FakeGitHub, Fault

ROADMAP = """\
version: 1
title: Malformed answers
settings:
  open_issues: 2
phases:
  - id: phase0
    title: First
    sections:
      - title: Projects
        kind: project
        items:
          - id: titanic
            title: "Project: Titanic"
            repos: [me/titanic]
      - title: Topics
        items:
          - id: python
            title: Python basics
"""
README = "# Me\n\n<!-- roadmap:start -->\n<!-- roadmap:end -->\n"
PROSE = "This project trains and evaluates a model on public data, with notes on each step. " * 3
PROJECT = {
    "README.md": f"# Titanic\n\n{PROSE}\n",
    "requirements.txt": "mlflow\n",
    "train.py": "import mlflow\n",
    "tests/test_train.py": "def test_it():\n    assert 1\n",
}

# What a sync sends on a fresh roadmap repo (checked below, so the list cannot go stale).
REQUESTS = [
    "POST /graphql",
    "GET /repos/me/roadmap",
    "GET /repos/me/roadmap/git/commits/*",
    "GET /repos/me/roadmap/git/trees/*",
    "GET /repos/me/roadmap/branches/roadmap-bot/update",
    "POST /repos/me/roadmap/git/blobs",
    "POST /repos/me/roadmap/git/trees",
    "POST /repos/me/roadmap/git/commits",
    "PATCH /repos/me/roadmap/git/refs/heads/main",
    "GET /repos/me/roadmap/labels",
    "POST /repos/me/roadmap/labels",
    "GET /repos/me/roadmap/milestones",
    "POST /repos/me/roadmap/milestones",
    "GET /repos/me/roadmap/issues",
    "POST /repos/me/roadmap/issues",
]
MALFORMED: list[Any] = [
    [],
    "not an object",
    {"unexpected": {"shape": True}},
    {"data": None, "number": "seven", "sha": 5, "tree": [1], "object": None},
    b"<html><body>Bad gateway</body></html>",
    b'{"number": 1, "title": "cut off',
]


def pattern(method: str, path: str) -> str:
    path = re.sub(r"/[0-9a-f]{40}(?=/|$)", "/*", path)
    return f"{method} {path}"


@pytest.fixture
def world(fake_github: FakeGitHub, workflow_env: Callable[..., None]) -> Iterator[FakeGitHub]:
    fake_github.add_repo("me/roadmap", files={"roadmap.yaml": ROADMAP, "README.md": README})
    fake_github.add_repo("me/titanic", files=PROJECT)
    workflow_env("me/roadmap")
    yield fake_github


def test_the_list_of_request_kinds_is_what_a_fresh_sync_sends(world: FakeGitHub) -> None:
    assert main(["sync"]) == 0
    sent = {pattern(r.method, r.path) for r in world.requests}
    assert sent <= set(REQUESTS), sorted(sent - set(REQUESTS))
    assert len(sent) >= len(REQUESTS) - 2  # the list is not padded with requests never sent


@pytest.mark.parametrize("request_kind", REQUESTS)
def test_a_malformed_answer_to_any_request_of_a_sync_is_an_explained_failure(
    world: FakeGitHub, request_kind: str, capsys: pytest.CaptureFixture[str]
) -> None:
    for body in MALFORMED:
        world.clear_faults()
        world.inject(Fault(match=request_kind, status=200, body=body, times=1))
        code = main(["sync"])  # raises (and fails the test) on a traceback
        err = capsys.readouterr().err
        assert code in (0, 1), (body, code, err)
        if code == 1:
            assert err.startswith("roadmap-bot: ") and "Traceback" not in err, err
    world.clear_faults()
    assert main(["sync"]) == 0  # the fault-free run converges
    capsys.readouterr()
    world.reset_requests()
    assert main(["sync"]) == 0
    writes = [r for r in world.requests if r.method in ("POST", "PATCH", "PUT", "DELETE")]
    assert [pattern(r.method, r.path) for r in writes] == ["POST /graphql"] * len(writes)
