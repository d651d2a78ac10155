"""PyGithub sends through the Transport of the call being made, through its public API only."""

from __future__ import annotations

import threading

from roadmap_bot.adapters.github import GitHubClient
from roadmap_bot.adapters.github.http import Transport
from tests.fakegithub import FakeGitHub
from tests.support.github import FakeTime, config_for

REPO = "ada/roadmap"


def _transport(github_env: dict[str, str]) -> Transport:
    time = FakeTime()
    return Transport(config_for(github_env), sleep=time.sleep, clock=time.clock, rand=time.rand)


def test_two_clients_in_two_threads_each_count_only_their_own_requests(
    fake_github: FakeGitHub, github_env: dict[str, str]
) -> None:
    fake_github.add_repo(REPO, files={"README.md": "# Roadmap\n"})
    transports = [_transport(github_env), _transport(github_env)]
    clients = [GitHubClient(t, REPO) for t in transports]
    fake_github.reset_requests()
    calls = (1, 3)
    barrier = threading.Barrier(2)

    def work(index: int) -> None:
        barrier.wait()
        for n in range(calls[index]):
            if index == 0:
                clients[0].ensure_label("roadmap", color="ededed", description="")
            else:
                clients[1].ensure_milestone(f"Phase {n}", due_on=None)

    threads = [threading.Thread(target=work, args=(i,)) for i in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    # client 0: GET labels, POST label; client 1: GET milestones, then 3 POSTs
    assert transports[0].stats().requests == 2
    assert transports[1].stats().requests == 4
    assert len(fake_github.requests) == 6


def test_a_plain_pygithub_client_outside_a_call_is_left_alone(
    fake_github: FakeGitHub, github_env: dict[str, str]
) -> None:
    fake_github.add_repo(REPO)
    transport = _transport(github_env)
    GitHubClient(transport, REPO).ensure_label("roadmap", color="ededed", description="")
    counted = transport.stats().requests
    assert fake_github.pygithub().get_repo(REPO).full_name == REPO  # the test's own client
    assert transport.stats().requests == counted


def test_listing_issues_sends_one_request_a_page_and_no_completing_get(
    fake_github: FakeGitHub, github_env: dict[str, str]
) -> None:
    fake_github.add_repo(REPO)
    for n in range(3):
        fake_github.add_issue(REPO, title=f"topic {n}", labels=("roadmap",))
    client = GitHubClient(_transport(github_env), REPO)
    fake_github.reset_requests()
    issues = client.list_issues()
    assert [i.title for i in sorted(issues, key=lambda i: i.number)] == [
        "topic 0",
        "topic 1",
        "topic 2",
    ]
    assert len(fake_github.requests) == 1
