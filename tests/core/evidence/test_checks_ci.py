"""The ci check: a workflow or pipeline that builds, tests or lints on push or pull request."""

from __future__ import annotations

import time

import pytest
from hypothesis import given
from hypothesis import strategies as st

from roadmap_bot.core.evidence.checks import ci as checks_ci
from roadmap_bot.core.evidence.checks.ci import (
    CiFiles,
    CiFinding,
    check_ci,
    classify_command,
    jenkins_commands,
)
from roadmap_bot.core.evidence.facts import build_facts
from roadmap_bot.core.evidence.result import CheckResult
from roadmap_bot.core.evidence.snapshot import FileKind, RepoSnapshot, file_kind, wanted_paths
from tests.support.linear import FUZZ, assert_linear

W = ".github/workflows/w.yml"


def analyse_workflow(path: str, text: str, texts: dict[str, str], depth: int = 0) -> CiFinding:
    """One workflow file judged alone, the repo's other texts ``texts``."""
    return checks_ci.analyse_workflow(CiFiles(texts), path, text, depth)


def analyse_other_ci(
    path: str, text: str, texts: dict[str, str] | None = None, paths: tuple[str, ...] = ()
) -> CiFinding:
    """One non-GitHub CI file judged alone, the repo's texts and paths ``texts``/``paths``."""
    return checks_ci.analyse_other_ci(CiFiles(texts or {}, paths, paths), path, text)


def workflow(on: str, steps: str) -> str:
    return f"{on}\njobs:\n  j:\n    runs-on: ubuntu-latest\n    steps:\n{steps}"


RUN_PYTEST = "      - run: pytest -q\n"


@pytest.mark.parametrize(
    "on",
    [
        "on: push",
        "'on': [push, pull_request]",
        '"on":\n  pull_request:\n    branches: [main]',
        "true: push",
        "on:\n  merge_group:\n  workflow_dispatch:",
    ],
)
def test_every_spelling_of_the_on_key_is_read(on: str) -> None:
    assert analyse_workflow(W, workflow(on, RUN_PYTEST), {}).is_ci


@pytest.mark.parametrize(
    ("on", "words"),
    [
        ("on: workflow_dispatch", "workflow_dispatch"),
        ("on:\n  schedule:\n    - cron: '0 0 * * *'", "schedule"),
        ("on:\n  issues:\n    types: [opened]", "issues"),
        ("on:\n  push:\n    tags: ['v*']", "tag pushes"),
        ("name: no trigger", "no event"),
    ],
)
def test_workflows_not_run_on_push_or_pull_request_are_not_ci(on: str, words: str) -> None:
    finding = analyse_workflow(W, workflow(on, RUN_PYTEST), {})
    assert not finding.is_ci and words in finding.what


@pytest.mark.parametrize(
    ("steps", "words"),
    [
        ("      - uses: actions/stale@v9\n", "actions/stale"),
        (
            "      - uses: actions/checkout@v4\n      - run: echo 'running tests'\n",
            "does not build",
        ),
        ("      - run: pip install -r requirements-test.txt\n", "no build or test step"),
        ("      - uses: peaceiris/actions-gh-pages@v3\n", "peaceiris/actions-gh-pages"),
    ],
)
def test_workflows_that_do_not_build_or_test_are_not_ci(steps: str, words: str) -> None:
    finding = analyse_workflow(W, workflow("on: push", steps), {})
    assert not finding.is_ci and words in finding.what


@pytest.mark.parametrize(
    ("steps", "words"),
    [
        (
            "      - run: |\n          pip install .\n          python -m unittest discover\n",
            "unittest",
        ),
        ("      - run: npm ci && npm run build\n", "npm run build"),
        ("      - run: ruff check .\n", "ruff check"),
        ("      - uses: docker/build-push-action@v5\n", "docker/build-push-action"),
        ("      - run: go test ./...\n", "go test"),
    ],
)
def test_build_test_and_lint_steps_make_ci(steps: str, words: str) -> None:
    finding = analyse_workflow(W, workflow("on: [push]", steps), {})
    assert finding.is_ci and words in finding.what


def test_a_local_reusable_workflow_is_followed() -> None:
    caller = "on: pull_request\njobs:\n  call:\n    uses: ./.github/workflows/tests.yml\n"
    called = workflow("on: workflow_call", RUN_PYTEST)
    texts = {".github/workflows/tests.yml": called}
    finding = analyse_workflow(W, caller, texts)
    assert finding.is_ci and "calls .github/workflows/tests.yml" in finding.what


def test_invalid_yaml_is_not_ci_because_github_would_not_run_it() -> None:
    finding = analyse_workflow(W, "on: push\njobs: [\n", {})
    assert not finding.is_ci and "not valid YAML" in finding.what


