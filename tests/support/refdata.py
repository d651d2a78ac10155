"""Load GitHub's published reference data (GraphQL SDL, OpenAPI, webhooks) from tests/refdata/.

The files there are trimmed copies of files in pinned npm packages: only what the tests use, with
GitHub's prose (descriptions, summaries, titles) removed. ``tests/refdata/SOURCES.json`` records
each file's package, version, path and checksums; ``scripts/refresh_refdata.py`` regenerates them
(it needs the network; the tests need neither npm nor the network).
"""

from __future__ import annotations

import functools
import json
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1] / "refdata"
SOURCES = ROOT / "SOURCES.json"
REFRESH = "scripts/refresh_refdata.py"


class RefdataError(RuntimeError):
    """The reference data could not be read or lacks what was asked; the message says why."""


@functools.cache
def sources() -> tuple[dict[str, Any], ...]:
    """Return SOURCES.json's records: one per trimmed file (package, version, path, sha256...)."""
    return tuple(_load_json(SOURCES)["files"])


def refdata_dir() -> Path:
    """Return the folder holding the trimmed files, laid out as ``<package>/<path>``."""
    return ROOT


def package_dir(name: str) -> Path:
    """Return the folder of one pinned package's trimmed files, e.g. ``@octokit/openapi``."""
    if name not in PACKAGES:
        raise RefdataError(
            f"{name} is not one of the pinned reference packages: {sorted(PACKAGES)}"
        )
    return ROOT / name


@functools.cache
def graphql_schema_sdl() -> str:
    """Return GitHub's public GraphQL schema as SDL text (without descriptions)."""
    return _read(package_dir("@octokit/graphql-schema") / "schema.graphql").decode("utf-8")


@functools.cache
def rest_openapi() -> dict[str, Any]:
    """Return GitHub's OpenAPI 3.0 description of api.github.com, trimmed to the operations
    roadmap-bot's client calls and the fake serves (parsed once)."""
    spec: dict[str, Any] = _load_json(
        package_dir("@octokit/openapi") / "generated" / "api.github.com.json"
    )
    return spec


@functools.cache
def webhooks_openapi() -> dict[str, Any]:
    """Return GitHub's webhook OpenAPI 3.1 document (``webhooks`` + ``components``), trimmed.

    Both @octokit/openapi-webhooks and the REST description's ``x-webhooks`` come from
    github/rest-api-description; the dedicated package is OpenAPI 3.1, so its schemas use plain
    JSON Schema (``"type": ["string", "null"]``) that ``jsonschema`` validates directly.
    """
    spec: dict[str, Any] = _load_json(
        package_dir("@octokit/openapi-webhooks") / "generated" / "api.github.com.json"
    )
    return spec


@functools.cache
def _webhook_examples() -> tuple[dict[str, Any], ...]:
    path = package_dir("@octokit/webhooks-examples") / "api.github.com" / "index.json"
    return tuple(_load_json(path))


def webhook_events() -> dict[str, tuple[str, ...]]:
    """Return every published event name, with its actions."""
    return {e["name"]: tuple(e.get("actions", ())) for e in _webhook_examples()}


def webhook_example(event: str, action: str | None = None) -> dict[str, Any]:
    """Return a fresh copy of GitHub's first published example payload for an event/action."""
    for entry in _webhook_examples():
        if entry["name"] != event:
            continue
        for example in entry.get("examples", ()):
            if action is None or example.get("action") == action:
                fresh: dict[str, Any] = json.loads(json.dumps(example))
                return fresh  # callers may mutate their copy
        published = entry.get("example_actions", ())
        if (action is None and published) or action in published:
            raise RefdataError(
                f"GitHub publishes a {event!r} example with action {action!r}, but the trimmed "
                f"tests/refdata does not keep it: add it to WEBHOOK_EXAMPLES in {REFRESH} and "
                "run that script"
            )
        raise RefdataError(
            f"no published {event!r} example with action {action!r}; "
            f"actions with examples: {sorted(set(published) - {None})}"
        )
    raise RefdataError(f"no published webhook examples for event {event!r}")


def _read(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except OSError as exc:
        raise RefdataError(
            f"cannot read {path}: {exc}. The trimmed reference data is committed under "
            f"tests/refdata/; restore it from git or regenerate it with {REFRESH}."
        ) from exc


def _load_json(path: Path) -> Any:
    try:
        return json.loads(_read(path))
    except ValueError as exc:
        raise RefdataError(
            f"cannot parse {path}: {exc}. Restore it from git or regenerate it with {REFRESH}."
        ) from exc


def _packages() -> dict[str, str]:
    return {record["package"]: record["version"] for record in sources()}


#: The pinned npm packages the trimmed files come from (name -> version).
PACKAGES: dict[str, str] = _packages()
