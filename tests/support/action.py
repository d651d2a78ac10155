"""The action harness: ``run_action`` runs ``roadmap-bot action`` in a subprocess with the
environment GitHub Actions gives the run step (inputs computed from action.yml), and reads its
outputs and job summary back (``ActionRun``, ``parse_outputs``, ``step_env``, ``writes``)."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from tests.fakegithub.fake import FakeGitHub
from tests.support.refdata import webhook_example

ROOT = Path(__file__).resolve().parents[2]


ACTION_YML = ROOT / "action.yml"


REPO = "ada/roadmap"


TIMEOUT_S = 120


_EXPRESSION = re.compile(r"^\$\{\{\s*(.+?)\s*\}\}$")


@dataclass(frozen=True, slots=True)
class ActionRun:
    """What one run left behind: exit code, log, step outputs and job summary."""

    code: int
    stdout: str
    stderr: str
    outputs: dict[str, str]
    summary: str

    @property
    def log(self) -> str:
        return self.stdout + self.stderr

    def json_output(self, name: str) -> Any:
        return json.loads(self.outputs[name])


def parse_outputs(text: str) -> dict[str, str]:
    """Read a $GITHUB_OUTPUT file as the runner does: ``name=value`` or ``name<<DELIM`` blocks."""
    outputs: dict[str, str] = {}
    lines = text.split("\n")
    index = 0
    while index < len(lines):
        line = lines[index]
        index += 1
        if not line:
            continue
        if "<<" in line and ("=" not in line or line.index("<<") < line.index("=")):
            name, delimiter = line.split("<<", 1)
            end = lines.index(delimiter, index)  # ValueError: an unterminated block
            outputs[name] = "\n".join(lines[index:end])
            index = end + 1
        else:
            name, value = line.split("=", 1)
            outputs[name] = value
    return outputs


def step_env(with_: dict[str, str], *, token: str) -> dict[str, str]:
    """The ``INPUT_*`` variables action.yml's run step sets for these ``with:`` values."""
    action = yaml.safe_load(ACTION_YML.read_text("utf-8"))
    values = {}
    for name, spec in action["inputs"].items():
        default = str(spec.get("default", ""))
        values[name] = token if default == "${{ github.token }}" else default
    unknown = set(with_) - set(values)
    assert not unknown, f"action.yml has no inputs {sorted(unknown)}"
    values.update(with_)
    run_step = next(s for s in action["runs"]["steps"] if s.get("id") == "run")
    env = {}
    for key, value in run_step["env"].items():
        found = _EXPRESSION.match(str(value))
        if found and found.group(1).startswith("inputs."):
            env[key] = values[found.group(1).removeprefix("inputs.")]
    return env


def runner_env(
    fake: FakeGitHub,
    run_dir: Path,
    *,
    event: str,
    repo: str = REPO,
    actor: str = "ada",
    with_: dict[str, str] | None = None,
) -> dict[str, str]:
    """The environment GitHub's runner gives the action's run step for ``event``, with the
    delivery at ``run_dir/event.json``, outputs and summary in ``run_dir``: nothing inherited
    but PATH (git, for git-URL links)."""
    return {
        "PATH": os.environ.get("PATH", "/usr/local/bin:/usr/bin:/bin"),
        "HOME": str(run_dir),
        "XDG_CACHE_HOME": str(run_dir / "cache"),
        "LANG": "C.UTF-8",
        "CI": "true",
        "GITHUB_ACTIONS": "true",
        "GITHUB_EVENT_NAME": event,
        "GITHUB_EVENT_PATH": str(run_dir / "event.json"),
        "GITHUB_REPOSITORY": repo,
        "GITHUB_REPOSITORY_OWNER": repo.split("/")[0],
        "GITHUB_ACTOR": actor,
        "GITHUB_API_URL": fake.api_url,
        "GITHUB_GRAPHQL_URL": fake.graphql_url,
        "GITHUB_SERVER_URL": fake.server_url,
        "GITHUB_OUTPUT": str(run_dir / "output"),
        "GITHUB_STEP_SUMMARY": str(run_dir / "summary.md"),
        "GITHUB_WORKSPACE": str(run_dir / "workspace"),
        "GITHUB_RUN_ID": "4242",
        "GITHUB_RUN_ATTEMPT": "1",
        "GITHUB_WORKFLOW": "roadmap",
        "GITHUB_JOB": "roadmap",
        "GITHUB_REF": "refs/heads/main",
        "RUNNER_OS": "Linux",
        "RUNNER_TEMP": str(run_dir),
        "ROADMAP_BOT_MIN_WRITE_INTERVAL": "0",  # the testing knob: no 1 s pause between writes
        **step_env(with_ or {}, token=fake.token),
    }


def run_action(
    fake: FakeGitHub,
    tmp_path: Path,
    *,
    event: str,
    payload: dict[str, Any] | None,
    with_: dict[str, str] | None = None,
    repo: str = REPO,
    actor: str = "ada",
) -> ActionRun:
    """Run the action's program once, as the runner would for ``event`` with ``payload``."""
    run_dir = tmp_path / f"run{len(list(tmp_path.glob('run*')))}"
    (run_dir / "workspace").mkdir(parents=True)
    event_path = run_dir / "event.json"
    if payload is not None:
        event_path.write_text(json.dumps(payload), "utf-8")
    output_path, summary_path = run_dir / "output", run_dir / "summary.md"
    output_path.touch()
    summary_path.touch()
    env = {
        **runner_env(fake, run_dir, event=event, repo=repo, actor=actor, with_=with_),
        "PYTHONPATH": str(ROOT),
        "GITHUB_ACTION_PATH": str(ROOT),
        # The one exception to "nothing inherited": coverage's settings, so the coverage run
        # measures the action too ([tool.coverage.run] patch = ["subprocess"] in pyproject).
        **{k: v for k, v in os.environ.items() if k.startswith("COVERAGE_")},
    }
    done = subprocess.run(
        [sys.executable, "-m", "roadmap_bot", "action"],
        env=env,
        cwd=run_dir / "workspace",
        capture_output=True,
        text=True,
        timeout=TIMEOUT_S,
        check=False,
    )
    return ActionRun(
        code=done.returncode,
        stdout=done.stdout,
        stderr=done.stderr,
        outputs=parse_outputs(output_path.read_text("utf-8")),
        summary=summary_path.read_text("utf-8"),
    )


def event_payload(event: str, action: str | None = None, *, repo: str = REPO) -> dict[str, Any]:
    """GitHub's published example for the event, re-pointed at ``repo``."""
    payload = webhook_example(event, action)
    owner, name = repo.split("/")
    payload["repository"].update(full_name=repo, name=name)
    payload["repository"]["owner"]["login"] = owner
    return payload


def writes(fake: FakeGitHub) -> list[tuple[str, str]]:
    """The mutating requests the fake served (GraphQL reads are POSTs too, so they are left out)."""
    return [(r.method, r.path) for r in fake.requests if r.is_write]
