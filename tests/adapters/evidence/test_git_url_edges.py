"""Git URLs at their edges: URLs refused before git runs, the time budget, a remote's answers
(refusal, server error, a HEAD among other refs) and the per-repo byte total, with real git."""

from __future__ import annotations

import http.server
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from roadmap_bot.adapters.evidence.git import GitUrlProvider, check_url
from roadmap_bot.core.evidence.snapshot import (
    MAX_REPO_TEXT_BYTES,
    MAX_TEXT_BYTES,
    ProblemKind,
    RepoProblem,
    RepoSnapshot,
    TooLarge,
)
from roadmap_bot.errors import Refused
from tests.evidence.corpus import GOOD_README
from tests.evidence.repos import git, make_git_repo


def test_a_protocol_git_must_not_speak_is_refused() -> None:
    with pytest.raises(Refused, match=r"ext:// is not a protocol the bot speaks"):
        check_url("ext://sh -c touch% pwned", None, allow_local=False)


def test_a_url_without_a_host_is_refused() -> None:
    with pytest.raises(Refused, match="the URL names no host"):
        check_url("https:///octo/x.git", None, allow_local=False)


def test_local_reading_lets_an_internal_host_through_unresolved() -> None:
    def resolve(host: str) -> list[str]:
        raise AssertionError("never resolved")

    check_url("https://127.0.0.1/octo/x.git", None, allow_local=True, resolve=resolve)


def test_localhost_is_refused_by_what_it_resolves_to() -> None:
    with pytest.raises(Refused, match=r"localhost resolves to .*an internal address"):
        check_url("https://localhost/octo/x.git", {"localhost"}, allow_local=False)


def test_a_host_name_that_cannot_resolve_is_left_for_git_to_report() -> None:
    host = "a" * 64 + ".example"  # a DNS label longer than 63 characters: not encodable
    check_url(f"https://{host}/octo/x.git", None, allow_local=False)


@pytest.fixture
def remote(tmp_path: Path) -> str:
    return make_git_repo(tmp_path / "remote", {"README.md": GOOD_README})


def test_progress_is_reported_per_repo_and_no_budget_means_no_time_limit(
    tmp_path: Path, remote: str
) -> None:
    seen: list[tuple[int, int, str]] = []
    provider = GitUrlProvider(tmp_path / "cache", allow_local=True, budget=None)
    outcome = provider.fetch([remote], known_heads={}, progress=lambda *a: seen.append(a))
    assert isinstance(outcome[remote], RepoSnapshot) and "README.md" in outcome[remote].texts
    assert seen == [(1, 1, remote)]


def test_a_budget_spent_before_head_is_known_is_a_problem_to_retry(
    tmp_path: Path, remote: str
) -> None:
    provider = GitUrlProvider(tmp_path / "cache", allow_local=True, budget=0.0)
    outcome = provider.fetch([remote], known_heads={})[remote]
    assert isinstance(outcome, RepoProblem) and outcome.kind is ProblemKind.ERROR
    assert "took longer than" in outcome.reason and "try again later" in outcome.reason


def test_a_budget_spent_after_head_is_known_makes_the_repo_too_large(
    tmp_path: Path, remote: str
) -> None:
    calls = iter(range(1000))

    def clock() -> float:  # the deadline and ls-remote see t=0; from the clone on, t=1000
        return 0.0 if next(calls) < 2 else 1000.0

    provider = GitUrlProvider(tmp_path / "cache", allow_local=True, budget=100, clock=clock)
    outcome = provider.fetch([remote], known_heads={})[remote]
    head = git(tmp_path / "remote", "rev-parse", "HEAD").strip()
    assert outcome == TooLarge(remote, head, "reading it took longer than 100 s")


class _Refusing(http.server.BaseHTTPRequestHandler):
    status = 403

    def do_GET(self) -> None:
        self.send_response(self.status)
        self.end_headers()

    def log_message(self, format: str, *args: object) -> None:
        return None


@pytest.fixture
def server() -> Iterator[http.server.HTTPServer]:
    httpd = http.server.HTTPServer(("127.0.0.1", 0), _Refusing)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield httpd
    httpd.shutdown()
    httpd.server_close()


@pytest.mark.parametrize(
    ("status", "kind", "says"),
    [
        (403, ProblemKind.NO_ACCESS, "make it public or give the bot access"),
        (500, ProblemKind.ERROR, "git failed"),
    ],
)
def test_a_remote_that_refuses_or_fails_is_a_problem_saying_what_to_do(
    tmp_path: Path,
    server: http.server.HTTPServer,
    monkeypatch: pytest.MonkeyPatch,
    status: int,
    kind: ProblemKind,
    says: str,
) -> None:
    monkeypatch.setattr(_Refusing, "status", status)
    url = f"http://tok@127.0.0.1:{server.server_address[1]}/octo/x.git"
    provider = GitUrlProvider(tmp_path / "cache", hosts=None, allow_local=True)
    problem = provider.fetch([url], known_heads={})[url]
    assert isinstance(problem, RepoProblem) and problem.kind is kind
    assert says in problem.reason and "tok@" not in problem.reason


def test_a_remote_that_is_itself_a_clone_is_read_at_its_own_head(tmp_path: Path) -> None:
    origin = make_git_repo(tmp_path / "origin", {"README.md": GOOD_README})
    git(tmp_path, "clone", "-q", origin, "mirror")
    assert "refs/remotes/origin/HEAD" in git(tmp_path / "mirror", "ls-remote", ".", "HEAD")
    url = (tmp_path / "mirror").as_uri()
    snap = GitUrlProvider(tmp_path / "cache", allow_local=True).fetch([url], known_heads={})[url]
    assert isinstance(snap, RepoSnapshot) and snap.default_branch == "main"
    assert snap.head == git(tmp_path / "mirror", "rev-parse", "HEAD").strip()


def test_texts_past_a_repos_byte_total_are_named_unread(tmp_path: Path) -> None:
    big = "word " * (MAX_TEXT_BYTES // 5 + 1000)  # > 1 MB each, each blob different
    files = {"README.md": big, **{f"req{i}/requirements.txt": big + str(i) for i in range(10)}}
    url = make_git_repo(tmp_path / "remote", files)
    snap = GitUrlProvider(tmp_path / "cache", allow_local=True).fetch([url], known_heads={})[url]
    assert isinstance(snap, RepoSnapshot)
    assert len(snap.texts["README.md"]) == MAX_TEXT_BYTES
    assert sum(len(t) for t in snap.texts.values()) <= MAX_REPO_TEXT_BYTES
    assert snap.unread and all("MB read from one repo" in why for why in snap.unread.values())