@pytest.mark.parametrize(
    ("command", "kind"),
    [
        ("pytest", "test"),
        ("echo test && sleep 5", None),
        ("pip install pytest", None),
        ("make", "build"),
        ("mypy src", "lint"),
        ("docker build -t x .", "build"),
        ("python train.py", "pipeline"),
        ("cd app; npm test", "test"),
    ],
)
def test_commands_are_classified(command: str, kind: str | None) -> None:
    assert classify_command(command) == kind


def test_travis_with_a_compiled_language_builds_by_default() -> None:
    assert analyse_other_ci(".travis.yml", "language: node_js\nnode_js: [18]\n").is_ci
    assert not analyse_other_ci(".travis.yml", "language: python\n").is_ci


def test_circleci_orb_jobs_and_run_steps_count() -> None:
    orb = "version: 2.1\norbs:\n  python: circleci/python@2\nworkflows:\n  main:\n    jobs:\n      - python/test\n"
    assert analyse_other_ci(".circleci/config.yml", orb).is_ci


def test_azure_and_jenkins_need_a_real_command() -> None:
    azure = "trigger: [main]\nsteps:\n  - script: python -m pytest\n"
    assert analyse_other_ci("azure-pipelines.yml", azure).is_ci
    jenkins = "pipeline { stages { stage('Test') { steps { sh 'pytest -q' } } } }"
    finding = analyse_other_ci("Jenkinsfile", jenkins)
    assert finding.is_ci and "Jenkins" in finding.what


def test_gitlab_including_shared_templates_counts() -> None:
    finding = analyse_other_ci(
        ".gitlab-ci.yml", "include:\n  - template: Auto-DevOps.gitlab-ci.yml\n"
    )
    assert finding.is_ci and "templates" in finding.what


# --- the project's own pipeline on push or pull request ----------------------------------------


@pytest.mark.parametrize(
    "command",
    [
        "mlflow run . -P alpha=0.5",
        "python train.py --epochs 1",
        "python3 -u src/pipeline.py",
        "python -m churn.train",
        "uv run python scripts/evaluate_model.py",
        "kedro run",
        "snakemake --cores 1",
        "dvc exp run",
    ],
)
def test_a_workflow_running_the_projects_pipeline_on_push_is_ci(command: str) -> None:
    finding = analyse_workflow(
        W, workflow("on: [push, pull_request]", f"      - run: {command}\n"), {}
    )
    assert finding.is_ci and command.split()[0] in finding.what


@pytest.mark.parametrize(
    "command",
    [
        "python update_readme.py",
        "python -m pip install -e .",
        "python --version",
        "python -c 'print(1)'",
        "python scripts/notify_slack.py",
        "python scripts/build_readme.py",
        "python -m tools.release_main",
    ],
)
def test_scripts_that_are_not_the_pipeline_do_not_make_ci(command: str) -> None:
    assert classify_command(command) is None


@pytest.mark.parametrize(
    ("on", "words"),
    [
        ("on:\n  release:\n    types: [published]", "runs only on release"),
        ("on:\n  schedule:\n    - cron: '0 3 * * 1'", "runs only on schedule"),
    ],
)
def test_the_pipeline_run_only_on_release_or_schedule_is_not_ci(on: str, words: str) -> None:
    finding = analyse_workflow(W, workflow(on, "      - run: python train.py\n"), {})
    assert not finding.is_ci and words in finding.what


# --- CI definitions outside the root ------------------------------------------------------------


def ci_result(files: dict[str, str]) -> CheckResult:
    snapshot = RepoSnapshot("octo/r", None, tuple(sorted(files)), files)
    return check_ci(build_facts(snapshot))


@pytest.mark.parametrize(
    ("files", "words"),
    [
        ({"ci/Jenkinsfile": "pipeline { steps { sh 'make test' } }"}, "ci/Jenkinsfile Jenkins"),
        ({"jenkins/build.jenkinsfile": 'node { sh(script: "pytest -q") }'}, "pytest -q"),
        ({"Jenkinsfile.ci": "node { docker.build('app') }"}, "Jenkins"),
        ({"services/api/azure-pipelines.yml": "steps:\n  - script: pytest\n"}, "Azure"),
        ({".azure-pipelines/ci.yml": "steps:\n  - bash: make build\n"}, "Azure Pipelines"),
        ({".gitea/workflows/ci.yaml": workflow("on: push", RUN_PYTEST)}, "ci.yaml runs"),
        ({".forgejo/workflows/t.yml": workflow("on: pull_request", RUN_PYTEST)}, "pytest"),
        ({".cirrus.yml": "test_task:\n  script: pytest\n"}, "Cirrus CI"),
        (
            {
                ".semaphore/semaphore.yml": "blocks:\n  - task:\n      jobs:\n        - commands: [make test]\n"
            },
            "Semaphore",
        ),
    ],
)
def test_ci_definitions_outside_the_root_or_of_other_services_are_found(
    files: dict[str, str], words: str
) -> None:
    result = ci_result(files)
    assert result.passed and words in result.reason, result.reason


