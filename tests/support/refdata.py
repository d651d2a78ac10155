"""Install, cache and load GitHub's published reference data (GraphQL SDL, OpenAPI, webhooks) from npm."""

from __future__ import annotations

import fcntl
import functools
import json
import os
import shutil
import subprocess
from pathlib import Path
from typing import Any

#: The pinned npm packages; bump a version here and every cache refreshes itself.
PACKAGES: dict[str, str] = {
    "@octokit/graphql-schema": "15.26.1",
    "@octokit/openapi": "23.0.2",
    "@octokit/webhooks-examples": "7.6.1",
    "@octokit/openapi-webhooks": "12.1.0",
}
ENV_VAR = "ROADMAP_BOT_REFDATA"
_REPO_ROOT = Path(__file__).resolve().parents[2]
_NPM_TIMEOUT_S = 600


class RefdataError(RuntimeError):
    """The reference data could not be installed or read; the message says how to fix it."""


def refdata_dir() -> Path:
    """Return a folder whose node_modules/ holds the pinned packages, installing them once."""
    root = _configured_dir()
    if _missing(root):
        root.mkdir(parents=True, exist_ok=True)
        with (root / ".install.lock").open("w") as lock:
            fcntl.flock(lock, fcntl.LOCK_EX)  # a second run or xdist worker waits here
            try:
                if _missing(root):
                    _npm_install(root)
            finally:
                fcntl.flock(lock, fcntl.LOCK_UN)
    return root


def package_dir(name: str) -> Path:
    """Return the installed folder of one pinned package, e.g. ``@octokit/openapi``."""
    if name not in PACKAGES:
        raise RefdataError(
            f"{name} is not one of the pinned reference packages: {sorted(PACKAGES)}"
        )
    return refdata_dir() / "node_modules" / name


@functools.cache
def graphql_schema_sdl() -> str:
    """Return GitHub's public GraphQL schema as SDL text."""
    return (package_dir("@octokit/graphql-schema") / "schema.graphql").read_text("utf-8")


@functools.cache
def rest_openapi() -> dict[str, Any]:
    """Return GitHub's OpenAPI 3.0 description of api.github.com (about 13 MB, parsed once)."""
    return _load_json(package_dir("@octokit/openapi") / "generated" / "api.github.com.json")


@functools.cache
def webhooks_openapi() -> dict[str, Any]:
    """Return GitHub's webhook OpenAPI 3.1 document (``webhooks`` + ``components``).

    Both @octokit/openapi-webhooks and the REST description's ``x-webhooks`` come from
    github/rest-api-description; the dedicated package is OpenAPI 3.1, so its schemas use plain
    JSON Schema (``"type": ["string", "null"]``) that ``jsonschema`` validates directly.
    """
    return _load_json(
        package_dir("@octokit/openapi-webhooks") / "generated" / "api.github.com.json"
    )


@functools.cache
def _webhook_examples() -> tuple[dict[str, Any], ...]:
    path = package_dir("@octokit/webhooks-examples") / "api.github.com" / "index.json"
    return tuple(_load_json(path))


def webhook_events() -> dict[str, tuple[str, ...]]:
    """Return every event name that has examples, with its actions."""
    return {e["name"]: tuple(e.get("actions", ())) for e in _webhook_examples()}


def webhook_example(event: str, action: str | None = None) -> dict[str, Any]:
    """Return a fresh copy of GitHub's first published example payload for an event/action."""
    for entry in _webhook_examples():
        if entry["name"] != event:
            continue
        for example in entry.get("examples", ()):
            if action is None or example.get("action") == action:
                return json.loads(json.dumps(example))  # callers may mutate their copy
        raise RefdataError(
            f"no published {event!r} example with action {action!r}; "
            f"actions with examples: {sorted({e.get('action') for e in entry['examples']} - {None})}"
        )
    raise RefdataError(f"no published webhook examples for event {event!r}")


def _configured_dir() -> Path:
    env = os.environ.get(ENV_VAR)
    return Path(env).expanduser().resolve() if env else _REPO_ROOT / ".cache" / "refdata"


def _missing(root: Path) -> bool:
    for name, version in PACKAGES.items():
        manifest = root / "node_modules" / name / "package.json"
        try:
            if json.loads(manifest.read_text("utf-8")).get("version") != version:
                return True
        except (OSError, ValueError):
            return True
    return False


def _npm_install(root: Path) -> None:
    npm = shutil.which("npm")
    if npm is None:
        raise RefdataError(
            "npm was not found on PATH, so GitHub's reference data cannot be installed into "
            f"{root}. Install Node.js (which ships npm), or point ${ENV_VAR} at a folder whose "
            f"node_modules/ already holds {_specs()}."
        )
    command = [npm, "install", "--no-save", "--no-audit", "--no-fund", "--prefix", str(root)]
    try:
        done = subprocess.run(
            [*command, *_specs()],
            capture_output=True,
            text=True,
            timeout=_NPM_TIMEOUT_S,
            check=False,
        )
    except subprocess.TimeoutExpired as exc:
        raise RefdataError(f"npm install into {root} took over {_NPM_TIMEOUT_S}s") from exc
    if done.returncode != 0 or _missing(root):
        raise RefdataError(
            f"npm install of {_specs()} into {root} failed (exit {done.returncode}); check the "
            f"network/registry access and retry, or set ${ENV_VAR} to a prepared folder.\n"
            f"{done.stderr[-2000:]}"
        )


def _specs() -> list[str]:
    return [f"{name}@{version}" for name, version in PACKAGES.items()]


def _load_json(path: Path) -> Any:
    try:
        with path.open("rb") as handle:
            return json.load(handle)
    except (OSError, ValueError) as exc:
        raise RefdataError(
            f"cannot read {path}: {exc}. Delete {path.parent} (or the ${ENV_VAR} folder) so the "
            "next run reinstalls it."
        ) from exc
