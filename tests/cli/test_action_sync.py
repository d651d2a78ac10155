"""End to end as Actions runs it: schedule and workflow_dispatch sync the roadmap repo."""

from __future__ import annotations

import json
from pathlib import Path

from tests.fakegithub.fake import FakeGitHub
from tests.support.action import REPO, event_payload, run_action, writes
from tests.support.action_sync import PROJECT, ROADMAP, SCHEDULE, commit_message, seed


def test_schedule_ticks_from_evidence_commits_once_and_opens_the_next_topic_issues(
    fake_github_checked: FakeGitHub, tmp_path: Path
) -> None:
    fake_github = fake_github_checked  # every REST exchange must match GitHub's OpenAPI description
    seed(fake_github)
    before = fake_github.head(REPO)

    run = run_action(fake_github, tmp_path, event="schedule", payload=SCHEDULE)

    assert run.code == 0, run.log
    assert run.outputs["progress"] == "25"
    assert run.json_output("ticked") == ["phase0.titanic"]
    assert run.json_output("opened") == [1, 2]
    assert run.json_output("closed") == []
    refs = [w for w in writes(fake_github) if w[1].endswith("/git/refs/heads/main")]
    assert refs == [("PATCH", f"/repos/{REPO}/git/refs/heads/main")]  # one commit
    files = fake_github.files(REPO)
    assert fake_github.head(REPO) != before
    assert "<!-- roadmap:start -->" in files["README.md"].decode()
    assert files["README.md"].decode().startswith("# Ada\n\nHello.\n")
    state = json.loads(files["roadmap.state.json"])
    assert "phase0.titanic" in json.dumps(state)
    assert ".github/roadmap/progress.svg" in files
    issues = {i["title"]: i["state"] for i in fake_github.issues(REPO)}
    assert issues == {
        "[phase0] Git basics": "open",
        "[phase0] SQL basics": "open",
        "Ada's roadmap: dashboard": "open",  # settings.dashboard is on by default
    }
    assert "Ada's roadmap" in run.summary and "1/4" in run.summary
    assert "`phase0.titanic`" in run.summary and "opened #1" in run.summary
    assert commit_message(fake_github) == "roadmap-bot: update roadmap progress [skip ci]"


def test_the_log_masks_the_token_and_folds_the_work_into_a_group(
    fake_github: FakeGitHub, tmp_path: Path
) -> None:
    seed(fake_github)

    run = run_action(fake_github, tmp_path, event="schedule", payload=SCHEDULE)

    lines = run.stdout.splitlines()
    assert lines.count(f"::add-mask::{fake_github.token}") == 1
    assert lines.index(f"::add-mask::{fake_github.token}") < lines.index(
        "::group::roadmap-bot sync"
    )
    assert "::endgroup::" in lines
    unmasked = run.log.replace(f"::add-mask::{fake_github.token}", "")
    assert fake_github.token not in unmasked
    assert fake_github.token not in run.summary + json.dumps(run.outputs)


def test_a_second_run_with_nothing_new_writes_nothing(
    fake_github: FakeGitHub, tmp_path: Path
) -> None:
    seed(fake_github)
    assert run_action(fake_github, tmp_path, event="schedule", payload=SCHEDULE).code == 0
    head = fake_github.head(REPO)
    fake_github.reset_requests()

    again = run_action(fake_github, tmp_path, event="schedule", payload=SCHEDULE)

    assert again.code == 0, again.log
    assert writes(fake_github) == []
    assert fake_github.head(REPO) == head
    assert again.json_output("ticked") == []
    assert again.json_output("opened") == []
    assert again.outputs["progress"] == "25"
    assert "unchanged, nothing committed" in again.summary


def test_a_manual_dry_run_reports_the_plan_and_writes_nothing(
    fake_github: FakeGitHub, tmp_path: Path
) -> None:
    seed(fake_github)
    head = fake_github.head(REPO)
    payload = event_payload("workflow_dispatch")
    payload["inputs"] = {"dry-run": True}

    run = run_action(
        fake_github, tmp_path, event="workflow_dispatch", payload=payload, with_={"dry-run": "true"}
    )

    assert run.code == 0, run.log
    assert writes(fake_github) == []
    assert fake_github.head(REPO) == head
    assert fake_github.issues(REPO) == []
    assert run.json_output("ticked") == ["phase0.titanic"]
    assert "dry run" in run.summary and "Files to write" in run.summary


def test_inputs_override_open_issues_badges_dir_and_the_commit_message(
    fake_github: FakeGitHub, tmp_path: Path
) -> None:
    seed(fake_github)
    with_ = {
        "open-issues": "1",
        "badges-dir": "docs/badges/",
        "commit-message": "chore(roadmap): progress [skip ci]",
    }

    run = run_action(
        fake_github,
        tmp_path,
        event="workflow_dispatch",
        payload=event_payload("workflow_dispatch"),
        with_=with_,
    )

    assert run.code == 0, run.log
    assert run.json_output("opened") == [1]
    files = fake_github.files(REPO)
    assert "docs/badges/progress.svg" in files
    assert not any(path.startswith(".github/roadmap/") for path in files)
    assert "docs/badges/progress.svg" in files["README.md"].decode()
    assert commit_message(fake_github) == "chore(roadmap): progress [skip ci]"


def test_a_config_in_a_subfolder_is_read_and_its_files_written_next_to_it(
    fake_github: FakeGitHub, tmp_path: Path
) -> None:
    fake_github.add_repo(REPO, files={"docs/roadmap.yaml": ROADMAP})
    fake_github.add_repo("ada/titanic", files=dict(PROJECT))

    run = run_action(
        fake_github,
        tmp_path,
        event="schedule",
        payload=SCHEDULE,
        with_={"config": "docs/roadmap.yaml"},
    )

    assert run.code == 0, run.log
    files = fake_github.files(REPO)
    assert {"docs/README.md", "docs/roadmap.state.json"} <= set(files)


def test_a_linked_repo_the_token_cannot_see_is_reported_with_what_to_do(
    fake_github: FakeGitHub, tmp_path: Path
) -> None:
    seed(fake_github)
    fake_github.set_access("ada/titanic", visible=False)  # private, and the token has no access

    run = run_action(fake_github, tmp_path, event="schedule", payload=SCHEDULE)

    assert run.code == 0, run.log
    assert run.json_output("ticked") == []
    assert "Could not check" in run.summary
    assert "token with read access" in run.summary
    assert "secret" in run.summary
