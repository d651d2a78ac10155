"""``roadmap-bot respond``: one event from a payload file, through the CLI's error boundary."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from roadmap_bot.cli import main
from tests.fakegithub import FakeGitHub
from tests.support.refdata import webhook_example
from tests.support.respond import REPO, comment_payload, new_issue, seed, writes


@pytest.fixture
def fake(
    fake_github: FakeGitHub, github_env: dict[str, str], monkeypatch: pytest.MonkeyPatch
) -> FakeGitHub:
    seed(fake_github)
    for name, value in {**github_env, "GITHUB_REPOSITORY": REPO}.items():
        monkeypatch.setenv(name, value)
    for name in ("GITHUB_EVENT_NAME", "GITHUB_EVENT_PATH", "GITHUB_ACTIONS"):
        monkeypatch.delenv(name, raising=False)
    return fake_github


def write(tmp_path: Path, payload: object) -> Path:
    path = tmp_path / "event.json"
    path.write_text(json.dumps(payload), encoding="utf-8")
    return path


def test_a_dry_run_prints_the_reply_and_writes_nothing(
    fake: FakeGitHub, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    payload = comment_payload(fake, new_issue(fake), "/done phase0.python\n/status")
    path = write(tmp_path, payload)
    fake.reset_requests()
    args = ["respond", "--event-name", "issue_comment", "--event-path", str(path), "--dry-run"]
    assert main(args) == 0
    out = capsys.readouterr().out
    assert "--- reply (dry run) ---" in out and "ticked `phase0.python`" in out
    assert "ticked: phase0.python" in out
    assert writes(fake) == []


def test_json_output_lists_what_changed(
    fake: FakeGitHub, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    payload = comment_payload(fake, new_issue(fake), "/skip phase1.torch")
    path = write(tmp_path, payload)
    args = ["respond", "--event-name", "issue_comment", "--event-path", str(path)]
    assert main([*args, "--dry-run", "--json"]) == 0
    result = json.loads(capsys.readouterr().out)
    assert result["skipped"] == ["phase1.torch"] and result["exit_code"] == 0
    assert result["answered"] == [payload["comment"]["id"]]


def test_edited_comments_do_nothing(
    fake: FakeGitHub, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    payload = webhook_example("issue_comment", "edited")
    path = write(tmp_path, payload)
    fake.reset_requests()
    assert main(["respond", "--event-name", "issue_comment", "--event-path", str(path)]) == 0
    assert "nothing to do: issue_comment edited" in capsys.readouterr().out
    assert fake.requests == []


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("{not json", "not JSON"),
        ("[1, 2]", "not a JSON object"),
        ('{"action": "created"}', "has no usable issue"),
    ],
)
def test_bad_payload_files_exit_2_or_1_without_a_traceback(
    fake: FakeGitHub,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    content: str,
    message: str,
) -> None:
    path = tmp_path / "event.json"
    path.write_text(content, encoding="utf-8")
    code = main(["respond", "--event-name", "issue_comment", "--event-path", str(path)])
    err = capsys.readouterr().err
    assert code in (1, 2) and message in err and "Traceback" not in err


def test_without_an_event_it_says_what_to_pass(
    fake: FakeGitHub, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["respond"]) == 2
    assert "pass --event-name NAME and --event-path FILE" in capsys.readouterr().err
