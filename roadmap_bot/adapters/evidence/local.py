"""Snapshot provider for local working trees (a path relative to ``base_dir``, or absolute).

Lists the files a push would publish (for a git work tree: tracked plus untracked files that
.gitignore does not exclude, so an ignored ``mlruns/`` or ``.venv/`` is not evidence; for a
plain folder: every file, symlinked dirs not entered), reads only ``wanted_paths`` (each once,
at most ``MAX_TEXT_BYTES``, at most ``MAX_REPO_TEXT_BYTES`` in all, only regular files: a FIFO
named README.md would block), and never reads through a symlink that leaves the tree. A repo
not read within ``budget`` seconds is ``TooLarge``. HEAD is
``git rev-parse HEAD`` for a clean work tree; a dirty tree or a plain folder gets
``local-<hash>`` of every path, size and mtime, so an edit is noticed while nothing is read
just to decide that.
"""

from __future__ import annotations

import hashlib
import os
import stat
import subprocess
import time
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path

from roadmap_bot.adapters.evidence.limits import ByteBudget, cap_paths, each_repo
from roadmap_bot.adapters.evidence.setup import Setup
from roadmap_bot.core.evidence.snapshot import (
    TIME_BUDGET,
    ProblemKind,
    Progress,
    RepoProblem,
    RepoSnapshot,
    SnapshotOutcome,
    TooLarge,
    Unchanged,
    Wanted,
    decode_text,
    over_repo_cap,
    read_order,
    wanted_paths,
)
from roadmap_bot.core.repos import RepoKind, RepoRef

GIT_TIMEOUT = 30  # seconds


def claims(ref: RepoRef) -> str | None:
    """A path (``./x``, ``../x``, ``/x``, ``~/x``) is this provider's, read as written."""
    return ref.value if ref.kind is RepoKind.LOCAL else None


def build(setup: Setup) -> LocalDirProvider:
    return LocalDirProvider(setup.base_dir, budget=setup.budget)


