"""Regenerate tests/refdata/: the trimmed copies of GitHub's reference data the tests read.

Run it (needs network access to registry.npmjs.org; npm itself is not needed):

    python scripts/refresh_refdata.py            # download the pinned tarballs, rewrite the files
    python scripts/refresh_refdata.py --check    # regenerate in memory, exit 1 if anything differs

It downloads each pinned npm package's tarball from the registry (checking npm's
``dist.integrity``), takes one file out of it and keeps only what the tests use, with GitHub's
prose removed (``description``, ``summary``, ``title``, ``externalDocs``, ``example(s)``,
``x-*`` extensions), then writes ``tests/refdata/SOURCES.json`` with, for every file, its
package, version, path inside the package and the sha256 of the tarball, of the file as
published and of the trimmed file. From the same pinned versions the output is byte for byte the
same. The trimmed files keep the package's layout (``tests/refdata/<package>/<path>``):

- ``@octokit/graphql-schema/schema.graphql``: the whole public GraphQL schema, without its
  descriptions (types, fields, arguments and directives as published, in the same order);
- ``@octokit/openapi/generated/api.github.com.json``: the REST operations in REST_OPERATIONS
  (the client's and the fake's), with their parameters, request bodies and responses and every
  component they reference, plus the published example answers in REST_EXAMPLES;
- ``@octokit/openapi-webhooks/generated/api.github.com.json``: the webhook schemas in WEBHOOKS
  and every component they reference;
- ``@octokit/webhooks-examples/api.github.com/index.json``: every event with its actions, and
  the first published example payload of each (event, action) in WEBHOOK_EXAMPLES.

To let a test use more (a new route in the fake, a new client call, a new webhook or example),
add it to the lists below and run the script; tests/test_refdata.py says when one is missing. To
move to newer packages, change PACKAGES and run it.
"""

from __future__ import annotations

import argparse
import base64
import hashlib
import io
import json
import re
import sys
import tarfile
import urllib.parse
import urllib.request
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "tests" / "refdata"
REGISTRY = "https://registry.npmjs.org"

#: npm package -> pinned version.
PACKAGES: dict[str, str] = {
    "@octokit/graphql-schema": "15.26.1",
    "@octokit/openapi": "23.0.2",
    "@octokit/openapi-webhooks": "12.1.0",
    "@octokit/webhooks-examples": "7.6.1",
}

#: operationIds kept in the REST description: what roadmap-bot's client calls and the fake serves.
REST_OPERATIONS: tuple[str, ...] = (
    "actions/create-workflow-dispatch",
    "actions/get-workflow-run",
    "actions/list-workflow-runs",
    "actions/list-workflow-runs-for-repo",
    "checks/list-for-ref",
    "checks/list-suites-for-ref",
    "git/create-blob",
    "git/create-commit",
    "git/create-ref",
    "git/create-tree",
    "git/get-blob",
    "git/get-commit",
    "git/get-ref",
    "git/get-tree",
    "git/update-ref",
    "issues/add-labels",
    "issues/create",
    "issues/create-comment",
    "issues/create-label",
    "issues/create-milestone",
    "issues/delete-comment",
    "issues/get",
    "issues/get-comment",
    "issues/list-comments",
    "issues/list-comments-for-repo",
    "issues/list-for-repo",
    "issues/list-labels-for-repo",
    "issues/list-milestones",
    "issues/update",
    "issues/update-comment",
    "pulls/create",
    "pulls/get",
    "pulls/list",
    "pulls/update",
    "rate-limit/get",
    "reactions/create-for-issue",
    "reactions/create-for-issue-comment",
    "reactions/delete-for-issue-comment",
    "reactions/list-for-issue-comment",
    "repos/check-collaborator",
    "repos/create-or-update-file-contents",
    "repos/get",
    "repos/get-branch",
    "repos/get-collaborator-permission-level",
    "repos/get-combined-status-for-ref",
    "repos/get-commit",
    "repos/get-content",
    "repos/list-commit-statuses-for-ref",
    "users/get-authenticated",
    "users/get-by-username",
)

#: components.examples kept (with their ``value`` only): published answers the tests start from.
REST_EXAMPLES: tuple[str, ...] = (
    "repository-collaborator-permission-response-if-user-has-admin-permissions",
)

