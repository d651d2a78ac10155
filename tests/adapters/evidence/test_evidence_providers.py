"""Snapshot providers: local working trees and git URLs (real git repos, never mocked)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from roadmap_bot.adapters.evidence.git import (
    DEFAULT_GIT_HOSTS,
    HOSTS_ENV,
    GitUrlProvider,
    check_url,
    git_hosts_from_env,
)
from roadmap_bot.adapters.evidence.local import LocalDirProvider
from roadmap_bot.adapters.evidence.router import Router
from roadmap_bot.adapters.evidence.setup import Setup
from roadmap_bot.core.evidence.snapshot import (
    MAX_TEXT_BYTES,
    ProblemKind,
    RepoProblem,
    RepoSnapshot,
    Unchanged,
)
from roadmap_bot.core.repos import strip_userinfo
from tests.evidence.corpus import GOOD_README, ML_PROJECT
from tests.evidence.repos import git, make_git_repo, write_tree


def local(base: Path, repo: str, known: dict[str, str] | None = None) -> object:
    return LocalDirProvider(base).fetch([repo], known_heads=known or {})[repo]


def test_a_clean_git_work_tree_is_identified_by_its_head_and_reused_when_unchanged(
    tmp_path: Path,
) -> None:
    make_git_repo(tmp_path / "r", {"README.md": GOOD_README})
    head = git(tmp_path / "r", "rev-parse", "HEAD").strip()
    snap = local(tmp_path, "r")
    assert isinstance(snap, RepoSnapshot) and snap.head == head and snap.note is None
    assert local(tmp_path, "r", {"r": head}) == Unchanged("r", head)


def test_uncommitted_changes_are_seen_and_change_the_head(tmp_path: Path) -> None:
    make_git_repo(tmp_path / "r", {"README.md": GOOD_README})
    head = git(tmp_path / "r", "rev-parse", "HEAD").strip()
    (tmp_path / "r" / "tests").mkdir()
    (tmp_path / "r" / "tests" / "test_new.py").write_text("def test_x():\n    pass\n")
    snap = local(tmp_path, "r", {"r": head})
    assert isinstance(snap, RepoSnapshot) and snap.head != head and snap.head.startswith("local-")
    assert snap.note == "uncommitted changes" and "tests/test_new.py" in snap.paths


def test_gitignored_files_are_not_evidence(tmp_path: Path) -> None:
    files = {".gitignore": "mlruns/\n.venv/\n", "README.md": GOOD_README, "mlruns/0/meta.yaml": "x"}
    make_git_repo(tmp_path / "r", files)
    snap = local(tmp_path, "r")
    assert isinstance(snap, RepoSnapshot)
    assert "mlruns/0/meta.yaml" not in snap.paths and "README.md" in snap.paths


def test_a_plain_folder_gets_a_stable_fingerprint_head(tmp_path: Path) -> None:
    write_tree(tmp_path / "p", {"README.md": GOOD_README})
    first, second = local(tmp_path, "p"), local(tmp_path, "p")
    assert isinstance(first, RepoSnapshot) and isinstance(second, RepoSnapshot)
    assert first.head == second.head and first.head.startswith("local-")
    assert first.note == "not a git repo"
    assert local(tmp_path, "p", {"p": first.head}) == Unchanged("p", first.head)


def test_missing_paths_and_files_are_problems_with_the_fix(tmp_path: Path) -> None:
    (tmp_path / "f.txt").write_text("x")
    missing, file = local(tmp_path, "nope"), local(tmp_path, "f.txt")
    assert isinstance(missing, RepoProblem) and missing.kind is ProblemKind.MISSING
    assert "no such directory" in missing.reason and "fix the path" in missing.reason
    assert isinstance(file, RepoProblem) and "is a file" in file.reason


def test_symlinks_out_of_the_tree_are_listed_but_never_read(tmp_path: Path) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("password=hunter2")
    write_tree(tmp_path / "p", {"README.md": GOOD_README})
    os.symlink(secret, tmp_path / "p" / "requirements.txt")
    os.symlink(tmp_path, tmp_path / "p" / "loop")
    provider = LocalDirProvider(tmp_path)
    snap = provider.fetch(["p"], known_heads={})["p"]
    assert isinstance(snap, RepoSnapshot)
    assert "requirements.txt" in snap.paths and "requirements.txt" not in snap.texts
    assert not any(p.startswith("loop/") for p in snap.paths)


def test_binary_and_oversized_files_do_not_break_reading(tmp_path: Path) -> None:
    big = "# Title\n\n" + "word " * (MAX_TEXT_BYTES // 5 + 100)
    write_tree(tmp_path / "p", {"README.md": big, "requirements.txt": b"\x00\xff" * 50})
    snap = local(tmp_path, "p")
    assert isinstance(snap, RepoSnapshot)
    assert len(snap.texts["README.md"]) == MAX_TEXT_BYTES and "requirements.txt" not in snap.texts


def test_only_wanted_files_are_read_and_each_once(tmp_path: Path) -> None:
    write_tree(tmp_path / "p", ML_PROJECT)
    provider = LocalDirProvider(tmp_path)
    snap = provider.fetch(["p"], known_heads={})["p"]
    assert isinstance(snap, RepoSnapshot)
    assert len(provider.reads) == len(set(provider.reads))
    assert (
        "data/raw/customers.csv" not in provider.reads and "assets/logo.png" not in provider.reads
    )
    assert set(snap.texts) <= set(provider.reads)


@pytest.fixture
def remote(tmp_path: Path) -> tuple[Path, str]:
    root = tmp_path / "remote"
    return root, make_git_repo(root, ML_PROJECT)


def test_a_git_url_is_cloned_blobless_and_only_wanted_blobs_are_fetched(
    tmp_path: Path, remote: tuple[Path, str]
) -> None:
    root, url = remote
    provider = GitUrlProvider(tmp_path / "cache", allow_local=True)
    snap = provider.fetch([url], known_heads={})[url]
    assert isinstance(snap, RepoSnapshot)
    assert snap.head == git(root, "rev-parse", "HEAD").strip() and snap.default_branch == "main"
    assert set(snap.paths) == set(ML_PROJECT) and "README.md" in snap.texts
    (gitdir,) = (tmp_path / "cache").iterdir()
    missing = git(gitdir, "rev-list", "--objects", "--missing=print", "HEAD").count("\n?")
    assert missing >= 2  # data/raw/customers.csv and assets/logo.png never left the remote
    assert provider.blobs_read == len(snap.texts)  # one blob per wanted text, nothing else


def test_an_unchanged_remote_head_costs_no_clone(tmp_path: Path, remote: tuple[Path, str]) -> None:
    root, url = remote
    head = git(root, "rev-parse", "HEAD").strip()
    outcome = GitUrlProvider(tmp_path / "cache", allow_local=True).fetch(
        [url], known_heads={url: head}
    )[url]
    assert outcome == Unchanged(url, head)
    assert not (tmp_path / "cache").exists()


def test_a_new_commit_is_fetched_into_the_existing_cache(
    tmp_path: Path, remote: tuple[Path, str]
) -> None:
    root, url = remote
    provider = GitUrlProvider(tmp_path / "cache", allow_local=True)
    provider.fetch([url], known_heads={})
    (root / "NEW.md").write_text("new")
    git(root, "add", "NEW.md")
    git(root, "commit", "-q", "-m", "more")
    snap = provider.fetch([url], known_heads={})[url]
    assert isinstance(snap, RepoSnapshot) and "NEW.md" in snap.paths
    assert snap.head == git(root, "rev-parse", "HEAD").strip()


def test_a_missing_remote_is_a_problem_saying_to_check_the_url(tmp_path: Path) -> None:
    url = (tmp_path / "nothing").as_uri()
    outcome = GitUrlProvider(tmp_path / "cache", allow_local=True).fetch([url], known_heads={})[url]
    assert isinstance(outcome, RepoProblem) and outcome.kind is ProblemKind.MISSING
    assert "check the URL" in outcome.reason


def test_credentials_in_a_url_never_reach_a_reason(tmp_path: Path) -> None:
    url = "https://user:s3cret@127.0.0.1:9/octo/private.git"  # nothing listens on loopback:9
    outcome = GitUrlProvider(tmp_path / "cache", allow_local=True).fetch([url], known_heads={})[url]
    assert isinstance(outcome, RepoProblem)
    assert "s3cret" not in outcome.reason and "***@127.0.0.1" in outcome.reason
    assert (
        strip_userinfo("see ssh://me:pw@host/x and https://tok@h/y", mask="***")
        == "see ssh://***@host/x and https://***@h/y"
    )


def test_symlinks_and_submodules_in_a_remote_are_listed_not_read(tmp_path: Path) -> None:
    root = tmp_path / "remote"
    make_git_repo(root, {"README.md": GOOD_README})
    os.symlink("/etc/passwd", root / "requirements.txt")
    git(root, "add", "requirements.txt")
    git(root, "commit", "-q", "-m", "link")
    url = root.as_uri()
    snap = GitUrlProvider(tmp_path / "cache", allow_local=True).fetch([url], known_heads={})[url]
    assert isinstance(snap, RepoSnapshot)
    assert "requirements.txt" in snap.paths and "requirements.txt" not in snap.texts


# --- what a link may make git do -------------------------------------------------------------


@pytest.mark.parametrize(
    "url",
    [
        "ssh://-oProxyCommand=touch${IFS}pwned/x",
        "git@-oProxyCommand=touch:x",
        "https://github.com/-upload-pack=touch",
        "git@github.com:-x",
    ],
)
def test_a_host_or_path_starting_with_a_dash_is_refused_before_git_runs(
    tmp_path: Path, url: str
) -> None:
    outcome = GitUrlProvider(tmp_path / "cache").fetch([url], known_heads={})[url]
    assert isinstance(outcome, RepoProblem) and outcome.kind is ProblemKind.BLOCKED
    assert "starting with '-'" in outcome.reason
    assert not (tmp_path / "cache").exists() and not (tmp_path / "pwned").exists()


def test_a_host_that_is_not_configured_is_refused(tmp_path: Path) -> None:
    url = "https://git.example.org/octo/x.git"
    outcome = GitUrlProvider(tmp_path / "cache").fetch([url], known_heads={})[url]
    assert isinstance(outcome, RepoProblem) and outcome.kind is ProblemKind.BLOCKED
    assert "git.example.org is not a host links may name" in outcome.reason
    assert "ROADMAP_BOT_GIT_HOSTS" in outcome.reason


def test_configured_hosts_come_from_the_environment() -> None:
    env = {"GITHUB_SERVER_URL": "https://ghe.corp.example", HOSTS_ENV: "git.example.org, x.io"}
    assert git_hosts_from_env(env) == {
        "github.com",
        "gitlab.com",
        "bitbucket.org",
        "ghe.corp.example",
        "git.example.org",
        "x.io",
    }


@pytest.mark.parametrize(
    "address", ["127.0.0.1", "10.1.2.3", "192.168.0.1", "169.254.169.254", "::1", "fd00::1"]
)
def test_an_allowed_host_resolving_to_an_internal_address_is_never_contacted(
    tmp_path: Path, address: str
) -> None:
    url = "https://github.com/octo/x.git"
    provider = GitUrlProvider(tmp_path / "cache", resolve=lambda host: [address])
    outcome = provider.fetch([url], known_heads={})[url]
    assert isinstance(outcome, RepoProblem) and outcome.kind is ProblemKind.BLOCKED
    assert "internal address" in outcome.reason and not (tmp_path / "cache").exists()


def test_a_public_address_passes_the_url_checks() -> None:
    check_url(
        "https://github.com/octo/x.git",
        DEFAULT_GIT_HOSTS,
        allow_local=False,
        resolve=lambda host: ["140.82.121.4"],
    )


def test_file_urls_are_read_only_when_local_reading_is_allowed(
    tmp_path: Path, remote: tuple[Path, str]
) -> None:
    _, url = remote
    refused = GitUrlProvider(tmp_path / "cache").fetch([url], known_heads={})[url]
    assert isinstance(refused, RepoProblem) and "file:// URLs are read only by" in refused.reason
    allowed = GitUrlProvider(tmp_path / "cache", allow_local=True)
    assert isinstance(allowed.fetch([url], known_heads={})[url], RepoSnapshot)


def test_a_sync_router_refuses_file_links_unless_offline(
    tmp_path: Path, remote: tuple[Path, str]
) -> None:
    _, url = remote
    online = Router(Setup(base_dir=tmp_path, git_cache=tmp_path / "cache"))
    assert isinstance(online.fetch([url], known_heads={})[url], RepoProblem)
    offline = Router(Setup(base_dir=tmp_path, git_cache=tmp_path / "cache", allow_local=True))
    assert isinstance(offline.fetch([url], known_heads={})[url], RepoSnapshot)


def test_git_may_speak_no_transport_but_https_ssh_and_git(tmp_path: Path) -> None:
    env = GitUrlProvider(tmp_path / "cache")._env()
    assert env["GIT_ALLOW_PROTOCOL"] == "https:http:ssh:git"
    assert "file" in GitUrlProvider(tmp_path / "c", allow_local=True)._env()["GIT_ALLOW_PROTOCOL"]
