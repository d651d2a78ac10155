"""The request pipeline: latency, faults, auth, rate limits, routing, ETags and recording."""

from __future__ import annotations

import hashlib
import json
import re
import threading
import time
import traceback
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from tests.fakegithub import graphql_api, graphql_root
from tests.fakegithub.faults import Fault, FaultBook
from tests.fakegithub.payloads import Urls
from tests.fakegithub.protocol import Request, Response, error_body
from tests.fakegithub.ratelimit import RateLimits
from tests.fakegithub.rest_git import ROUTES as GIT_ROUTES
from tests.fakegithub.rest_issues import ROUTES as ISSUE_ROUTES
from tests.fakegithub.rest_labels import ROUTES as LABEL_ROUTES
from tests.fakegithub.rest_pulls import ROUTES as PULL_ROUTES
from tests.fakegithub.rest_repos import ROUTES as REPO_ROUTES
from tests.fakegithub.rest_router import WRITE_METHODS, Ctx, Router
from tests.fakegithub.world import World

ROUTER = Router([*ISSUE_ROUTES, *LABEL_ROUTES, *GIT_ROUTES, *REPO_ROUTES, *PULL_ROUTES])
RATE_DOCS = "https://docs.github.com/rest/using-the-rest-api/rate-limits-for-the-rest-api"
_REPO_IN_PATH = re.compile(r"^/(?:repos/([^/]+)/([^/]+)|repositories/(\d+))")


@dataclass(frozen=True, slots=True)
class Recorded:
    """One request as served. ``status`` 0 means the connection was dropped unanswered."""

    method: str
    path: str
    query: dict[str, str]
    status: int
    operation: str | None  # the GraphQL operation name
    cost: int | None  # GraphQL points charged (None for REST)
    is_write: bool
    kind: str  # "graphql" | "rest_read" | "rest_write"


@dataclass(frozen=True, slots=True)
class Exchange:
    """A served request and its answer (kept when ``Engine.exchanges`` is a list)."""

    request: Request
    response: Response
    faulted: bool  # the answer came from an injected fault, not from the fake's GitHub logic


@dataclass(slots=True)
class _Outcome:
    response: Response | None  # None: drop the connection
    operation: str | None = None
    cost: int | None = None
    is_write: bool = False
    faulted: bool = False


