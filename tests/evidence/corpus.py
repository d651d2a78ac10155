"""The accuracy corpus: small synthetic repos, each a trap or a realistic positive, with verdicts.

Each case lists the files of a repo and what a careful reviewer would say about some checks:
``expect[check] = (passed, words the reason must contain)``. ``techs`` must be detected and
``not_techs`` must not.
"""

from __future__ import annotations

from dataclasses import dataclass, field

GOOD_README = """\
# Churn prediction

[![CI](https://github.com/octo/churn/actions/workflows/ci.yml/badge.svg)](https://github.com/octo/churn/actions)

This project predicts which customers of a telecom company are likely to cancel their
contract next month. It cleans the public churn dataset, trains a gradient boosted model,
tracks every experiment so runs can be compared, and serves predictions through a small API.

## Run it

Install the requirements, then train the model and start the service on port 8000.
"""

CRA_README = """\
# Getting Started with Create React App

This project was bootstrapped with [Create React App](https://github.com/facebook/create-react-app).

## Available Scripts

In the project directory, you can run:

### `npm start`

Runs the app in the development mode.\\
Open [http://localhost:3000](http://localhost:3000) to view it in your browser.

The page will reload when you make changes.\\
You may also see any lint errors in the console.

### `npm test`

Launches the test runner in the interactive watch mode.\\
See the section about [running tests](https://facebook.github.io/create-react-app/docs/running-tests) for more information.

### `npm run build`

Builds the app for production to the `build` folder.\\
It correctly bundles React in production mode and optimizes the build for the best performance.

The build is minified and the filenames include the hashes.\\
Your app is ready to be deployed!

### `npm run eject`

**Note: this is a one-way operation. Once you `eject`, you can't go back!**

If you aren't satisfied with the build tool and configuration choices, you can `eject` at any time.

## Learn More

You can learn more in the [Create React App documentation](https://facebook.github.io/create-react-app/docs/getting-started).

To learn React, check out the [React documentation](https://reactjs.org/).
"""

TEMPLATE_README = """\
# Project Title

One Paragraph of project description goes here

## Getting Started

These instructions will get you a copy of the project up and running on your local machine for development and testing purposes. See deployment for notes on how to deploy the project on a live system.

### Prerequisites

What things you need to install the software and how to install them

    Give examples

### Installing

A step by step series of examples that tell you how to get a development env running

Say what the step will be

    Give the example

And repeat

    until finished

End with an example of getting some data out of the system or using it for a little demo

## Running the tests

Explain how to run the automated tests for this system
"""

CHINESE_README = """\
# 客户流失预测

本项目使用公开的电信客户数据集，预测哪些客户可能在下个月取消合同。我们清洗数据，训练梯度提升模型，
并用实验跟踪工具记录每一次训练，方便比较不同参数的效果。最后通过一个小型接口提供预测服务。
"""

PYTEST_WORKFLOW = """\
name: CI
on:
  push:
    branches: [main]
  pull_request:
jobs:
  test:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
      - uses: actions/setup-python@v5
        with: {python-version: "3.11"}
      - run: pip install -r requirements.txt
      - run: python -m pytest -q
"""

STALE_WORKFLOW = """\
name: Close stale issues
on:
  schedule:
    - cron: "30 1 * * *"
permissions:
  issues: write
jobs:
  stale:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/stale@v9
        with:
          stale-issue-message: "This issue is stale."
"""

LABELER_WORKFLOW = """\
"on": pull_request_target
jobs:
  label:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/labeler@v5
"""

GITLAB_STARTER = """\
stages: [build, test, deploy]
build-job:
  stage: build
  script:
    - echo "Compiling the code..."
    - echo "Compile complete."
unit-test-job:
  stage: test
  script:
    - echo "Running unit tests... This will take about 60 seconds."
    - sleep 60
    - echo "Code coverage is 90%"
"""