class LocalDirProvider:
    """Snapshots of local directories; ``reads`` counts file reads (for tests and benchmarks)."""

    def __init__(
        self,
        base_dir: Path,
        *,
        budget: float | None = TIME_BUDGET,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.base_dir = base_dir
        self.budget = budget  # seconds to read one repo; then it is TooLarge
        self.clock = clock
        self.reads: list[str] = []

    def fetch(
        self,
        repos: Sequence[str],
        *,
        known_heads: Mapping[str, str],
        extra: Wanted | None = None,
        progress: Progress | None = None,
    ) -> dict[str, SnapshotOutcome]:
        return each_repo(self._one, repos, known_heads, extra, progress)

    def _one(self, repo: str, known: str | None, extra: Wanted | None) -> SnapshotOutcome:
        end = None if self.budget is None else self.clock() + self.budget
        root = (self.base_dir / Path(repo).expanduser()).resolve()
        if not root.exists():
            return RepoProblem(
                repo, ProblemKind.MISSING, f"{repo}: no such directory ({root}); fix the path"
            )
        if not root.is_dir():
            return RepoProblem(
                repo, ProblemKind.ERROR, f"{repo}: {root} is a file, not a directory"
            )
        is_git = (root / ".git").exists()
        git_head = _git_head(root) if is_git else None
        clean = is_git and not _git_dirty(root)
        if git_head is not None and clean and known == git_head:
            return Unchanged(repo, git_head)
        # neither lister raises: os.walk skips a folder it cannot read, a failing git gives None
        listed = _git_files(root) if is_git else None
        files = _stat_all(root, listed) if listed is not None else _walk(root)
        if not files:
            reason = f"{repo}: the directory has no files; add your project"
            return RepoProblem(repo, ProblemKind.EMPTY, reason)
        head = git_head if git_head is not None and clean else _fingerprint(files)
        if known == head:
            return Unchanged(repo, head)
        paths, truncated = cap_paths(files)
        texts: dict[str, str] = {}
        unread: dict[str, str] = {}
        budget = ByteBudget()
        for path in read_order(wanted_paths(paths, extra=extra)):
            if end is not None and self.clock() >= end:
                why = f"reading it took longer than {self.budget:g} s"
                return TooLarge(repo, head, why)
            limit = budget.next_limit()
            if limit <= 0:
                unread[path] = over_repo_cap(path)
                continue
            text, size = self._read(root, path, limit, unread)
            budget.spend(size)
            if text is not None:
                texts[path] = text
        note = None if git_head and clean else "uncommitted changes" if is_git else "not a git repo"
        return RepoSnapshot(repo, head, paths, texts, truncated=truncated, note=note, unread=unread)

    def _read(
        self, root: Path, path: str, limit: int, unread: dict[str, str]
    ) -> tuple[str | None, int]:
        """The text of ``path`` (at most ``limit`` bytes of it) and the bytes read. Only a
        regular file inside the tree is read: a FIFO named README.md would block the run, a
        device never ends, and a link out of the tree is not the repo's content."""
        target = root / path
        try:
            if not target.resolve().is_relative_to(root):
                return None, 0
            self.reads.append(path)
            fd = os.open(target, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
        except OSError:
            return None, 0
        try:
            if not stat.S_ISREG(os.fstat(fd).st_mode):
                unread[path] = f"{path} was not read: it is not a regular file"
                return None, 0
            data = _read_at_most(fd, limit + 1)
        except OSError:
            return None, 0
        finally:
            os.close(fd)
        return decode_text(data[:limit], truncated=len(data) > limit), min(len(data), limit)


def _read_at_most(fd: int, limit: int) -> bytes:
    """Up to ``limit`` bytes of an open file, never more (not the whole file, then a cut)."""
    parts: list[bytes] = []
    while limit > 0:
        chunk = os.read(fd, min(limit, 1024 * 1024))
        if not chunk:
            break
        parts.append(chunk)
        limit -= len(chunk)
    return b"".join(parts)


def _walk(root: Path) -> dict[str, tuple[int, int]]:
    """Relative posix path → (size, mtime_ns) of every file; .git and dir symlinks skipped."""
    found: dict[str, tuple[int, int]] = {}
    for current, dirs, names in os.walk(root, followlinks=False):
        dirs[:] = [d for d in dirs if d != ".git" and not os.path.islink(os.path.join(current, d))]
        rel = os.path.relpath(current, root)
        prefix = "" if rel == "." else rel.replace(os.sep, "/") + "/"
        for name in names:
            try:
                info = os.lstat(os.path.join(current, name))
            except OSError:
                continue
            found[prefix + name] = (info.st_size, info.st_mtime_ns)
    return found


def _stat_all(root: Path, listed: list[str]) -> dict[str, tuple[int, int]]:
    """(size, mtime_ns) of the listed paths that still exist (a deleted tracked file is gone)."""
    found: dict[str, tuple[int, int]] = {}
    for path in listed:
        try:
            info = os.lstat(root / path)
        except OSError:
            continue
        if not os.path.isdir(root / path):
            found[path] = (info.st_size, info.st_mtime_ns)
    return found


def _fingerprint(files: Mapping[str, tuple[int, int]]) -> str:
    digest = hashlib.sha1()
    for path in sorted(files):
        size, mtime = files[path]
        digest.update(f"{path}\0{size}\0{mtime}\n".encode("utf-8", "surrogateescape"))
    return "local-" + digest.hexdigest()[:16]


def _git(root: Path, *args: str) -> str | None:
    """Git's output in the work tree ``root`` (callers know it has a .git); None when git fails."""
    try:
        done = subprocess.run(
            ["git", "-C", str(root), *args],
            capture_output=True,
            encoding="utf-8",
            errors="surrogateescape",
            timeout=GIT_TIMEOUT,
            check=False,
        )
    except (OSError, subprocess.TimeoutExpired):
        return None
    return done.stdout if done.returncode == 0 else None


def _git_head(root: Path) -> str | None:
    out = _git(root, "rev-parse", "--verify", "-q", "HEAD")
    return out.strip() if out else None


def _git_files(root: Path) -> list[str] | None:
    """Tracked plus untracked-but-not-ignored files: what a push would publish."""
    out = _git(root, "ls-files", "-z", "--cached", "--others", "--exclude-standard")
    return None if out is None else sorted({p for p in out.split("\0") if p})


def _git_dirty(root: Path) -> bool:
    out = _git(root, "status", "--porcelain", "--untracked-files=normal")
    return out is None or bool(out.strip())
