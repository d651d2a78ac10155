"""Issue comments read over REST page by page, bounded by a number of requests, never cut silently.

GitHub lists at most 100 comments a page and says where the next page is in the ``Link`` header
(``rel="next"``). A listing reads pages until there is no next one or until ``max_pages``
requests were made; ``CommentScan.complete`` then says whether every page was read, so a caller
can say so instead of acting as if it saw everything. A ``next`` link to another host than the
API's is never followed (the request would carry the token there).
"""

from __future__ import annotations

import itertools
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit

from roadmap_bot.adapters.github.http import Transport
from roadmap_bot.adapters.github.payloads import comment_info
from roadmap_bot.core.issues import CommentInfo
from roadmap_bot.errors import GitHubError

PER_PAGE = 100  # GitHub's maximum for issues and issue comments


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
    items, complete, pages = read_pages(
        transport, path, params, max_pages=max_pages, what=what, noun="comments"
    )
    try:
        found = [comment_info(c, issue_number) for c in items if isinstance(c, Mapping)]
    except (KeyError, TypeError, ValueError) as exc:
        raise GitHubError(f"{what}: GitHub sent a comment without a usable id ({exc!r})") from exc
    return CommentScan(found, complete, pages)


def read_pages(
    transport: Transport,
    path: str,
    params: Mapping[str, str],
    *,
    max_pages: int | None,
    what: str,
    noun: str,
) -> tuple[list[Any], bool, int]:
    """The items of the REST listing at ``path``, 100 a page, following ``next`` links for at
    most ``max_pages`` pages (None: to the end); (items, whether the end was reached, pages)."""
    api = transport.config.api_url.rstrip("/")
    url: str = f"{api}{path}"
    query: dict[str, str] | None = {**params, "per_page": str(PER_PAGE)}
    found: list[Any] = []
    pages = itertools.count(1) if max_pages is None else range(1, max(1, max_pages) + 1)
    page = 0
    for page in pages:
        response = transport.request("GET", url, params=query)
        transport.raise_for_status(response, what=what)
        data = transport.json(response)
        if not isinstance(data, list):
            raise GitHubError(f"{what}: GitHub sent {type(data).__name__}, not a list of {noun}")
        found += data
        following = (response.links.get("next") or {}).get("url")
        if not following:
            return found, True, page
        if urlsplit(following).netloc != urlsplit(api).netloc:
            raise GitHubError(f"{what}: GitHub's next-page link points to another host; not read")
        url, query = str(following), None  # the link carries the query
    return found, False, page
