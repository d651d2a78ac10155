"""Classify an item's linked repository: GitHub ``owner/name``, a git URL, or a local path."""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import StrEnum

# GitHub: owner 1-39 chars of alnum or single hyphens; repo names: alnum, '-', '_', '.'.
_OWNER = r"[A-Za-z0-9](?:[A-Za-z0-9]|-(?=[A-Za-z0-9])){0,38}"
_NAME = r"[A-Za-z0-9._-]{1,100}"
_GITHUB_SHORT = re.compile(rf"^({_OWNER})/({_NAME})$")
_GITHUB_URL = re.compile(
    rf"^(?:https?://|git@)(?:www\.)?github\.com[/:]({_OWNER})/({_NAME}?)(?:\.git)?/?$"
)
_GIT_URL = re.compile(r"^(?:https?|git|ssh|file)://\S+$|^[\w.-]+@[\w.-]+:\S+$")


# userinfo (``user:token@``) in any URL inside a text: scheme, then everything up to the last "@"
# before the host's end. Linear: the class excludes "/", "@" and blanks, so no backtracking.
_USERINFO = re.compile(r"(?i)\b([a-z][a-z0-9+.-]{0,30}://)[^/\s?#]*@")


class RepoKind(StrEnum):
    GITHUB = "github"
    GIT = "git"
    LOCAL = "local"


@dataclass(frozen=True, slots=True)
class RepoRef:
    """A parsed repository reference; ``value`` is ``owner/name``, the URL or the path."""

    kind: RepoKind
    value: str

    @property
    def shown(self) -> str:
        """``value`` as it may be shown or stored: a URL without ``user:password@``."""
        return strip_userinfo(self.value) if self.kind is RepoKind.GIT else self.value


def strip_userinfo(text: str, *, mask: str = "") -> str:
    """Every ``scheme://user:secret@`` in ``text`` without its userinfo (``git@host:x`` is kept),
    or with it replaced by ``mask@`` when a mask is given (``https://***@host/x``).

    The one URL-credential stripper: credentials in a repository URL (``https://user:PAT@host``)
    would otherwise be copied into the README, issues, replies, the job summary, a git error or
    a log line.
    """
    if "@" not in text or "://" not in text:
        return text
    shown = f"{mask}@" if mask else ""
    return _USERINFO.sub(lambda m: m.group(1) + shown, text)


def shown_repo(text: str) -> str:
    """A repository reference as it may be shown: credentials removed from any URL in it."""
    return strip_userinfo(text)


def parse_repo(text: str) -> RepoRef | None:
    """Return the reference ``text`` names, or None when it is not a valid one."""
    text = text.strip()
    if not text or any(c.isspace() for c in text):
        return None
    short = _GITHUB_SHORT.match(text)
    if short and short.group(2) not in {".", ".."}:
        return RepoRef(RepoKind.GITHUB, text)
    url = _GITHUB_URL.match(text)
    if url and url.group(2) and url.group(2) not in {".", ".."}:
        name = url.group(2).removesuffix(".git")
        return RepoRef(RepoKind.GITHUB, f"{url.group(1)}/{name}")
    if _GIT_URL.match(text):
        return RepoRef(RepoKind.GIT, text)
    if text.startswith(("./", "../", "/", "~")) or text in {".", ".."}:
        return RepoRef(RepoKind.LOCAL, text)
    return None


REPO_HELP = "use owner/name, a git URL (https://…, git@host:…, file://…) or a path starting with ./"
