"""GitHub reference data: pinned npm packages installed once (locked) and loaded with caching."""

from __future__ import annotations

import json
import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from tests.support import refdata

ROOT = Path(__file__).resolve().parents[1]

FAKE_NPM = """#!{python}
import json, os, sys, time
args = sys.argv[1:]
with open(os.environ["FAKE_NPM_LOG"], "a") as log:
    log.write(json.dumps(args) + "\\n")
time.sleep(0.3)
if os.environ.get("FAKE_NPM_FAIL"):
    sys.stderr.write("npm ERR! network unreachable\\n")
    sys.exit(1)
prefix = args[args.index("--prefix") + 1]
for spec in args:
    if spec.startswith("@octokit/"):
        name, _, version = spec.rpartition("@")
        folder = os.path.join(prefix, "node_modules", name)
        os.makedirs(folder, exist_ok=True)
        with open(os.path.join(folder, "package.json"), "w") as f:
            json.dump({{"name": name, "version": version}}, f)
"""


@pytest.fixture
def fake_npm(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A stand-in ``npm`` first on PATH that logs its arguments; returns the log file."""
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    npm = bin_dir / "npm"
    npm.write_text(FAKE_NPM.format(python=sys.executable))
    npm.chmod(npm.stat().st_mode | stat.S_IXUSR)
    log = tmp_path / "npm.log"
    monkeypatch.setenv("PATH", f"{bin_dir}{os.pathsep}{os.environ['PATH']}")
    monkeypatch.setenv("FAKE_NPM_LOG", str(log))
    monkeypatch.setenv(refdata.ENV_VAR, str(tmp_path / "cache"))
    return log


def test_refdata_dir_holds_every_pinned_package_version():
    root = refdata.refdata_dir()
    for name, version in refdata.PACKAGES.items():
        manifest = json.loads((root / "node_modules" / name / "package.json").read_text())
        assert manifest["version"] == version


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


def test_missing_packages_are_installed_once_with_the_pinned_specs(fake_npm, tmp_path):
    root = refdata.refdata_dir()
    assert root == tmp_path / "cache"
    assert refdata.refdata_dir() == root  # already there: npm is not run again
    [args] = [json.loads(line) for line in fake_npm.read_text().splitlines()]
    assert args[:6] == ["install", "--no-save", "--no-audit", "--no-fund", "--prefix", str(root)]
    assert args[6:] == [f"{n}@{v}" for n, v in refdata.PACKAGES.items()]


def test_concurrent_first_runs_install_only_once(fake_npm):
    code = "from tests.support.refdata import refdata_dir; refdata_dir()"
    procs = [
        subprocess.Popen([sys.executable, "-c", code], cwd=ROOT, env=dict(os.environ))
        for _ in range(3)
    ]
    assert [p.wait(timeout=60) for p in procs] == [0, 0, 0]
    assert len(fake_npm.read_text().splitlines()) == 1


def test_a_failing_npm_install_raises_a_clear_error(fake_npm, monkeypatch):
    monkeypatch.setenv("FAKE_NPM_FAIL", "1")
    with pytest.raises(refdata.RefdataError, match=r"(?s)failed \(exit 1\).*network unreachable"):
        refdata.refdata_dir()


def test_without_npm_the_error_says_to_install_node_or_set_the_folder(tmp_path, monkeypatch):
    monkeypatch.setenv("PATH", str(tmp_path))
    monkeypatch.setenv(refdata.ENV_VAR, str(tmp_path / "cache"))
    with pytest.raises(refdata.RefdataError, match="npm was not found") as missing:
        refdata.refdata_dir()
    assert refdata.ENV_VAR in str(missing.value)
