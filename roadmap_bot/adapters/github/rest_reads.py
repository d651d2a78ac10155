"""The two REST reads the evidence provider needs: a whole tree, and one blob's raw bytes."""

from __future__ import annotations

import base64

from roadmap_bot.adapters.github.answers import Entry, rest_tree_entries
from roadmap_bot.adapters.github.http import Transport


def list_tree(transport: Transport, repo: str, sha: str) -> tuple[list[Entry], bool]:
    """Every file under tree ``sha`` and whether GitHub truncated the list (100,000 entries)."""
    url = f"{transport.config.api_url}/repos/{repo}/git/trees/{sha}"
    response = transport.request("GET", url, params={"recursive": "1"})
    transport.raise_for_status(response, what=f"listing the files of {repo}")
    return rest_tree_entries(transport.json(response))


def read_blob(transport: Transport, repo: str, oid: str) -> bytes:
    """A blob's bytes (GitHub sends them base64-encoded)."""
    url = f"{transport.config.api_url}/repos/{repo}/git/blobs/{oid}"
    response = transport.request("GET", url)
    transport.raise_for_status(response, what=f"reading a file of {repo}")
    body = transport.json(response)
    return base64.b64decode(body.get("content") or "")