#: webhooks kept in the webhook description (the payloads the tests validate).
WEBHOOKS: tuple[str, ...] = (
    "issue-comment-created",
    "issue-comment-deleted",
    "issue-comment-edited",
    "issues-assigned",
    "issues-closed",
    "issues-deleted",
    "issues-edited",
    "issues-labeled",
    "issues-opened",
    "issues-reopened",
    "workflow-dispatch",
)

#: (event, action) whose first published example payload is kept; None: the event's first one.
WEBHOOK_EXAMPLES: tuple[tuple[str, str | None], ...] = (
    ("issue_comment", None),
    ("issue_comment", "created"),
    ("issue_comment", "deleted"),
    ("issue_comment", "edited"),
    ("issues", None),
    ("issues", "assigned"),
    ("issues", "deleted"),
    ("issues", "edited"),
    ("issues", "labeled"),
    ("issues", "opened"),
    ("issues", "reopened"),
    ("pull_request", "opened"),
    ("push", None),
    ("workflow_dispatch", None),
)

#: Keywords that carry GitHub's prose or tooling metadata, never structure a validator reads.
PROSE = frozenset({"description", "summary", "title", "externalDocs", "example", "examples"})
#: Keys whose value maps names (properties, status codes, media types...) to objects: the names
#: are data, not keywords, so a property called ``description`` is kept.
NAME_MAPS = frozenset(
    {
        "properties",
        "patternProperties",
        "$defs",
        "definitions",
        "dependentSchemas",
        "paths",
        "webhooks",
        "responses",
        "content",
        "headers",
        "schemas",
        "parameters",
        "requestBodies",
        "encoding",
        "links",
        "callbacks",
        "securitySchemes",
        "mapping",
    }
)
#: Keys whose value is data (copied as published, never walked).
VALUES = frozenset({"enum", "const", "default", "required"})


@dataclass(frozen=True)
class Source:
    """One trimmed file: where it comes from and how it is trimmed."""

    package: str
    path: str
    trim: Callable[[bytes], bytes]
    keeps: dict[str, list[Any]]

    @property
    def file(self) -> str:
        return f"{self.package}/{self.path}"


# --- trimming -----------------------------------------------------------------------------------


def strip_prose(node: Any) -> Any:
    """Return a copy of an OpenAPI / JSON Schema node without prose keywords or ``x-*`` keys."""
    if isinstance(node, list):
        return [strip_prose(item) for item in node]
    if not isinstance(node, dict):
        return node
    kept: dict[str, Any] = {}
    for key, value in node.items():
        if key in PROSE or key.startswith("x-"):
            continue
        if key in VALUES:
            kept[key] = value
        elif key in NAME_MAPS and isinstance(value, dict):
            kept[key] = {name: strip_prose(item) for name, item in value.items()}
        else:
            kept[key] = strip_prose(value)
    return kept


def _refs(node: Any) -> Iterable[str]:
    if isinstance(node, dict):
        for key, value in node.items():
            if key == "$ref" and isinstance(value, str):
                yield value
            elif key not in VALUES:
                yield from _refs(value)
    elif isinstance(node, list):
        for item in node:
            yield from _refs(item)


def with_components(doc: dict[str, Any], kept: dict[str, Any]) -> dict[str, Any]:
    """Return ``doc``'s ``components`` holding exactly what ``kept`` references, transitively."""
    components: dict[str, dict[str, Any]] = doc["components"]
    wanted: set[tuple[str, str]] = set()
    todo = list(_refs(kept))
    while todo:
        ref = todo.pop()
        match = re.fullmatch(r"#/components/([^/]+)/([^/]+)", ref)
        if match is None:
            raise SystemExit(f"unexpected $ref {ref!r}: only #/components/<kind>/<name> is handled")
        key = (match[1], match[2])
        if key not in wanted:
            wanted.add(key)
            todo.extend(_refs(strip_prose(components[key[0]][key[1]])))
    return {
        kind: {name: strip_prose(item) for name, item in items.items() if (kind, name) in wanted}
        for kind, items in components.items()
        if any(k == kind for k, _ in wanted)
    }


