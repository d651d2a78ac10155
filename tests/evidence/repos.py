"""Turn corpus cases into real things: a plain directory and a git repo served by file:// URL."""

from __future__ import annotations

import os
import subprocess
from collections.abc import Mapping
from pathlib import Path

GIT_ENV = {
    "GIT_AUTHOR_NAME": "Corpus",
    "GIT_AUTHOR_EMAIL": "corpus@example.invalid",
    "GIT_COMMITTER_NAME": "Corpus",
    "GIT_COMMITTER_EMAIL": "corpus@example.invalid",
    "GIT_CONFIG_GLOBAL": os.devnull,
    "GIT_CONFIG_NOSYSTEM": "1",
}


def git(cwd: Path, *args: str) -> str:
    """Run git in ``cwd`` with a fixed identity and no user config; return stdout."""
    done = subprocess.run(
        ["git", *args], cwd=cwd, env={**os.environ, **GIT_ENV}, capture_output=True, check=True
    )
    return done.stdout.decode()


def write_tree(root: Path, files: Mapping[str, str | bytes]) -> Path:
    """Write ``files`` (path → text or bytes) under ``root``."""
    root.mkdir(parents=True, exist_ok=True)
    for rel, content in files.items():
        target = root / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        data = content.encode("utf-8") if isinstance(content, str) else content
        target.write_bytes(data)
    return root


def make_git_repo(root: Path, files: Mapping[str, str | bytes]) -> str:
    """A git repo holding ``files`` in one commit, served like GitHub serves (partial clone and
    fetch by blob id allowed); returns its file:// URL. No files: a repo without commits."""
    write_tree(root, files)
    git(root, "init", "-q", "-b", "main")
    git(root, "config", "uploadpack.allowFilter", "true")
    git(root, "config", "uploadpack.allowAnySHA1InWant", "true")
    if files:
        git(root, "add", "-A")
        git(root, "commit", "-q", "-m", "corpus")
    return root.resolve().as_uri()


BIG_FILES = 100_000


def big_tree(root: Path, real: Mapping[str, str | bytes]) -> Path:
    """``real`` files hidden in a tree of ``BIG_FILES`` files in all (empty filler files)."""
    write_tree(root, real)
    filler = BIG_FILES - len(real)
    per_dir = 100
    for d in range(-(-filler // per_dir)):
        folder = root / f"pkg{d // 100}" / f"mod{d}"
        folder.mkdir(parents=True, exist_ok=True)
        for i in range(min(per_dir, filler - d * per_dir)):
            (folder / f"part_{i}.txt").touch()
    return root
