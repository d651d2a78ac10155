"""HTTP values the fake passes around: Request, Response, HttpError and GitHub's error bodies."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

DOCS = "https://docs.github.com/rest"

REASONS = {
    301: "Moved Permanently",
    304: "Not Modified",
    307: "Temporary Redirect",
    400: "Problems parsing JSON",
    401: "Bad credentials",
    403: "Forbidden",
    404: "Not Found",
    409: "Conflict",
    422: "Validation Failed",
    429: "Too Many Requests",
    451: "Repository access blocked",
    500: "Server Error",
    502: "Server Error",
    503: "Service Unavailable",
}


@dataclass(slots=True)
class Request:
    """One parsed request; header names are lower-cased."""

    method: str
    path: str
    query: dict[str, str]
    headers: dict[str, str]
    body: bytes = b""

    def json(self) -> Any:
        if not self.body.strip():
            return {}
        try:
            return json.loads(self.body)
        except ValueError as exc:
            raise HttpError(400, "Problems parsing JSON") from exc

    def fields(self) -> dict[str, Any]:
        """Return the JSON body as an object, or answer 400 like GitHub."""
        data = self.json()
        if not isinstance(data, dict):
            raise HttpError(400, "Problems parsing JSON")
        return data


@dataclass(slots=True)
class Response:
    """A JSON (or empty) answer; ``body`` None means no content."""

    status: int
    body: Any = None
    headers: dict[str, str] = field(default_factory=dict)


class HttpError(Exception):
    """Answer with a GitHub error body: ``{"message", "documentation_url", "status", ...}``."""

    def __init__(
        self,
        status: int,
        message: str | None = None,
        *,
        headers: dict[str, str] | None = None,
        **extra: Any,
    ) -> None:
        self.status = status
        self.message = message or REASONS.get(status, "Error")
        self.headers = headers or {}
        self.extra = extra
        super().__init__(f"{status} {self.message}")

    def response(self) -> Response:
        return Response(
            self.status, error_body(self.status, self.message, **self.extra), self.headers
        )


def error_body(status: int, message: str | None = None, **extra: Any) -> dict[str, Any]:
    body: dict[str, Any] = {"message": message or REASONS.get(status, "Error")}
    body.update(extra)
    body.setdefault("documentation_url", DOCS)
    body["status"] = str(status)
    return body


def invalid(resource: str, field_name: str, code: str = "invalid", **more: Any) -> HttpError:
    """A 422 "Validation Failed" with one GitHub-style error entry."""
    entry = {"resource": resource, "field": field_name, "code": code, **more}
    return HttpError(422, "Validation Failed", errors=[entry])
