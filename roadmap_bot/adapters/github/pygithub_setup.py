"""Build a PyGithub ``Github`` whose every HTTP request goes through our Transport's policy."""

from __future__ import annotations

from importlib.metadata import version
from typing import Any

import github
from github.Requester import (
    HTTPRequestsConnectionClass,
    HTTPSRequestsConnectionClass,
    RequestsResponse,
)

from roadmap_bot.adapters.github.http import Transport
from roadmap_bot.errors import GitHubError


def make_github(transport: Transport) -> github.Github:
    """A lazy PyGithub client with its own retries and throttling off: ours do both, once.

    PyGithub retries with urllib3 (``GithubRetry``: 403s, 5xx, up to 10 times) and sleeps
    between writes with ``time.sleep``. Left on, a 5xx would be retried by urllib3 *and* by us
    (up to 10 x 5 attempts), and its sleeps could not be replaced in tests. So ``retry=0`` and
    no ``seconds_between_*``, and PyGithub's connection sends through ``Transport.run``: one
    layer decides retries, rate-limit waits, write pacing and counting for REST and GraphQL.
    """
    config = transport.config
    auth = github.Auth.Token(config.token) if config.token else None
    client = github.Github(
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
    requester = client.requester
    # PyGithub offers no public hook for its HTTP connection; the class it instantiates is a
    # per-instance attribute set in Requester.__init__ (stable since PyGithub 1.x). If a
    # release renames it we fail loudly here instead of silently bypassing the policy.
    attribute = "_Requester__connectionClass"
    if not hasattr(requester, attribute):
        raise GitHubError(
            f"PyGithub {version('PyGithub')} changed its internals: this roadmap-bot cannot route "
            "its requests. Install a PyGithub 2.x release it supports."
        )
    https = config.api_url.startswith("https:")
    setattr(requester, attribute, _connection_class(transport, https=https))
    return client


def _connection_class(transport: Transport, *, https: bool) -> type[Any]:
    base: type[Any] = HTTPSRequestsConnectionClass if https else HTTPRequestsConnectionClass

    class PolicyConnection(base):
        """PyGithub's requests-based connection, sending through ``Transport.run``."""

        def getresponse(self) -> RequestsResponse:
            url = f"{self.protocol}://{self.host}:{self.port}{self.url}"

            def perform() -> Any:
                return self.session.request(
                    self.verb,
                    url,
                    headers=self.headers,
                    data=self.input,
                    timeout=transport.config.timeout,  # seconds as configured, 0.5 too
                    verify=self.verify,
                    allow_redirects=False,
                )

            return RequestsResponse(transport.run(self.verb, url, perform))

    return PolicyConnection
