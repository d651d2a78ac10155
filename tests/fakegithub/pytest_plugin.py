"""Pytest fixtures: ``fake_github`` (a fresh served FakeGitHub) and ``github_env`` (its env vars).

``fake_github_checked`` is ``fake_github`` that, at teardown, checks every REST exchange it
served against GitHub's OpenAPI description (slower: loads the 13 MB description once).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from tests.fakegithub.fake import FakeGitHub
from tests.fakegithub.graphql_api import github_schema


@pytest.fixture(scope="session")
def _github_graphql_schema() -> None:
    """Build GitHub's GraphQL schema once per session (it is cached per process)."""
    github_schema()


@pytest.fixture
def fake_github(_github_graphql_schema: None) -> Iterator[FakeGitHub]:
    """A started FakeGitHub with an empty world, stopped after the test (which fails if the
    fake itself crashed while serving)."""
    with FakeGitHub() as fake:
        yield fake
    assert not fake.errors, "the fake GitHub crashed:\n" + "\n".join(fake.errors)


@pytest.fixture
def github_env(fake_github: FakeGitHub) -> dict[str, str]:
    """The ``GITHUB_*`` variables an Action would see, pointing at ``fake_github``."""
    return fake_github.actions_env()


@pytest.fixture(scope="session")
def _github_openapi() -> None:
    from tests.fakegithub.openapi_check import github_openapi

    github_openapi()


@pytest.fixture
def fake_github_checked(fake_github: FakeGitHub, _github_openapi: None) -> Iterator[FakeGitHub]:
    """``fake_github`` whose served REST traffic must match GitHub's OpenAPI description."""
    from tests.fakegithub.openapi_check import problems, url_of

    exchanges = fake_github.keep_exchanges()
    yield fake_github
    found = [f"{url_of(e)} -> {e.response.status}: {p}" for e in exchanges for p in problems(e)]
    assert not found, "served traffic disagrees with GitHub's OpenAPI description:\n" + "\n".join(
        found
    )


@pytest.fixture
def workflow_env(
    github_env: dict[str, str], monkeypatch: pytest.MonkeyPatch
) -> Callable[..., None]:
    """``workflow_env(repo, summary=None, output=None)`` sets what a run of the bot on ``repo``
    sees: the fake's ``GITHUB_*`` variables, no pause between writes, and a job summary or
    output file only when given (else none, and not inside Actions)."""

    def use(repo: str, *, summary: Path | None = None, output: Path | None = None) -> None:
        env = {**github_env, "GITHUB_REPOSITORY": repo, "ROADMAP_BOT_MIN_WRITE_INTERVAL": "0"}
        for key, value in env.items():
            monkeypatch.setenv(key, value)
        for key, path in (("GITHUB_STEP_SUMMARY", summary), ("GITHUB_OUTPUT", output)):
            if path is None:
                monkeypatch.delenv(key, raising=False)
            else:
                monkeypatch.setenv(key, str(path))
        monkeypatch.delenv("GITHUB_ACTIONS", raising=False)

    return use
