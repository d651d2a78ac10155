"""The workflows and action.yml lint clean (zizmor, SchemaStore schemas) and keep their promises."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml

ROOT = Path(__file__).resolve().parent.parent
ACTION = ROOT / "action.yml"
ROADMAP_WORKFLOW = ROOT / ".github" / "workflows" / "roadmap.yml"
CI_WORKFLOW = ROOT / ".github" / "workflows" / "ci.yml"
WORKFLOWS = sorted((ROOT / ".github" / "workflows").glob("*.yml"))
ALL_FILES = [ACTION, *WORKFLOWS]
# Every `uses:` in every file, actions/* included, must name a full commit SHA.
ZIZMOR_CONFIG = 'rules:\n  unpinned-uses:\n    config:\n      policies:\n        "*": hash-pin\n'
PINNED = re.compile(r"^[\w.-]+/[\w.-]+(/[\w./-]+)?@[0-9a-f]{40} # v\d+\.\d+\.\d+$")


def tool(name: str) -> str:
    """The path of a linter from the test extra (next to this Python when not on PATH)."""
    found = shutil.which(name) or shutil.which(name, path=str(Path(sys.executable).parent))
    if found is None:
        pytest.fail(f"{name} is not installed: pip install -e '.[test]'")
    return found


def zizmor(tmp_path: Path, *paths: Path, ignores: bool = True) -> list[dict[str, Any]]:
    config = tmp_path / "zizmor.yml"
    config.write_text(ZIZMOR_CONFIG, "utf-8")
    command = [tool("zizmor"), "--offline", "--format", "json", "--config", str(config)]
    done = subprocess.run(
        [*command, *(["--no-ignores"] if not ignores else []), *map(str, paths)],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.stdout.strip(), f"zizmor printed no JSON (exit {done.returncode}): {done.stderr}"
    return json.loads(done.stdout)


def schema_check(schema: str, *paths: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [tool("check-jsonschema"), "--builtin-schema", schema, *map(str, paths)],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def load(path: Path) -> dict[str, Any]:
    data = yaml.safe_load(path.read_text("utf-8"))
    if True in data:  # YAML 1.1 reads the key `on` as true
        data["on"] = data.pop(True)
    return data


def findings_summary(findings: list[dict[str, Any]]) -> list[str]:
    return [f"{f['ident']}: {f['desc']}" for f in findings]


# -- zizmor ------------------------------------------------------------------------------------


def test_zizmor_finds_nothing_in_the_workflows_and_the_action(tmp_path: Path) -> None:
    findings = zizmor(tmp_path, *ALL_FILES)
    assert findings == [], findings_summary(findings)


def test_the_only_zizmor_ignores_are_the_two_justified_ones(tmp_path: Path) -> None:
    findings = zizmor(tmp_path, *ALL_FILES, ignores=False)
    assert sorted(f["ident"] for f in findings) == ["dangerous-triggers", "self-repository"]
    text = ROADMAP_WORKFLOW.read_text("utf-8")
    assert "issue_comment: # zizmor: ignore[dangerous-triggers]" in text
    assert "uses: ./ # zizmor: ignore[self-repository]" in text


@pytest.mark.parametrize(
    ("original", "planted", "audit"),
    [
        (
            "run: '\"$ROADMAP_BOT\" action'",
            'run: echo "${{ inputs.config }}"',
            "template-injection",
        ),
        (
            "actions/setup-python@a26af69be951a213d495a4c3e4e4022e16d87065 # v5.6.0",
            "actions/setup-python@v5",
            "unpinned-uses",
        ),
    ],
)
def test_zizmor_catches_what_the_action_must_never_do(
    tmp_path: Path, original: str, planted: str, audit: str
) -> None:
    text = ACTION.read_text("utf-8")
    assert original in text
    copy = tmp_path / "planted" / "action.yml"
    copy.parent.mkdir()
    copy.write_text(text.replace(original, planted), "utf-8")
    assert audit in {f["ident"] for f in zizmor(tmp_path, copy)}


def test_zizmor_catches_a_job_that_asks_for_every_write_permission(tmp_path: Path) -> None:
    text = ROADMAP_WORKFLOW.read_text("utf-8")
    copy = tmp_path / "roadmap.yml"
    job_permissions = re.compile(r"^    permissions:\n(      .*\n)+", re.M)
    assert job_permissions.search(text)
    copy.write_text(job_permissions.sub("    permissions: write-all\n", text), "utf-8")
    assert "excessive-permissions" in {f["ident"] for f in zizmor(tmp_path, copy)}


# -- SchemaStore schemas -----------------------------------------------------------------------


def test_the_workflows_match_schemastores_workflow_schema() -> None:
    done = schema_check("vendor.github-workflows", *WORKFLOWS)
    assert done.returncode == 0, done.stdout + done.stderr


def test_action_yml_matches_schemastores_action_schema() -> None:
    done = schema_check("vendor.github-actions", ACTION)
    assert done.returncode == 0, done.stdout + done.stderr


def test_the_schema_check_catches_a_misspelt_key(tmp_path: Path) -> None:
    copy = tmp_path / "roadmap.yml"
    copy.write_text(ROADMAP_WORKFLOW.read_text("utf-8").replace("runs-on:", "run-on:"), "utf-8")
    assert schema_check("vendor.github-workflows", copy).returncode != 0


# -- what the files promise --------------------------------------------------------------------


def uses_lines(path: Path) -> list[str]:
    found = re.findall(r"^\s*(?:-\s+)?uses:\s*(.+?)\s*$", path.read_text("utf-8"), re.M)
    return [u for u in found if not u.startswith("./")]


@pytest.mark.parametrize("path", ALL_FILES, ids=lambda p: p.name)
def test_every_action_used_is_pinned_to_a_full_sha_with_its_version(path: Path) -> None:
    uses = uses_lines(path)
    assert uses, f"{path.name} uses no action?"
    for use in uses:
        assert PINNED.match(use), f"{path.name}: `{use}` is not `owner/name@<40 hex> # vX.Y.Z`"


def test_the_same_action_is_pinned_to_the_same_commit_everywhere() -> None:
    pins: dict[str, set[str]] = {}
    for path in ALL_FILES:
        for use in uses_lines(path):
            name, _, ref = use.partition("@")
            pins.setdefault(name, set()).add(ref)
    assert {name: len(refs) for name, refs in pins.items()} == dict.fromkeys(pins, 1)


def steps_of(path: Path) -> list[dict[str, Any]]:
    data = load(path)
    if "runs" in data:
        return data["runs"]["steps"]
    return [step for job in data["jobs"].values() for step in job.get("steps", [])]


@pytest.mark.parametrize("path", ALL_FILES, ids=lambda p: p.name)
def test_no_expression_is_ever_written_into_a_run_script(path: Path) -> None:
    for step in steps_of(path):
        assert "${{" not in step.get("run", ""), f"{path.name}: step {step.get('name')!r}"


def test_every_composite_run_step_names_its_shell() -> None:
    runs = [s for s in steps_of(ACTION) if "run" in s]
    assert runs and all(s.get("shell") == "bash" for s in runs)


def test_the_action_declares_its_inputs_and_outputs_and_passes_inputs_through_env() -> None:
    action = load(ACTION)
    assert action["runs"]["using"] == "composite"
    assert action["branding"] == {"icon": "check-square", "color": "green"}
    inputs = action["inputs"]
    assert list(inputs) == [
        "token", "config", "dry-run", "open-issues", "badges-dir", "commit-message", "write-mode",
    ]  # fmt: skip
    assert inputs["token"]["default"] == "${{ github.token }}"
    assert inputs["config"]["default"] == "roadmap.yaml"
    run = next(s for s in action["runs"]["steps"] if s.get("id") == "run")
    for name in inputs:
        variable = "INPUT_" + name.upper().replace("-", "_")
        assert run["env"][variable] == f"${{{{ inputs.{name} }}}}"
    outputs = action["outputs"]
    assert list(outputs) == [
        "progress", "ticked", "opened", "closed", "delivery", "pull-request",
    ]  # fmt: skip
    for name, spec in outputs.items():
        assert spec["value"] == f"${{{{ steps.run.outputs.{name} }}}}"


def test_the_action_installs_itself_from_its_own_path_and_runs_the_action_command() -> None:
    steps = load(ACTION)["runs"]["steps"]
    assert steps[0]["uses"].startswith("actions/setup-python@")
    assert steps[0]["with"]["update-environment"] is False
    assert re.search(r'pip install .*"\$\{GITHUB_ACTION_PATH\}(\[[a-z,]+\])?"', steps[1]["run"])
    assert steps[2]["run"] == '"$ROADMAP_BOT" action'


def test_the_roadmap_workflow_runs_on_the_four_events_with_least_permissions() -> None:
    workflow = load(ROADMAP_WORKFLOW)
    on = workflow["on"]
    assert set(on) == {"schedule", "workflow_dispatch", "issue_comment", "issues"}
    assert len(on["schedule"]) == 1 and len(on["schedule"][0]["cron"].split()) == 5
    assert on["issue_comment"] == {"types": ["created"]}
    assert on["issues"] == {"types": ["closed", "reopened"]}
    assert workflow["permissions"] == {}
    (job,) = workflow["jobs"].values()
    assert job["permissions"] == {"contents": "write", "issues": "write"}
    assert workflow["concurrency"]["cancel-in-progress"] is False
    assert workflow["concurrency"]["group"]


def test_ci_runs_the_ci_script_with_read_only_contents() -> None:
    workflow = load(CI_WORKFLOW)
    assert workflow["permissions"] == {}
    (job,) = workflow["jobs"].values()
    assert job["permissions"] == {"contents": "read"}
    assert any(s.get("run") == "bash .ci/run" for s in job["steps"])
    checkout = next(s for s in job["steps"] if s.get("uses", "").startswith("actions/checkout@"))
    assert checkout["with"]["persist-credentials"] is False


# -- the copy users take from docs/USAGE.md ----------------------------------------------------


def usage_workflow(tmp_path: Path) -> Path:
    text = (ROOT / "docs" / "USAGE.md").read_text("utf-8")
    blocks = [b for b in re.findall(r"```yaml\n(.*?)```", text, re.S) if b.startswith("name: ")]
    assert len(blocks) == 1, "docs/USAGE.md should hold exactly one whole workflow"
    path = tmp_path / "roadmap.yml"
    path.write_text(blocks[0], "utf-8")
    return path


def test_the_documented_workflow_is_this_repos_workflow_with_the_published_action(
    tmp_path: Path,
) -> None:
    documented, ours = load(usage_workflow(tmp_path)), load(ROADMAP_WORKFLOW)
    (job,) = documented["jobs"].values()
    (step,) = job.pop("steps")
    (our_job,) = ours["jobs"].values()
    our_steps = our_job.pop("steps")
    assert step["uses"] == "roadmap-bot/roadmap-bot@v1"
    assert step["with"] == {"dry-run": "${{ inputs.dry-run || false }}"}
    guard = "hashFiles('roadmap_bot/__init__.py') != '' || "  # our own source: always dry
    assert our_steps[-1]["with"] == {
        "dry-run": step["with"]["dry-run"].replace("${{ ", "${{ " + guard)
    }
    assert documented == ours  # triggers, permissions, concurrency, `if:` and the rest


def test_the_documented_workflow_is_valid_and_zizmor_only_asks_to_pin_the_action(
    tmp_path: Path,
) -> None:
    path = usage_workflow(tmp_path)
    done = schema_check("vendor.github-workflows", path)
    assert done.returncode == 0, done.stdout + done.stderr
    findings = zizmor(tmp_path, path)
    assert [f["ident"] for f in findings] == ["unpinned-uses"], findings_summary(findings)
