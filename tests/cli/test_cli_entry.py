"""The command line's entry point: no command, an interrupt, and the ``schema`` command."""

from __future__ import annotations

import json

import jsonschema
import pytest
import yaml

from roadmap_bot.cli import EXIT_BAD_INPUT, main
from tests.support.helpers import MINIMAL


def test_no_command_prints_the_help_and_exits_2(capsys: pytest.CaptureFixture[str]) -> None:
    assert main([]) == EXIT_BAD_INPUT == 2
    out = capsys.readouterr().out
    assert "usage: roadmap-bot" in out and "exit codes: 0 ok" in out


def test_an_interrupted_command_says_so_without_a_traceback_and_exits_130(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    def interrupted() -> dict[str, object]:
        raise KeyboardInterrupt

    monkeypatch.setattr("roadmap_bot.cli.schema.roadmap_json_schema", interrupted)
    assert main(["schema"]) == 130
    captured = capsys.readouterr()
    assert captured.err == "roadmap-bot: interrupted\n" and captured.out == ""


def test_schema_prints_a_json_schema_that_accepts_a_valid_roadmap_and_refuses_a_broken_one(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert main(["schema"]) == 0
    schema = json.loads(capsys.readouterr().out)
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    validator = jsonschema.Draft202012Validator(schema)
    assert list(validator.iter_errors(yaml.safe_load(MINIMAL))) == []
    broken = yaml.safe_load(MINIMAL.replace("version: 1\n", "version: 1\nphasez: []\n"))
    broken.pop("phases")
    assert list(validator.iter_errors(broken)) != []
