"""Injected faults, rate-limit exhaustion, latency and request recording of the fake."""

from __future__ import annotations

import time

import github
import pytest
import requests

from tests.fakegithub import FakeGitHub, Fault

REPO = "alice/proj"


@pytest.fixture
def fake(fake_github_checked: FakeGitHub) -> FakeGitHub:
    fake_github_checked.add_repo(
        REPO, files={"README.md": "# hi\n", "src/a.py": "a\n", "src/b.py": "b\n"}
    )
    return fake_github_checked


def get(fake: FakeGitHub, path: str, **kwargs) -> requests.Response:
    headers = {"Authorization": f"token {fake.token}"}
    return requests.get(fake.api_url + path, headers=headers, timeout=5, **kwargs)


def post(fake: FakeGitHub, path: str, body: dict) -> requests.Response:
    headers = {"Authorization": f"token {fake.token}"}
    return requests.post(fake.api_url + path, json=body, headers=headers, timeout=5)


def test_a_status_fault_fires_after_skipping_and_then_for_its_times(fake):
    fake.inject(Fault(match="GET /repos/*/issues", status=502, after=1, times=2))
    statuses = [get(fake, f"/repos/{REPO}/issues").status_code for _ in range(5)]
    assert statuses == [200, 502, 502, 200, 200]
    assert get(fake, f"/repos/{REPO}").status_code == 200  # other paths are untouched


def test_a_fault_with_times_minus_one_fires_until_cleared(fake):
    fake.inject(Fault(match="POST /repos/*/issues", status=500, times=-1))
    assert [post(fake, f"/repos/{REPO}/issues", {"title": "t"}).status_code for _ in range(3)] == [
        500
    ] * 3
    assert get(fake, f"/repos/{REPO}/issues").status_code == 200  # method is part of the match
    fake.clear_faults()
    assert post(fake, f"/repos/{REPO}/issues", {"title": "t"}).status_code == 201
    assert len(fake.issues(REPO)) == 1  # faulted writes changed nothing


def test_a_fault_can_supply_its_own_body_and_headers(fake):
    fake.inject(Fault(status=422, body={"message": "nope"}, headers={"X-Extra": "1"}))
    response = get(fake, f"/repos/{REPO}")
    assert (response.status_code, response.json(), response.headers["x-extra"]) == (
        422,
        {"message": "nope"},
        "1",
    )


def test_drop_closes_the_connection_without_an_answer(fake):
    fake.inject(Fault(match="GET /repos/alice/proj", drop=True))
    with pytest.raises(requests.ConnectionError):
        get(fake, f"/repos/{REPO}")
    assert fake.requests[-1].status == 0
    assert get(fake, f"/repos/{REPO}").status_code == 200


def test_delay_and_latency_slow_answers_down(fake):
    fake.inject(Fault(match="GET /repos/*", delay=0.2))
    start = time.perf_counter()
    assert get(fake, f"/repos/{REPO}").status_code == 200
    assert time.perf_counter() - start >= 0.2
    fake.latency = 0.05
    start = time.perf_counter()
    get(fake, f"/repos/{REPO}")
    get(fake, f"/repos/{REPO}")
    assert time.perf_counter() - start >= 0.1


def test_retry_after_gives_a_secondary_rate_limit_answer(fake):
    fake.inject(Fault(match="POST *", status=403, retry_after=7))
    response = post(fake, f"/repos/{REPO}/issues", {"title": "t"})
    assert (response.status_code, response.headers["retry-after"]) == (403, "7")
    assert "secondary rate limit" in response.json()["message"]
    assert int(response.headers["x-ratelimit-remaining"]) > 0


def test_pygithub_sees_a_secondary_limit_as_a_rate_limit_exception(fake):
    fake.inject(Fault(match="GET *", status=429, retry_after=1))
    with pytest.raises(github.GithubException) as limited:
        fake.pygithub().get_repo(REPO)
    assert limited.value.status == 429


def test_rate_limit_exhausted_rest_is_403_with_remaining_zero(fake):
    fake.inject(Fault(match="GET *", rate_limit_exhausted=True))
    response = get(fake, f"/repos/{REPO}")
    assert response.status_code == 403
    assert response.headers["x-ratelimit-remaining"] == "0"
    assert int(response.headers["x-ratelimit-reset"]) > time.time()
    assert response.json()["message"].startswith("API rate limit exceeded")
    fake.inject(Fault(match="GET *", rate_limit_exhausted=True))
    with pytest.raises(github.RateLimitExceededException):
        fake.pygithub().get_repo(REPO)


def test_rate_limit_exhausted_graphql_is_200_with_rate_limited_error(fake):
    fake.inject(Fault(match="POST /graphql", rate_limit_exhausted=True))
    response = requests.post(
        fake.graphql_url,
        json={"query": "{ viewer { login } }"},
        headers={"Authorization": f"bearer {fake.token}"},
        timeout=5,
    )
    assert response.status_code == 200
    assert response.json()["errors"][0]["type"] == "RATE_LIMITED"
    assert response.headers["x-ratelimit-remaining"] == "0"