class Engine:
    """Serves one request at a time per thread over a shared world."""

    def __init__(self, world: World, urls: Urls, token: str, viewer: str) -> None:
        self.world, self.urls, self.token, self.viewer = world, urls, token, viewer
        self.rate = RateLimits()
        self.faults = FaultBook()
        self.latency = 0.0
        self.requests: list[Recorded] = []
        self.exchanges: list[Exchange] | None = None  # set to [] to keep every exchange
        self.errors: list[str] = []  # tracebacks of crashes inside the fake
        self._record_lock = threading.Lock()

    def handle(self, req: Request) -> Response | None:
        if self.latency:
            time.sleep(self.latency)
        is_graphql = req.path == "/graphql"
        kind = (
            "graphql"
            if is_graphql
            else "rest_write"
            if req.method in WRITE_METHODS
            else "rest_read"
        )
        try:
            outcome = self._outcome(req, is_graphql)
        except Exception as exc:  # a bug in the fake: answer 500 and say so, never hang
            self.errors.append(traceback.format_exc())
            body = error_body(500, f"fake GitHub crashed: {exc!r} (see FakeGitHub.errors)")
            outcome = _Outcome(Response(500, body), faulted=True)  # fails via errors instead
        status = outcome.response.status if outcome.response else 0
        record = Recorded(
            req.method,
            req.path,
            dict(req.query),
            status,
            outcome.operation,
            outcome.cost,
            outcome.is_write if is_graphql else kind == "rest_write",
            kind,
        )
        if outcome.response is not None:
            outcome.response.headers = {**_standard_headers(), **outcome.response.headers}
        with self._record_lock:
            self.requests.append(record)
            if self.exchanges is not None and outcome.response is not None:
                self.exchanges.append(Exchange(req, outcome.response, outcome.faulted))
        return outcome.response

    def _outcome(self, req: Request, is_graphql: bool) -> _Outcome:
        resource = "graphql" if is_graphql else "core"
        fired = self.faults.take(req.method, req.path)
        for fault in fired:
            if fault.delay:
                time.sleep(fault.delay)
        if any(f.move_ref for f in fired):
            self._move_refs(req, is_graphql)
        if any(f.drop for f in fired):
            return _Outcome(None)
        for fault in fired:
            if fault.status is not None or fault.rate_limit_exhausted or fault.body is not None:
                return _Outcome(self._fault_response(fault, resource, is_graphql), faulted=True)
        if not self._authorized(req):
            body = error_body(401, "Bad credentials")
            return _Outcome(Response(401, body, self.rate.headers(resource)))
        if is_graphql:
            return self._graphql(req)
        truncate = any(f.truncate_tree for f in fired)
        return _Outcome(self._rest(req, truncate))

    def _authorized(self, req: Request) -> bool:
        scheme, _, credential = req.headers.get("authorization", "").partition(" ")
        return scheme.lower() in ("token", "bearer") and credential.strip() == self.token

    def _rest(self, req: Request, truncate: bool) -> Response:
        counted = ROUTER.operation(req) != "rate-limit/get"  # GET /rate_limit is free
        if counted and self.rate["core"].remaining <= 0:
            return self._exhausted_rest("core")
        ctx = Ctx(
            self.world, self.urls, req, {}, self.viewer, truncate_tree=truncate, rate=self.rate
        )
        if req.method == "HEAD":
            ctx.req = Request("GET", req.path, req.query, req.headers, req.body)
        with self.world.lock:
            response = ROUTER.dispatch(ctx)
        if req.method in ("GET", "HEAD") and response.status == 200:
            etag = 'W/"' + hashlib.sha256(_encode(response.body)).hexdigest() + '"'
            response.headers["etag"] = etag
            if _etag_matches(req.headers.get("if-none-match"), etag):
                response = Response(304, None, {"etag": etag})
                counted = False  # 304s do not count against the rate limit
        if counted:
            self.rate.charge("core")
        response.headers.update(self.rate.headers("core"))
        return response

    def _graphql(self, req: Request) -> _Outcome:
        prepared = graphql_api.prepare(req.body)
        name, is_write = prepared.operation_name, prepared.is_mutation
        if prepared.errors:
            self.rate.charge("graphql", 1)
            body = {"errors": prepared.errors}
            return _Outcome(Response(200, body, self.rate.headers("graphql")), name, 1, is_write)
        points = prepared.cost.points
        if not self.rate.charge("graphql", points):
            return _Outcome(self._fault_graphql_exhausted(), name, 0, is_write)
        budget = self.rate["graphql"]
        rate_limit = {
            "cost": points,
            "limit": budget.limit,
            "remaining": budget.remaining,
            "used": budget.used,
            "resetAt": datetime.fromtimestamp(budget.reset, UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
            "nodeCount": prepared.cost.nodes,
        }
        with self.world.lock:
            root = graphql_root.root(
                self.world, self.urls, viewer=self.viewer, rate_limit=rate_limit
            )
            body = graphql_api.execute(prepared, root)
        return _Outcome(Response(200, body, self.rate.headers("graphql")), name, points, is_write)

    def _fault_response(self, fault: Fault, resource: str, is_graphql: bool) -> Response:
        if fault.rate_limit_exhausted and fault.status is None and fault.body is None:
            if is_graphql:
                response = self._fault_graphql_exhausted()
            else:
                response = self._exhausted_rest(resource)
        else:
            status = fault.status or 403
            body = fault.body if fault.body is not None else self._fault_body(fault, status)
            response = Response(status, body)
            response.headers.update(
                self.rate.headers(resource, exhausted=fault.rate_limit_exhausted)
            )
        if fault.retry_after is not None:
            response.headers["retry-after"] = str(fault.retry_after)
        response.headers.update({k.lower(): v for k, v in (fault.headers or {}).items()})
        return response

    def _fault_body(self, fault: Fault, status: int) -> dict[str, Any]:
        if status in (403, 429) and fault.retry_after is not None:
            return error_body(
                status,
                "You have exceeded a secondary rate limit. Please wait a few minutes before you "
                "try again.",
                documentation_url=RATE_DOCS + "#about-secondary-rate-limits",
            )
        if fault.rate_limit_exhausted:
            return self._exhausted_rest("core").body
        return error_body(status)

    def _exhausted_rest(self, resource: str) -> Response:
        user_id = self.world.user(self.viewer).id
        body = error_body(
            403,
            f"API rate limit exceeded for user ID {user_id}.",
            documentation_url=RATE_DOCS + "#exceeding-the-rate-limit",
        )
        return Response(403, body, self.rate.headers(resource, exhausted=True))

    def _fault_graphql_exhausted(self) -> Response:
        user_id = self.world.user(self.viewer).id
        body = {
            "errors": [
                {
                    "type": "RATE_LIMITED",
                    "code": "graphql_rate_limit",
                    "message": f"API rate limit already exceeded for user ID {user_id}.",
                }
            ]
        }
        return Response(200, body, self.rate.headers("graphql", exhausted=True))

    def _move_refs(self, req: Request, is_graphql: bool) -> None:
        """A concurrent push: one new commit on the default branch of the repos involved."""
        with self.world.lock:
            repos = []
            if is_graphql:
                prepared = graphql_api.prepare(req.body)
                repos = [
                    self.world.lookup(o, n)[0] for o, n in graphql_api.repositories_named(prepared)
                ]
            elif m := _REPO_IN_PATH.match(req.path):
                found = (
                    self.world.repos_by_id.get(int(m[3]))
                    if m[3]
                    else self.world.lookup(m[1], m[2])[0]
                )
                repos = [found]
            for repo in {r.id: r for r in repos if r is not None and not r.empty}.values():
                stamp = f"{time.time_ns()}\n"
                self.world.commit(
                    repo.full_name, {".concurrent-push": stamp}, message="Concurrent push"
                )


def _encode(body: Any) -> bytes:
    if isinstance(body, bytes):  # a fault's raw answer: not JSON, or cut off
        return body
    return b"" if body is None else json.dumps(body, ensure_ascii=False).encode("utf-8")


def encode(body: Any) -> bytes:
    """Serialise a response body as the wire bytes."""
    return _encode(body)


def _etag_matches(header: str | None, etag: str) -> bool:
    if not header:
        return False
    strip = lambda tag: tag.strip().removeprefix("W/")  # noqa: E731 - weak comparison (RFC 9110)
    return header.strip() == "*" or strip(etag) in {strip(t) for t in header.split(",")}


def _standard_headers() -> dict[str, str]:
    return {
        "content-type": "application/json; charset=utf-8",
        "x-github-media-type": "github.v3; format=json",
        "x-github-api-version-selected": "2022-11-28",
        "x-github-request-id": hashlib.md5(str(time.time_ns()).encode()).hexdigest()[:16].upper(),
        "access-control-expose-headers": (
            "ETag, Link, Location, Retry-After, X-GitHub-OTP, X-RateLimit-Limit, "
            "X-RateLimit-Remaining, X-RateLimit-Used, X-RateLimit-Resource, X-RateLimit-Reset"
        ),
    }
