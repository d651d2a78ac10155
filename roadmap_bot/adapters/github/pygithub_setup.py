"""PyGithub, used through its public API only, sending every request through our Transport.

PyGithub's public hook for its HTTP is ``Requester.injectConnectionClasses``: process-wide, it
names the connection classes every ``Requester`` sends with. We install ours once per process.
Our classes look up the Transport of the call being made in a ``ContextVar`` that
``sending_through`` sets around each PyGithub action (``GitHubClient._call``). A context belongs
to one thread, so two sessions in two threads each send through their own Transport. Outside
such a call (another PyGithub user in the same process, a test's helper client) the classes
behave exactly like PyGithub's own.

``injectConnectionClasses`` also turns off PyGithub's reuse of one connection object per
Requester; that costs nothing here: the Transport's ``requests.Session`` keeps the connection
pool, and a connection object only carries one request's verb, URL, headers and body.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar

import github
import requests
from github.Requester import (
    HTTPRequestsConnectionClass,
    HTTPSRequestsConnectionClass,
    Requester,
    RequestsResponse,
)

from roadmap_bot.adapters.github.http import Transport

_ACTIVE: ContextVar[Transport | None] = ContextVar("roadmap_bot_pygithub_transport", default=None)
_INSTALL = threading.Lock()
_installed = False


@contextmanager
def sending_through(transport: Transport) -> Iterator[None]:
    """PyGithub requests made inside this block go through ``transport`` (restored after)."""
    token = _ACTIVE.set(transport)
    try:
        yield
    finally:
        _ACTIVE.reset(token)


def make_github(transport: Transport) -> github.Github:
    """A lazy PyGithub client with its own retries and throttling off: ours do both, once.

    PyGithub retries with urllib3 (``GithubRetry``: 403s, 5xx, up to 10 times) and sleeps
    between writes with ``time.sleep``. Left on, a 5xx would be retried by urllib3 *and* by us
    (up to 10 x 5 attempts), and its sleeps could not be replaced in tests. So ``retry=0`` and
    no ``seconds_between_*``, and its requests, made inside ``sending_through(transport)``, go
    through ``Transport.run``: one layer decides retries, rate-limit waits, write pacing and
    counting for REST and GraphQL.
    """
    _install()
    config = transport.config
    auth = github.Auth.Token(config.token) if config.token else None
    return github.Github(
        base_url=config.api_url,
        auth=auth,
        timeout=max(1, round(config.timeout)),  # PyGithub's int; requests get the exact value
        user_agent=config.user_agent,
        per_page=100,
        retry=0,
        seconds_between_requests=None,
        seconds_between_writes=None,
        lazy=True,  # no GET for objects we only write to (repo, issue, comment by number)
    )


def _install() -> None:
    """Name our connection classes to PyGithub, once per process."""
    global _installed
    with _INSTALL:
        if not _installed:
            Requester.injectConnectionClasses(PolicyHTTPConnection, PolicyHTTPSConnection)
            _installed = True


def _send(
    connection: HTTPRequestsConnectionClass | HTTPSRequestsConnectionClass, transport: Transport
) -> RequestsResponse:
    """Send the request PyGithub handed ``connection`` with the Transport's session and policy."""
    url = f"{connection.protocol}://{connection.host}:{connection.port}{connection.url}"

    def perform() -> requests.Response:
        return transport.session.request(
            connection.verb,
            url,
            headers=connection.headers,
            data=connection.input,
            timeout=transport.config.timeout,  # seconds as configured, 0.5 too
            verify=connection.verify,
            allow_redirects=False,
        )

    return RequestsResponse(transport.run(connection.verb, url, perform))


class PolicyHTTPSConnection(HTTPSRequestsConnectionClass):
    """PyGithub's HTTPS connection, sending through the current call's Transport."""

    def getresponse(self) -> RequestsResponse:
        transport = _ACTIVE.get()
        return super().getresponse() if transport is None else _send(self, transport)


class PolicyHTTPConnection(HTTPRequestsConnectionClass):
    """PyGithub's HTTP connection (the fake GitHub in tests), sending likewise."""

    def getresponse(self) -> RequestsResponse:
        transport = _ACTIVE.get()
        return super().getresponse() if transport is None else _send(self, transport)
