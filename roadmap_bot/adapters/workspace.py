"""Where the roadmap repo's files are read and written: a local folder or GitHub's Git Data API."""

from __future__ import annotations

import hashlib
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

from roadmap_bot.adapters.files import check_repo_paths, write_files

if TYPE_CHECKING:  # the GitHub package (and requests) load only when a GitHub run needs them
    from roadmap_bot.adapters.github.repo_files import RepoFiles


class Workspace(Protocol):
    """Read the repo's files at one pinned version, and write a set of files as one change."""

    def refresh(self) -> None:
        """Pin the newest version; later reads see it (called before each planning attempt)."""

    def read(self, path: str) -> bytes | None:
        """The file's bytes at the pinned version, or None when it does not exist."""

    def write(self, files: Mapping[str, bytes], *, message: str) -> list[str]:
        """Write what differs, as one change; return the changed paths (ConflictError if moved)."""


class LocalWorkspace:
    """A folder on disk (a checkout, or the offline demo)."""

    def __init__(self, root: Path) -> None:
        self.root = root

    def refresh(self) -> None:
        return None

    def read(self, path: str) -> bytes | None:
        target = self.root / path
        return target.read_bytes() if target.is_file() else None

    def write(self, files: Mapping[str, bytes], *, message: str) -> list[str]:
        return write_files(self.root, files)


class GitHubWorkspace:
    """The default branch of a GitHub repo: reads at a pinned commit, writes one commit over it.

    ``refresh`` pins the head and reads the ``hints`` (roadmap.yaml, the state file, the README,
    the template folder) in one GraphQL query; other paths are read by REST at the pinned head.
    ``write`` sends every file to one Git Data commit, which skips unchanged blobs by their ids,
    so nothing is read back to compare and nothing is written when nothing changed.
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

    def refresh(self) -> None:
        self._cache.clear()
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

    def read(self, path: str) -> bytes | None:
        if self.head is None:
            self.refresh()
        if path not in self._cache:
            known_absent = self._under(path, self._absent) or (
                self._under(path, self._listed) and path not in self._oids
            )
            self._cache[path] = None if known_absent else self.client.read_file(path, ref=self.head)
        return self._cache[path]

    def write(self, files: Mapping[str, bytes], *, message: str) -> list[str]:
        if self.head is None:
            self.refresh()
        assert self.head is not None
        check_repo_paths(files)  # never into .git/ or .github/workflows/, never outside
        if all(self._unchanged(path, data) for path, data in files.items()):
            return []  # known to be identical: not even a read of the tree
        new_head, changed = self.client.commit_changed(
            dict(files), message=message, parent=self.head
        )
        if changed:
            self.commit = new_head
            self.head = new_head
            self._cache.update({path: files[path] for path in changed})
            self._oids.update({path: blob_id(files[path]) for path in changed})
        return changed

    def _unchanged(self, path: str, data: bytes) -> bool:
        if path in self._oids:
            return self._oids[path] == blob_id(data)
        cached = self._cache.get(path, b"\0unknown")
        return cached == data

    @staticmethod
    def _under(path: str, folders: set[str]) -> bool:
        return any(path == f or path.startswith(f + "/") for f in folders)


def blob_id(data: bytes) -> str:
    """The git object id of a blob holding ``data``."""
    return hashlib.sha1(b"blob %d\0" % len(data) + data, usedforsecurity=False).hexdigest()


class GitHubFiles(Protocol):
    """The part of the GitHub client a GitHubWorkspace needs."""

    def default_branch_head(self) -> tuple[str, str]: ...

    def read_file(self, path: str, *, ref: str | None = None) -> bytes | None: ...

    def read_files(self, paths: Sequence[str], *, listings: Sequence[str] = ()) -> RepoFiles: ...

    def commit_changed(
        self, files: Mapping[str, bytes | None], *, message: str, parent: str
    ) -> tuple[str, list[str]]: ...
