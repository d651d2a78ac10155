"""Map a GitHub error answer (status, body) to our exception hierarchy, in one function."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from github import GithubException

from roadmap_bot.errors import ConflictError, GitHubError, RateLimitedError


def error_message(body: object) -> str:
    """GitHub's ``message`` plus the ``errors[].message``/``code`` details, as one short line."""
    if not isinstance(body, Mapping):
        return str(body)[:200] if body else ""
    parts = [str(body.get("message") or "")]
    for err in body.get("errors") or ():
        if isinstance(err, Mapping):
            detail = err.get("message") or err.get("code")
            field = err.get("field")
            if detail:
                parts.append(f"{field}: {detail}" if field else str(detail))
        elif err:
            parts.append(str(err))
    return "; ".join(p for p in parts if p)


def http_error(status: int, body: object, *, what: str) -> GitHubError:
    """Return the exception for GitHub answering ``status`` with ``body`` while doing ``what``."""
    message = error_message(body)
    said = f" (GitHub said: {message})" if message else ""
    lowered = message.lower()
    if status == 401:
        text = (
            f"{what} failed: GitHub rejected the token (401){said}. The token is missing, expired "
            "or revoked: pass the workflow's GITHUB_TOKEN or a valid token secret."
        )
    elif status in (403, 429) and "rate limit" in lowered:
        return RateLimitedError(
            f"{what} failed: GitHub's rate limit was hit ({status}){said}. Wait for it to reset "
            "(see `gh api rate_limit`) and re-run.",
            status=status,
        )
    elif status == 403:
        text = (
            f"{what} failed: the token is not allowed to do this (403){said}. Grant the workflow "
            "`permissions: {contents: write, issues: write}` or use a token with those scopes."
        )
    elif status == 404:
        text = (
            f"{what} failed: not found (404){said}. Check the repository name, and that the token "
            "can see it (private repositories need a token with access)."
        )
    elif status == 409:
        text = f"{what} failed: conflict (409){said}. The repository may be empty or locked."
    elif status == 410:
        text = f"{what} failed: gone (410){said}. Issues may be disabled for this repository."
    elif status == 422 and "fast forward" in lowered:
        return ConflictError(
            f"{what} failed: the branch moved since it was read (422 not a fast forward). "
            "Re-read, re-plan and retry; the bot never force-pushes.",
            status=status,
        )
    elif status == 422:
        text = f"{what} failed: GitHub rejected the request as invalid (422){said}."
    elif status == 451:
        text = f"{what} failed: access to this repository is blocked for legal reasons (451)."
    elif status >= 500:
        text = (
            f"{what} failed: GitHub had a server error ({status}){said} and retrying did not help. "
            "Check https://www.githubstatus.com and re-run later."
        )
    else:
        text = f"{what} failed: GitHub answered {status}{said}."
    return GitHubError(text, status=status)


def from_pygithub(exc: GithubException, *, what: str) -> GitHubError:
    """Translate a PyGithub exception (it carries the status and the parsed body)."""
    data: Any = exc.data
    return http_error(exc.status, data, what=what)


def malformed_answer(*, what: str, detail: BaseException) -> GitHubError:
    """A 2xx answer whose JSON is not the documented shape (a proxy's page, a cut-off body)."""
    kind = type(detail).__name__
    return GitHubError(
        f"{what}: GitHub's answer was not in the shape its API documents ({kind}); this is "
        "usually a proxy or an outage — the next run retries"
    )