def _head(doc: dict[str, Any]) -> dict[str, Any]:
    head: dict[str, Any] = {"openapi": doc["openapi"]}
    head["info"] = {"title": doc["info"]["title"], "version": doc["info"]["version"]}
    if "servers" in doc:
        head["servers"] = [{"url": server["url"]} for server in doc["servers"]]
    return head


def trim_rest(raw: bytes) -> bytes:
    doc = json.loads(raw)
    paths: dict[str, Any] = {}
    found: set[str] = set()
    for template, item in doc["paths"].items():
        ops = {
            method: op
            for method, op in item.items()
            if isinstance(op, dict) and op.get("operationId") in REST_OPERATIONS
        }
        if not ops:
            continue
        found.update(op["operationId"] for op in ops.values())
        shared = {k: v for k, v in item.items() if k in ("parameters", "servers")}
        paths[template] = strip_prose({**shared, **ops})
    missing = sorted(set(REST_OPERATIONS) - found)
    if missing:
        raise SystemExit(f"operations not in the published description: {missing}")
    out = {**_head(doc), "paths": paths}
    components = with_components(doc, paths)
    examples = doc["components"]["examples"]
    components["examples"] = {name: {"value": examples[name]["value"]} for name in REST_EXAMPLES}
    out["components"] = components
    return _json(out)


def trim_webhooks(raw: bytes) -> bytes:
    doc = json.loads(raw)
    missing = sorted(set(WEBHOOKS) - set(doc["webhooks"]))
    if missing:
        raise SystemExit(f"webhooks not in the published description: {missing}")
    hooks = {name: strip_prose(item) for name, item in doc["webhooks"].items() if name in WEBHOOKS}
    out = {**_head(doc), "webhooks": hooks, "components": with_components(doc, hooks)}
    return _json(out)


def trim_examples(raw: bytes) -> bytes:
    """Every event with its actions; the first example of each wanted (event, action).

    ``example_actions`` (not in the published file) lists the actions of every published example,
    so a test asking for one that was not kept learns that it exists upstream.
    """
    events = json.loads(raw)
    out = []
    for entry in events:
        examples = entry.get("examples", [])
        wanted = {action for event, action in WEBHOOK_EXAMPLES if event == entry["name"]}
        keep: list[int] = []
        for action in wanted:
            index = next(
                (
                    i
                    for i, ex in enumerate(examples)
                    if action is None or ex.get("action") == action
                ),
                None,
            )
            if index is None:
                raise SystemExit(f"no published {entry['name']} example with action {action!r}")
            keep.append(index)
        actions = list(dict.fromkeys(ex.get("action") for ex in examples))
        out.append(
            {
                "name": entry["name"],
                "actions": entry.get("actions", []),
                "example_actions": actions,
                "examples": [examples[i] for i in sorted(set(keep))],
            }
        )
    return _json(out)


def trim_sdl(raw: bytes) -> bytes:
    """Drop every description (block strings and one-line strings on their own lines)."""
    lines: list[str] = []
    in_block = False
    for line in raw.decode("utf-8").splitlines():
        text = line.strip()
        if in_block:
            in_block = not text.endswith('"""')
            continue
        if text.startswith('"""'):
            in_block = not (len(text) >= 6 and text.endswith('"""'))
            continue
        if re.fullmatch(r'"(?:[^"\\]|\\.)*"', text):
            continue
        if text:
            if not line[0].isspace() and not text.startswith(("}", ")")) and lines:
                lines.append("")  # one blank line between top-level definitions
            lines.append(line.rstrip())
    return ("\n".join(lines) + "\n").encode("utf-8")


def check_sdl(published: bytes, trimmed: bytes) -> None:
    """The trimmed SDL must be the published schema minus its descriptions (if graphql-core is
    installed: it is a test dependency)."""
    try:
        from graphql import parse, print_ast
        from graphql.language import ast
    except ImportError:
        return

    def bare(text: bytes) -> str:
        doc = parse(text.decode("utf-8"), no_location=True)

        def walk(node: Any) -> None:
            if isinstance(node, ast.Node):
                if hasattr(node, "description"):
                    node.description = None
                for key in node.keys:
                    walk(getattr(node, key))
            elif isinstance(node, list | tuple):
                for item in node:
                    walk(item)

        walk(doc)
        return print_ast(doc)

    if bare(published) != bare(trimmed):
        raise SystemExit("the trimmed SDL is not the published schema without descriptions")


