"""The ``ci`` check: a CI definition that builds, tests, lints or runs the project on push or PR.

GitHub workflows (and Gitea's and Forgejo's, which share the syntax) are parsed (YAML 1.1 reads
the key ``on`` as True, so both are looked up): one counts when it triggers on push (not only
tags), pull_request(_target) or merge_group AND a job runs a test, build or lint command, the
project's own pipeline (``mlflow run``, ``dvc repro``, ``make``, ``python train.py``,
``python -m pkg.pipeline``: a script or module whose name says train, pipeline, evaluate, run,
main, ...) or a CI action (docker/build-push-action, pre-commit/action, ...), directly or through
a local reusable workflow. Workflows that only label, greet, close stale issues, sync to a Space,
update a README or run on a schedule or release do not count. GitLab, Travis, CircleCI, Azure
Pipelines, Jenkins, Bitbucket, Drone, AppVeyor, Buildkite, Woodpecker, Cirrus, Semaphore, Cloud
Build, CodeBuild, Bitrise and Codefresh run on every push, so their files count when some command
builds, tests, lints or runs the pipeline; ``echo``/``sleep`` placeholders (GitLab's and Jenkins'
starter files) do not. A Jenkinsfile or azure-pipelines.yml in a subfolder counts (both services
take a script path); GitLab's ``include:`` of local files (``.gitlab/ci/*.yml``) is followed.

Every YAML file comes from a linked repo, so it is loaded through ``boundedyaml.load_bounded``:
one whose aliases expand too far, that nests too deep or is too large does not count, and the
reason says why. Each file is parsed once per check, however many workflows call it.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

from roadmap_bot.core.boundedyaml import load_bounded
from roadmap_bot.core.evidence.check import Check
from roadmap_bot.core.evidence.facts import RepoFacts
from roadmap_bot.core.evidence.paths import (
    GITHUB_STYLE_CI,
    GITLAB_INCLUDE,
    ci_system,
    glob_to_regex,
)
from roadmap_bot.core.evidence.result import CheckResult
from roadmap_bot.core.evidence.snapshot import FileKind, file_kind
from roadmap_bot.errors import BoundedYamlError

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
# Every pattern below is matched against one command line at a time, and none has a quantifier
# that can give back what another took (possessive or unambiguous): linear in the line.
_SETUP = re.compile(
    r"^(?:sudo\s++)?(?:(?:python3?\s++-m\s++)?pip3?\s++install|apt(?:-get)?\s|conda\s++(?:install|create|env)"
    r"|mamba\s|brew\s|(?:npm|pnpm|yarn|bun)\s++(?:ci|install|i)\b|yarn$|poetry\s++install"
    r"|uv\s++(?:sync|pip\s++install|venv)|pipenv\s++install|git\s++(?:config|clone|fetch|checkout))"
)
_TEST = re.compile(r"test|\bspec\b|rspec|\bcheck\b|coverage", re.I)
_LINT = re.compile(
    r"\b(?:ruff|flake8|pylint|black|isort|mypy|pyright|eslint|prettier|pre-commit|golangci-lint"
    r"|clippy|shellcheck|hadolint|yamllint|markdownlint|stylelint|ktlint|checkstyle|tflint)\b"
)
_BUILD = re.compile(
    r"\b(?:(?:npm|yarn|pnpm|bun)\s++(?:run\s++)?build|docker\s++(?:build|buildx|compose\s++build)"
    r"|python3?\s++-m\s++build|setup\.py|go\s++build|cargo\s++(?:build|check)|mvnw?|gradlew?"
    r"|make|cmake|tsc|hatch\s++build|uv\s++build|poetry\s++build|mkdocs\s++build|sphinx-build"
    r"|nbconvert\s++--execute|dvc\s++repro|dotnet\s++build|msbuild|bazel|tox|nox)\b"
    r"|\bdocker\.build\s*+\("  # Jenkins' docker pipeline step
)
# The project's own pipeline: a tool that runs it, or a Python script or module named for it.
_PIPELINE_TOOL = re.compile(
    r"\b(?:mlflow\s++run|dvc\s++exp\s++run|snakemake|kedro\s++run|nextflow\s++run"
    r"|dbt\s++(?:run|build|seed)|papermill|jupyter\s++execute|Rscript|zenml\s++pipeline)\b"
)
_PYTHON_RUN = re.compile(
    r"^(?:(?:uv|poetry|pipenv|pdm|hatch)\s++run\s++|conda\s++run\s++(?:-n\s++\S++\s++)?)?+"
    r"(?:python[\d.]*+|py)(?:\s++-(?!m\s)[A-Za-z]++)*+\s++(?P<module>-m\s++)?+(?P<target>[\w./-]++)"
)
_PIPELINE_NAME = re.compile(
    r"train|pipeline|main|run|evaluat|eval|predict|infer|preprocess|prepare|process|fit"
    r"|benchmark|experiment|score|featur|build|validat|etl|ingest"
)
_NOT_PIPELINE = frozenset({"setup", "get-pip", "pip", "venv", "ensurepip", "virtualenv", "manage"})
# repo chores a push may trigger: a script named for one is not the project's pipeline
_CHORE_NAME = re.compile(
    r"readme|changelog|release|deploy|notify|publish|bump|version|stale|label|sync|upload|badge"
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
    """Return "test", "lint", "build" or "pipeline" for a shell command doing one, else None."""
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
        if _runs_pipeline(part):
            return "pipeline"
    return None


def _runs_pipeline(part: str) -> bool:
    if _PIPELINE_TOOL.search(part):
        return True
    run = _PYTHON_RUN.match(part)
    if run is None:
        return False
    target = run.group("target")
    if run.group("module"):
        name = target.rpartition(".")[2]
        first = target.partition(".")[0]
        if first in _NOT_PIPELINE:
            return False
    elif target.endswith(".py"):
        name = target.rpartition("/")[2].removesuffix(".py")
    else:
        return False
    name = name.lower()
    if name in _NOT_PIPELINE or _CHORE_NAME.search(name):
        return False
    return _PIPELINE_NAME.search(name) is not None


def _first_doing(commands: Sequence[str]) -> str | None:
    for command in commands:
        for line in command.splitlines():
            if classify_command(line):
                shown = " ".join(line.split())
                return f"runs '{shown[:60]}{'…' if len(shown) > 60 else ''}'"
    return None


# --- reading YAML once ------------------------------------------------------------------------


@dataclass
class CiFiles:
    """The texts of one repo, each YAML file loaded (bounded) at most once: what the per-file
    analysers share (``analyse_workflow``, ``analyse_other_ci``)."""

    texts: Mapping[str, str]
    paths: Sequence[str] = ()  # every own path of the repo
    ci_paths: Sequence[str] = ()  # its CI files, read or not
    loaded: dict[str, tuple[Any, str | None]] = field(default_factory=dict)
    called: dict[str, bool] = field(default_factory=dict)  # reusable workflow → is CI

    def load(self, path: str, text: str | None = None) -> tuple[Any, str | None]:
        """(data, None), or (None, why it was not loaded)."""
        if path not in self.loaded:
            source = self.texts.get(path, "") if text is None else text
            if ci_system(path) in (GITLAB_INCLUDE, "GitLab CI"):
                source = source.replace("!reference", "")  # GitLab's own tag: a plain list
            try:
                self.loaded[path] = (load_bounded(source), None)
            except BoundedYamlError as exc:
                self.loaded[path] = (None, str(exc))
        return self.loaded[path]

    @cached_property
    def known(self) -> frozenset[str]:
        return frozenset(self.paths)


def _refused(error: str, system: str) -> str:
    if error.startswith("not valid YAML"):
        return f"is not valid YAML, so {system} does not run it"
    return f"was not checked: {error}"


# --- GitHub-style workflows -------------------------------------------------------------------


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


def analyse_workflow(
    reader: CiFiles, path: str, text: str | None = None, depth: int = 0
) -> CiFinding:
    """Decide whether one GitHub (or Gitea/Forgejo) workflow file is CI (``text``: its text,
    else the one in ``reader``; ``depth``: how many reusable-workflow calls led here)."""
    system = ci_system(path) or "GitHub Actions"
    service = "GitHub" if system == "GitHub Actions" else system.split()[0]
    data, error = reader.load(path, text)
    if error is not None:
        return CiFinding(path, False, _refused(error, service))
    if not isinstance(data, Mapping):
        return CiFinding(path, False, "is not a workflow")
    triggers = _triggers(data)
    on_code = [t for t in triggers if t in CI_EVENTS]
    if depth == 0 and not on_code:
        shown = ", ".join(triggers) or "no event"
        return CiFinding(
            path, False, f"runs only on {shown}, not on branch pushes or pull requests"
        )
    doing = _workflow_doing(reader, data, depth)
    if doing is None:
        return CiFinding(path, False, f"does not build or test ({_what_instead(data)})")
    return CiFinding(path, True, f"{doing} on {' and '.join(on_code) or 'call'}")


def _jobs(data: Mapping[Any, Any]) -> list[Mapping[Any, Any]]:
    jobs = data.get("jobs")
    return [j for j in jobs.values() if isinstance(j, Mapping)] if isinstance(jobs, Mapping) else []


def _steps(job: Mapping[Any, Any]) -> list[Mapping[Any, Any]]:
    steps = job.get("steps")
    return [s for s in steps if isinstance(s, Mapping)] if isinstance(steps, list) else []


def _workflow_doing(reader: CiFiles, data: Mapping[Any, Any], depth: int) -> str | None:
    for job in _jobs(data):
        called = job.get("uses")
        if isinstance(called, str):
            local = called.removeprefix("./")
            if local in reader.texts and depth < 3:
                if _called_is_ci(reader, local, depth + 1):
                    return f"calls {local}"
            elif re.search(r"test|ci|build|lint|check", called.rsplit("/", 1)[-1], re.I):
                return f"calls {called}"
        steps = _steps(job)
        doing = _first_doing([s["run"] for s in steps if isinstance(s.get("run"), str)])
        if doing:
            return doing
        for step in steps:
            uses = step.get("uses")
            if isinstance(uses, str) and _CI_ACTION.match(uses):
                return f"uses {uses.split('@')[0]}"
    return None


def _called_is_ci(reader: CiFiles, path: str, depth: int) -> bool:
    """Whether a local reusable workflow builds or tests (once per path: a workflow called by
    a thousand jobs, or calling itself, is analysed once)."""
    if path not in reader.called:
        reader.called[path] = False  # while in progress: a cycle adds nothing
        reader.called[path] = analyse_workflow(reader, path, None, depth).is_ci
    return reader.called[path]


def _what_instead(data: Mapping[Any, Any]) -> str:
    actions = [
        str(step["uses"]).split("@")[0]
        for job in _jobs(data)
        for step in _steps(job)
        if step.get("uses")
    ]
    others = [a for a in actions if not a.startswith("actions/")] or actions
    return f"it uses {', '.join(dict.fromkeys(others[:3]))}" if others else "no build or test step"


# --- other CI services ------------------------------------------------------------------------

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
        "before_script",
        "after_script",
        "install",
        "args",
        "entrypoint",
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


# sh 'cmd', sh("cmd"), sh script: '''cmd''', bat "...", powershell '...': the opening quote is
# found by this pattern (possessive spaces: no backtracking), the closing one by str.find.
_JENKINS_STEP = re.compile(
    r"\b(?:sh|bat|powershell|pwsh)\b\s*+\(?+\s*+(?:script\s*+:\s*+)?+('''|\"\"\"|'|\")"
)


def jenkins_commands(text: str) -> list[str]:
    """The shell commands of a Jenkinsfile's ``sh``/``bat``/``powershell`` steps, in one pass."""
    commands: list[str] = []
    pos = 0
    while True:
        step = _JENKINS_STEP.search(text, pos)
        if step is None:
            break
        quote = step.group(1)
        end = text.find(quote, step.end())
        if end < 0:
            commands.append(text[step.end() :])
            break
        commands.append(text[step.end() : end])
        pos = end + len(quote)
    if "docker.build" in text:
        commands.append("docker.build(")
    return commands


