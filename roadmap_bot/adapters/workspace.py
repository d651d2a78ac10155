"""Where the roadmap repo's files are read and written: a local folder or GitHub's Git Data API."""

from __future__ import annotations

import subprocess
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

from roadmap_bot.adapters.files import blob_id, check_repo_paths, write_files
from roadmap_bot.core.delivery import (
    PULL_TITLE,
    UPDATE_BRANCH,
    Delivery,
    Pending,
    pull_body,
)
from roadmap_bot.core.render.hand_edits import FileCommit
from roadmap_bot.errors import BranchProtectedError, ConflictError, GitHubError, UsageError

if TYPE_CHECKING:  # the GitHub package (and requests) load only when a GitHub run needs them
    from roadmap_bot.adapters.github.pulls import PullRequests
    from roadmap_bot.adapters.github.repo_files import RepoFiles


@dataclass(frozen=True, slots=True)
class Written:
    """What one ``write`` did: the paths it changed, and how the change was delivered (commit,
    pull request or nothing, and why; None for a folder on disk)."""

    changed: list[str] = field(default_factory=list)
    delivery: Delivery | None = None


class Workspace(Protocol):
    """Read the repo's files at one pinned version, and write a set of files as one change."""

    def refresh(self) -> None:
        """Pin the newest version; later reads see it (called before each planning attempt)."""

    def read(self, path: str) -> bytes | None:
        """The file's bytes at the pinned version, or None when it does not exist."""

    def read_memory(self, path: str) -> bytes | None:
        """A file only the bot writes (the state): its newest version, which is the one in the
        bot's open pull request while the default branch refuses the bot's push."""

    def last_change(self, path: str) -> FileCommit | None:
        """The last commit that changed ``path`` in the pinned version (None: not known)."""

    def memory_apart(self) -> bool:
        """True while ``read_memory`` reads another version than ``read`` (the bot's pull
        request): the README read then does not show the state read."""

    def write(self, files: Mapping[str, bytes], *, message: str, mode: str = "commit") -> Written:
        """Write what differs, as one change; say what changed and how (ConflictError if moved).

        ``mode`` "commit" pushes to the default branch and, when it refuses, proposes the same
        change as the bot's one pull request; "pull-request" always proposes."""


class LocalWorkspace:
    """A folder on disk (a checkout, or the offline demo)."""

    def __init__(self, root: Path) -> None:
        self.root = root

    def refresh(self) -> None:
        return None

    def read(self, path: str) -> bytes | None:
        """The file's bytes (None when it is not a regular file); a path that is, or lies
        under, a symbolic link leading out of the folder is refused rather than followed."""
        root = self.root.resolve()
        target = (root / path).resolve()
        if not target.is_relative_to(root):
            raise UsageError(
                f"refusing to read {self.root / path}: it is a symbolic link (or lies under "
                f"one) that leads to {target}, outside {root}; replace the link with a file"
            )
        return target.read_bytes() if target.is_file() else None

    def read_memory(self, path: str) -> bytes | None:
        return self.read(path)

    def last_change(self, path: str) -> FileCommit | None:
        """``git log -1`` of ``path`` when the folder is a git checkout (None: not one, or the
        file was never committed). No hook, pager or fsmonitor of the checkout runs."""
        command = [
            "git",
            "-c",
            "core.fsmonitor=false",
            "--no-pager",
            "log",
            "-1",
            "--format=%H%x1f%an%x1f%cI%x1f%s",
            "--",
            path,
        ]
        try:
            done = subprocess.run(
                command, cwd=self.root, capture_output=True, timeout=20, check=False
            )
        except (OSError, subprocess.SubprocessError):
            return None
        fields = done.stdout.decode("utf-8", "replace").strip().split("\x1f")
        if done.returncode != 0 or len(fields) != 4 or not fields[0]:
            return None
        oid, name, date, headline = fields
        return FileCommit(oid, None, name, _utc(date), headline)

    def memory_apart(self) -> bool:
        return False

    def write(self, files: Mapping[str, bytes], *, message: str, mode: str = "commit") -> Written:
        return Written(write_files(self.root, files))


def _utc(date: str) -> str | None:
    """An ISO-8601 date with an offset as UTC (``2026-01-01T10:00:00Z``), None when unreadable."""
    try:
        return datetime.fromisoformat(date).astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    except ValueError:
        return None