NOTEBOOK_MLFLOW = """{
 "cells": [
  {"cell_type": "markdown", "metadata": {}, "source": ["# Experiments"]},
  {"cell_type": "code", "execution_count": 1, "metadata": {}, "outputs": [],
   "source": ["import mlflow\\n", "import pandas as pd\\n", "mlflow.set_experiment('churn')\\n"]}
 ],
 "metadata": {}, "nbformat": 4, "nbformat_minor": 5
}
"""

NOTEBOOK_PLAIN = NOTEBOOK_MLFLOW.replace("import mlflow\\n", "import numpy as np\\n").replace(
    "mlflow.set_experiment('churn')\\n", "np.zeros(3)\\n"
)

PY_TEST = "from churn.model import train\n\n\ndef test_train_returns_a_model():\n    assert train([[0, 1]], [1])\n"

MIT = "MIT License\n\nCopyright (c) 2024 Octo\n\nPermission is hereby granted, free of charge, to any person obtaining a copy\n"

PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01" + bytes(range(256)) * 4


@dataclass(frozen=True)
class Case:
    """One synthetic repo and what a careful reviewer says about it."""

    name: str
    files: dict[str, str | bytes]
    expect: dict[str, tuple[bool, tuple[str, ...]]] = field(default_factory=dict)
    techs: frozenset[str] = frozenset()
    not_techs: frozenset[str] = frozenset()


def _case(name: str, files: dict[str, str | bytes], **kw: object) -> Case:
    return Case(name, files, **kw)  # type: ignore[arg-type]


ML_PROJECT = {
    "README.md": GOOD_README,
    "LICENSE": MIT,
    "requirements.txt": "torch>=2.1\nscikit-learn==1.4.0\npandas\nmlflow>=2.9  # tracking\nfastapi[all]\n-r requirements-dev.txt\n",
    "requirements-dev.txt": "pytest>=8\nruff\n",
    "MLproject": "name: churn\nentry_points:\n  main:\n    command: python -m churn.train\n",
    "Dockerfile": "FROM python:3.11-slim\nCOPY . /app\nRUN pip install -r /app/requirements.txt\n",
    ".github/workflows/ci.yml": PYTEST_WORKFLOW,
    "src/churn/__init__.py": "",
    "src/churn/train.py": "import mlflow\nimport torch\nfrom sklearn.metrics import f1_score\n\nmlflow.autolog()\n",
    "src/churn/api.py": "from fastapi import FastAPI\n\napp = FastAPI()\n",
    "tests/__init__.py": "",
    "tests/conftest.py": "import pytest\n",
    "tests/test_model.py": PY_TEST,
    "tests/test_api.py": "def test_health():\n    assert True\n",
    "notebooks/eda.ipynb": NOTEBOOK_PLAIN,
    "data/raw/customers.csv": "id,churn\n1,0\n",
    "assets/logo.png": PNG,
}

RAG_PROJECT = {
    "README.md": GOOD_README.replace("Churn prediction", "Docs assistant")
    + "\nTry it live: [demo](https://octo-docs-assistant.streamlit.app/)\n",
    "pyproject.toml": """\
[project]
name = "docs-assistant"
license = "Apache-2.0"
dependencies = ["langchain-openai>=0.1", "chromadb", "streamlit>=1.30", "tiktoken"]

[project.optional-dependencies]
test = ["pytest"]
""",
    ".github/workflows/lint.yml": "on: [push, pull_request]\njobs:\n  lint:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: actions/checkout@v4\n      - uses: pre-commit/action@v3.0.1\n",
    "app/main.py": "import streamlit as st\nfrom langchain_openai import ChatOpenAI\n",
    "tests/test_chain.py": "import pytest\n\n\n@pytest.mark.parametrize('q', ['a'])\ndef test_answers(q):\n    assert q\n",
}