def analyse_other_ci(reader: CiFiles, path: str, text: str) -> CiFinding:
    """Decide whether a non-GitHub CI file (GitLab, Travis, Jenkinsfile, ...) builds or tests;
    a GitLab file's local includes are followed through ``reader``."""
    system = ci_system(path) or "CI"
    if system == "Jenkins":
        commands = jenkins_commands(text)
        doing = _first_doing(commands)
        if doing:
            return CiFinding(path, True, f"{system} {doing}")
        return CiFinding(path, False, f"{system} file runs no build or test command")
    data, error = reader.load(path, text)
    if error is not None:
        if error.startswith("not valid YAML"):
            return CiFinding(path, False, f"is not valid YAML ({system})")
        return CiFinding(path, False, f"{system} file was not checked: {error}")
    commands = list(_command_strings(data))
    doing = _first_doing(commands)
    if doing:
        return CiFinding(path, True, f"{system} {doing}")
    if isinstance(data, Mapping) and system == "GitLab CI" and data.get("include"):
        return _gitlab_includes(reader, path, data)
    if isinstance(data, Mapping) and system == "Travis CI" and not commands:
        language = str(data.get("language", ""))
        if language and language not in {"python", "generic", "minimal", "shell"}:
            return CiFinding(path, True, f"{system} builds a {language} project by default")
    return CiFinding(path, False, f"{system} file runs no build or test command")


