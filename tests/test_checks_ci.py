"""The ci check: a workflow or pipeline that builds, tests or lints on push or pull request."""

from __future__ import annotations

import pytest

from roadmap_bot.core.checks_ci import analyse_other_ci, analyse_workflow, classify_command

W = ".github/workflows/w.yml"


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
