"""The repo's workflows and action.yml, and runners of the linters that check them (zizmor,
SchemaStore schemas) with their findings summarised."""

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

ROOT = Path(__file__).resolve().parents[2]


ACTION = ROOT / "action.yml"


ROADMAP_WORKFLOW = ROOT / ".github" / "workflows" / "roadmap.yml"


CI_WORKFLOW = ROOT / ".github" / "workflows" / "ci.yml"


WORKFLOWS = sorted((ROOT / ".github" / "workflows").glob("*.yml"))


ALL_FILES = [ACTION, *WORKFLOWS]


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


def uses_lines(path: Path) -> list[str]:
    found = re.findall(r"^\s*(?:-\s+)?uses:\s*(.+?)\s*$", path.read_text("utf-8"), re.M)
    return [u for u in found if not u.startswith("./")]


def steps_of(path: Path) -> list[dict[str, Any]]:
    data = load(path)
    if "runs" in data:
        return data["runs"]["steps"]
    return [step for job in data["jobs"].values() for step in job.get("steps", [])]


def usage_workflow(tmp_path: Path) -> Path:
    text = (ROOT / "docs" / "USAGE.md").read_text("utf-8")
    blocks = [b for b in re.findall(r"```yaml\n(.*?)```", text, re.S) if b.startswith("name: ")]
    assert len(blocks) == 1, "docs/USAGE.md should hold exactly one whole workflow"
    path = tmp_path / "roadmap.yml"
    path.write_text(blocks[0], "utf-8")
    return path