CASES: tuple[Case, ...] = (
    _case(
        "ml-project",
        ML_PROJECT,
        expect={
            "readme": (True, ("README.md", "words of prose")),
            "tests": (True, ("test files under tests/", "tests/test_")),
            "ci": (True, ("ci.yml", "pytest", "push")),
            "mlflow": (True, ("mlflow in requirements.txt",)),
            "wandb": (False, ("not in any dependency manifest",)),
            "tracking": (True, ("MLflow",)),
            "docker": (True, ("Dockerfile", "FROM python:3.11-slim")),
            "license": (True, ("LICENSE", "MIT")),
            "notebook": (True, ("notebooks/eda.ipynb",)),
            "demo": (False, ("links no",)),
            "ci_passing": (False, ("unknown",)),
        },
        techs=frozenset(
            {
                "pytorch",
                "scikit-learn",
                "pandas",
                "mlflow",
                "fastapi",
                "docker",
                "github-actions",
                "jupyter",
                "pytest",
                "numpy",
            }
        ),
        not_techs=frozenset({"wandb", "tensorflow", "kubernetes"}),
    ),
    _case(
        "rag-project",
        RAG_PROJECT,
        expect={
            "readme": (True, ()),
            "tests": (True, ("tests/test_chain.py",)),
            "ci": (True, ("lint.yml", "pre-commit/action")),
            "demo": (True, ("Streamlit app", "streamlit.app")),
            "license": (True, ("pyproject.toml", "Apache-2.0")),
            "tracking": (False, ("neither",)),
            "notebook": (False, ("no .ipynb",)),
        },
        techs=frozenset({"langchain", "openai", "chromadb", "streamlit", "pytest"}),
        not_techs=frozenset({"pytorch"}),
    ),
    _case(
        "readme-title-only",
        {"README.md": "# my-project\n", "main.py": "print(1)\n"},
        expect={"readme": (False, ("README.md", "only a title"))},
    ),
    _case(
        "readme-github-default",
        {"README.md": "# titanic\nPredicting Titanic survival with scikit-learn.\n"},
        expect={"readme": (False, ("only 5 words", "needs 30"))},
    ),
    _case(
        "readme-badges-and-links",
        {
            "README.md": "# demo\n\n[![CI](https://x.io/b.svg)](https://x.io)\n"
            "![shot](docs/shot.png)\n\nhttps://example.com/docs\n\n- [Docs](https://example.com)\n"
        },
        expect={"readme": (False, ("only 1 word of prose",))},
    ),
    _case(
        "readme-cra-template",
        {"README.md": CRA_README, "package.json": '{"dependencies": {"react": "^18"}}'},
        expect={"readme": (False, ("unedited template", "Create React App"))},
    ),
    _case(
        "readme-readme-template",
        {"README.md": TEMPLATE_README},
        expect={"readme": (False, ("unedited", "README-Template"))},
    ),
    _case(
        "readme-in-docs",
        {"docs/README.md": GOOD_README, "src/a.py": "x = 1\n"},
        expect={"readme": (True, ("docs/README.md",))},
    ),
    _case(
        "readme-chinese", {"README.md": CHINESE_README}, expect={"readme": (True, ("README.md",))}
    ),
    _case(
        "readme-none",
        {"main.py": "print(1)\n"},
        expect={"readme": (False, ("no README",)), "tests": (False, ("no test files",))},
    ),
    _case(
        "tests-init-only",
        {"README.md": GOOD_README, "tests/__init__.py": "", "tests/data/sample.csv": "a\n"},
        expect={"tests": (False, ("tests/ holds no test files", "tests/__init__.py"))},
    ),
    _case(
        "tests-in-src-pkg",
        {
            "src/pkg/__init__.py": "",
            "src/pkg/tests/__init__.py": "",
            "src/pkg/tests/test_core.py": PY_TEST,
        },
        expect={"tests": (True, ("src/pkg/tests/", "test_core.py"))},
    ),
    _case(
        "tests-django-stub",
        {
            "shop/tests.py": "from django.test import TestCase\n\n# Create your tests here.\n",
            "shop/models.py": "from django.db import models\n",
        },
        expect={"tests": (False, ("shop/tests.py", "defines no test"))},
    ),
    _case(
        "tests-script-named-test",
        {
            "test.py": "import torch\nmodel = torch.load('m.pt')\nprint(model)\n",
            "test_model.py": "import torch\nprint(torch.load('m.pt'))\n",
        },
        expect={"tests": (False, ("test_model.py", "define no test"))},
    ),
    _case(
        "tests-notebook-only",
        {"test_model.ipynb": NOTEBOOK_PLAIN, "tests/test_eval.ipynb": NOTEBOOK_PLAIN},
        expect={"tests": (False, ("tests/ holds no test files",))},
    ),
    _case(
        "tests-vendored-only",
        {
            "node_modules/lib/index.test.js": "test('x', () => {})\n",
            ".venv/lib/python3.11/site-packages/pkg/tests/test_a.py": PY_TEST,
            "vendor/github.com/x/y_test.go": "func TestX(t *testing.T) {}\n",
        },
        expect={"tests": (False, ("no test files",))},
    ),
    _case(
        "tests-js-go-java",
        {
            "web/src/app.test.ts": "import { it } from 'vitest'\nit('renders', () => {})\n",
            "svc/handler_test.go": "package svc\nfunc TestHandler(t *testing.T) {}\n",
            "src/test/java/com/octo/AppTest.java": "class AppTest { @Test void ok() {} }\n",
        },
        expect={"tests": (True, ("3 test files",))},
    ),
    _case(
        "tests-django-real",
        {
            "shop/tests.py": "from django.test import TestCase\n\n\nclass CartTests(TestCase):\n    def test_total(self):\n        self.assertEqual(1, 1)\n"
        },
        expect={"tests": (True, ("shop/tests.py",))},
    ),
    _case(
        "ci-stale-only",
        {".github/workflows/stale.yml": STALE_WORKFLOW},
        expect={"ci": (False, ("stale.yml", "runs only on schedule"))},
        techs=frozenset({"github-actions"}),
    ),
    _case(
        "ci-labeler-only",
        {".github/workflows/labeler.yml": LABELER_WORKFLOW},
        expect={"ci": (False, ("labeler.yml", "does not build or test", "actions/labeler"))},
    ),
    _case(
        "ci-pytest",
        {
            ".github/workflows/test.yaml": PYTEST_WORKFLOW,
            ".github/workflows/stale.yml": STALE_WORKFLOW,
        },
        expect={"ci": (True, ("test.yaml", "pytest", "push and pull_request"))},
    ),
    _case(
        "ci-release-on-tags",
        {
            ".github/workflows/release.yml": "on:\n  push:\n    tags: ['v*']\njobs:\n  b:\n    runs-on: ubuntu-latest\n    steps:\n      - run: python -m build\n"
        },
        expect={"ci": (False, ("only on tag pushes",))},
    ),
    _case(
        "ci-gitlab-starter",
        {".gitlab-ci.yml": GITLAB_STARTER},
        expect={"ci": (False, ("GitLab CI", "no build or test command"))},
    ),
    _case(
        "ci-gitlab-pytest",
        {
            ".gitlab-ci.yml": "test:\n  image: python:3.11\n  script:\n    - pip install -r requirements.txt\n    - pytest\n"
        },
        expect={"ci": (True, ("GitLab CI", "pytest"))},
    ),
    _case(
        "ci-jenkins-echo",
        {
            "Jenkinsfile": "pipeline {\n  agent any\n  stages {\n    stage('Build') { steps { echo 'Building..' } }\n  }\n}\n"
        },
        expect={"ci": (False, ("Jenkins",))},
    ),
    _case(
        "mlflow-notebook-only",
        {"requirements.txt": "pandas\nnumpy\n", "notebooks/experiments.ipynb": NOTEBOOK_MLFLOW},
        expect={
            "mlflow": (True, ("import mlflow", "notebooks/experiments.ipynb")),
            "tracking": (True, ("MLflow",)),
        },
    ),
    _case(
        "mlflow-commented-out",
        {
            "requirements.txt": "pandas\n# mlflow==2.9\n#wandb\nscikit-learn\n",
            "train.py": "import pandas as pd\n# import mlflow\n",
        },
        expect={
            "mlflow": (False, ("commented out", "requirements.txt")),
            "tracking": (False, ("neither",)),
        },
        not_techs=frozenset({"mlflow", "wandb"}),
    ),
    _case(
        "wandb-only",
        {
            "pyproject.toml": "[tool.poetry.dependencies]\npython = '^3.11'\ntorch = '*'\n\n[tool.poetry.group.dev.dependencies]\nwandb = '^0.16'\n",
            "train.py": "import wandb\nwandb.init(project='x')\n",
        },
        expect={
            "wandb": (True, ("wandb in pyproject.toml",)),
            "mlflow": (False, ()),
            "tracking": (True, ("W&B",)),
        },
        techs=frozenset({"wandb", "pytorch"}),
    ),
    _case(
        "binary-files",
        {
            "README.md": GOOD_README,
            "assets/logo.png": PNG,
            "models/model.pt": bytes(range(256)) * 64,
            "requirements.txt": b"\x00\x01binary\xff" * 10,
            "LICENSE": b"\x00\x00",
        },
        expect={"readme": (True, ()), "license": (True, ("LICENSE",)), "mlflow": (False, ())},
    ),
    _case(
        "non-utf8",
        {
            "README.md": (
                "# Prédiction\n\nCe projet prédit le départ des clients d'un opérateur "
                "télécom à partir des données publiques, entraîne un modèle de gradient "
                "boosting, suit chaque expérience et sert les prédictions via une petite "
                "API, déployée avec Docker sur un serveur très modeste.\n"
            ).encode("cp1252"),
            "requirements.txt": "mlflow  # suivi des expériences\n".encode("latin-1"),
        },
        expect={"readme": (True, ("README.md",)), "mlflow": (True, ("requirements.txt",))},
    ),
    _case(
        "local-module-shadows-library",
        {
            "datasets.py": "def load():\n    return []\n",
            "train.py": "import datasets\nfrom transformers import AutoModel\n",
        },
        techs=frozenset({"transformers"}),
        not_techs=frozenset({"datasets"}),
    ),
    _case(
        "license-empty",
        {"LICENSE": "\n", "README.md": "# x\n"},
        expect={"license": (False, ("empty",))},
    ),
    _case(
        "demo-hf-space",
        {"README.md": GOOD_README + "\nDemo: https://huggingface.co/spaces/octo/churn\n"},
        expect={"demo": (True, ("Hugging Face Space", "huggingface.co/spaces/octo/churn"))},
    ),
    _case(
        "demo-docs-link-only",
        {"README.md": GOOD_README + "\nSee https://huggingface.co/docs/hub/spaces\n"},
        expect={"demo": (False, ("links no",))},
    ),
    _case(
        "docker-compose-qdrant",
        {
            "docker-compose.yml": "services:\n  db:\n    image: qdrant/qdrant:v1.9.0\n  mon:\n    image: docker.io/grafana/grafana:10\n"
        },
        expect={"docker": (True, ("docker-compose.yml",))},
        techs=frozenset({"qdrant", "grafana", "docker"}),
    ),
)


