"""Raw HTTP to the fake GitHub, for tests of the fake itself."""

from __future__ import annotations

from typing import Any

import requests

from tests.fakegithub.fake import FakeGitHub


def raw(fake: FakeGitHub, method: str, path: str, **kwargs: Any) -> requests.Response:
    """One REST request with the fake's token; ``headers`` are added to the Authorization."""
    headers = {"Authorization": f"token {fake.token}", **kwargs.pop("headers", {})}
    return requests.request(method, fake.api_url + path, headers=headers, timeout=5, **kwargs)
