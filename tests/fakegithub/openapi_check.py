"""Check served REST exchanges against GitHub's OpenAPI description (openapi-core)."""

from __future__ import annotations

import functools
import json
import re
from typing import Any
from urllib.parse import urlencode

from openapi_core import Config, OpenAPI
from openapi_core.templating.paths.exceptions import PathError
from openapi_core.testing import MockRequest, MockResponse

from tests.fakegithub.engine import Exchange, encode
from tests.support.refdata import package_dir, rest_openapi

HOST = "https://api.github.com"
# Parameters that may hold "/" ({path}, {ref}, {branch}); openapi-core matches one segment each.
_SLASHED = re.compile(
    r"^(/repos/[^/]+/[^/]+/(?:contents|git/refs?|branches|commits)/)(.+?)"
    r"(?=/(?:status|statuses|check-runs|check-suites)$|$)"
)
_STATUSES_ALIAS = re.compile(r"^(/repos/[^/]+/[^/]+)/statuses/([^/]+)$")  # legacy path, same data
_LABELS = re.compile(r"^/repos/[^/]+/[^/]+/issues/\d+/labels$")
# Answers GitHub gives that the description does not list for every operation.
_UNDOCUMENTED_OK = {401, 403, 409, 422, 451}


@functools.cache
def github_openapi() -> OpenAPI:
    """The api.github.com description, loaded once per process (skipping the slow spec check)."""
    spec = json.loads(
        (package_dir("@octokit/openapi") / "generated" / "api.github.com.json").read_bytes()
    )
    _patch(spec)
    return OpenAPI.from_dict(spec, config=Config(spec_validator_cls=None))


def _patch(node: Any) -> None:
    """Work around two validator limits, without loosening GitHub's schemas otherwise.

    - ``nullable: true`` next to an ``enum`` without null: GitHub sends null (an open issue's
      ``state_reason``), OpenAPI 3.0.3 strictly reads it as invalid; we accept null.
    - a ``discriminator`` mapping ``array`` (contents: file or directory listing): openapi-core
      cannot discriminate on an array, and the ``oneOf`` alone already decides.
    """
    if isinstance(node, dict):
        enum = node.get("enum")
        if node.get("nullable") is True and isinstance(enum, list) and None not in enum:
            enum.append(None)
        if "array" in (node.get("discriminator") or {}).get("mapping", {}):
            del node["discriminator"]
        for value in node.values():
            _patch(value)
    elif isinstance(node, list):
        for value in node:
            _patch(value)


def _request(exchange: Exchange) -> MockRequest:
    req = exchange.request
    path = _STATUSES_ALIAS.sub(r"\1/commits/\2/statuses", req.path)
    path = _SLASHED.sub(lambda m: m[1] + m[2].replace("/", "%2F"), path)
    body = req.body or None
    if body and _LABELS.match(req.path) and isinstance(json.loads(body), list):
        # The operation's text allows "an array of labels directly" (PyGithub sends that), its
        # schema only the object form: check the array as the object it stands for.
        body = json.dumps({"labels": json.loads(body)}).encode()
    return MockRequest(
        HOST,
        req.method.lower(),
        path,
        args=dict(req.query),
        headers={"content-type": "application/json", **req.headers},
        data=body,
    )


def problems(exchange: Exchange) -> list[str]:
    """Return what in a served exchange disagrees with GitHub's description (empty: all fine).

    A request the description rejects is fine when the fake rejected it too (4xx); an unknown
    path is fine when the fake answered 404, as GitHub does.
    """
    req, status = exchange.request, exchange.response.status
    if req.path == "/graphql" or exchange.faulted or req.path.startswith("/repositories/"):
        return []  # /repositories/{id} is a redirect target served by the same handlers
    if req.method == "HEAD":
        return []  # GET's answer without a body; the description lists no HEAD operations
    spec = github_openapi()
    request = _request(exchange)
    found = []
    for error in spec.iter_request_errors(request):
        if isinstance(error, PathError) and status == 404:
            return []
        if not 400 <= status < 500:
            found.append(f"request: {_describe(error)}")
    if status in (301, 304, 307) or (status in _UNDOCUMENTED_OK and not _documented(exchange)):
        return found
    data = encode(exchange.response.body)
    content_type = "application/json" if data else ""
    response = MockResponse(data, status, dict(exchange.response.headers), content_type)
    for error in spec.iter_response_errors(request, response):
        text = _describe(error)
        if status >= 400 and "is valid under each of" in text:
            continue  # error schemas overlap in oneOf (basic-error has no required keys)
        found.append(f"response {status}: {text}")
    return found


def _documented(exchange: Exchange) -> bool:
    """True if the description lists this status for the operation served."""
    spec = rest_openapi()
    for template, item in spec["paths"].items():
        operation = item.get(exchange.request.method.lower())
        if operation and _matches(template, exchange.request.path):
            return str(exchange.response.status) in operation.get("responses", {})
    return False


def _matches(template: str, path: str) -> bool:
    parts, want = template.strip("/").split("/"), path.strip("/").split("/")
    if len(parts) != len(want):
        return template.endswith("{path}") and len(want) >= len(parts)
    return all(p.startswith("{") or p == w for p, w in zip(parts, want, strict=True))


def _describe(error: Exception) -> str:
    details = []
    cause = error.__cause__
    for sub in getattr(cause, "schema_errors", None) or getattr(error, "schema_errors", ()) or ():
        where = "/".join(str(x) for x in getattr(sub, "absolute_path", ()))
        details.append(f"{where}: {getattr(sub, 'message', sub)}")
    text = f"{type(error).__name__}: {error}"
    if cause is not None and not details:
        text += f" ({type(cause).__name__}: {cause})"
    return text + ("".join(f"\n    {d}" for d in details[:8]))


def url_of(exchange: Exchange) -> str:
    req = exchange.request
    return f"{req.method} {req.path}" + (f"?{urlencode(req.query)}" if req.query else "")


def dump(exchange: Exchange) -> str:
    return json.dumps(exchange.response.body)[:2000]
