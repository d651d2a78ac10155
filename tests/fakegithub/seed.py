"""Seed a fake with plausible learner repositories (for the CLI, demos and benchmarks)."""

from __future__ import annotations

from tests.fakegithub.fake import FakeGitHub

_CI = """name: ci
on: [push]
jobs:
  test:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
      - run: pytest
"""


def seed_repos(fake: FakeGitHub, count: int, *, owner: str = "learner") -> list[str]:
    """Create ``count`` repositories with a README, code, tests and CI; return their names."""
    names = []
    for i in range(count):
        name = f"{owner}/project-{i:03d}"
        files: dict[str, str | bytes] = {
            "README.md": f"# Project {i}\n\nA learning project using FastAPI and MLflow.\n",
            "requirements.txt": "fastapi\nmlflow\npytest\n",
            f"src/project_{i}/__init__.py": "",
            f"src/project_{i}/app.py": "from fastapi import FastAPI\n\napp = FastAPI()\n",
            "tests/test_app.py": "def test_app():\n    assert True\n",
        }
        if i % 2 == 0:
            files[".github/workflows/ci.yml"] = _CI
        fake.add_repo(name, files=files, description=f"Learning project {i}")
        if i % 2 == 0:
            fake.add_check_run(name, fake.head(name), name="test")
        names.append(name)
    return names