GITLAB_TEST_JOB = "unit:\n  image: python:3.11\n  script:\n    - pytest -q\n"


@pytest.mark.parametrize(
    "include",
    [
        "include:\n  - local: .gitlab/ci/test.yml\n",
        "include: '/.gitlab/ci/test.yml'\n",
        "include:\n  - local: '.gitlab/ci/*.yml'\n",
        "include: .gitlab/ci/nested.yml\n",
    ],
)
def test_gitlab_local_includes_are_followed(include: str) -> None:
    files = {
        ".gitlab-ci.yml": "stages: [test]\n" + include,
        ".gitlab/ci/test.yml": GITLAB_TEST_JOB,
        ".gitlab/ci/nested.yml": "include:\n  - local: .gitlab/ci/test.yml\n",
    }
    result = ci_result(files)
    assert result.passed and ".gitlab/ci/test.yml, included" in result.reason, result.reason


def test_a_gitlab_include_of_placeholder_jobs_is_not_ci() -> None:
    files = {
        ".gitlab-ci.yml": "include:\n  - local: .gitlab/ci/build.yml\n",
        ".gitlab/ci/build.yml": "build:\n  script:\n    - echo 'Compiling the code...'\n",
    }
    result = ci_result(files)
    assert not result.passed and "no build or test command" in result.reason


def test_a_gitlab_include_of_a_missing_file_says_so() -> None:
    result = ci_result({".gitlab-ci.yml": "include:\n  - local: ci/gone.yml\n"})
    assert not result.passed and "ci/gone.yml, which is not in the repo" in result.reason


def test_a_gitlab_fragment_nothing_includes_does_not_count() -> None:
    files = {".gitlab-ci.yml": GITLAB_STARTER_ECHO, ".gitlab/ci/test.yml": GITLAB_TEST_JOB}
    result = ci_result(files)
    assert not result.passed and "includes it, and it does not" in result.reason


GITLAB_STARTER_ECHO = "build:\n  script:\n    - echo building\n"


def test_gitlab_reference_tags_are_read() -> None:
    text = (
        ".setup:\n  script:\n    - pip install -r requirements.txt\n"
        "test:\n  script:\n    - !reference [.setup, script]\n    - pytest\n"
    )
    finding = analyse_other_ci(".gitlab-ci.yml", text)
    assert finding.is_ci and "pytest" in finding.what


def test_an_empty_jenkinsfile_in_a_subfolder_is_not_ci() -> None:
    result = ci_result({"jenkins/Jenkinsfile": ""})
    assert not result.passed and "jenkins/Jenkinsfile Jenkins file runs no build" in result.reason


@pytest.mark.parametrize(
    "path",
    [
        "ci/Jenkinsfile",
        "Jenkinsfile.release",
        ".gitlab/ci/test.yml",
        "deploy/.gitlab-ci.yml",
        ".gitea/workflows/ci.yml",
        ".cirrus.yml",
        "cloudbuild.yaml",
        "services/api/azure-pipelines.yml",
    ],
)
def test_ci_files_outside_the_root_are_read(path: str) -> None:
    assert file_kind(path) is FileKind.CI
    assert path in wanted_paths([path, "README.md"])


@pytest.mark.parametrize(
    "path",
    ["a/b/c/d/Jenkinsfile", ".github/workflows/sub/x.yml", "node_modules/x/Jenkinsfile"],
)
def test_ci_files_no_service_reads_are_not_ci(path: str) -> None:
    assert file_kind(path) is not FileKind.CI


# --- malformed and hostile files ----------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "on: push\njobs: [1, 2]\n",
        "on: push\njobs:\n  a:\n    steps: 5\n",
        "on: push\njobs:\n  a:\n    steps: [1, 'x', {run: [1]}]\n",
        "on: push\njobs: {a: {uses: 7}}\n",
    ],
)
def test_a_workflow_of_the_wrong_shapes_is_not_ci_and_no_traceback(text: str) -> None:
    finding = analyse_workflow(W, text, {})
    assert not finding.is_ci and "does not build or test" in finding.what


def alias_bomb(levels: int, root: str = "test:\n  script: ") -> str:
    lines = ['l0: &l0 ["pytest", "pytest", "pytest", "pytest", "pytest", "pytest", "pytest"]']
    for i in range(1, levels):
        refs = ", ".join([f"*l{i - 1}"] * 7)
        lines.append(f"l{i}: &l{i} [{refs}]")
    return "\n".join(lines) + f"\n{root}*l{levels - 1}\n"


