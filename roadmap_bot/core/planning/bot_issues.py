"""Which issues are the bot's: written by the token's own account and carrying its item marker.

The hidden item marker alone proves nothing: anyone who can open an issue can type it. An issue
is the bot's only when the account the run's token acts as authored it — ``github-actions[bot]``
for the Actions ``GITHUB_TOKEN``, the person for a personal token — and the marker is the one the
bot appends after the rendered text: the last item marker standing on a line of its own. A marker
quoted in a title (an issue title, or a roadmap item title rendered into the body) or inside a
line of text is never it.

An issue the bot closed to keep the window of open issues (``settings.open_issues``) carries the
``PARKED`` marker on a line of its own until the bot reopens it when a slot frees; its close is
the bot's, never a person's "not planned".
"""

from __future__ import annotations

import re

from roadmap_bot.core.issues import IssueInfo

PARKED = "<!-- roadmap-bot:parked -->"
# The bot's item marker: alone on its line (spaces around it allowed), never inside other text.
_OWN_LINE_MARKER = re.compile(
    r"(?m)^[ \t]*<!--[ \t]*roadmap-bot:item=([A-Za-z0-9_.-]+)[ \t]*-->[ \t]*\r?$"
)
_PARKED_LINE = re.compile(r"(?m)^[ \t]*<!--[ \t]*roadmap-bot:parked[ \t]*-->[ \t]*(?:\r?\n|\Z)")


def same_login(a: str, b: str) -> bool:
    """GitHub logins compare without regard to case."""
    return bool(a) and a.lower() == b.lower()


def _last_marker(body: str | None) -> re.Match[str] | None:
    """The bot's item marker in ``body``: the last one alone on its line."""
    last = None
    for last in _OWN_LINE_MARKER.finditer(body or ""):  # noqa: B007 - the loop keeps the last
        pass
    return last


def own_item_marker(body: str | None) -> str | None:
    """The item id of the bot's marker in ``body``: the last one alone on its line."""
    last = _last_marker(body)
    return last.group(1) if last else None


def own_marker_line(body: str) -> int | None:
    """Where the line of the bot's item marker starts in ``body`` (None: it has none)."""
    last = _last_marker(body)
    return body.rfind("\n", 0, last.start()) + 1 if last else None


def with_own_item_marker(body: str, item_id: str) -> str:
    """``body`` with the bot's marker (the last one alone on its line) naming ``item_id``,
    everything else as it was; ``body`` itself when it has no such marker."""
    last = _last_marker(body)
    if last is None:
        return body
    return body[: last.start(1)] + item_id + body[last.end(1) :]


def bot_item_id(issue: IssueInfo, bot_login: str) -> str | None:
    """The item the issue tracks, when ``bot_login`` (the token's account) wrote it; else None."""
    if not same_login(issue.author, bot_login):
        return None
    return own_item_marker(issue.body)


def is_parked(body: str | None) -> bool:
    """Whether the bot closed this issue to keep the window (until a slot frees)."""
    return _PARKED_LINE.search(body or "") is not None


def without_parked(body: str) -> str:
    """``body`` with the parked marker's line taken out."""
    return _PARKED_LINE.sub("", body)