def test_a_spent_budget_refuses_until_its_window_resets(fake):
    fake.rate_limit.set("core", remaining=2)
    statuses = [get(fake, f"/repos/{REPO}").status_code for _ in range(3)]
    assert statuses == [200, 200, 403]
    assert get(fake, "/rate_limit").json()["resources"]["core"]["remaining"] == 0
    fake.rate_limit.set("core", reset=int(time.time()) - 1)
    assert get(fake, f"/repos/{REPO}").status_code == 200


def test_a_spent_graphql_budget_answers_rate_limited(fake):
    fake.rate_limit.set("graphql", remaining=0)
    body = requests.post(
        fake.graphql_url,
        json={"query": "{ viewer { login } }"},
        headers={"Authorization": f"bearer {fake.token}"},
        timeout=5,
    ).json()
    assert body["errors"][0]["type"] == "RATE_LIMITED"


def test_rest_headers_decrement_used_and_remaining_per_call(fake):
    first, second = get(fake, f"/repos/{REPO}"), get(fake, f"/repos/{REPO}")
    assert int(first.headers["x-ratelimit-remaining"]) - 1 == int(
        second.headers["x-ratelimit-remaining"]
    )
    assert int(second.headers["x-ratelimit-used"]) == int(first.headers["x-ratelimit-used"]) + 1
    assert second.headers["x-ratelimit-resource"] == "core"
    assert second.headers["x-ratelimit-limit"] == "5000"


def test_move_ref_lands_a_commit_just_before_the_request_so_update_ref_conflicts(fake):
    gh = fake.pygithub()
    repo = gh.get_repo(REPO)
    base = repo.get_git_commit(fake.head(REPO))
    mine = repo.create_git_commit("bot: tick", base.tree, [base])
    ref = repo.get_git_ref("heads/main")
    fake.inject(Fault(match="PATCH /repos/*/git/refs/*", move_ref=True))
    with pytest.raises(github.GithubException) as moved:
        ref.edit(mine.sha)
    assert moved.value.data["message"] == "Update is not a fast forward"
    assert fake.head(REPO) != base.sha


def test_move_ref_before_a_graphql_read_moves_the_repos_it_names(fake):
    before = fake.head(REPO)
    fake.inject(Fault(match="POST /graphql", move_ref=True))
    body = requests.post(
        fake.graphql_url,
        json={
            "query": '{ repository(owner: "alice", name: "proj") { defaultBranchRef { target { oid } } } }'
        },
        headers={"Authorization": f"bearer {fake.token}"},
        timeout=5,
    ).json()
    assert fake.head(REPO) != before
    assert body["data"]["repository"]["defaultBranchRef"]["target"]["oid"] == fake.head(REPO)


def test_truncate_tree_serves_part_of_the_tree_and_says_so(fake):
    fake.inject(Fault(match="GET /repos/*/git/trees/*", truncate_tree=True))
    truncated = get(fake, f"/repos/{REPO}/git/trees/main", params={"recursive": "1"}).json()
    whole = get(fake, f"/repos/{REPO}/git/trees/main", params={"recursive": "1"}).json()
    assert truncated["truncated"] is True and whole["truncated"] is False
    assert 0 < len(truncated["tree"]) < len(whole["tree"])


def test_requests_are_recorded_with_kind_write_flag_and_status(fake):
    fake.reset_requests()
    get(fake, f"/repos/{REPO}/issues", params={"state": "all"})
    post(fake, f"/repos/{REPO}/issues", {"title": "t"})
    requests.post(
        fake.graphql_url,
        json={"query": "query Who { viewer { login } }"},
        headers={"Authorization": f"bearer {fake.token}"},
        timeout=5,
    )
    records = fake.requests
    assert [(r.method, r.kind, r.is_write, r.status) for r in records] == [
        ("GET", "rest_read", False, 200),
        ("POST", "rest_write", True, 201),
        ("POST", "graphql", False, 200),
    ]
    assert records[0].query == {"state": "all"} and records[0].path == f"/repos/{REPO}/issues"
    assert (records[2].operation, records[2].cost) == ("Who", 1)
    fake.reset_requests()
    assert fake.requests == []


def test_pygithub_counts_match_the_recorded_requests(fake):
    for n in range(7):
        fake.add_issue(REPO, title=f"i{n}")
    fake.reset_requests()
    issues = list(fake.pygithub(per_page=3).get_repo(REPO).get_issues())
    assert len(issues) == 7
    assert [r.path for r in fake.requests] == [f"/repos/{REPO}"] + [f"/repos/{REPO}/issues"] * 3


def test_a_crash_inside_the_fake_answers_500_and_is_kept_for_the_test(fake, monkeypatch):
    def boom(*args):
        raise RuntimeError("bug")

    monkeypatch.setattr(fake.world, "lookup", boom)
    response = get(fake, f"/repos/{REPO}")
    assert response.status_code == 500
    assert "RuntimeError('bug')" in response.json()["message"]
    assert "RuntimeError: bug" in fake.errors[0]
    fake._engine.errors.clear()  # the crash was the point of this test
