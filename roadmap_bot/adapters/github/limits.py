"""Read GitHub's answers for what the transport must do: the kind, repeatability, rate limits."""

from __future__ import annotations

import email.utils
import json
import time
from urllib.parse import urlsplit

import requests

SECONDARY_WAIT = 60.0  # "otherwise, wait at least one minute" (secondary rate limits, GitHub docs)
# POSTs that are safe to repeat: git objects are content-addressed; an existing reaction answers
# 200; an existing label or milestone answers 422 "already_exists", which the client accepts.
_REPEATABLE_POSTS = (
    "/git/blobs",
    "/git/trees",
    "/git/commits",
    "/reactions",
    "/labels",
    "/milestones",
)


def request_kind(method: str, url: str, graphql_url: str) -> str:
    """``graphql``, ``rest_read`` or ``rest_write`` (the fake GitHub records the same kinds)."""
    if method.upper() == "POST" and url.split("?")[0].rstrip("/") == graphql_url.rstrip("/"):
        return "graphql"
    return "rest_read" if method.upper() in ("GET", "HEAD", "OPTIONS") else "rest_write"


def is_repeatable(method: str, url: str, kind: str) -> bool:
    """Whether sending the request twice does no harm (so 5xx and dropped links may retry it)."""
    if kind == "graphql" or method.upper() != "POST":
        return True  # our GraphQL requests are queries; GET/PUT/PATCH/DELETE are idempotent
    path = urlsplit(url).path.rstrip("/")
    return path.endswith(_REPEATABLE_POSTS)


def rate_limit_wait(response: requests.Response, kind: str) -> float | None:
    """Seconds GitHub asks us to wait, or None when the answer is not a rate-limit refusal."""
    status = response.status_code
    if status not in (403, 429) and not (kind == "graphql" and status == 200):
        return None
    limited = (
        limit_message(response, kind) is not None
        or status == 429
        or (status == 403 and int_header(response, "retry-after") is not None)
        or (status == 403 and int_header(response, "x-ratelimit-remaining") == 0)
    )
    if not limited:
        return None  # a success, or a plain permission refusal
    # The documented order: retry-after; else remaining 0 → until reset; else at least 60 s.
    retry_after = int_header(response, "retry-after")
    if retry_after is not None:
        return float(retry_after)
    if int_header(response, "x-ratelimit-remaining") == 0:
        reset = int_header(response, "x-ratelimit-reset")
        if reset is not None:
            return max(0.0, reset - server_now(response)) + 1.0
    return SECONDARY_WAIT


def int_header(response: requests.Response, name: str) -> int | None:
    value = response.headers.get(name)
    try:
        return int(float(value)) if value is not None else None
    except ValueError:
        return None


def server_now(response: requests.Response) -> float:
    """GitHub's clock from the Date header (the reset time is on that clock), else ours."""
    date = response.headers.get("date")
    if date:
        try:
            return email.utils.parsedate_to_datetime(date).timestamp()
        except (TypeError, ValueError):
            pass
    return time.time()


_SMALL = 64 * 1024


def limit_message(response: requests.Response, kind: str) -> str | None:
    """The rate-limit message in the body, if the body says the request was rate limited."""
    content = response.content or b""
    # GitHub writes "rate limit" in lower case; other spellings are looked for only in small
    # error bodies (lower-casing every multi-MB GraphQL answer cost more than reading it)
    mentioned = b"RATE_LIMITED" in content or b"rate limit" in content
    if not mentioned and (len(content) > _SMALL or b"rate limit" not in content.lower()):
        return None
    if kind == "graphql" and response.status_code == 200 and b'"errors"' not in content:
        return None  # "rate limit" in some file's text, not an error
    try:
        body = json.loads(content)
    except ValueError:
        return None
    if not isinstance(body, dict):
        return None
    if kind == "graphql":
        for error in body.get("errors") or ():
            if isinstance(error, dict) and (
                error.get("type") == "RATE_LIMITED"
                or "rate limit" in str(error.get("message", "")).lower()
            ):
                return str(error.get("message", "rate limited"))
    message = str(body.get("message") or "")
    return message if "rate limit" in message.lower() else None


def is_never_sent(exc: requests.RequestException) -> bool:
    """True when the request cannot have reached GitHub (so even a create may be repeated)."""
    return isinstance(exc, requests.ConnectTimeout) or "NewConnectionError" in repr(exc)