def _json(value: Any) -> bytes:
    return (json.dumps(value, ensure_ascii=False, separators=(",", ":")) + "\n").encode("utf-8")


SOURCES: tuple[Source, ...] = (
    Source("@octokit/graphql-schema", "schema.graphql", trim_sdl, {}),
    Source(
        "@octokit/openapi",
        "generated/api.github.com.json",
        trim_rest,
        {"operations": sorted(REST_OPERATIONS), "examples": sorted(REST_EXAMPLES)},
    ),
    Source(
        "@octokit/openapi-webhooks",
        "generated/api.github.com.json",
        trim_webhooks,
        {"webhooks": sorted(WEBHOOKS)},
    ),
    Source(
        "@octokit/webhooks-examples",
        "api.github.com/index.json",
        trim_examples,
        {"examples": [list(pair) for pair in WEBHOOK_EXAMPLES]},
    ),
)


# --- fetching -----------------------------------------------------------------------------------


def _get(url: str) -> bytes:
    with urllib.request.urlopen(url, timeout=120) as response:
        data: bytes = response.read()
        return data


def fetch_tarball(package: str, version: str) -> tuple[bytes, dict[str, str]]:
    """Download a package's tarball and check it against the registry's ``dist.integrity``."""
    meta = json.loads(_get(f"{REGISTRY}/{urllib.parse.quote(package, safe='@')}/{version}"))
    dist = meta["dist"]
    tarball = _get(dist["tarball"])
    algorithm, _, expected = dist["integrity"].partition("-")
    actual = base64.b64encode(hashlib.new(algorithm, tarball).digest()).decode()
    if actual != expected:
        raise SystemExit(f"{package}@{version}: the tarball does not match {dist['integrity']}")
    return tarball, {
        "tarball": dist["tarball"],
        "integrity": dist["integrity"],
        "tarball_sha256": hashlib.sha256(tarball).hexdigest(),
    }


def member(tarball: bytes, path: str) -> bytes:
    with tarfile.open(fileobj=io.BytesIO(tarball), mode="r:gz") as archive:
        handle = archive.extractfile(f"package/{path}")
        if handle is None:
            raise SystemExit(f"package/{path} is not a file in the tarball")
        return handle.read()


def build() -> dict[str, bytes]:
    """Return every output file (relative to tests/refdata) with its content."""
    tarballs: dict[str, tuple[bytes, dict[str, str]]] = {}
    files: dict[str, bytes] = {}
    records = []
    for source in SOURCES:
        version = PACKAGES[source.package]
        if source.package not in tarballs:
            print(f"fetching {source.package}@{version}", file=sys.stderr)
            tarballs[source.package] = fetch_tarball(source.package, version)
        tarball, dist = tarballs[source.package]
        published = member(tarball, source.path)
        trimmed = source.trim(published)
        if source.trim is trim_sdl:
            check_sdl(published, trimmed)
        files[source.file] = trimmed
        records.append(
            {
                "file": source.file,
                "package": source.package,
                "version": version,
                "path": source.path,
                **dist,
                "published_sha256": hashlib.sha256(published).hexdigest(),
                "published_bytes": len(published),
                "sha256": hashlib.sha256(trimmed).hexdigest(),
                "bytes": len(trimmed),
                "keeps": source.keeps,
            }
        )
    sources = {"generated_by": "scripts/refresh_refdata.py", "files": records}
    files["SOURCES.json"] = (json.dumps(sources, indent=2, ensure_ascii=False) + "\n").encode()
    return files


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--check", action="store_true", help="compare with tests/refdata/ instead of writing"
    )
    args = parser.parse_args(argv)
    files = build()
    if args.check:
        stale = [name for name, data in files.items() if _read(OUT / name) != data]
        for name in stale:
            print(f"differs: tests/refdata/{name}", file=sys.stderr)
        print("up to date" if not stale else f"{len(stale)} file(s) differ", file=sys.stderr)
        return 1 if stale else 0
    for name, data in files.items():
        target = OUT / name
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)
        print(f"wrote tests/refdata/{name} ({len(data):,} bytes)", file=sys.stderr)
    return 0


def _read(path: Path) -> bytes | None:
    try:
        return path.read_bytes()
    except OSError:
        return None


if __name__ == "__main__":
    sys.exit(main())
