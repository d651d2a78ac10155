"""The workflows and action.yml lint clean (zizmor, SchemaStore schemas) and keep their promises."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tests.support.workflows import (
    ACTION,
    ALL_FILES,
    CI_WORKFLOW,
    PINNED,
    ROADMAP_WORKFLOW,
    WORKFLOWS,
    findings_summary,
    load,
    schema_check,
    steps_of,
    usage_workflow,
    uses_lines,
    zizmor,
)


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
            "run: '\"$ROADMAP_BOT_PYTHON\" -I -m roadmap_bot action'",
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
    install = next(s for s in steps if s.get("id") == "install")
    assert 'cp -R "$GITHUB_ACTION_PATH/roadmap_bot" "$site/"' in install["run"]
    assert steps[-1]["run"] == '"$ROADMAP_BOT_PYTHON" -I -m roadmap_bot action'


def test_the_roadmap_workflow_runs_on_the_four_events_with_least_permissions() -> None:
    workflow = load(ROADMAP_WORKFLOW)
    on = workflow["on"]
    assert set(on) == {"schedule", "workflow_dispatch", "issue_comment", "issues"}
    assert len(on["schedule"]) == 1 and len(on["schedule"][0]["cron"].split()) == 5
    assert on["issue_comment"] == {"types": ["created"]}
    assert on["issues"] == {"types": ["closed", "reopened", "edited"]}  # edited: the dashboard
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
