"""Fast start: the CLI imports only the chosen command's module, and an Actions event the bot
ignores is decided without the heavy libraries (PyGithub, requests, jinja2, jsonschema, YAML).
The CPU time it takes is measured in benchmarks/bench_start.py, not here."""

from __future__ import annotations

import importlib
import json
import os
import pkgutil
import subprocess
import sys
from pathlib import Path

import pytest

import roadmap_bot.cli as cli

HEAVY = ("github", "requests", "urllib3", "jinja2", "jsonschema", "yaml", "markdown_it", "re2")
PROBE = """
import sys
from roadmap_bot.cli import main
try:
    code = main(sys.argv[1:])
except SystemExit as exc:
    code = exc.code
import json
print(json.dumps({"code": code, "modules": sorted(sys.modules)}))
"""


def _modules_after(args: list[str], env: dict[str, str]) -> tuple[int, set[str]]:
    done = subprocess.run(
        [sys.executable, "-c", PROBE, *args], env=env, capture_output=True, text=True, check=False
    )
    last = done.stdout.strip().splitlines()[-1]
    found = json.loads(last)
    return int(found["code"] or 0), set(found["modules"])


def _clean_env(tmp_path: Path) -> dict[str, str]:
    keep = ("PATH", "HOME", "SYSTEMROOT", "PYTHONPATH", "COVERAGE_PROCESS_START")
    return {k: v for k, v in os.environ.items() if k in keep or k.startswith("COV_CORE")}


def test_every_command_module_is_in_the_registry() -> None:
    defined = {
        info.name
        for info in pkgutil.iter_modules(cli.__path__)
        if hasattr(importlib.import_module(f"roadmap_bot.cli.{info.name}"), "register")
    }
    assert set(cli.COMMANDS.values()) == defined


def test_version_imports_no_command_module_and_no_heavy_library(tmp_path: Path) -> None:
    code, modules = _modules_after(["--version"], _clean_env(tmp_path))
    assert code == 0
    assert not {m for m in modules if m.startswith("roadmap_bot.cli.")}
    assert not [m for m in HEAVY if m in modules]


def test_a_command_imports_its_own_module_only(tmp_path: Path) -> None:
    code, modules = _modules_after(["schema"], _clean_env(tmp_path))
    assert code == 0
    assert {m for m in modules if m.startswith("roadmap_bot.cli.")} <= {
        "roadmap_bot.cli.schema",
        "roadmap_bot.cli.common",
    }


@pytest.mark.parametrize(
    ("event", "payload"),
    [
        ("push", {}),
        ("issue_comment", {"action": "deleted", "comment": {"id": 1}, "issue": {"number": 1}}),
    ],
)
def test_an_event_the_bot_ignores_is_decided_without_the_heavy_libraries(
    tmp_path: Path, event: str, payload: dict[str, object]
) -> None:
    path = tmp_path / "event.json"
    path.write_text(json.dumps(payload), encoding="utf-8")
    env = _clean_env(tmp_path) | {
        "GITHUB_ACTIONS": "true",
        "GITHUB_EVENT_NAME": event,
        "GITHUB_EVENT_PATH": str(path),
        "GITHUB_REPOSITORY": "ada/roadmap",
        "GITHUB_STEP_SUMMARY": str(tmp_path / "summary.md"),
        "GITHUB_OUTPUT": str(tmp_path / "output"),
    }
    code, modules = _modules_after(["action"], env)
    assert code == 0
    assert [m for m in HEAVY if m in modules] == []
    assert not {m for m in modules if m.startswith("roadmap_bot.jobs")}


def test_a_reader_that_leaves_early_ends_the_command_quietly(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    import roadmap_bot.cli.schema as schema_command

    def closed_pipe(args: object) -> int:
        raise BrokenPipeError

    monkeypatch.setattr(schema_command, "run", closed_pipe)
    assert cli.main(["schema"]) == 141
    assert "Traceback" not in capsys.readouterr().err


def test_an_offline_sync_takes_a_folder_for_its_roadmap_yaml(tmp_path: Path) -> None:
    from tests.support.helpers import MINIMAL

    (tmp_path / "roadmap.yaml").write_text(MINIMAL, encoding="utf-8")
    assert cli.main(["sync", "--offline", "-c", str(tmp_path)]) == 0
    assert (tmp_path / "README.md").is_file()