class GitHubWorkspace:
    """The default branch of a GitHub repo: reads at a pinned commit, writes one commit over it.

    ``refresh`` pins the head and reads the ``hints`` (roadmap.yaml, the state file, the README,
    the template folder) in one GraphQL query; other paths are read by REST at the pinned head.
    ``write`` sends every file to one Git Data commit, which skips unchanged blobs by their ids,
    so nothing is read back to compare and nothing is written when nothing changed.

    When the default branch refuses the push (branch protection, a ruleset), or ``mode`` is
    "pull-request", the same commit goes on top of the default branch's head on the bot's own
    branch (``UPDATE_BRANCH``, force-updated) and one pull request carries it. While that pull
    request is open it holds the bot's newest state: ``read_memory`` reads the state there (a
    run that finds it re-plans on it once, through ConflictError), a run whose files equal the
    branch's writes nothing, and a newer change replaces the branch's commit (no push to the
    default branch is tried until the pull request is merged or closed).
    """

    def __init__(
        self, client: GitHubFiles, *, hints: Sequence[str] = (), listings: Sequence[str] = ()
    ) -> None:
        self.client = client
        self.hints = tuple(hints)
        self.listings = tuple(listings)
        self.head: str | None = None
        self.commit: str | None = None  # the commit this workspace wrote, if any
        self._cache: dict[str, bytes | None] = {}
        self._oids: dict[str, str] = {}  # path → blob id at the pinned head (None: absent)
        self._absent: set[str] = set()  # folders known not to exist
        self._listed: set[str] = set()  # folders whose every file is in _oids
        self._pulls: PullRequests | None = None
        self._pending: Pending | None = None  # the update branch as last seen
        self._pending_known = False  # _pending was looked up (once a run, when a write differs)
        self._adopted: Pending | None = None  # its open pull request holds the bot's state
        self._memory_paths: set[str] = set()  # paths read through read_memory
        self._memory: dict[str, bytes | None] = {}  # path → the adopted branch's version
        self._blobs: dict[str, dict[str, str]] = {}  # commit → path → blob id
        self._changes: dict[str, FileCommit | None] = {}  # path → last commit, read with the head

    def refresh(self) -> None:
        self._cache.clear()
        self._changes.clear()
        self._oids.clear()
        self._absent.clear()
        self._listed.clear()
        if not (self.hints or self.listings):
            _, self.head = self.client.default_branch_head()
            return
        found = self.client.read_files(self.hints, listings=self.listings)
        self.head = found.head
        for path, text in found.texts.items():
            self._cache[path] = None if text is None else text.encode("utf-8")
            if text is None:
                self._absent.add(path)
        self._oids.update(found.oids)
        self._listed.update(found.folders)
        self._changes.update(found.changes)

    def last_change(self, path: str) -> FileCommit | None:
        """Read with the head for the hinted paths; None (not known) for others."""
        return self._changes.get(path)

    def memory_apart(self) -> bool:
        return self._adopted is not None

    def read(self, path: str) -> bytes | None:
        if self.head is None:
            self.refresh()
        if path not in self._cache:
            known_absent = self._under(path, self._absent) or (
                self._under(path, self._listed) and path not in self._oids
            )
            self._cache[path] = None if known_absent else self.client.read_file(path, ref=self.head)
        return self._cache[path]

    def read_memory(self, path: str) -> bytes | None:
        self._memory_paths.add(path)
        if self._adopted is None:
            return self.read(path)
        if path not in self._memory:
            self._memory[path] = self._pull_api().read_file(path, self._adopted.head)
        return self._memory[path]

    def write(self, files: Mapping[str, bytes], *, message: str, mode: str = "commit") -> Written:
        if self.head is None:
            self.refresh()
        assert self.head is not None
        check_repo_paths(files)  # never into .git/ or .github/workflows/, never outside
        if all(self._unchanged(path, data) for path, data in files.items()):
            return Written([], Delivery("none"))  # known identical: not even a read of the tree
        pulls = self._pull_api()
        base = pulls.default_branch()
        pending = self._find_pending(pulls, base)
        open_pull = pending.pull if pending is not None else None
        if pending is not None and open_pull is not None:
            if self._adopted is None:
                self._adopt(pending)
                if self._memory_differs(pulls, pending):
                    raise ConflictError(
                        f"the open pull request #{open_pull.number} holds newer bot state than "
                        f"{base}: planning again on it"
                    )
            if self._holds(pulls, pending.head, files):
                reason = f"its pull request #{open_pull.number} already holds this change"
                delivery = Delivery(
                    "pull-request",
                    reason=reason,
                    pull_number=open_pull.number,
                    pull_url=open_pull.url,
                    pull_action="unchanged",
                )
                return Written([], delivery)
        if open_pull is not None:  # the change joins it; merged or closed, commits resume
            reason = f"its pull request #{open_pull.number} is open (merge it to publish)"
        elif mode == "pull-request":
            reason = "the write mode is `pull-request`"
        else:
            try:
                new_head, changed = self.client.commit_changed(
                    dict(files), message=message, parent=self.head
                )
            except BranchProtectedError as exc:
                reason = str(exc)
            else:
                return self._committed(new_head, changed, files)
        try:
            return self._propose(pulls, base, files, message=message, reason=reason)
        except GitHubError as exc:
            if exc.status != 403:
                raise
            raise GitHubError(
                f"{reason}, and proposing the change as a pull request was refused too: {exc} "
                'Give the workflow `permissions: pull-requests: write` and enable "Allow GitHub '
                'Actions to create and approve pull requests" (Settings → Actions → General), '
                "or let the bot push to the default branch.",
                status=exc.status,
            ) from exc

    def _committed(self, new_head: str, changed: list[str], files: Mapping[str, bytes]) -> Written:
        """After a direct commit: the default branch is the pinned version again."""
        if changed:
            self.commit = new_head
            self.head = new_head
            self._cache.update({path: files[path] for path in changed})
            self._oids.update({path: blob_id(files[path]) for path in changed})
        return Written(changed, Delivery("commit", commit=new_head if changed else None))

    def _propose(
        self,
        pulls: PullRequests,
        base: str,
        files: Mapping[str, bytes],
        *,
        message: str,
        reason: str,
    ) -> Written:
        """Put the change on the update branch (on top of ``base``) and keep one pull request."""
        assert self.head is not None
        pending = self._pending
        changed = [path for path, data in files.items() if not self._unchanged(path, data)]
        moved = False
        if pending is not None and self._holds(pulls, pending.head, files):
            sha = pending.head  # the branch already has these files (its pull request closed)
        else:
            built, changed = pulls.build_commit(dict(files), message=message, parent=self.head)
            if built is None:
                return Written([], Delivery("none"))  # the default branch has these files after all
            sha = built
            pulls.point_branch(UPDATE_BRANCH, sha, exists=pending is not None)
            moved = True
        body = pull_body(reason=reason, branch=UPDATE_BRANCH, base=base)
        known = pending.pull if pending is not None else None
        pull, opened = pulls.ensure_pull(  # an open one keeps the reason it was opened with
            UPDATE_BRANCH, base, title=PULL_TITLE, body=body, known=known, keep=known is not None
        )
        self._pending = Pending(sha, pull)
        self._pending_known = True
        self._adopt(self._pending)  # its state is now the bot's newest
        self.commit = None
        delivery = Delivery(
            "pull-request",
            reason=reason,
            pull_number=pull.number,
            pull_url=pull.url,
            pull_action="opened" if opened else "updated" if moved else "unchanged",
        )
        return Written(sorted(changed), delivery)

    def _pull_api(self) -> PullRequests:
        if self._pulls is None:
            self._pulls = self.client.pulls()
        return self._pulls

    def _find_pending(self, pulls: PullRequests, base: str) -> Pending | None:
        if not self._pending_known:
            self._pending = pulls.pending(UPDATE_BRANCH, base)
            self._pending_known = True
        return self._pending

    def _adopt(self, pending: Pending | None) -> None:
        self._adopted = pending
        self._memory.clear()

    def _branch_blobs(self, pulls: PullRequests, commit: str) -> dict[str, str]:
        if commit not in self._blobs:
            self._blobs[commit] = pulls.blobs(commit)
        return self._blobs[commit]

    def _holds(self, pulls: PullRequests, commit: str, files: Mapping[str, bytes]) -> bool:
        """True when every file is already so at ``commit``."""
        blobs = self._branch_blobs(pulls, commit)
        return all(blobs.get(path) == blob_id(data) for path, data in files.items())

    def _memory_differs(self, pulls: PullRequests, pending: Pending) -> bool:
        """True when a memory file read from the default branch differs on the pending branch."""
        blobs = self._branch_blobs(pulls, pending.head)
        for path in self._memory_paths:
            if path in self._oids:
                if self._oids[path] != blobs.get(path):
                    return True
            elif path in self._cache:
                data = self._cache[path]
                if (None if data is None else blob_id(data)) != blobs.get(path):
                    return True
            else:
                return True
        return False

    def _unchanged(self, path: str, data: bytes) -> bool:
        if path in self._oids:
            return self._oids[path] == blob_id(data)
        cached = self._cache.get(path, b"\0unknown")
        return cached == data

    @staticmethod
    def _under(path: str, folders: set[str]) -> bool:
        return any(path == f or path.startswith(f + "/") for f in folders)


class GitHubFiles(Protocol):
    """The part of the GitHub client a GitHubWorkspace needs."""

    def default_branch_head(self) -> tuple[str, str]: ...

    def read_file(self, path: str, *, ref: str | None = None) -> bytes | None: ...

    def read_files(self, paths: Sequence[str], *, listings: Sequence[str] = ()) -> RepoFiles: ...

    def commit_changed(
        self, files: Mapping[str, bytes | None], *, message: str, parent: str
    ) -> tuple[str, list[str]]: ...

    def pulls(self) -> PullRequests: ...