@pytest.mark.parametrize(
    ("path", "root"),
    [
        (".gitlab-ci.yml", "test:\n  script: "),
        (".travis.yml", "script: "),
        (".github/workflows/w.yml", "on: push\njobs:\n  a:\n    steps:\n      - run: "),
    ],
)
def test_a_yaml_alias_bomb_in_a_ci_file_is_refused_with_the_reason(path: str, root: str) -> None:
    text = alias_bomb(9, root)  # 7**9 = 40 million "pytest" strings once expanded; < 500 bytes
    assert len(text.encode()) < 600
    started = time.process_time()
    result = ci_result({path: text})
    assert time.process_time() - started < 5.0  # generous: the walk took minutes
    assert not result.passed and "not checked" in result.reason and "aliases" in result.reason


def test_a_deeply_nested_ci_file_is_refused_with_the_reason() -> None:
    result = ci_result({".gitlab-ci.yml": "a: " + "[" * 100_000})
    assert not result.passed and ".gitlab-ci.yml" in result.reason


def test_gitlab_aliases_that_stay_small_are_read() -> None:
    text = ".base: &base\n  image: python:3.11\n  before_script: [pip install .]\nunit:\n  <<: *base\n  script: [pytest]\n"
    assert analyse_other_ci(".gitlab-ci.yml", text).is_ci


def test_each_workflow_is_parsed_once_however_often_it_is_called(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    def calls(target: str, n: int) -> str:
        jobs = "".join(f"  j{i}:\n    uses: ./.github/workflows/{target}\n" for i in range(n))
        return f"on: [push, workflow_call]\njobs:\n{jobs}"

    files = {
        ".github/workflows/a.yml": calls("b.yml", 300),
        ".github/workflows/b.yml": calls("c.yml", 300),
        ".github/workflows/c.yml": calls("a.yml", 300),  # a cycle, too
    }
    loads: list[str] = []
    real = checks_ci.load_bounded

    def counting(text: str) -> object:
        loads.append(text[:40])
        return real(text)

    monkeypatch.setattr(checks_ci, "load_bounded", counting)
    result = ci_result(files)
    assert not result.passed and len(loads) == 3


# --- linear time on hostile input -----------------------------------------------------------------

CI_TOKENS = (
    *"'\"()[]{}:-#&*!|>\\ \t\n",
    "sh ",
    "sh(",
    "script: ",
    "'''",
    '"""',
    "bat ",
    "run: ",
    "- ",
    "&a ",
    "*a ",
    "<<: ",
    "python ",
    "-m ",
    "train.py ",
    "pytest ",
    "make ",
    "docker build ",
    "include: ",
    "local: ",
    "!reference ",
    "on: push\n",
    "jobs:\n",
    "uses: ./",
    "a",
    ".",
)
ci_units = st.lists(st.sampled_from(CI_TOKENS), min_size=1, max_size=6).map("".join)
CI_PATHS = (
    ".github/workflows/ci.yml",
    ".gitlab-ci.yml",
    "ci/Jenkinsfile",
    ".travis.yml",
    ".gitlab/ci/test.yml",
)


@pytest.mark.parametrize("path", CI_PATHS)
@FUZZ
@given(unit=ci_units)
def test_the_ci_check_is_linear_in_each_ci_file(path: str, unit: str) -> None:
    def check(text: str) -> object:
        return ci_result({path: text, ".gitlab-ci.yml": "include: .gitlab/ci/test.yml\n"})

    assert_linear(check, unit)


@FUZZ
@given(unit=ci_units)
def test_command_classification_is_linear_in_the_command(unit: str) -> None:
    assert_linear(classify_command, unit)


@pytest.mark.parametrize(
    "unit", ["sh" + " " * 50, "sh (", "sh '", "sh 'a' ", "\n", " ", "a", "'''", "powershell"]
)
def test_a_jenkinsfile_of_one_repeated_unit_is_read_in_linear_time(unit: str) -> None:
    assert_linear(lambda text: analyse_other_ci("Jenkinsfile", text), unit)


def test_a_jenkinsfile_of_100000_spaces_after_sh_is_read_in_linear_time() -> None:
    assert_linear(lambda text: jenkins_commands("sh" + text + "x"), " ", size=25_000)


@pytest.mark.parametrize("unit", ["\n", " ", "a", "-", "- a\n", "#\n", "python ", "x" * 1000])
def test_a_workflow_of_100000_of_one_character_is_read_in_linear_time(unit: str) -> None:
    assert_linear(lambda text: analyse_workflow(W, text, {}), unit, size=100_000)
