"""Dockerfile and compose variants a reviewer counts, and fragments that do not count."""

from __future__ import annotations

import pytest

from roadmap_bot.core.evidence.checks.docker import check_docker
from roadmap_bot.core.evidence.facts import build_facts
from roadmap_bot.core.evidence.paths import is_docker_file
from roadmap_bot.core.evidence.snapshot import FileKind, RepoSnapshot, file_kind

FULL = "# syntax=docker/dockerfile:1\nFROM python:3.12-slim\nCOPY . /app\n"
FRAGMENT = "RUN pip install -r requirements.txt\nCOPY . /app\n"  # no FROM: included elsewhere
COMPOSE = "services:\n  api:\n    build: .\n"


def _docker(files: dict[str, str]) -> tuple[bool, str]:
    snapshot = RepoSnapshot("r", "h", tuple(sorted(files)), files)
    result = check_docker(build_facts(snapshot))
    return result.passed, result.reason


DOCKERFILES = [
    "Dockerfile",
    "dockerfile",
    "DOCKERFILE",
    "Dockerfile.gpu",
    "Dockerfile.prod.arm64",
    "Dockerfile-dev",
    "Dockerfile_prod",
    "api.Dockerfile",
    "train.dockerfile",
    "Containerfile",
    "Containerfile.cuda",
    "docker/Dockerfile",
    "docker/api/Dockerfile.cpu",
    "docker/services/api/gpu/Dockerfile",  # deep, but under docker/
    ".devcontainer/Dockerfile",
    "services/api/Dockerfile",
]
COMPOSE_FILES = [
    "compose.yaml",
    "compose.yml",
    "Compose.override.yaml",
    "docker-compose.yml",
    "docker-compose.prod.yml",
    "docker-compose.dev.local.yaml",
    "docker-compose-dev.yml",
    "DOCKER-COMPOSE.YML",
    "deploy/docker-compose.yml",
]


@pytest.mark.parametrize("path", DOCKERFILES)
def test_a_dockerfile_variant_with_a_from_line_counts(path: str) -> None:
    assert is_docker_file(path) and file_kind(path) is FileKind.DOCKER
    passed, reason = _docker({path: FULL})
    assert passed and reason == f"docker: {path} (FROM python:3.12-slim)"


@pytest.mark.parametrize("path", DOCKERFILES)
def test_a_dockerfile_variant_without_a_from_line_is_a_fragment(path: str) -> None:
    assert _docker({path: FRAGMENT}) == (False, f"docker: {path} defines no image or service")


@pytest.mark.parametrize("path", COMPOSE_FILES)
def test_a_compose_variant_with_services_counts(path: str) -> None:
    assert file_kind(path) is FileKind.DOCKER
    assert _docker({path: COMPOSE}) == (True, f"docker: {path} (compose services)")


@pytest.mark.parametrize("path", COMPOSE_FILES)
def test_a_compose_variant_without_services_does_not_count(path: str) -> None:
    assert _docker({path: "x-common:\n  image: a\n"})[0] is False


def test_a_from_line_still_holding_a_template_placeholder_does_not_count() -> None:
    text = "FROM {{ cookiecutter.base_image }}\nCOPY . /app\n"
    assert _docker({"Dockerfile.j2": text}) == (
        False,
        "docker: Dockerfile.j2 defines no image or service",
    )
    assert _docker({"Dockerfile": "ARG BASE=python:3.12\nFROM ${BASE}\n"})[0]  # Docker's own


@pytest.mark.parametrize(
    "path",
    [
        "Dockerfile.dockerignore",  # an ignore list
        ".dockerignore",
        "docs/dockerfile-guide.md",
        "Dockerfile.png",
        "my_dockerfile_notes.txt",
        "a/b/c/d/Dockerfile",  # deep and not under a docker folder
        "docker/a/b/c/d/e/f/Dockerfile",  # past the depth under docker/ too
        "composer.json",
        "compose.json",
        "node_modules/x/Dockerfile",
    ],
)
def test_names_that_are_not_a_container_definition_do_not_count(path: str) -> None:
    assert file_kind(path) is not FileKind.DOCKER
    assert _docker({path: FULL}) == (False, "docker: no Dockerfile or compose file")


def test_a_fragment_beside_a_full_dockerfile_leaves_the_full_one_counted() -> None:
    passed, reason = _docker({"docker/base.Dockerfile": FRAGMENT, "docker/app.Dockerfile": FULL})
    assert passed and reason == "docker: docker/app.Dockerfile (FROM python:3.12-slim)"
