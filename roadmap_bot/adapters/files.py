"""Write files atomically, and only those whose bytes changed."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Mapping
from pathlib import Path


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
    """Write each relative path under ``base`` whose content differs; return the paths changed."""
    changed: list[str] = []
    for rel, data in sorted(files.items()):
        target = base / rel
        if target.is_file() and target.read_bytes() == data:
            continue
        write_atomic(target, data)
        changed.append(rel)
    return changed
