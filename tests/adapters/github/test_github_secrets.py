"""The token never appears in an exception, a problem reason or a captured log line."""

from __future__ import annotations

import base64
import logging
from urllib.parse import quote

import pytest

from roadmap_bot.adapters.evidence.github import GraphQLSnapshotProvider
from roadmap_bot.adapters.github import GitHubClient, scrub
from roadmap_bot.adapters.github.http import Transport
from roadmap_bot.errors import RoadmapBotError
from tests.fakegithub import FakeGitHub, Fault
from tests.support.github import FakeTime, config_for

REPO = "ada/roadmap"


@pytest.fixture
def debug_logs(caplog: pytest.LogCaptureFixture) -> pytest.LogCaptureFixture:
    caplog.set_level(logging.DEBUG)  # everything: ours, urllib3's
    caplog.set_level(logging.DEBUG, logger="github")  # PyGithub holds its own logger at INFO
    return caplog


def run_everything(env: dict[str, str], fake: FakeGitHub) -> list[str]:
    """Drive reads, writes and failures; return every error text seen."""
    time = FakeTime()
    config = config_for(env, max_retries=1)
    transport = Transport(config, sleep=time.sleep, clock=time.clock, rand=time.rand)
    client = GitHubClient(transport, REPO)
    source = GraphQLSnapshotProvider(transport)
    seen: list[str] = []
    attempts = [
        lambda: client.list_issues(),
        lambda: client.comment(1, "hello"),
        lambda: client.create_issue(title="x", body="", labels=[], milestone=None),
        lambda: client.permission("ada"),
        lambda: client.commit_changed({"a.txt": b"a"}, message="m", parent=fake.head(REPO)),
        lambda: seen.append(repr(source.fetch([REPO, "ada/none"], known_heads={}))),
    ]
    for attempt in attempts:
        try:
            attempt()
        except RoadmapBotError as exc:
            seen.append(str(exc))
            seen.append(repr(exc.__cause__))
    return seen


def world(fake: FakeGitHub) -> None:
    fake.add_repo(REPO, files={"README.md": "# x\n"})
    fake.add_issue(REPO, title="t", labels=("roadmap",))


def test_no_token_in_logs_during_a_normal_run(
    fake_github: FakeGitHub, github_env: dict[str, str], debug_logs: pytest.LogCaptureFixture
) -> None:
    world(fake_github)
    seen = run_everything(github_env, fake_github)
    assert {r.name for r in debug_logs.records} >= {"github.Requester", "urllib3.connectionpool"}
    assert fake_github.token not in debug_logs.text
    assert not any(fake_github.token in text for text in seen)


def test_no_token_anywhere_when_github_echoes_it_back_in_errors(
    fake_github: FakeGitHub, github_env: dict[str, str], debug_logs: pytest.LogCaptureFixture
) -> None:
    world(fake_github)
    token = fake_github.token
    echo = {"message": f"Bad credentials: {token}", "documentation_url": f"https://x/{token}"}
    fake_github.inject(Fault(match="* /repos/*", status=500, body=echo, times=-1))
    graphql_echo = {"data": None, "errors": [{"message": f"token {token} is not valid"}]}
    fake_github.inject(Fault(match="POST /graphql", status=200, body=graphql_echo, times=-1))
    seen = run_everything(github_env, fake_github)
    assert seen and any("***" in text for text in seen)
    assert not any(token in text for text in seen)
    assert token not in debug_logs.text


def test_no_token_in_errors_when_github_cannot_be_reached(
    github_env: dict[str, str], debug_logs: pytest.LogCaptureFixture
) -> None:
    env = github_env | {
        "GITHUB_API_URL": "http://127.0.0.1:9",
        "GITHUB_GRAPHQL_URL": "http://127.0.0.1:9/graphql",
    }
    seen = run_everything_unreachable(env)
    assert seen and all("could not get an answer" in s for s in seen[::2])
    assert not any(github_env["GITHUB_TOKEN"] in text for text in seen)
    assert github_env["GITHUB_TOKEN"] not in debug_logs.text


def run_everything_unreachable(env: dict[str, str]) -> list[str]:
    time = FakeTime()
    config = config_for(env, max_retries=1)
    transport = Transport(config, sleep=time.sleep, clock=time.clock, rand=time.rand)
    client = GitHubClient(transport, REPO)
    source = GraphQLSnapshotProvider(transport)
    seen: list[str] = []
    for attempt in (lambda: client.list_issues(), lambda: source.fetch([REPO], known_heads={})):
        try:
            attempt()
        except RoadmapBotError as exc:
            seen += [str(exc), repr(exc.__cause__)]
    return seen


def secret_shapes(token: str) -> dict[str, str]:
    """Every way a token was seen leaking: Basic credentials, URL-encoded, other letter case."""
    b64 = base64.b64encode
    return {
        "basic x-access-token": b64(f"x-access-token:{token}".encode()).decode(),
        "basic token:": b64(f"{token}:".encode()).decode(),
        "basic :token": b64(f":{token}".encode()).decode(),
        "basic user:token": b64(f"octocat:{token}".encode()).decode(),
        "upper": token.upper(),
        "lower": token.lower(),
        "url-encoded": quote(f"{token}/+=", safe="").removesuffix("%2F%2B%3D"),
    }


def test_scrub_masks_every_form_derived_from_the_token() -> None:
    token = "ghs_Tok3nWith/Plus+AndEquals=0123456789"
    for name, shape in secret_shapes(token).items():
        text = f"fatal: AUTHORIZATION basic {shape}; echo {shape} and https://x:{shape}@h/r"
        assert shape not in scrub(text, token), name
        assert shape.lower() not in scrub(text, token).lower(), name
    assert quote(token, safe="") not in scrub(f"u={quote(token, safe='')}", token)


def test_scrub_masks_any_authorization_header_value_whatever_the_case_of_its_name() -> None:
    for header in ("Authorization", "authorization", "AUTHORIZATION", "Proxy-Authorization"):
        for text in (
            f"{header}: Bearer other-token-123",
            f"{{'{header}': 'token other-token-123'}}",
            f'"{header}": "Basic b3RoZXItdG9rZW4tMTIz"',
            f"http.extraheader={header}: basic b3RoZXItdG9rZW4tMTIz",
        ):
            scrubbed = scrub(text, "ghs_unrelated_token")
            assert "other-token-123" not in scrubbed and "b3RoZXItdG9rZW4tMTIz" not in scrubbed
            assert "***" in scrubbed


def test_no_form_of_the_token_anywhere_when_github_echoes_it_back(
    fake_github: FakeGitHub, github_env: dict[str, str], debug_logs: pytest.LogCaptureFixture
) -> None:
    world(fake_github)
    token = fake_github.token
    shapes = secret_shapes(token)
    echoed = " | ".join(f"Authorization: Basic {s}" for s in shapes.values())
    echo = {"message": f"Bad credentials: {echoed}", "errors": [{"message": echoed}]}
    fake_github.inject(Fault(match="* /repos/*", status=500, body=echo, times=-1))
    graphql_echo = {"data": None, "errors": [{"message": f"bad: {echoed}"}]}
    fake_github.inject(Fault(match="POST /graphql", status=200, body=graphql_echo, times=-1))
    seen = run_everything(github_env, fake_github)
    assert seen and any("***" in text for text in seen)
    for name, shape in shapes.items():
        assert not any(shape in text for text in seen), name
        assert shape not in debug_logs.text, name
