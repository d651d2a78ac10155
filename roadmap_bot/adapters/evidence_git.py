"""Snapshot provider for git URLs: ls-remote first, then a shallow blob-less clone, few blobs.

Per URL: ``git ls-remote --symref URL HEAD`` (an unchanged HEAD costs nothing more and answers
Unchanged); else a ``--depth 1 --filter=blob:none`` bare clone in ``cache_dir`` (one folder per
URL, refreshed with a shallow fetch later), ``git ls-tree -r`` for the paths, one batched fetch
of the wanted blobs, and ``git cat-file --batch`` to read them. A server without partial-clone
support simply sends every blob. Credentials in a URL never appear in a reason or an error.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import re
import subprocess
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path

from roadmap_bot.core.snapshot import (
    MAX_TEXT_BYTES,
    ProblemKind,
    RepoProblem,
    RepoSnapshot,
    SnapshotOutcome,
    Unchanged,
    decode_text,
    wanted_paths,
)

GIT_TIMEOUT = 300  # seconds for one git command (a clone of a large tree)
_SYMLINK, _SUBMODULE = "120000", "160000"
_REF = "refs/heads/snapshot"  # where the cache keeps the fetched HEAD


def redact(text: str) -> str:
    """Hide ``user:password@`` in every URL in ``text``."""
    return re.sub(r"(\b[a-z][a-z0-9+.-]*://)[^/@\s]+@", r"\1***@", text, flags=re.I)


class GitFailed(Exception):
    """A git command failed; ``stderr`` is already redacted."""

    def __init__(self, stderr: str) -> None:
        super().__init__(stderr)
        self.stderr = stderr


class GitUrlProvider:
    """Snapshots of repos reachable by git URL (https, ssh, file)."""

    def __init__(self, cache_dir: Path, *, extra: Callable[[str], bool] | None = None) -> None:
        self.cache_dir = cache_dir
        self.extra = extra
        self.blobs_read = 0

    def fetch(
        self, repos: Sequence[str], *, known_heads: Mapping[str, str]
    ) -> dict[str, SnapshotOutcome]:
        return {url: self._one(url, known_heads.get(url)) for url in repos}

    def _one(self, url: str, known: str | None) -> SnapshotOutcome:
        shown = redact(url)
        try:
            head, branch = self._ls_remote(url)
            if head is None:
                reason = f"{shown}: the repository is empty; push a first commit"
                return RepoProblem(url, ProblemKind.EMPTY, reason)
            if known == head:
                return Unchanged(url, head)
            gitdir = self._clone(url)
            commit = self._git(gitdir, "rev-parse", f"{_REF}^{{commit}}").strip() or head
            entries = self._ls_tree(gitdir, commit)
            texts = self._read(gitdir, entries)
        except GitFailed as exc:
            return _problem(url, exc.stderr)
        except subprocess.TimeoutExpired:
            reason = f"{shown}: git took longer than {GIT_TIMEOUT}s; try again later"
            return RepoProblem(url, ProblemKind.ERROR, reason)
        paths = tuple(sorted(entries))
        return RepoSnapshot(url, commit, paths, texts, default_branch=branch)

    # --- git plumbing --------------------------------------------------------------------

    def _git(self, gitdir: Path | None, *args: str, stdin: bytes | None = None) -> str:
        return self._run(gitdir, *args, stdin=stdin).decode("utf-8", "surrogateescape")

    def _run(self, gitdir: Path | None, *args: str, stdin: bytes | None = None) -> bytes:
        command = ["git"] + (["--git-dir", str(gitdir)] if gitdir else []) + list(args)
        env = {**os.environ, "GIT_TERMINAL_PROMPT": "0", "GCM_INTERACTIVE": "never"}
        done = subprocess.run(
            command, input=stdin, capture_output=True, timeout=GIT_TIMEOUT, env=env, check=False
        )
        if done.returncode != 0:
            raise GitFailed(redact(done.stderr.decode("utf-8", "replace")))
        return done.stdout

    def _ls_remote(self, url: str) -> tuple[str | None, str | None]:
        out = self._git(None, "ls-remote", "--symref", url, "HEAD")
        head = branch = None
        for line in out.splitlines():
            if line.startswith("ref: ") and line.endswith("\tHEAD"):
                branch = line[5:-5].removeprefix("refs/heads/")
            elif line.endswith("\tHEAD"):
                head = line.split("\t", 1)[0]
        return head, branch

    def _clone(self, url: str) -> Path:
        gitdir = self.cache_dir / hashlib.sha256(url.encode()).hexdigest()[:24]
        if not (gitdir / "HEAD").exists():
            self.cache_dir.mkdir(parents=True, exist_ok=True)
            self._git(None, "init", "--bare", "-q", str(gitdir))
            self._git(gitdir, "remote", "add", "origin", url)
            self._git(gitdir, "symbolic-ref", "HEAD", _REF)
        fetch = ["fetch", "-q", "--depth", "1", "--filter=blob:none", "--no-tags", "origin"]
        fetch.append(f"+HEAD:{_REF}")  # a ref keeps the snapshot safe from gc
        self._git(gitdir, *fetch)
        return gitdir

    def _ls_tree(self, gitdir: Path, commit: str) -> dict[str, tuple[str, str]]:
        """path → (mode, blob id) of every file in the commit."""
        out = self._git(gitdir, "ls-tree", "-r", "-z", "--full-tree", commit)
        entries: dict[str, tuple[str, str]] = {}
        for record in out.split("\0"):
            if record:
                meta, _, path = record.partition("\t")
                mode, _, oid = meta.split(" ")
                entries[path] = (mode, oid)
        return entries

    def _read(self, gitdir: Path, entries: Mapping[str, tuple[str, str]]) -> dict[str, str]:
        wanted = [
            p
            for p in wanted_paths(tuple(sorted(entries)), extra=self.extra)
            if entries[p][0] not in (_SYMLINK, _SUBMODULE)
        ]
        if not wanted:
            return {}
        oids = sorted({entries[p][1] for p in wanted})
        # One round trip for every blob; cat-file alone would fetch them one by one. A server
        # that refuses fetch by id still serves them lazily to cat-file.
        with contextlib.suppress(GitFailed):
            self._git(
                gitdir,
                "-c",
                "fetch.negotiationAlgorithm=noop",
                "fetch",
                "-q",
                "--no-tags",
                "--no-write-fetch-head",
                "--filter=blob:none",
                "origin",
                *oids,
            )
        out = self._run(
            gitdir, "cat-file", "--batch", stdin="".join(o + "\n" for o in oids).encode()
        )
        blobs = _parse_batch(out)
        self.blobs_read += len(blobs)
        texts: dict[str, str] = {}
        for path in wanted:
            data = blobs.get(entries[path][1])
            if data is not None:
                text = decode_text(data[:MAX_TEXT_BYTES], truncated=len(data) > MAX_TEXT_BYTES)
                if text is not None:
                    texts[path] = text
        return texts


def _parse_batch(out: bytes) -> dict[str, bytes]:
    """Parse ``cat-file --batch`` output: ``<oid> blob <size>\\n<bytes>\\n`` per object."""
    blobs: dict[str, bytes] = {}
    pos = 0
    while pos < len(out):
        end = out.index(b"\n", pos)
        header = out[pos:end].decode().split()
        pos = end + 1
        if len(header) == 3:
            size = int(header[2])
            blobs[header[0]] = out[pos : pos + size]
            pos += size + 1
    return blobs


_MISSING = re.compile(
    r"not found|does not exist|does not appear to be a git repository|no such file", re.I
)
_NO_ACCESS = re.compile(
    r"authentication failed|could not read username|permission denied|terminal prompts disabled"
    r"|\b403\b|access denied|not authorized",
    re.I,
)


def _problem(url: str, stderr: str) -> RepoProblem:
    shown = redact(url)
    detail = " ".join(stderr.split())[:200]
    if _MISSING.search(stderr):
        reason = f"{shown}: no repository at this URL ({detail}); check the URL"
        return RepoProblem(url, ProblemKind.MISSING, reason)
    if _NO_ACCESS.search(stderr):
        reason = f"{shown}: access denied ({detail}); make it public or give the bot access"
        return RepoProblem(url, ProblemKind.NO_ACCESS, reason)
    return RepoProblem(url, ProblemKind.ERROR, f"{shown}: git failed ({detail}); try again later")
