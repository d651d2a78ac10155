"""The one rule for a path that configuration names and the bot writes: inside the repository.

roadmap.yaml's ``settings.readme``, ``settings.state_file`` and ``settings.badges_dir`` (and the
action's ``config`` and ``badges-dir`` inputs) are written by whoever controls the repository's
files, and the bot writes where they point with a token. So every such path must be a relative
posix path that stays inside the repository after ``..`` is resolved, never inside ``.git/``
(git's own files: hooks run code), and never under ``.github/workflows/`` (a push there needs the
``workflows`` permission, which the bot never asks for, so every run would fail).

Pure: it looks at strings only. The adapters that write local files also resolve symbolic
links (``adapters/files.py``).
"""

from __future__ import annotations

import posixpath
import unicodedata
from enum import StrEnum

from roadmap_bot.errors import RepoPathError

MAX_PATH_CHARS = 1024  # far longer than any sensible path; git hosts refuse longer ones anyway
WORKFLOWS_DIR = ".github/workflows"


class PathKind(StrEnum):
    FILE = "file"
    FOLDER = "folder"


def repo_path(
    value: object,
    *,
    base: str = "",
    kind: PathKind = PathKind.FILE,
    against: str = "roadmap.yaml",
) -> str:
    """The normalised repository-relative path ``value`` names, read relative to ``base``.

    ``base`` is the folder of roadmap.yaml relative to the repository root (``""`` for the root);
    raise :class:`RepoPathError` when the path is absolute, leaves the repository, names git's
    own folder or a workflow file, or holds characters no path should (control characters,
    backslashes). ``against`` is what the messages say the path is relative to.
    """
    if not isinstance(value, str) or not value.strip():
        raise RepoPathError(f"is empty; write a path relative to {against}")
    if len(value) > MAX_PATH_CHARS:
        raise RepoPathError(f"is longer than {MAX_PATH_CHARS} characters")
    bad = next((c for c in value if _is_control(c)), None)
    if bad is not None:
        raise RepoPathError(f"contains the control character U+{ord(bad):04X}; remove it")
    if "\\" in value:
        raise RepoPathError("contains a backslash; separate folders with forward slashes (a/b)")
    if value.startswith("/") or (len(value) >= 2 and value[1] == ":" and value[0].isalpha()):
        raise RepoPathError(
            f"is an absolute path; write a path relative to {against}, inside the repository"
        )
    if value.startswith("~"):
        raise RepoPathError(f"starts with '~' (a home folder); write a path relative to {against}")
    joined = posixpath.normpath(posixpath.join(_clean_base(base), value))
    if joined == ".." or joined.startswith("../"):
        raise RepoPathError("leads outside the repository ('..' climbs above its root)")
    if joined == ".":
        if kind is PathKind.FILE:
            raise RepoPathError("names the repository's root folder, not a file")
        joined = ""
    parts = joined.split("/") if joined else []
    if any(_is_git_dir(part) for part in parts):
        raise RepoPathError("is inside .git, git's own folder; the bot never writes there")
    folded = [part.casefold() for part in parts]
    if folded[:2] == [".github", "workflows"]:
        raise RepoPathError(
            f"is under {WORKFLOWS_DIR}/: writing there needs the `workflows` permission, which "
            "roadmap-bot never asks for (so every run would fail); choose another folder"
        )
    if kind is PathKind.FILE and value.endswith("/"):
        raise RepoPathError("ends with '/', so it names a folder; name a file")
    return joined


def repo_path_problem(
    value: object, *, base: str = "", kind: PathKind = PathKind.FILE
) -> str | None:
    """The reason ``value`` is refused (see :func:`repo_path`), or None when it is fine."""
    try:
        repo_path(value, base=base, kind=kind)
    except RepoPathError as exc:
        return str(exc)
    return None


def _is_control(char: str) -> bool:
    """Control, format (bidi overrides, zero-width) and line-separator characters; ZWJ (in emoji)
    is allowed."""
    return char != "\u200d" and unicodedata.category(char) in {"Cc", "Cf", "Zl", "Zp"}


def _clean_base(base: str) -> str:
    cleaned = posixpath.normpath(base) if base else ""
    return "" if cleaned in {".", ""} else cleaned


def _is_git_dir(part: str) -> bool:
    """``.git`` as git itself protects it: any case, trailing dots and spaces (NTFS), ``git~1``."""
    folded = part.casefold().rstrip(". ")
    return folded == ".git" or folded == "git~1"
