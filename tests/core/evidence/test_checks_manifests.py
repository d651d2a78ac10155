"""Dependency manifests: PEP 508 names, pyproject, setup.py/cfg, conda, Pipfile, npm, Docker."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from roadmap_bot.core.evidence.manifests import (
    Ecosystem,
    image_name,
    manifest_dependencies,
    normalize,
    parse_environment,
    parse_pyproject,
    parse_requirements,
    parse_setup_cfg,
    parse_setup_py,
    pip_install_names,
    requirement_name,
)


@pytest.mark.parametrize(
    ("spec", "name"),
    [
        ("torch>=2.1", "torch"),
        ("Scikit_Learn==1.4", "scikit-learn"),
        ("mlflow[extras]>=2 ; python_version > '3.8'", "mlflow"),
        ("zope.interface", "zope-interface"),
        ("my_pkg @ https://example.com/my_pkg-1.0.tar.gz", "my-pkg"),
        ("git+https://github.com/openai/CLIP.git", "clip"),
        ("git+https://github.com/x/y.git@main#egg=my_tool", "my-tool"),
        ("https://download.pytorch.org/whl/torch-2.0.0+cu118-cp310-linux_x86_64.whl", "torch"),
        ("numpy  # pinned below", "numpy"),
        ("# mlflow==2.0", None),
        ("-r requirements-dev.txt", None),
        ("--extra-index-url https://x", None),
        (".", None),
        ("", None),
    ],
)
def test_requirement_names_follow_pep_508_and_pip(spec: str, name: str | None) -> None:
    assert requirement_name(spec) == name


def test_requirements_files_skip_comments_includes_and_options() -> None:
    text = (
        "# tracking\n#mlflow\npandas>=2 \\\n    --hash=sha256:abc\n-r base.txt\n-c constraints.txt\n"
        "-e git+https://github.com/o/r.git#egg=local_lib\n-e .\n--index-url https://x\nwandb  # W&B\n"
    )
    assert parse_requirements(text) == ["pandas", "local-lib", "wandb"]


def test_pyproject_reads_pep621_optional_groups_poetry_pdm_and_uv() -> None:
    text = """
[project]
dependencies = ["fastapi>=0.110", "pydantic"]
[project.optional-dependencies]
ml = ["torch"]
[dependency-groups]
dev = ["pytest", {include-group = "ml"}]
[tool.poetry.dependencies]
python = "^3.11"
Pandas = "*"
[tool.poetry.group.track.dependencies]
wandb = "^0.16"
[tool.pdm.dev-dependencies]
lint = ["ruff"]
[tool.uv]
dev-dependencies = ["mypy"]
"""
    assert sorted(parse_pyproject(text)) == sorted(
        ["fastapi", "pydantic", "torch", "pytest", "pandas", "wandb", "ruff", "mypy"]
    )


def test_malformed_toml_gives_no_dependencies_not_an_error() -> None:
    assert parse_pyproject("[project\ndependencies = [") == []


def test_setup_py_is_read_without_running_it() -> None:
    text = """
from setuptools import setup
BASE = ["numpy", "scipy>=1"]
setup(name="x", install_requires=BASE + ["mlflow"], extras_require={"viz": ["plotly"]})
"""
    assert parse_setup_py(text) == ["numpy", "scipy", "mlflow", "plotly"]


def test_setup_py_with_a_syntax_error_falls_back_to_the_literal_list() -> None:
    assert parse_setup_py("setup(install_requires=['flask', 'gunicorn'],\n  oops(") == [
        "flask",
        "gunicorn",
    ]


def test_setup_cfg_reads_install_requires_and_extras() -> None:
    text = "[options]\ninstall_requires =\n    requests\n    xgboost>=2\n[options.extras_require]\ntest = pytest\n"
    assert parse_setup_cfg(text) == ["requests", "xgboost", "pytest"]


def test_conda_environment_reads_channels_versions_and_pip() -> None:
    text = "dependencies:\n  - python=3.11\n  - pytorch::pytorch>=2\n  - conda-forge::py-xgboost\n  - pip:\n    - mlflow==2.9\n"
    assert parse_environment(text) == ["python", "pytorch", "py-xgboost", "mlflow"]


def test_package_json_and_pipfile_and_docker_are_read_by_name() -> None:
    npm = manifest_dependencies(
        "web/package.json",
        '{"dependencies": {"openai": "^4"}, "devDependencies": {"@langchain/core": "1"}}',
    )
    assert [(d.name, d.ecosystem) for d in npm] == [
        ("openai", Ecosystem.NPM),
        ("@langchain/core", Ecosystem.NPM),
    ]
    pip = manifest_dependencies(
        "Pipfile", "[packages]\nFlask = '*'\n[dev-packages]\npytest = '*'\n"
    )
    assert [d.name for d in pip] == ["flask", "pytest"]
    docker = manifest_dependencies(
        "docker/Dockerfile",
        "FROM --platform=linux/amd64 nvcr.io/nvidia/pytorch:24.01-py3\nRUN pip install --no-cache-dir -r req.txt gradio==4 && echo ok\n",
    )
    assert {(d.name, d.ecosystem) for d in docker} == {
        ("nvidia/pytorch", Ecosystem.IMAGE),
        ("gradio", Ecosystem.PYPI),
    }


@pytest.mark.parametrize(
    ("ref", "name"),
    [
        ("qdrant/qdrant:v1.9", "qdrant/qdrant"),
        ("docker.io/library/python:3.11-slim", "python"),
        ("ghcr.io/mlflow/mlflow@sha256:abc", "mlflow/mlflow"),
        ("localhost:5000/team/app:dev", "team/app"),
    ],
)
def test_image_names_drop_registry_tag_and_digest(ref: str, name: str) -> None:
    assert image_name(ref) == name


def test_pip_install_in_shell_skips_options_and_files() -> None:
    assert pip_install_names(
        "python -m pip install -U -r r.txt torch 'numpy<2'; pip3 install wandb"
    ) == [
        "torch",
        "numpy",
        "wandb",
    ]


NAMES = st.from_regex(r"[A-Za-z0-9](?:[A-Za-z0-9._-]{0,20}[A-Za-z0-9])?", fullmatch=True)
SPECS = st.sampled_from(["", ">=1.0", "==2.3.4", "[extra]>=1", " ; python_version<'3.12'", "~=0.1"])


@given(NAMES, SPECS)
def test_any_valid_name_with_any_specifier_parses_to_its_normal_form(name: str, spec: str) -> None:
    assert requirement_name(name + spec) == normalize(name)
    assert normalize(normalize(name)) == normalize(name)


@given(st.text())
def test_no_text_makes_a_manifest_parser_fail(text: str) -> None:
    for path in (
        "requirements.txt",
        "pyproject.toml",
        "setup.py",
        "setup.cfg",
        "Pipfile",
        "package.json",
        "environment.yml",
        "Dockerfile",
        "docker-compose.yml",
    ):
        assert isinstance(manifest_dependencies(path, text), list)
