"""REST routing: match a request to an operation, resolve its repository, paginate lists."""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, cast
from urllib.parse import quote, urlencode

from tests.fakegithub.payloads import Urls
from tests.fakegithub.protocol import HttpError, Request, Response
from tests.fakegithub.records import Repo
from tests.fakegithub.world import World

WRITE_METHODS = frozenset({"POST", "PATCH", "PUT", "DELETE"})
_REPO_PATH = re.compile(r"^/repos/(?P<owner>[^/]+)/(?P<repo>[^/]+)(?P<rest>/.*)?$")
_REPO_ID_PATH = re.compile(r"^/repositories/(?P<id>\d+)(?P<rest>/.*)?$")
_REDIRECT_DOCS = (
    "https://docs.github.com/rest/guides/best-practices-for-using-the-rest-api#follow-redirects"
)


@dataclass(slots=True)
class Ctx:
    """What a handler gets: the world, the request, path parameters and the resolved repo."""

    world: World
    urls: Urls
    req: Request
    params: dict[str, str]
    viewer: str
    repo_or_none: Repo | None = None
    truncate_tree: bool = False
    rate: Any = None  # the RateLimits, for GET /rate_limit

    @property
    def repo(self) -> Repo:
        assert self.repo_or_none is not None
        return self.repo_or_none


Handler = Callable[[Ctx], Response]


@dataclass(frozen=True, slots=True)
class Route:
    """One operation; ``pattern`` is relative to ``/repos/{owner}/{repo}`` when ``in_repo``."""

    method: str
    pattern: str
    operation: str
    handler: Handler
    in_repo: bool = True

    def regex(self) -> re.Pattern[str]:
        source = re.sub(r"\{(\w+)\+\}", r"(?P<\1>.+)", self.pattern)
        return re.compile("^" + re.sub(r"\{(\w+)\}", r"(?P<\1>[^/]+)", source) + "$")


class Router:
    """Dispatches REST requests to handlers; unknown paths get GitHub's 404."""

    def __init__(self, routes: Sequence[Route]) -> None:
        self._routes = [(route, route.regex()) for route in routes]

    def operation(self, req: Request) -> str | None:
        """Return the operationId a request maps to (None if no route)."""
        found = self._find(req)
        return found[0].operation if found else None

    def dispatch(self, ctx: Ctx) -> Response:
        try:
            return self._dispatch(ctx)
        except HttpError as exc:
            return exc.response()

    def _dispatch(self, ctx: Ctx) -> Response:
        found = self._find(ctx.req)
        if found is None:
            raise HttpError(404)
        route, params, repo_key = found
        ctx.params = params
        if route.in_repo:
            ctx.repo_or_none = self._resolve(ctx, repo_key, params.get("_rest", ""))
        return route.handler(ctx)

    def _find(self, req: Request) -> tuple[Route, dict[str, str], tuple[str, ...]] | None:
        rest, repo_key = req.path, cast(tuple[str, ...], ())
        if m := _REPO_PATH.match(req.path):
            rest, repo_key = m["rest"] or "", (m["owner"], m["repo"])
        elif m := _REPO_ID_PATH.match(req.path):
            rest, repo_key = m["rest"] or "", (m["id"],)
        rest = rest.rstrip("/") if rest != "/" else rest  # GitHub ignores a trailing slash
        for route, regex in self._routes:
            if route.method != req.method or route.in_repo != bool(repo_key):
                continue
            if pm := regex.match(rest):
                return route, {**pm.groupdict(), "_rest": rest}, repo_key
        return None

    def _resolve(self, ctx: Ctx, key: tuple[str, ...], rest: str) -> Repo:
        world, req = ctx.world, ctx.req
        if len(key) == 1:
            repo, renamed = world.repos_by_id.get(int(key[0])), False
        else:
            repo, renamed = world.lookup(*key)
        if repo is None or not repo.visible:
            raise HttpError(404)
        if renamed:
            # https://docs.github.com/rest/guides/best-practices-for-using-the-rest-api#follow-redirects
            location = f"{ctx.urls.api}/repositories/{repo.id}{rest}"
            if req.query:
                location += "?" + urlencode(req.query)
            status = 301 if req.method in ("GET", "HEAD") else 307
            message = "Moved Permanently" if status == 301 else "Temporary Redirect"
            raise HttpError(
                status,
                message,
                headers={"location": location},
                url=location,
                documentation_url=_REDIRECT_DOCS,
            )
        if repo.blocked:
            raise HttpError(451, "Repository access blocked", block=_block(ctx.urls, repo))
        if repo.archived and req.method in WRITE_METHODS:
            raise HttpError(403, "Repository was archived so is read-only.")
        return repo


def _block(urls: Urls, repo: Repo) -> dict[str, Any]:
    return {
        "reason": "tos",
        "created_at": repo.updated_at,
        "html_url": f"{urls.html}/tos",
    }


def paginate(ctx: Ctx, items: Sequence[Any], *, wrap: str | None = None) -> Response:
    """Serve one page of ``items`` with GitHub's ``Link`` header (``per_page`` ≤ 100, 30 default)."""
    per_page = _positive(ctx.req.query.get("per_page"), 30, cap=100)
    page = _positive(ctx.req.query.get("page"), 1)
    last = max(1, -(-len(items) // per_page))
    chunk = list(items[(page - 1) * per_page : page * per_page])
    links = []
    for rel, number in (("prev", page - 1), ("next", page + 1), ("last", last), ("first", 1)):
        if rel in ("prev", "first") and page <= 1:
            continue
        if rel in ("next", "last") and page >= last:
            continue
        links.append(f'<{_page_url(ctx, number)}>; rel="{rel}"')
    headers = {"link": ", ".join(links)} if links else {}
    body: Any = {"total_count": len(items), wrap: chunk} if wrap else chunk
    return Response(200, body, headers)


def _page_url(ctx: Ctx, page: int) -> str:
    query = {**ctx.req.query, "page": str(page)}
    return f"{ctx.urls.api}{quote(ctx.req.path)}?{urlencode(query)}"


def _positive(raw: str | None, default: int, *, cap: int | None = None) -> int:
    try:
        value = int(raw) if raw is not None else default
    except ValueError:
        value = default
    value = max(1, value)
    return min(value, cap) if cap else value