def _on_workflow(on: str, run: str) -> str:
    """A GitHub workflow triggered by ``on`` whose one job runs ``run``."""
    return (
        f"name: pipeline\n{on}\njobs:\n  run:\n    runs-on: ubuntu-latest\n    steps:\n"
        f"      - uses: actions/checkout@v4\n      - run: pip install -r requirements.txt\n"
        f"      - run: {run}\n"
    )


VERIFY_TEST = "from churn.model import load\n\n\ndef test_model_loads():\n    assert load()\n"

# Evidence shapes a careful reviewer counts (issue 13), and their look-alikes that do not count.
SHAPE_CASES: tuple[Case, ...] = (
    _case(
        "ci-pipeline-mlflow-run",
        {
            ".github/workflows/pipeline.yml": _on_workflow(
                "on: [push, pull_request]", "mlflow run . -P epochs=1"
            ),
            "MLproject": "name: churn\nentry_points:\n  main:\n    command: python train.py\n",
        },
        expect={"ci": (True, ("pipeline.yml", "mlflow run", "push and pull_request"))},
    ),
    _case(
        "ci-pipeline-python-train",
        {
            ".github/workflows/train.yml": _on_workflow(
                "on:\n  push:\n    branches: [main]", "python train.py --smoke"
            ),
            "train.py": "import torch\n",
        },
        expect={"ci": (True, ("train.yml", "python train.py"))},
    ),
    _case(
        "ci-pipeline-on-release-only",
        {
            ".github/workflows/train.yml": _on_workflow(
                "on:\n  release:\n    types: [published]", "python train.py"
            )
        },
        expect={"ci": (False, ("train.yml", "runs only on release"))},
    ),
    _case(
        "ci-pipeline-on-schedule-only",
        {
            ".github/workflows/nightly.yml": _on_workflow(
                "on:\n  schedule:\n    - cron: '0 2 * * *'", "dvc repro"
            )
        },
        expect={"ci": (False, ("nightly.yml", "runs only on schedule"))},
    ),
    _case(
        "ci-readme-bot-on-push",
        {".github/workflows/readme.yml": _on_workflow("on: push", "python update_readme.py")},
        expect={"ci": (False, ("readme.yml", "does not build or test"))},
    ),
    _case(
        "ci-jenkins-in-subfolder",
        {
            "ci/Jenkinsfile": "pipeline {\n  agent any\n  stages {\n    stage('Test') {\n"
            "      steps { sh 'make test' }\n    }\n  }\n}\n",
            "Makefile": "test:\n\tpytest -q\n",
        },
        expect={"ci": (True, ("ci/Jenkinsfile", "Jenkins", "make test"))},
    ),
    _case(
        "ci-jenkins-in-subfolder-empty",
        {"jenkins/Jenkinsfile": "", "README.md": GOOD_README},
        expect={"ci": (False, ("jenkins/Jenkinsfile", "runs no build or test command"))},
    ),
    _case(
        "ci-gitlab-local-include",
        {
            ".gitlab-ci.yml": "stages: [test]\ninclude:\n  - local: .gitlab/ci/*.yml\n",
            ".gitlab/ci/test.yml": "unit:\n  stage: test\n  image: python:3.11\n"
            "  script:\n    - pip install -e .\n    - pytest -q\n",
        },
        expect={"ci": (True, ("GitLab CI", "pytest -q", ".gitlab/ci/test.yml, included"))},
    ),
    _case(
        "ci-gitlab-include-of-placeholders",
        {
            ".gitlab-ci.yml": "include:\n  - local: .gitlab/ci/build.yml\n",
            ".gitlab/ci/build.yml": "build:\n  script:\n    - echo 'Compiling the code...'\n",
        },
        expect={"ci": (False, ("GitLab CI", "no build or test command"))},
    ),
    _case(
        "tests-configured-python-files",
        {
            "setup.cfg": "[metadata]\nname = churn\n\n[tool:pytest]\npython_files = verify_*.py\n",
            "checks/verify_model.py": VERIFY_TEST,
            "churn/model.py": "def load():\n    return object()\n",
        },
        expect={"tests": (True, ("checks/verify_model.py", "python_files = verify_*.py"))},
    ),
    _case(
        "tests-configured-pattern-collects-nothing",
        {
            "pytest.ini": "[pytest]\npython_files = check_*.py\n",
            "churn/model.py": "def load():\n    return object()\n",
        },
        expect={"tests": (False, ("python_files = check_*.py, which collects no file",))},
    ),
    _case(
        "tests-unittest-pattern-in-workflow",
        {
            ".github/workflows/ci.yml": _on_workflow(
                "on: [push]", 'python -m unittest discover -s qa -p "*_check.py"'
            ),
            "qa/model_check.py": "import unittest\n\n\nclass ModelCheck(unittest.TestCase):\n"
            "    def test_loads(self):\n        self.assertTrue(True)\n",
        },
        expect={
            "tests": (True, ("qa/model_check.py", "unittest -p *_check.py")),
            "ci": (True, ("unittest discover",)),
        },
    ),
)

CASES = CASES + SHAPE_CASES

EMPTY = "empty-repo"  # handled apart: no commit for git, no file for a local dir
