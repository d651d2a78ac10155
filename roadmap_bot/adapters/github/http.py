"""One HTTP policy for all GitHub requests: retries, rate limits, write pacing, counting."""

from __future__ import annotations

import email.utils
import json
import logging
import random
import time
from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import Any
from urllib.parse import urlsplit

import requests

from roadmap_bot.adapters.github.config import Clock, GitHubConfig, Sleep, scrub_logs
from roadmap_bot.adapters.github.errors import http_error
from roadmap_bot.errors import GitHubError, RateLimitedError

log = logging.getLogger("roadmap_bot.github")

BACKOFF_BASE = 1.0  # seconds before the first retry; doubled each time
BACKOFF_CAP = 30.0  # never wait longer than this between two retries
SECONDARY_WAIT = 60.0  # "otherwise, wait at least one minute" (secondary rate limits, GitHub docs)
MAX_RATE_LIMIT_WAITS = 3  # a request that keeps being rate limited after 3 waits is given up
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


@dataclass(frozen=True, slots=True)
class ApiStats:
    """What a run cost: requests by kind, retries, seconds waited and the quota left."""

    graphql: int = 0
    rest_read: int = 0
    rest_write: int = 0
    retries: int = 0
    waited: float = 0.0
    graphql_cost: int = 0
    core_remaining: int | None = None
    graphql_remaining: int | None = None

    @property
    def requests(self) -> int:
        return self.graphql + self.rest_read + self.rest_write

    def __add__(self, other: ApiStats) -> ApiStats:
        return ApiStats(
            graphql=self.graphql + other.graphql,
            rest_read=self.rest_read + other.rest_read,
            rest_write=self.rest_write + other.rest_write,
            retries=self.retries + other.retries,
            waited=self.waited + other.waited,
            graphql_cost=self.graphql_cost + other.graphql_cost,
            core_remaining=_lowest(self.core_remaining, other.core_remaining),
            graphql_remaining=_lowest(self.graphql_remaining, other.graphql_remaining),
        )


def _lowest(a: int | None, b: int | None) -> int | None:
    return b if a is None else a if b is None else min(a, b)


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
        self, method: str, url: str, *, json_body: object = None, params: dict | None = None
    ) -> requests.Response:
        """Send one request with the shared session under the policy."""

        def perform() -> requests.Response:
            return self.session.request(
                method, url, json=json_body, params=params, timeout=self.config.timeout
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
                never_sent = _never_sent(exc)
                if (repeatable or never_sent) and failures <= self.config.max_retries:
                    self._backoff(failures, what, type(exc).__name__)
                    continue
                raise self._unreachable(what, exc, failures) from exc
            finally:
                if kind == "rest_write":
                    self._last_write = self._clock()
            self._count(kind, response)
            wait = self._rate_limit_wait(response, kind)
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
        text = response.text
        if self.config.token and self.config.token in text:
            text = self.config.scrub(text)
        return json.loads(text)

    def raise_for_status(self, response: requests.Response, *, what: str) -> None:
        """Raise the mapped GitHubError when ``response`` is not a success."""
        if response.status_code < 400:
            return
        try:
            body: object = self.json(response)
        except ValueError:
            body = self.config.scrub(response.text[:200])
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
        remaining = _int_header(response, "x-ratelimit-remaining")
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

    def _rate_limit_wait(self, response: requests.Response, kind: str) -> float | None:
        """Seconds GitHub asks us to wait, or None when the answer is not a rate-limit refusal."""
        status = response.status_code
        if status not in (403, 429) and not (kind == "graphql" and status == 200):
            return None
        limited = (
            _limit_message(response, kind) is not None
            or status == 429
            or (status == 403 and _int_header(response, "retry-after") is not None)
            or (status == 403 and _int_header(response, "x-ratelimit-remaining") == 0)
        )
        if not limited:
            return None  # a success, or a plain permission refusal
        # The documented order: retry-after; else remaining 0 → until reset; else at least 60 s.
        retry_after = _int_header(response, "retry-after")
        if retry_after is not None:
            return float(retry_after)
        if _int_header(response, "x-ratelimit-remaining") == 0:
            reset = _int_header(response, "x-ratelimit-reset")
            if reset is not None:
                return max(0.0, reset - _server_now(response)) + 1.0
        return SECONDARY_WAIT

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


def _int_header(response: requests.Response, name: str) -> int | None:
    value = response.headers.get(name)
    try:
        return int(float(value)) if value is not None else None
    except ValueError:
        return None


def _server_now(response: requests.Response) -> float:
    """GitHub's clock from the Date header (the reset time is on that clock), else ours."""
    date = response.headers.get("date")
    if date:
        try:
            return email.utils.parsedate_to_datetime(date).timestamp()
        except (TypeError, ValueError):
            pass
    return time.time()


def _limit_message(response: requests.Response, kind: str) -> str | None:
    """The rate-limit message in the body, if the body says the request was rate limited."""
    content = response.content or b""
    if b"rate limit" not in content.lower() and b"RATE_LIMITED" not in content:
        return None
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


def _never_sent(exc: requests.RequestException) -> bool:
    """True when the request cannot have reached GitHub (so even a create may be repeated)."""
    return isinstance(exc, requests.ConnectTimeout) or "NewConnectionError" in repr(exc)
