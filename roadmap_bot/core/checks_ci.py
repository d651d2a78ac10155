"""The ``ci`` check: a CI definition that builds, tests or lints on push or pull request.

GitHub workflows are parsed (YAML 1.1 reads the key ``on`` as True, so both are looked up):
one counts when it triggers on push (not only tags), pull_request(_target) or merge_group AND
a job runs a test, build or lint command or a CI action (docker/build-push-action,
pre-commit/action, ...), directly or through a local reusable workflow. Workflows that only
label, greet, close stale issues, sync to a Space or run on a schedule do not count. GitLab,
Travis, CircleCI, Azure Pipelines, Jenkins, Bitbucket, Drone, AppVeyor, Buildkite and
Woodpecker run on every push, so their files count when some command builds, tests or lints;
``echo``/``sleep`` placeholders (GitLab's and Jenkins' starter files) do not.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Any

import yaml

from roadmap_bot.core import yamlloc
from roadmap_bot.core.checks_facts import RepoFacts
from roadmap_bot.core.checks_result import CheckResult
from roadmap_bot.core.snapshot import FileKind

CI_EVENTS = ("push", "pull_request", "pull_request_target", "merge_group")
_TRIVIAL = frozenset(
    {
        "echo",
        "printf",
        "sleep",
        "true",
        "false",
        "exit",
        "cd",
        "ls",
        "pwd",
        "cat",
        "export",
        "set",
        "env",
        "mkdir",
        "date",
        "whoami",
        "uname",
        "which",
        "source",
        ":",
    }
)
_SETUP = re.compile(
    r"^(?:sudo\s+)?(?:(?:python3?\s+-m\s+)?pip3?\s+install|apt(?:-get)?\s|conda\s+(?:install|create|env)"
    r"|mamba\s|brew\s|(?:npm|pnpm|yarn|bun)\s+(?:ci|install|i)\b|yarn$|poetry\s+install"
    r"|uv\s+(?:sync|pip\s+install|venv)|pipenv\s+install|git\s+(?:config|clone|fetch|checkout))"
)
_TEST = re.compile(r"test|\bspec\b|rspec|\bcheck\b|coverage", re.I)
_LINT = re.compile(
    r"\b(?:ruff|flake8|pylint|black|isort|mypy|pyright|eslint|prettier|pre-commit|golangci-lint"
    r"|clippy|shellcheck|hadolint|yamllint|markdownlint|stylelint|ktlint|checkstyle|tflint)\b"
)
_BUILD = re.compile(
    r"\b(?:(?:npm|yarn|pnpm|bun)\s+(?:run\s+)?build|docker\s+(?:build|buildx|compose\s+build)"
    r"|python3?\s+-m\s+build|setup\.py|go\s+build|cargo\s+(?:build|check)|mvnw?|gradlew?"
    r"|make|cmake|tsc|hatch\s+build|uv\s+build|poetry\s+build|mkdocs\s+build|sphinx-build"
    r"|nbconvert\s+--execute|dvc\s+repro|dotnet\s+build|msbuild|bazel|tox|nox)\b"
)
_CI_ACTION = re.compile(
    r"^(?:docker/build-push-action|pre-commit/action|codecov/codecov-action|coverallsapp/"
    r"|astral-sh/ruff-action|chartboost/ruff-action|psf/black|py-actions/flake8"
    r"|golangci/golangci-lint-action|super-linter/|github/super-linter|gradle/"
    r"|iterative/setup-cml|paambaati/codeclimate-action)",
    re.I,
)


@dataclass(frozen=True, slots=True)
class CiFinding:
    """What one CI file does: ``what`` is a short phrase such as "runs 'pytest -q'"."""

    path: str
    is_ci: bool
    what: str


def classify_command(command: str) -> str | None:
    """Return "test", "lint" or "build" for a shell command that does one of them, else None."""
    for part in re.split(r"\n|&&|\|\||;", command):
        part = part.strip()
        words = part.split()
        if not words or words[0].startswith("#") or words[0] in _TRIVIAL:
            continue
        if _SETUP.match(part):
            continue
        if _TEST.search(part):
            return "test"
        if _LINT.search(part):
            return "lint"
        if _BUILD.search(part):
            return "build"
    return None


def _first_doing(commands: list[str]) -> str | None:
    for command in commands:
        for line in command.splitlines():
            if classify_command(line):
                shown = " ".join(line.split())
                return f"runs '{shown[:60]}{'…' if len(shown) > 60 else ''}'"
    return None


def _triggers(data: Mapping[Any, Any]) -> list[str]:
    on = data.get("on", data.get(True))
    if isinstance(on, str):
        return [on]
    if isinstance(on, list):
        return [str(t) for t in on]
    if isinstance(on, Mapping):
        events = []
        for event, spec in on.items():
            tags_only = (
                event == "push"
                and isinstance(spec, Mapping)
                and "tags" in spec
                and not ({"branches", "branches-ignore", "paths"} & set(spec))
            )
            events.append("tag pushes" if tags_only else str(event))
        return events
    return []


def analyse_workflow(path: str, text: str, texts: Mapping[str, str], depth: int = 0) -> CiFinding:
    """Decide whether one GitHub workflow file is CI."""
    try:
        data = yamlloc.safe_load(text)
    except (yaml.YAMLError, RecursionError):
        return CiFinding(path, False, "is not valid YAML, so GitHub does not run it")
    if not isinstance(data, Mapping):
        return CiFinding(path, False, "is not a workflow")
    triggers = _triggers(data)
    on_code = [t for t in triggers if t in CI_EVENTS]
    doing = _workflow_doing(data, texts, depth)
    if depth == 0 and not on_code:
        shown = ", ".join(triggers) or "no event"
        return CiFinding(
            path, False, f"runs only on {shown}, not on branch pushes or pull requests"
        )
    if doing is None:
        return CiFinding(path, False, f"does not build or test ({_what_instead(data)})")
    return CiFinding(path, True, f"{doing} on {' and '.join(on_code) or 'call'}")


def _workflow_doing(data: Mapping[Any, Any], texts: Mapping[str, str], depth: int) -> str | None:
    jobs = data.get("jobs")
    for job in jobs.values() if isinstance(jobs, Mapping) else []:
        if not isinstance(job, Mapping):
            continue
        called = job.get("uses")
        if isinstance(called, str):
            local = called.removeprefix("./")
            if local in texts and depth < 3:
                if analyse_workflow(local, texts[local], texts, depth + 1).is_ci:
                    return f"calls {local}"
            elif re.search(r"test|ci|build|lint|check", called.rsplit("/", 1)[-1], re.I):
                return f"calls {called}"
        steps = job.get("steps")
        runs = [
            s["run"]
            for s in steps or []
            if isinstance(s, Mapping) and isinstance(s.get("run"), str)
        ]
        doing = _first_doing(runs)
        if doing:
            return doing
        for step in steps or []:
            uses = step.get("uses") if isinstance(step, Mapping) else None
            if isinstance(uses, str) and _CI_ACTION.match(uses):
                return f"uses {uses.split('@')[0]}"
    return None


def _what_instead(data: Mapping[Any, Any]) -> str:
    actions = [
        str(step["uses"]).split("@")[0]
        for job in (data.get("jobs") or {}).values()
        if isinstance(job, Mapping)
        for step in job.get("steps") or []
        if isinstance(step, Mapping) and step.get("uses")
    ]
    others = [a for a in actions if not a.startswith("actions/")] or actions
    return f"it uses {', '.join(dict.fromkeys(others[:3]))}" if others else "no build or test step"


_COMMAND_KEYS = frozenset(
    {
        "run",
        "script",
        "scripts",
        "commands",
        "command",
        "test_script",
        "build_script",
        "bash",
        "pwsh",
        "powershell",
        "sh",
        "cmd",
        "steps",
        "task",
        "jobs",
    }
)


def _command_strings(node: Any, key: str | None = None) -> Iterator[str]:
    if isinstance(node, str):
        if key in _COMMAND_KEYS:
            yield node
    elif isinstance(node, list):
        for item in node:
            yield from _command_strings(item, key)
    elif isinstance(node, Mapping):
        for k, value in node.items():
            yield from _command_strings(value, str(k))


def analyse_other_ci(path: str, text: str) -> CiFinding:
    """Decide whether a non-GitHub CI file (GitLab, Travis, Jenkinsfile, ...) builds or tests."""
    system = _SYSTEMS.get(path.lower(), "Woodpecker" if path.startswith(".woodpecker") else "CI")
    if path.lower() == "jenkinsfile":
        commands = re.findall(
            r"\b(?:sh|bat|powershell)\s*\(?\s*(?:'''|\"\"\"|'|\")(.*?)(?:'''|\"\"\"|'|\")",
            text,
            re.S,
        )
    else:
        try:
            data = yamlloc.safe_load(text)
        except (yaml.YAMLError, RecursionError):
            return CiFinding(path, False, f"is not valid YAML ({system})")
        commands = list(_command_strings(data))
        if isinstance(data, Mapping) and path.lower() == ".gitlab-ci.yml" and data.get("include"):
            return CiFinding(path, True, f"{system} pipeline includes shared CI templates")
        if isinstance(data, Mapping) and path.lower() == ".travis.yml" and not commands:
            language = str(data.get("language", ""))
            if language and language not in {"python", "generic", "minimal", "shell"}:
                return CiFinding(path, True, f"{system} builds a {language} project by default")
    doing = _first_doing(commands)
    if doing:
        return CiFinding(path, True, f"{system} {doing}")
    return CiFinding(path, False, f"{system} file runs no build or test command")


_SYSTEMS = {
    ".gitlab-ci.yml": "GitLab CI",
    ".travis.yml": "Travis CI",
    ".circleci/config.yml": "CircleCI",
    "azure-pipelines.yml": "Azure Pipelines",
    "azure-pipelines.yaml": "Azure Pipelines",
    ".azure-pipelines.yml": "Azure Pipelines",
    "jenkinsfile": "Jenkins",
    "bitbucket-pipelines.yml": "Bitbucket Pipelines",
    ".drone.yml": "Drone",
    "appveyor.yml": "AppVeyor",
    ".appveyor.yml": "AppVeyor",
    ".buildkite/pipeline.yml": "Buildkite",
}


def check_ci(facts: RepoFacts) -> CheckResult:
    """Pass when some CI file builds, tests or lints on push or pull request."""
    texts = facts.snapshot.texts
    files = list(facts.of_kind(FileKind.CI))
    findings: list[CiFinding] = []
    unread: list[str] = []
    for path in files:
        if path not in texts:
            unread.append(path)
        elif path.startswith(".github/workflows/"):
            findings.append(analyse_workflow(path, texts[path], texts))
        else:
            findings.append(analyse_other_ci(path, texts[path]))
    good = [f for f in findings if f.is_ci]
    if good:
        more = (
            f" (and {len(good) - 1} more CI file{'s' if len(good) > 2 else ''})"
            if len(good) > 1
            else ""
        )
        return CheckResult(
            "ci", True, tuple(f.path for f in good), f"ci: {good[0].path} {good[0].what}{more}"
        )
    if not findings and not unread:
        return CheckResult(
            "ci", False, (), "ci: no CI definition (.github/workflows/, .gitlab-ci.yml, ...)"
        )
    parts = [f"{f.path} {f.what}" for f in findings[:3]] + [
        f"{p} could not be read" for p in unread[:2]
    ]
    return CheckResult("ci", False, tuple(files), "ci: not CI — " + "; ".join(parts))
