"""Checks a rule asks for by argument: ``path: GLOB``, ``contains: {path, pattern}``, ``demo: URL``."""

from __future__ import annotations

import re
from collections.abc import Callable

from roadmap_bot.core.evidence.paths import glob_to_regex, match_glob
from roadmap_bot.core.evidence.result import CheckResult
from roadmap_bot.core.evidence.snapshot import FileKind, RepoSnapshot, file_kind
from roadmap_bot.core.userregex import compile_user_regex, first_match
from roadmap_bot.errors import UserRegexError


def path_key(glob: str) -> str:
    return f"path:{glob}"


def contains_key(glob: str, pattern: str) -> str:
    return f"contains:{glob}:{pattern}"


def demo_key(url: str) -> str:
    return f"demo:{url}"


def check_path(snapshot: RepoSnapshot, glob: str) -> CheckResult:
    """Pass when some own (non-vendored) file matches ``glob``."""
    found = match_glob(glob, snapshot.paths)
    key = path_key(glob)
    if not found:
        return CheckResult(key, False, (), f"{key}: no file matches {glob}")
    noun = "file matches" if len(found) == 1 else "files match"
    return CheckResult(key, True, tuple(found[:20]), f"{key}: {len(found)} {noun}, e.g. {found[0]}")


def check_contains(snapshot: RepoSnapshot, glob: str, pattern: str) -> CheckResult:
    """Pass when a file matching ``glob`` that was read has a line matching ``pattern``."""
    key = contains_key(glob, pattern)
    found = match_glob(glob, snapshot.paths)
    read = [p for p in found if p in snapshot.texts]
    try:
        compile_user_regex(pattern)
    except UserRegexError as exc:  # validation refuses it first; a state or API caller may not
        return CheckResult(key, False, (), f"{key}: {exc}")
    for path in read:
        start = first_match(pattern, snapshot.texts[path])  # RE2: linear in the text
        if start is not None:
            line = snapshot.texts[path].count("\n", 0, start) + 1
            return CheckResult(key, True, (path,), f"{key}: {path} line {line} matches {pattern!r}")
    if not found:
        return CheckResult(key, False, (), f"{key}: no file matches {glob}")
    unread = f" ({len(found) - len(read)} more not read)" if len(read) < len(found) else ""
    return CheckResult(
        key,
        False,
        tuple(read[:20]),
        f"{key}: none of the {len(read)} files matching {glob} contains {pattern!r}{unread}",
    )


def _url_core(url: str) -> str:
    core = re.sub(r"^https?://(?:www\.)?", "", url.strip().lower())
    return core.rstrip("/")


def check_demo_url(snapshot: RepoSnapshot, url: str) -> CheckResult:
    """Pass when a README links ``url`` (scheme, ``www.`` and a trailing slash ignored)."""
    key = demo_key(url)
    wanted = _url_core(url)
    readmes = [p for p in snapshot.paths if file_kind(p) is FileKind.README and p in snapshot.texts]
    for path in readmes:
        if wanted in snapshot.texts[path].lower().replace("://www.", "://"):
            return CheckResult(key, True, (path,), f"{key}: {path} links the demo {url}")
    where = readmes[0] if readmes else "no README"
    return CheckResult(key, False, (), f"{key}: {where} does not link {url}")


def globs_predicate(globs: list[str]) -> Callable[[str], bool]:
    """A path predicate for providers: true for paths matching any of ``globs``."""
    patterns = [glob_to_regex(g) for g in globs]
    return lambda path: any(p.match(path) for p in patterns)