MAX_GITLAB_INCLUDES = 30  # local files followed from one .gitlab-ci.yml, nested includes too


def _gitlab_includes(reader: CiFiles, path: str, data: Mapping[Any, Any]) -> CiFinding:
    """Follow ``include: local`` files (globs too, nested includes too); an include of a
    template, another project, a remote URL or a component cannot be read, and counts."""
    shared = False
    pending = [data]
    seen: set[str] = {path}
    problems: list[str] = []
    while pending and len(seen) <= MAX_GITLAB_INCLUDES:
        local, other = _include_entries(pending.pop())
        shared = shared or other
        for entry in local:
            matched = _local_include(entry, reader)
            if not matched:
                problems.append(f"includes {entry}, which is not in the repo")
            for file in matched:
                if file in seen or len(seen) > MAX_GITLAB_INCLUDES:
                    continue
                seen.add(file)
                if file not in reader.texts:
                    problems.append(f"{file} it includes was not read")
                    continue
                included, error = reader.load(file)
                if error is not None:
                    problems.append(f"{file} it includes was not checked: {error}")
                    continue
                doing = _first_doing(list(_command_strings(included)))
                if doing:
                    return CiFinding(path, True, f"GitLab CI {doing} (in {file}, included)")
                if isinstance(included, Mapping):
                    pending.append(included)
    if shared:
        return CiFinding(path, True, "GitLab CI pipeline includes shared CI templates")
    detail = f" ({'; '.join(problems[:2])})" if problems else " (nor do the files it includes)"
    return CiFinding(path, False, f"GitLab CI file runs no build or test command{detail}")


