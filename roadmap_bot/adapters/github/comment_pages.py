"""Issue comments read over REST page by page, bounded by a number of requests, never cut silently.

GitHub lists at most 100 comments a page and says where the next page is in the ``Link`` header
(``rel="next"``). A listing reads pages until there is no next one or until ``max_pages``
requests were made; ``CommentScan.complete`` then says whether every page was read, so a caller
can say so instead of acting as if it saw everything. A ``next`` link to another host than the
API's is never followed (the request would carry the token there).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit

from roadmap_bot.adapters.github.http import Transport
from roadmap_bot.adapters.github.payloads import comment_info
from roadmap_bot.core.issues import CommentInfo
from roadmap_bot.errors import GitHubError

PER_PAGE = 100  # GitHub's maximum for issue comments


@dataclass(frozen=True, slots=True)
class CommentScan:
    """Comments as listed, and whether the listing reached its last page."""

    comments: list[CommentInfo] = field(default_factory=list)
    complete: bool = True  # False: ``max_pages`` requests were made and more pages remained
    pages: int = 0  # requests made (0: served from what the client had read already)


def comment_pages(
    transport: Transport,
    path: str,
    params: Mapping[str, str],
    *,
    max_pages: int,
    issue_number: int | None,
    what: str,
) -> CommentScan:
    """Read the comment listing at ``path`` (below the API URL), at most ``max_pages`` pages."""
    api = transport.config.api_url.rstrip("/")
    url: str = f"{api}{path}"
    query: dict[str, str] | None = {**params, "per_page": str(PER_PAGE)}
    found: list[CommentInfo] = []
    for page in range(1, max(1, max_pages) + 1):
        response = transport.request("GET", url, params=query)
        transport.raise_for_status(response, what=what)
        found += _comments(transport.json(response), issue_number, what)
        following = (response.links.get("next") or {}).get("url")
        if not following:
            return CommentScan(found, True, page)
        if urlsplit(following).netloc != urlsplit(api).netloc:
            raise GitHubError(f"{what}: GitHub's next-page link points to another host; not read")
        url, query = str(following), None  # the link carries the query
    return CommentScan(found, False, max(1, max_pages))


def _comments(data: Any, issue_number: int | None, what: str) -> list[CommentInfo]:
    if not isinstance(data, list):
        raise GitHubError(f"{what}: GitHub sent {type(data).__name__}, not a list of comments")
    try:
        return [comment_info(c, issue_number) for c in data if isinstance(c, Mapping)]
    except (KeyError, TypeError, ValueError) as exc:
        raise GitHubError(f"{what}: GitHub sent a comment without a usable id ({exc!r})") from exc
