"""Relay connections (``nodes``, ``edges``, ``pageInfo``, ``totalCount``) over plain lists."""

from __future__ import annotations

import base64
from collections.abc import Callable, Sequence
from typing import Any

from graphql import GraphQLError

Node = dict[str, Any]


def connection(
    items: Sequence[Any],
    to_node: Callable[[Any], Node],
    *,
    first: int | None = None,
    last: int | None = None,
    after: str | None = None,
    before: str | None = None,
) -> Node:
    """A Relay connection over a list, with index cursors."""
    start = _cursor_index(after) + 1 if after else 0
    stop = _cursor_index(before) if before else len(items)
    window = list(range(start, max(start, stop)))
    if first is not None:
        window = window[:first]
    if last is not None:
        window = window[-last:] if last else []
    edges = [{"cursor": _cursor(i), "node": to_node(items[i])} for i in window]
    return {
        "totalCount": len(items),
        "edges": edges,
        "nodes": [e["node"] for e in edges],
        "pageInfo": {
            "hasNextPage": bool(window) and window[-1] < len(items) - 1,
            "hasPreviousPage": bool(window) and window[0] > 0,
            "startCursor": edges[0]["cursor"] if edges else None,
            "endCursor": edges[-1]["cursor"] if edges else None,
        },
    }


def _cursor(index: int) -> str:
    return base64.b64encode(f"cursor:{index}".encode()).decode()


def _cursor_index(cursor: str) -> int:
    try:
        return int(base64.b64decode(cursor).decode().split(":", 1)[1])
    except (ValueError, IndexError) as exc:
        raise GraphQLError(f"`{cursor}` does not appear to be a valid cursor.") from exc
