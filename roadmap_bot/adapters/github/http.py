"""One HTTP policy for all GitHub requests: retries, rate limits, write pacing, counting."""

from __future__ import annotations

import json
import logging
import random
import time
from collections.abc import Callable, Mapping
from dataclasses import replace
from typing import Any
from urllib.parse import urlsplit

import orjson
import requests

from roadmap_bot.adapters.github.config import Clock, GitHubConfig, Sleep, scrub_logs
from roadmap_bot.adapters.github.errors import http_error
from roadmap_bot.adapters.github.limits import (
    int_header,
    is_never_sent,
    is_repeatable,
    rate_limit_wait,
    request_kind,
)
from roadmap_bot.adapters.github.secret_forms import mentions_secret
from roadmap_bot.adapters.github.stats import ApiStats
from roadmap_bot.errors import GitHubError, RateLimitedError

log = logging.getLogger("roadmap_bot.github")

BACKOFF_BASE = 1.0  # seconds before the first retry; doubled each time
BACKOFF_CAP = 30.0  # never wait longer than this between two retries
MAX_RATE_LIMIT_WAITS = 3  # a request that keeps being rate limited after 3 waits is given up


class Transport:
    """Send requests through one policy; ``run`` wraps any callable that performs one HTTP call."""

    def __init__(
        self,
        config: GitHubConfig,
        *,
        sleep: Sleep = time.sleep,
        clock: Clock = time.monotonic,
        rand: Callable[[], float] = random.random,
    ) -> None:
        self.config = config
        self._sleep = sleep
        self._clock = clock
        self._rand = rand
        self._stats = ApiStats()
        self._last_write: float | None = None
        self.session = requests.Session()
        self.session.headers.update(
            {
                "User-Agent": config.user_agent,
                "Accept": "application/vnd.github+json",
                "X-GitHub-Api-Version": "2022-11-28",
            }
        )
        if config.token:
            self.session.headers["Authorization"] = f"Bearer {config.token}"
            scrub_logs(config.token)

    def stats(self) -> ApiStats:
        return self._stats

    def close(self) -> None:
        self.session.close()

    def request(
        self,
        method: str,
        url: str,
        *,
        json_body: object = None,
        params: Mapping[str, str] | None = None,
    ) -> requests.Response:
        """Send one request with the shared session under the policy."""

        body = None if json_body is None else orjson.dumps(json_body)  # encoded once, in C
        headers = None if body is None else {"Content-Type": "application/json"}

        def perform() -> requests.Response:
            return self.session.request(
                method,
                url,
                data=body,
                headers=headers,
                params=params,
                timeout=self.config.timeout,
            )

        return self.run(method, url, perform)

    def run(
        self, method: str, url: str, perform: Callable[[], requests.Response]
    ) -> requests.Response:
        """Call ``perform`` until it gives an answer worth returning, waiting as GitHub asks."""
        kind = request_kind(method, url, self.config.graphql_url)
        repeatable = is_repeatable(method, url, kind)
        what = f"{method.upper()} {urlsplit(url).path}"
        failures = 0
        limited = 0
        while True:
            if kind == "rest_write":
                self._pace_write()
            try:
                response = perform()
            except requests.RequestException as exc:
                failures += 1
                never_sent = is_never_sent(exc)
                if (repeatable or never_sent) and failures <= self.config.max_retries:
                    self._backoff(failures, what, type(exc).__name__)
                    continue
                raise self._unreachable(what, exc, failures) from exc
            finally:
                if kind == "rest_write":
                    self._last_write = self._clock()
            self._count(kind, response)
            wait = rate_limit_wait(response, kind)
            if wait is not None:
                limited += 1
                self._wait_for_limit(wait, limited, response, what)
                continue
            if response.status_code >= 500 and repeatable and failures < self.config.max_retries:
                failures += 1
                self._backoff(failures, what, f"HTTP {response.status_code}")
                continue
            return response

    def json(self, response: requests.Response) -> Any:
        """The answer's JSON with the token scrubbed out (in case GitHub echoes it back)."""
        body = response.content
        if not mentions_secret(body, self.config.token):  # any form of it, in any case
            try:
                return orjson.loads(body)  # several times faster on 10 MB tree answers
            except orjson.JSONDecodeError:
                pass  # e.g. a lone UTF-16 surrogate, which json accepts: let it decide
        return json.loads(self.config.scrub(response.text))

    def raise_for_status(self, response: requests.Response, *, what: str) -> None:
        """Raise the mapped GitHubError when ``response`` is not a success."""
        if response.status_code < 400:
            return
        try:
            body: object = json.loads(self.config.scrub(response.text))  # errors: always scrubbed
        except ValueError:
            body = self.config.scrub(response.text[:2000])[:200]
        raise http_error(response.status_code, body, what=what)

    # -- the policy ---------------------------------------------------------------------------

    def _pace_write(self) -> None:
        # "If you are making a large number of POST, PATCH, PUT, or DELETE requests ... wait at
        # least one second between each request." (GitHub docs, best practices for the REST API)
        if self._last_write is None:
            return
        wait = self._last_write + self.config.min_write_interval - self._clock()
        if wait > 0:
            self._do_sleep(wait)

    def _backoff(self, failures: int, what: str, why: str) -> None:
        delay = min(BACKOFF_CAP, BACKOFF_BASE * 2 ** (failures - 1)) * (0.5 + self._rand() / 2)
        log.info("%s: %s; retry %d in %.1f s", what, why, failures, delay)
        self._stats = replace(self._stats, retries=self._stats.retries + 1)
        self._do_sleep(delay)

    def _do_sleep(self, seconds: float) -> None:
        self._stats = replace(self._stats, waited=self._stats.waited + seconds)
        self._sleep(seconds)

    def _count(self, kind: str, response: requests.Response) -> None:
        stats = self._stats
        stats = replace(stats, **{kind: getattr(stats, kind) + 1})
        remaining = int_header(response, "x-ratelimit-remaining")
        if remaining is not None:
            resource = response.headers.get("x-ratelimit-resource") or (
                "graphql" if kind == "graphql" else "core"
            )
            if resource == "graphql":
                stats = replace(stats, graphql_remaining=remaining)
            elif resource == "core":
                stats = replace(stats, core_remaining=remaining)
        self._stats = stats

    def add_graphql_cost(self, cost: int, remaining: int | None) -> None:
        """Record the ``rateLimit { cost remaining }`` a GraphQL answer reported."""
        self._stats = replace(
            self._stats,
            graphql_cost=self._stats.graphql_cost + cost,
            graphql_remaining=remaining if remaining is not None else self._stats.graphql_remaining,
        )

    def _wait_for_limit(
        self, wait: float, limited: int, response: requests.Response, what: str
    ) -> None:
        resource = response.headers.get("x-ratelimit-resource", "core")
        if wait > self.config.max_rate_limit_wait or limited > MAX_RATE_LIMIT_WAITS:
            minutes = max(1, round(wait / 60))
            raise RateLimitedError(
                f"{what}: GitHub's rate limit for '{resource}' is used up and it frees up in about "
                f"{minutes} min, longer than this run may wait "
                f"({self.config.max_rate_limit_wait:.0f} s). Re-run later; the bot resumes "
                "where it stopped.",
                status=response.status_code,
            )
        log.warning("%s: rate limited (%s); waiting %.0f s as GitHub asks", what, resource, wait)
        self._do_sleep(wait)

    def _unreachable(self, what: str, exc: Exception, attempts: int) -> GitHubError:
        detail = self.config.scrub(str(exc))[:200]
        return GitHubError(
            f"{what}: could not get an answer from GitHub after {attempts} attempt(s) "
            f"({type(exc).__name__}: {detail}). Check the network and GITHUB_API_URL, then re-run."
        )
