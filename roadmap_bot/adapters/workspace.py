"""Where the roadmap repo's files are read and written: a local folder or GitHub's Git Data API."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Protocol

from roadmap_bot.adapters.files import write_files


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
    """The default branch of a GitHub repo: reads at a pinned commit, writes one commit over it."""

    def __init__(self, client: GitHubFiles) -> None:
        self.client = client
        self.head: str | None = None
        self.commit: str | None = None  # the commit this workspace wrote, if any
        self._cache: dict[str, bytes | None] = {}

    def refresh(self) -> None:
        _, head = self.client.default_branch_head()
        if head != self.head:
            self._cache.clear()
        self.head = head

    def read(self, path: str) -> bytes | None:
        if self.head is None:
            self.refresh()
        if path not in self._cache:
            self._cache[path] = self.client.read_file(path, ref=self.head)
        return self._cache[path]

    def write(self, files: Mapping[str, bytes], *, message: str) -> list[str]:
        if self.head is None:
            self.refresh()
        assert self.head is not None
        changed = [path for path, data in sorted(files.items()) if self.read(path) != data]
        if not changed:
            return []
        new_head = self.client.commit_files(
            {path: files[path] for path in changed}, message=message, parent=self.head
        )
        self.commit = new_head
        self.head = new_head
        self._cache.update({path: files[path] for path in changed})
        return changed


class GitHubFiles(Protocol):
    """The part of the GitHub client a GitHubWorkspace needs."""

    def default_branch_head(self) -> tuple[str, str]: ...

    def read_file(self, path: str, *, ref: str | None = None) -> bytes | None: ...

    def commit_files(
        self, files: Mapping[str, bytes | None], *, message: str, parent: str
    ) -> str: ...
