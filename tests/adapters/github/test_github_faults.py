"""Faults and limits as GitHub documents them: retries, waits, ceilings — and no real waiting."""

from __future__ import annotations

import pytest

from roadmap_bot.adapters.evidence.github import GraphQLSnapshotProvider
from roadmap_bot.adapters.github import GitHubClient
from roadmap_bot.adapters.github.http import BACKOFF_CAP, Transport
from roadmap_bot.adapters.github.limits import SECONDARY_WAIT
from roadmap_bot.core.evidence.snapshot import RepoSnapshot
from roadmap_bot.errors import GitHubError, RateLimitedError
from tests.fakegithub import FakeGitHub, Fault
from tests.support.github import FakeTime, config_for

REPO = "ada/roadmap"
FILES = {"README.md": "# Project\n\nReal words about a real project.\n", "src/a/b/m.py": "x=1\n"}


@pytest.fixture
def time() -> FakeTime:
    return FakeTime()


@pytest.fixture
def fake(fake_github: FakeGitHub) -> FakeGitHub:
    fake_github.add_repo(REPO, files=FILES)
    fake_github.add_issue(REPO, title="t", labels=("roadmap",))
    return fake_github


def client(env: dict[str, str], time: FakeTime, **overrides: object) -> GitHubClient:
    config = config_for(env, **overrides)
    return GitHubClient(Transport(config, sleep=time.sleep, clock=time.clock, rand=time.rand), REPO)


def provider(env: dict[str, str], time: FakeTime, **overrides: object) -> GraphQLSnapshotProvider:
    config = config_for(env, **overrides)
    return GraphQLSnapshotProvider(
        Transport(config, sleep=time.sleep, clock=time.clock, rand=time.rand)
    )


@pytest.mark.parametrize("status", [500, 502, 503, 504])
def test_server_errors_on_reads_are_retried_with_growing_backoff(
    fake: FakeGitHub, github_env: dict[str, str], time: FakeTime, status: int
) -> None:
    fake.inject(Fault(match="GET /repos/*/issues", status=status, times=3))
    assert [i.title for i in client(github_env, time).list_issues()] == ["t"]
    assert time.sleeps == [0.75, 1.5, 3.0]  # 1, 2, 4 s with the jitter factor 0.75


def test_backoff_is_bounded_and_retries_end_with_a_clear_error(
    fake: FakeGitHub, github_env: dict[str, str], time: FakeTime
) -> None:
    fake.inject(Fault(match="GET /repos/*/issues", status=502, times=-1))
    with pytest.raises(GitHubError) as caught:
        client(github_env, time, max_retries=8).list_issues()
    assert caught.value.status == 502 and "githubstatus" in str(caught.value)
    assert len(time.sleeps) == 8 and max(time.sleeps) <= BACKOFF_CAP
    assert len(fake.requests) == 9


def test_a_dropped_connection_is_retried(
    fake: FakeGitHub, github_env: dict[str, str], time: FakeTime
) -> None:
    fake.inject(Fault(match="GET /repos/*/issues", drop=True, times=2))
    assert len(client(github_env, time).list_issues()) == 1
    assert len(time.sleeps) == 2


def test_a_slow_answer_times_out_and_is_retried(
    fake: FakeGitHub, github_env: dict[str, str], time: FakeTime
) -> None:
    fake.inject(Fault(match="POST /graphql", delay=1.0, times=1))
    snaps = provider(github_env, time, timeout=0.3).fetch([REPO], known_heads={})
    assert isinstance(snaps[REPO], RepoSnapshot)
    assert len(time.sleeps) == 1


def test_a_slow_rest_answer_times_out_after_a_sub_second_timeout_too(
    fake: FakeGitHub, github_env: dict[str, str], time: FakeTime
) -> None:
    fake.inject(Fault(match="GET /repos/*/issues", delay=1.0, times=1))
    assert len(client(github_env, time, timeout=0.3).list_issues()) == 1
    assert len(time.sleeps) == 1  # the slow answer was abandoned and asked again


def test_creating_an_issue_is_not_repeated_after_an_ambiguous_failure(
    fake: FakeGitHub, github_env: dict[str, str], time: FakeTime
) -> None:
    fake.inject(Fault(match="POST /repos/*/issues", drop=True, times=1))
    with pytest.raises(GitHubError, match="creating issue"):
        client(github_env, time).create_issue(title="x", body="", labels=[], milestone=None)
    posts = [r for r in fake.requests if r.method == "POST"]
    assert len(posts) == 1 and posts[0].status == 0  # sent once, dropped, never repeated
    assert len(fake.issues(REPO)) == 1


def test_a_server_error_on_create_is_reported_not_retried(
    fake: FakeGitHub, github_env: dict[str, str], time: FakeTime
) -> None:
    fake.inject(Fault(match="POST /repos/*/issues/*/comments", status=500, times=1))
    with pytest.raises(GitHubError, match="500"):
        client(github_env, time).comment(1, "hello")
    assert sum(r.method == "POST" for r in fake.requests) == 1


@pytest.mark.parametrize("status", [403, 429])
def test_retry_after_is_obeyed(
    fake: FakeGitHub, github_env: dict[str, str], time: FakeTime, status: int
) -> None:
    body = {"message": "You have exceeded a secondary rate limit. Please wait a few minutes."}
    fake.inject(
        Fault(match="POST /repos/*/issues/*/comments", status=status, retry_after=7, body=body)
    )
    comment = client(github_env, time).comment(1, "hello")
    assert comment.body == "hello"
    assert time.sleeps == [7.0]
    assert len(fake.comments(REPO, 1)) == 1


