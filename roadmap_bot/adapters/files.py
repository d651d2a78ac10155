"""Write files atomically, and only those whose bytes changed."""

from __future__ import annotations

import hashlib
import os
import tempfile
from collections.abc import Iterable, Mapping
from pathlib import Path

from roadmap_bot.core.repopaths import PathKind, repo_path
from roadmap_bot.errors import RepoPathError, UsageError


def write_atomic(path: Path, data: bytes) -> None:
    """Replace ``path`` with ``data`` via a temp file in the same folder and ``os.replace``."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        if path.exists():
            os.chmod(tmp, path.stat().st_mode & 0o777)
        else:
            os.chmod(tmp, 0o644)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def write_files(base: Path, files: Mapping[str, bytes]) -> list[str]:
    """Write each relative path under ``base`` whose content differs; return the paths changed.

    Every path is checked first (:func:`inside`), so nothing is written when one is refused."""
    targets = {rel: inside(base, rel) for rel in sorted(files)}
    changed: list[str] = []
    for rel, target in targets.items():
        data = files[rel]
        if target.is_file() and target.read_bytes() == data:
            continue
        write_atomic(target, data)
        changed.append(rel)
    return changed


def check_repo_paths(paths: Iterable[str]) -> None:
    """Refuse (UsageError) a repository path the bot must not write (core/repopaths.py): a
    defence in depth for writes through the API, where there are no links to follow."""
    for rel in paths:
        try:
            repo_path(rel)
        except RepoPathError as exc:
            raise UsageError(f"refusing to write {rel!r}: it {exc}") from None


def inside(base: Path, rel: str, *, kind: PathKind = PathKind.FILE) -> Path:
    """``base / rel`` with symbolic links resolved, when it stays inside ``base``; else UsageError.

    ``rel`` must satisfy the repository path rule (core/repopaths.py); then the real path, after
    following every link on the way (a README.md that links to ~/.bashrc, a badges folder that
    links to /etc), must still be inside ``base`` and not in its ``.git``. Writing to the
    resolved path keeps a link inside the folder a link."""
    try:
        repo_path(rel, kind=kind)
    except RepoPathError as exc:
        raise UsageError(f"refusing to use {rel!r}: it {exc}") from None
    root = base.resolve()
    target = (root / rel).resolve()
    if not target.is_relative_to(root):
        raise UsageError(
            f"refusing to use {base / rel}: it is a symbolic link (or lies under one) that leads "
            f"to {target}, outside {root}; replace the link with a file, or remove it"
        )
    real = target.relative_to(root).as_posix()
    if real != ".":
        try:
            repo_path(real, kind=kind)
        except RepoPathError as exc:
            raise UsageError(
                f"refusing to use {base / rel}: a symbolic link leads to {real}, which {exc}"
            ) from None
    return target


def blob_id(data: bytes) -> str:
    """The git object id of a blob holding ``data``."""
    return hashlib.sha1(b"blob %d\0" % len(data) + data, usedforsecurity=False).hexdigest()
