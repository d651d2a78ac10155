"""Every flag a message of the command line names is one the command has.

A message of ``cli/<command>.py`` (any string in it but docstrings and the flag names
``add_argument`` defines) that names ``--flag`` names a flag of that command, unless the flag
is inside a code span naming another command (``try `roadmap-bot sync --offline` ``): then
that command has it. The messages of the jobs a command runs are checked by running them:
``respond``, ``action`` and ``sync`` without a token."""

from __future__ import annotations

import argparse
import ast
import json
import re
from pathlib import Path

import pytest

import roadmap_bot.cli as cli
from roadmap_bot.cli import COMMANDS, build_parser, main

CLI_DIR = Path(cli.__file__).parent
FLAG = re.compile(r"(?<![\w-])--[a-z][a-z0-9-]*")
SPAN = re.compile(r"`([^`]*)`")
NAMED = re.compile(rf"^(?:roadmap-bot\s+)?({'|'.join(map(re.escape, COMMANDS))})\b")


def flags_of(command: str) -> set[str]:
    """The option strings of ``command``'s parser (``-h``/``--help`` included)."""
    parser = build_parser([command])
    sub = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
    return set(sub.choices[command]._option_string_actions)


def messages(source: str) -> list[str]:
    """The string constants of a module but docstrings and ``add_argument``'s flag names."""
    tree = ast.parse(source)
    skip: set[int] = set()
    for node in ast.walk(tree):
        body = getattr(node, "body", None)
        first = body[0] if isinstance(body, list) and body else None
        if isinstance(first, ast.Expr) and isinstance(first.value, ast.Constant):
            skip.add(id(first.value))  # a docstring
        if (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Attribute)
            and node.func.attr == "add_argument"
        ):
            skip.update(id(a) for a in node.args)
    found: list[str] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.JoinedStr):
            text = "".join(v.value for v in node.values if isinstance(v, ast.Constant))
            skip.update(id(v) for v in node.values)
            found.append(text)
        elif (
            isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in skip
        ):
            found.append(node.value)
    return found


def named_flags(text: str, command: str) -> list[tuple[str, str]]:
    """(command, flag) for each flag ``text`` names: the command a code span names, else
    ``command``."""
    pairs: list[tuple[str, str]] = []
    rest = text
    for span in SPAN.finditer(text):
        named = NAMED.match(span.group(1).strip())
        if named:
            pairs += [(named.group(1), f) for f in FLAG.findall(span.group(1))]
            rest = rest.replace(span.group(0), " ")
    return pairs + [(command, f) for f in FLAG.findall(rest)]


def all_named() -> list[tuple[str, str, str]]:
    """(module, command, flag) for every flag a cli module's messages name."""
    found = []
    for command, module in COMMANDS.items():
        source = (CLI_DIR / f"{module}.py").read_text(encoding="utf-8")
        for text in messages(source):
            found += [(module, c, f) for c, f in named_flags(text, command)]
    return found


def test_every_flag_a_cli_message_names_is_one_the_command_it_names_has() -> None:
    found = all_named()
    assert {f for _, _, f in found} >= {"--offline", "--force", "--repair", "--rule"}
    missing = [(m, c, f) for m, c, f in found if f not in flags_of(c)]
    assert missing == []


def test_a_message_naming_another_command_is_checked_against_that_command() -> None:
    assert named_flags("try `roadmap-bot sync --offline` here", "action") == [("sync", "--offline")]
    assert named_flags("pass --force to overwrite it", "import") == [("import", "--force")]


@pytest.fixture
def no_token(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Path:
    for name in ("GITHUB_TOKEN", "GH_TOKEN", "INPUT_TOKEN"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("GITHUB_REPOSITORY", "octo/roadmap")
    event = tmp_path / "event.json"
    event.write_text(
        json.dumps(
            {
                "action": "created",
                "repository": {"full_name": "octo/roadmap"},
                "issue": {"number": 1, "title": "x", "user": {"login": "octo"}},
                "comment": {
                    "id": 7,
                    "body": "/done phase1.x",
                    "user": {"login": "octo"},
                    "author_association": "OWNER",
                    "created_at": "2026-01-01T00:00:00Z",
                    "updated_at": "2026-01-01T00:00:00Z",
                },
            }
        ),
        encoding="utf-8",
    )
    monkeypatch.chdir(tmp_path)
    return event


@pytest.mark.parametrize("command", ["respond", "sync", "action"])
def test_without_a_token_each_command_suggests_only_flags_that_exist(
    command: str,
    no_token: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    args = [command]
    if command == "respond":
        args += ["--event-name", "issue_comment", "--event-path", str(no_token)]
    if command == "action":
        monkeypatch.setenv("GITHUB_ACTIONS", "true")
        monkeypatch.setenv("GITHUB_EVENT_NAME", "issue_comment")
        monkeypatch.setenv("GITHUB_EVENT_PATH", str(no_token))
    assert main(args) == 2
    out = capsys.readouterr()
    err = out.err + out.out  # action reports as an ::error annotation on standard output
    assert "no GitHub token" in err
    named = named_flags(err, command)
    assert named, err  # it says what to do instead
    assert [(c, f) for c, f in named if f not in flags_of(c)] == []
