"""GitHub reference data: trimmed files committed under tests/refdata/, checked and loaded once."""

from __future__ import annotations

import hashlib
import importlib.util
import json
import os
import re
import subprocess
import sys
from pathlib import Path
from types import ModuleType

import pytest
from graphql import build_schema, parse, validate

from roadmap_bot.adapters.github.queries import (
    ROOT_CANDIDATES,
    TREE_DEPTH,
    RepoName,
    TextsRequest,
    TreeRequest,
    heads_query,
    texts_query,
    trees_query,
)
from tests.support import refdata

ROOT = Path(__file__).resolve().parents[1]
REFRESH = ROOT / "scripts" / "refresh_refdata.py"
# Routes the fake serves at a second path GitHub also answers (same operation, other template).
ALIASES = {
    ("repos/get-content", "GET", "/repos/{}/{}/contents"),
    ("repos/list-commit-statuses-for-ref", "GET", "/repos/{}/{}/statuses/{}"),
}


def refresh_script() -> ModuleType:
    spec = importlib.util.spec_from_file_location("refresh_refdata", REFRESH)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up
    spec.loader.exec_module(module)
    return module


def test_refdata_dir_holds_every_pinned_package_version():
    root = refdata.refdata_dir()
    assert root == ROOT / "tests" / "refdata"
    assert refdata.PACKAGES == {
        "@octokit/graphql-schema": "15.26.1",
        "@octokit/openapi": "23.0.2",
        "@octokit/openapi-webhooks": "12.1.0",
        "@octokit/webhooks-examples": "7.6.1",
    }
    for record in refdata.sources():
        assert (root / record["package"] / record["path"]).is_file()
        assert record["version"] == refdata.PACKAGES[record["package"]]


def test_sources_checksums_match_the_committed_files():
    for record in refdata.sources():
        data = (refdata.refdata_dir() / record["file"]).read_bytes()
        assert hashlib.sha256(data).hexdigest() == record["sha256"], record["file"]
        assert len(data) == record["bytes"]
        assert re.fullmatch(r"[0-9a-f]{64}", record["tarball_sha256"])
        assert record["integrity"].startswith("sha512-")
        assert record["tarball"].startswith("https://registry.npmjs.org/")


def test_every_file_under_refdata_is_recorded_in_sources_and_the_whole_is_small():
    root = refdata.refdata_dir()
    files = {p.relative_to(root).as_posix() for p in root.rglob("*") if p.is_file()}
    assert files == {"SOURCES.json"} | {r["file"] for r in refdata.sources()}
    assert sum((root / f).stat().st_size for f in files) < 3_000_000


def test_the_refresh_script_pins_what_sources_records():
    script = refresh_script()
    assert script.PACKAGES == refdata.PACKAGES
    keeps = {r["package"]: r["keeps"] for r in refdata.sources()}
    assert keeps["@octokit/openapi"]["operations"] == sorted(script.REST_OPERATIONS)
    assert keeps["@octokit/openapi-webhooks"]["webhooks"] == sorted(script.WEBHOOKS)


def test_trimming_drops_prose_keywords_but_keeps_properties_named_like_them():
    script = refresh_script()
    schema = {
        "type": "object",
        "title": "Repository",
        "description": "A repository on GitHub.",
        "x-github": {"category": "repos"},
        "required": ["description", "title"],
        "properties": {
            "description": {"type": ["string", "null"], "description": "The repo's text."},
            "title": {"type": "string", "examples": ["x"]},
        },
        "enum": [{"description": "data, not prose"}],
    }
    assert script.strip_prose(schema) == {
        "type": "object",
        "required": ["description", "title"],
        "properties": {"description": {"type": ["string", "null"]}, "title": {"type": "string"}},
        "enum": [{"description": "data, not prose"}],
    }


def test_the_trim_keeps_no_descriptions_or_summaries():
    for name in ("@octokit/openapi", "@octokit/openapi-webhooks"):
        text = next(refdata.package_dir(name).rglob("*.json")).read_text("utf-8")
        assert '"summary":"' not in text and '"externalDocs"' not in text
        assert '"description":"' not in text  # a property called description maps to a schema
    assert '"""' not in refdata.graphql_schema_sdl()


