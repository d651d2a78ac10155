"""POST one GraphQL query and split its answer into data and per-alias errors."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from roadmap_bot.adapters.github.answers import errors_by_alias
from roadmap_bot.adapters.github.http import Transport
from roadmap_bot.adapters.github.queries import Query
from roadmap_bot.errors import GitHubError, RateLimitedError

Errors = dict[tuple[str, ...], Mapping[str, Any]]
MAX_FAILURES_IN_A_ROW = 4


class GraphQLQueryFailed(GitHubError):
    """GitHub gave up on a whole query (a timeout, a server error): a smaller one may work."""


class GraphQLPoster:
    """Send queries through the transport; record their point cost; notice GitHub being down."""

    def __init__(self, transport: Transport) -> None:
        self._transport = transport
        self._failures_in_a_row = 0

    def post(self, query: Query) -> tuple[dict[str, Any], Errors]:
        """Return ``data`` and the errors that name an alias; raise when the query as a whole failed."""
        try:
            answer = self._post(query)
        except GitHubError:
            self._failures_in_a_row += 1
            raise
        self._failures_in_a_row = 0
        return answer

    def _post(self, query: Query) -> tuple[dict[str, Any], Errors]:
        url = self._transport.config.graphql_url
        what = f"GraphQL query {query.name}"
        response = self._transport.request("POST", url, json_body=query.payload())
        if response.status_code >= 500:
            raise GraphQLQueryFailed(
                f"{what} failed: GitHub answered {response.status_code} after retries.",
                status=response.status_code,
            )
        self._transport.raise_for_status(response, what=what)
        try:
            body = self._transport.json(response)
        except ValueError as exc:
            raise GraphQLQueryFailed(f"{what} failed: GitHub's answer was not JSON.") from exc
        data = body.get("data") if isinstance(body, dict) else None
        scrub = self._transport.config.scrub
        errors = [_scrubbed(e, scrub) for e in (body.get("errors") or ()) if isinstance(e, dict)]
        if isinstance(data, dict):
            rate = data.get("rateLimit") or {}
            if isinstance(rate.get("cost"), int):
                self._transport.add_graphql_cost(rate["cost"], rate.get("remaining"))
        pathless = [e for e in errors if not e.get("path")]
        if not isinstance(data, dict) or (pathless and not _any_repo(data)):
            messages = "; ".join(str(e.get("message", "")) for e in pathless or errors)
            raise GraphQLQueryFailed(f"{what} failed: {messages or 'no data in the answer'}.")
        return data, errors_by_alias(errors)

    def splittable(self, exc: GitHubError) -> bool:
        """Whether asking about fewer repos at once may succeed where this failure happened.

        Not when GitHub failed every query lately, even after retries: it is down, and
        splitting a batch of 25 down to single repos would mean ~50 more doomed queries.
        """
        if isinstance(exc, RateLimitedError) or self._failures_in_a_row >= MAX_FAILURES_IN_A_ROW:
            return False
        return isinstance(exc, GraphQLQueryFailed) or exc.status is None or exc.status >= 500


def _scrubbed(error: dict[str, Any], scrub: Callable[[str], str]) -> dict[str, Any]:
    """A GraphQL error whose message may reach a problem text: no form of the token in it."""
    message = error.get("message")
    if isinstance(message, str):
        return {**error, "message": scrub(message)}
    return error


def _any_repo(data: Mapping[str, Any]) -> bool:
    return any(value is not None for key, value in data.items() if key != "rateLimit")