def _include_entries(data: Mapping[Any, Any]) -> tuple[list[str], bool]:
    """The local files an ``include:`` names, and whether it names anything else."""
    include = data.get("include")
    items = include if isinstance(include, list) else [include] if include else []
    local: list[str] = []
    other = False
    for item in items[:MAX_GITLAB_INCLUDES]:
        if isinstance(item, str):
            if item.startswith(("http://", "https://")):
                other = True
            else:
                local.append(item)
        elif isinstance(item, Mapping):
            if isinstance(item.get("local"), str):
                local.append(item["local"])
            elif {"template", "remote", "project", "component"} & set(item):
                other = True
    return local, other


def _local_include(entry: str, reader: CiFiles) -> list[str]:
    """The repo files a local include names: an exact path, or a glob (``.gitlab/ci/*.yml``)
    matched against the CI files and texts (the files a provider read)."""
    wanted = entry.strip().lstrip("/")
    if not any(c in wanted for c in "*?["):
        return [wanted] if wanted in reader.texts or wanted in reader.known else []
    pattern = glob_to_regex(wanted)
    candidates = set(reader.ci_paths) | set(reader.texts)
    found = (p for p in candidates if pattern.match(p) and ("/" in wanted or "/" not in p))
    return sorted(found)[:MAX_GITLAB_INCLUDES]


# --- the check ------------------------------------------------------------------------------


def check_ci(facts: RepoFacts) -> CheckResult:
    """Pass when some CI file builds, tests, lints or runs the pipeline on push or PR; CI files
    byte for byte the origin's (``facts.inherited``) are not the learner's and do not."""
    result = _check_ci(facts)
    if result.passed or not facts.inherited:
        return result
    theirs = [p for p in facts.inherited if file_kind(p) is FileKind.CI]
    return facts.note_inherited(result, theirs, "CI file")


def _check_ci(facts: RepoFacts) -> CheckResult:
    texts = facts.snapshot.texts
    files = list(facts.of_kind(FileKind.CI))
    reader = CiFiles(texts, facts.own, files)
    findings: list[CiFinding] = []
    unread: list[str] = []
    fragments: list[str] = []
    for path in files:
        system = ci_system(path)
        if system == GITLAB_INCLUDE:
            fragments.append(path)  # judged through .gitlab-ci.yml's include, below
        elif path not in texts:
            unread.append(path)
        elif system in GITHUB_STYLE_CI:
            findings.append(analyse_workflow(reader, path, texts[path], 0))
        else:
            findings.append(analyse_other_ci(reader, path, texts[path]))
    why = "and it does not" if ".gitlab-ci.yml" in texts else "and no .gitlab-ci.yml was read"
    findings += [
        CiFinding(f, False, f"runs only when .gitlab-ci.yml includes it, {why}")
        for f in fragments
        if f not in reader.loaded
    ]
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


# where the issue checklist sends a learner to read how (official documentation)
LEARN = (
    (
        "GitHub Actions: Building and testing Python",
        "https://docs.github.com/en/actions/automating-builds-and-tests/building-and-testing-python",
    ),
)

CHECK = Check(
    name="ci",
    words="CI",
    run=check_ci,
    todo="a workflow in `.github/workflows/` that runs your tests on every push",
    learn=LEARN,
)
