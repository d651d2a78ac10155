"""Who the token acts as, learned once per run; writes that two runs at once can both make.

- ``GitHubClient.identity`` comes with the roadmap files' query (``viewer { login }``), so a warm
  run stays at its two requests; a client that never read the view asks once by itself.
- ``close_duplicates`` closes only the bot's own repeats, never a stranger's issue.
- A milestone another run created meanwhile (422 ``already_exists``) is re-read and used.
"""

from __future__ import annotations

import pytest
import requests

from roadmap_bot.adapters.github import GitHubClient
from roadmap_bot.adapters.github.http import Transport
from roadmap_bot.core.markers import item_marker
from roadmap_bot.errors import GitHubError
from roadmap_bot.jobs.apply import close_duplicates
from tests.fakegithub import FakeGitHub, Fault
from tests.support.github import FakeTime, config_for

REPO = "ada/roadmap"
HINTS = ["roadmap.yaml", "roadmap.state.json", "README.md", ".github/roadmap-templates"]
LISTINGS = [".github/roadmap"]


@pytest.fixture
def fake(fake_github: FakeGitHub) -> FakeGitHub:
    fake_github.add_repo(REPO, files={"README.md": "# Roadmap\n", "roadmap.yaml": "v: 1\n"})
    return fake_github


def make_client(env: dict[str, str], *, view: bool = True) -> GitHubClient:
    time = FakeTime()
    config = config_for(env, min_write_interval=0.0)
    transport = Transport(config, sleep=time.sleep, clock=time.clock, rand=time.rand)
    return GitHubClient(transport, REPO, files=(HINTS, LISTINGS) if view else None)


def operations(fake: FakeGitHub) -> list[str]:
    return [r.operation or f"{r.method} {r.path}" for r in fake.requests]


def test_the_token_is_learned_with_the_files_query_at_no_extra_request(
    fake: FakeGitHub, github_env: dict[str, str]
) -> None:
    client = make_client(github_env)
    fake.reset_requests()
    client.read_files(HINTS, listings=LISTINGS)
    assert client.identity() == "github-actions[bot]" == client.identity()
    assert operations(fake) == ["RoadmapRepoFiles"]


def test_a_client_that_read_no_view_asks_once(fake: FakeGitHub, github_env: dict[str, str]) -> None:
    client = make_client(github_env, view=False)
    fake.reset_requests()
    assert client.identity() == "github-actions[bot]"
    assert client.identity() == "github-actions[bot]"
    assert operations(fake) == ["RoadmapViewer"]


def test_a_personal_token_is_its_person(fake_github: FakeGitHub) -> None:
    with FakeGitHub(viewer="ada") as fake:
        fake.add_repo(REPO, files={"README.md": "# Roadmap\n"})
        client = make_client(fake.actions_env())
        client.read_files(HINTS, listings=LISTINGS)
        assert client.identity() == "ada"


def test_no_answer_about_the_token_is_an_explained_error(
    fake: FakeGitHub, github_env: dict[str, str]
) -> None:
    fake.inject(Fault("POST /graphql", body={"data": {"viewer": None}}, status=200))
    with pytest.raises(GitHubError, match="which account the token acts as"):
        make_client(github_env, view=False).identity()


def test_duplicates_are_closed_among_the_bots_own_issues_only(
    fake: FakeGitHub, github_env: dict[str, str]
) -> None:
    body = f"Learn it.\n\n{item_marker('phase0.git')}\n"
    planted = fake.add_issue(REPO, title="Git?", body=body, user="mallory")["number"]
    client = make_client(github_env)
    first = client.create_issue(title="[phase0] Git", body=body, labels=(), milestone=None)
    second = client.create_issue(title="[phase0] Git", body=body, labels=(), milestone=None)
    assert close_duplicates(client, {"phase0.git"}) == [second.number]
    states = {i["number"]: i["state"] for i in fake.issues(REPO)}
    assert states == {planted: "open", first.number: "open", second.number: "closed"}
    assert fake.comments(REPO, planted) == []


def test_a_milestone_another_run_created_meanwhile_is_used(
    fake: FakeGitHub, github_env: dict[str, str]
) -> None:
    client = make_client(github_env)
    mine = client.ensure_milestone("Phase 0: Basics", due_on=None)  # the listing is cached now
    other = requests.post(  # the other run, between our listing and our create
        f"{fake.api_url}/repos/{REPO}/milestones",
        json={"title": "Phase 1: Deep learning"},
        headers={"Authorization": f"token {fake.token}"},
        timeout=10,
    ).json()["number"]
    assert client.ensure_milestone("Phase 1: Deep learning", due_on=None) == other
    assert client.ensure_milestone("Phase 0: Basics", due_on=None) == mine
    assert sorted(m["title"] for m in fake.milestones(REPO)) == [
        "Phase 0: Basics",
        "Phase 1: Deep learning",
    ]


def test_a_milestone_refused_for_another_reason_still_fails(
    fake: FakeGitHub, github_env: dict[str, str]
) -> None:
    refusal = {
        "message": "Validation Failed",
        "errors": [{"resource": "Milestone", "field": "due_on", "code": "invalid"}],
    }
    fake.inject(Fault(f"POST /repos/{REPO}/milestones", status=422, body=refusal))
    with pytest.raises(GitHubError, match="422"):
        make_client(github_env).ensure_milestone("Phase 0: Basics", due_on="2026-01-01")
