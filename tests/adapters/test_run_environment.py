"""The Actions environment at the edge: the event payload a run reads, what it prints and masks,
and the README a user names on the command line."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest

from roadmap_bot.adapters import actions_env
from roadmap_bot.adapters.actions_env import ActionsOutput, RunContext
from roadmap_bot.adapters.project import read_text
from roadmap_bot.errors import ConfigError, Problem, UsageError


def context(tmp_path: Path, **env: str) -> RunContext:
    return RunContext.from_env({"GITHUB_WORKSPACE": str(tmp_path), **env})


def test_without_an_event_file_the_payload_is_empty(tmp_path: Path) -> None:
    assert context(tmp_path).event_payload() == {}


def test_the_event_file_actions_wrote_is_parsed(tmp_path: Path) -> None:
    event = tmp_path / "event.json"
    event.write_text(json.dumps({"action": "opened"}), encoding="utf-8")
    assert context(tmp_path, GITHUB_EVENT_PATH=str(event)).event_payload() == {"action": "opened"}


def test_an_event_file_over_githubs_payload_limit_is_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    event = tmp_path / "event.json"
    event.write_text('{"action": "opened", "padding": "' + "x" * 64 + '"}', encoding="utf-8")
    monkeypatch.setattr(actions_env, "MAX_PAYLOAD", 32)
    with pytest.raises(UsageError, match="larger than GitHub's 25 MB payload limit"):
        context(tmp_path, GITHUB_EVENT_PATH=str(event)).event_payload()


def test_a_missing_or_undecodable_event_file_is_a_usage_error(tmp_path: Path) -> None:
    with pytest.raises(UsageError, match="cannot read the event payload"):
        context(tmp_path, GITHUB_EVENT_PATH=str(tmp_path / "gone.json")).event_payload()
    latin = tmp_path / "latin.json"
    latin.write_bytes(b'{"title": "caf\xe9"}')
    with pytest.raises(UsageError, match="cannot read the event payload"):
        context(tmp_path, GITHUB_EVENT_PATH=str(latin)).event_payload()


def test_an_event_file_that_is_not_json_says_where_it_broke(tmp_path: Path) -> None:
    event = tmp_path / "event.json"
    event.write_text('{"action":\n  opened}', encoding="utf-8")
    with pytest.raises(UsageError, match=r"event\.json:2:3: not JSON .*GITHUB_EVENT_PATH"):
        context(tmp_path, GITHUB_EVENT_PATH=str(event)).event_payload()


def test_secrets_are_masked_only_inside_actions(tmp_path: Path) -> None:
    inside, outside = io.StringIO(), io.StringIO()
    ActionsOutput(context(tmp_path, GITHUB_ACTIONS="true"), stream=inside).mask("s3cret")
    ActionsOutput(context(tmp_path, GITHUB_ACTIONS="true"), stream=inside).mask(None)
    ActionsOutput(context(tmp_path), stream=outside).mask("s3cret")
    assert inside.getvalue() == "::add-mask::s3cret\n" and outside.getvalue() == ""


def test_outside_actions_an_annotation_is_a_plain_line_naming_the_file(tmp_path: Path) -> None:
    stream = io.StringIO()
    output = ActionsOutput(context(tmp_path), stream=stream)
    output.annotate("warning", "plain message")
    output.annotate("error", "ignored", problem=Problem("roadmap.yaml", 3, 5, "bad key"))
    lines = stream.getvalue().splitlines()
    assert lines[0] == "warning: plain message"
    assert lines[1].startswith("error: ") and "roadmap.yaml" in lines[1] and "bad key" in lines[1]


def test_a_named_readme_is_read_without_its_byte_order_mark(tmp_path: Path) -> None:
    readme = tmp_path / "README.md"
    readme.write_bytes("\ufeff# Café\n".encode())
    assert read_text(readme) == "# Café\n"


def test_a_missing_readme_is_a_usage_error(tmp_path: Path) -> None:
    with pytest.raises(UsageError, match="no such file"):
        read_text(tmp_path / "README.md")


def test_a_readme_that_is_not_utf8_names_the_byte_and_the_fix(tmp_path: Path) -> None:
    readme = tmp_path / "README.md"
    readme.write_bytes(b"# Caf\xe9\n")
    with pytest.raises(ConfigError) as raised:
        read_text(readme)
    (problem,) = raised.value.problems
    assert problem.file == str(readme) and problem.line == 1
    assert "not UTF-8 (byte 5)" in problem.message and "save the file as UTF-8" in problem.message