def test_the_trim_serves_every_rest_operation_the_fake_routes_at_githubs_path_and_method():
    """The fake answers 404 to anything it does not route, so what the client calls with success
    in the tests is routed; each route's operation is in the trimmed description."""
    from tests.fakegithub.engine import ROUTER

    documented = {
        op["operationId"]: (method.upper(), re.sub(r"\{[^}]+\}", "{}", path))
        for path, item in refdata.rest_openapi()["paths"].items()
        for method, op in item.items()
        if isinstance(op, dict) and "operationId" in op
    }
    missing = []
    for route, _ in ROUTER._routes:
        path = ("/repos/{owner}/{repo}" if route.in_repo else "") + route.pattern
        served = (route.method, re.sub(r"\{[^}]+\}", "{}", path))
        if documented.get(route.operation) != served and (route.operation, *served) not in ALIASES:
            missing.append((route.operation, *served))
    assert missing == [], (
        f"operations the fake serves but tests/refdata lacks: {missing}; add them to "
        f"REST_OPERATIONS in {REFRESH.relative_to(ROOT)} and run it"
    )


def test_the_trim_keeps_the_components_every_kept_operation_references():
    for spec in (refdata.rest_openapi(), refdata.webhooks_openapi()):
        text = json.dumps(spec)
        for kind, name in set(re.findall(r'"#/components/([^/"]+)/([^/"]+)"', text)):
            assert name in spec["components"][kind], (kind, name)


def test_every_graphql_query_the_client_sends_is_valid_against_the_trimmed_sdl():
    schema = build_schema(refdata.graphql_schema_sdl(), assume_valid=True, assume_valid_sdl=True)
    repo = RepoName("octocat", "hello-world")
    queries = [
        heads_query([repo]),
        trees_query([TreeRequest(repo, "HEAD", ROOT_CANDIDATES)], depth=TREE_DEPTH),
        texts_query([TextsRequest(repo, "b" * 40, ("README.md",))]),
    ]
    for query in queries:
        errors = validate(schema, parse(query.document))
        assert errors == [], (query.name, [e.message for e in errors])


def test_loading_the_reference_data_needs_neither_npm_nor_the_network(tmp_path):
    code = """
import socket
def refuse(*args, **kwargs):
    raise OSError("network used")
socket.socket.connect = refuse
socket.create_connection = refuse
from tests.support import refdata
assert refdata.graphql_schema_sdl() and refdata.rest_openapi()["paths"]
assert refdata.webhooks_openapi()["webhooks"] and refdata.webhook_example("push")
"""
    env = {**os.environ, "PATH": str(tmp_path), "HOME": str(tmp_path)}
    done = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True
    )
    assert done.returncode == 0, done.stderr


def test_graphql_sdl_is_githubs_public_schema():
    sdl = refdata.graphql_schema_sdl()
    assert "type Repository implements" in sdl
    assert "object(" in sdl and "statusCheckRollup: StatusCheckRollup" in sdl


def test_rest_openapi_is_the_api_github_com_description():
    spec = refdata.rest_openapi()
    assert spec["servers"][0]["url"] == "https://api.github.com"
    assert (
        spec["paths"]["/repos/{owner}/{repo}/git/refs/{ref}"]["patch"]["operationId"]
        == "git/update-ref"
    )
    assert refdata.rest_openapi() is spec  # parsed once


def test_webhooks_openapi_holds_githubs_webhook_schemas():
    spec = refdata.webhooks_openapi()
    assert spec["openapi"].startswith("3.1")
    assert {"issues-closed", "issue-comment-created", "workflow-dispatch"} <= set(spec["webhooks"])


def test_webhook_example_returns_a_fresh_copy_of_the_published_payload():
    example = refdata.webhook_example("issue_comment", "created")
    assert example["action"] == "created" and example["comment"]["body"]
    example["comment"]["body"] = "changed"
    assert refdata.webhook_example("issue_comment", "created")["comment"]["body"] != "changed"
    assert refdata.webhook_example("workflow_dispatch", None)["ref"]
    assert "closed" in refdata.webhook_events()["issues"]


@pytest.mark.parametrize(("event", "action"), [("no_such_event", None), ("issues", "exploded")])
def test_webhook_example_for_something_unpublished_says_what_exists(event, action):
    with pytest.raises(refdata.RefdataError, match="no published"):
        refdata.webhook_example(event, action)


def test_webhook_example_published_but_not_kept_says_how_to_add_it():
    with pytest.raises(refdata.RefdataError, match="WEBHOOK_EXAMPLES in scripts/refresh_refdata"):
        refdata.webhook_example("pull_request", "closed")


def test_a_missing_file_says_how_to_restore_it(tmp_path, monkeypatch):
    monkeypatch.setattr(refdata, "ROOT", tmp_path)
    refdata.graphql_schema_sdl.cache_clear()
    try:
        with pytest.raises(refdata.RefdataError, match=r"refresh_refdata\.py"):
            refdata.graphql_schema_sdl()
    finally:
        refdata.graphql_schema_sdl.cache_clear()