def test_a_secondary_limit_without_retry_after_waits_a_minute(
    fake: FakeGitHub, github_env: dict[str, str], time: FakeTime
) -> None:
    body = {
        "message": "You have exceeded a secondary rate limit and have been temporarily blocked."
    }
    fake.inject(Fault(match="GET /repos/*/issues", status=403, body=body))
    assert len(client(github_env, time).list_issues()) == 1
    assert time.sleeps == [SECONDARY_WAIT]


def test_an_exhausted_rest_limit_within_the_ceiling_is_waited_out(
    fake: FakeGitHub, github_env: dict[str, str], time: FakeTime
) -> None:
    fake.inject(Fault(match="GET /repos/*/issues", rate_limit_exhausted=True))
    issues = client(github_env, time, max_rate_limit_wait=7200).list_issues()
    assert len(issues) == 1
    assert len(time.sleeps) == 1 and 3000 < time.sleeps[0] <= 3602  # until x-ratelimit-reset


def test_rate_limit_exhaustion_beyond_the_ceiling_is_a_clean_error(
    fake: FakeGitHub, github_env: dict[str, str], time: FakeTime
) -> None:
    fake.inject(Fault(match="GET /repos/*/issues", rate_limit_exhausted=True, times=-1))
    with pytest.raises(RateLimitedError) as caught:
        client(github_env, time).list_issues()
    message = str(caught.value)
    assert "rate limit" in message and "core" in message and "Re-run later" in message
    assert time.sleeps == []  # it did not wait an hour for nothing


def test_an_exhausted_graphql_limit_is_a_clean_error_for_the_provider(
    fake: FakeGitHub, github_env: dict[str, str], time: FakeTime
) -> None:
    fake.inject(Fault(match="POST /graphql", rate_limit_exhausted=True, times=-1))
    with pytest.raises(RateLimitedError, match="graphql"):
        provider(github_env, time).fetch([REPO], known_heads={})
    assert time.sleeps == []


def test_a_graphql_rate_limit_within_the_ceiling_is_waited_out(
    fake: FakeGitHub, github_env: dict[str, str], time: FakeTime
) -> None:
    fake.inject(Fault(match="POST /graphql", rate_limit_exhausted=True, times=1))
    out = provider(github_env, time, max_rate_limit_wait=7200).fetch([REPO], known_heads={})
    assert isinstance(out[REPO], RepoSnapshot)
    assert len(time.sleeps) == 1


def test_a_batch_github_keeps_failing_is_split_until_it_succeeds(
    fake: FakeGitHub, github_env: dict[str, str], time: FakeTime
) -> None:
    names = [f"ada/p{i}" for i in range(8)]
    for name in names:
        fake.add_repo(name, files=FILES)
    fake.inject(Fault(match="POST /graphql", status=502, times=5))  # 1 try + 4 retries
    out = provider(github_env, time).fetch(names, known_heads={})
    assert all(isinstance(out[n], RepoSnapshot) for n in names)
    trees = [r for r in fake.requests if r.operation == "RoadmapTrees" and r.status == 200]
    assert len(trees) == 2  # the batch of 8 was split into two batches of 4


def test_one_repo_too_big_for_a_tree_query_is_listed_by_rest(
    fake: FakeGitHub, github_env: dict[str, str], time: FakeTime
) -> None:
    fake.inject(Fault(match="POST /graphql", status=502, times=5))
    snap = provider(github_env, time).fetch([REPO], known_heads={})[REPO]
    assert isinstance(snap, RepoSnapshot) and "src/a/b/m.py" in snap.paths
    assert any(r.kind == "rest_read" and "recursive" in r.query for r in fake.requests)


def test_github_unreachable_is_a_clear_error(github_env: dict[str, str], time: FakeTime) -> None:
    env = github_env | {
        "GITHUB_API_URL": "http://127.0.0.1:9",
        "GITHUB_GRAPHQL_URL": "http://127.0.0.1:9/graphql",
    }
    with pytest.raises(GitHubError, match="could not get an answer"):
        client(env, time, max_retries=1).list_issues()


def test_when_github_keeps_failing_the_provider_gives_up_after_a_few_queries(
    fake: FakeGitHub, github_env: dict[str, str], time: FakeTime
) -> None:
    names = [f"ada/p{i}" for i in range(25)]
    for name in names:
        fake.add_repo(name, files=FILES)
    fake.inject(Fault(match="POST /graphql", status=502, times=-1))
    with pytest.raises(GitHubError, match="502"):
        provider(github_env, time).fetch(names, known_heads={})
    assert len(fake.requests) <= 4 * 5  # four failed queries of five attempts each, not ~50


def test_a_file_that_talks_about_rate_limits_is_not_taken_for_one(
    fake: FakeGitHub, github_env: dict[str, str], time: FakeTime
) -> None:
    fake.add_repo(
        "ada/limits",
        files={
            "README.md": "# Limits\n\nWe hit the API rate limit (RATE_LIMITED) and backed off.\n"
        },
    )
    out = provider(github_env, time).fetch(["ada/limits"], known_heads={})
    snapshot = out["ada/limits"]
    assert isinstance(snapshot, RepoSnapshot) and "rate limit" in snapshot.texts["README.md"]
    assert time.sleeps == []  # read at once: no wait for a limit nobody imposed
