"""The world a sync benchmark or test runs in: a roadmap repo and N linked project repos."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

from roadmap_bot.core.markers import END, START
from tests.fakegithub import FakeGitHub
from tests.fakegithub.fake import DEFAULT_VIEWER

OWNER = "learner"
ROADMAP_REPO = f"{OWNER}/roadmap"
NOW = "2026-02-02T09:00:00Z"  # the runs' clock (ticks are stamped with it)
WORLD_TIME = datetime(2026, 1, 5, 12, 0, tzinfo=UTC)  # the fake's clock: commit shas repeat
HAND_README = (
    "# My AI learning journey\n\nWritten by hand; the bot must keep every byte of it.\n\n"
    f"{START}\n{END}\n\nFooter: notes, links and a ✓ that is not ASCII.\n"
)
PROSE = (
    "This project trains a small model on public data and serves its predictions through a web "
    "app. The write-up explains how to install it, run the tests, reproduce every number in "
    "the report and what I learned along the way about data cleaning and evaluation."
)
_WORKFLOW = """name: ci
on: [push, pull_request]
jobs:
  test:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
      - uses: actions/setup-python@v5
      - run: pip install -r requirements.txt
      - run: pytest -q
"""
# What the linked repos are, by index modulo 10: 3 in 10 qualify under the default project rule
# (readme, tests, and tracking or CI); the others each miss something different.
KINDS = ("ci", "mlflow", "ci", "no-tests", "stub-readme", "no-ci", "notebooks", "no-tests")
KIND_OF_DIGIT = (0, 1, 2, 3, 4, 5, 6, 7, 3, 5)
QUALIFYING_KINDS = frozenset({"ci", "mlflow"})


@dataclass(frozen=True, slots=True)
class Shape:
    """The world to seed: how many linked repos, files per repo, topics and open-issue slots."""

    repos: int
    files: int = 300  # files per linked repo ("a few hundred")
    topics: int = 4
    open_issues: int = 3
    projects_first: bool = True  # the project section before the topics in the one phase


def kind_of(index: int) -> str:
    return KINDS[KIND_OF_DIGIT[index % 10]]


def repo_name(index: int) -> str:
    return f"{OWNER}/project-{index:04d}"


def item_id(index: int) -> str:
    return f"phase0.project-{index:04d}"


def qualifying(shape: Shape) -> list[int]:
    """Indexes of the linked repos whose item the first sync ticks."""
    return [i for i in range(shape.repos) if kind_of(i) in QUALIFYING_KINDS]


def project_files(index: int, kind: str, *, files: int = 300) -> dict[str, str | bytes]:
    """An ML project of about ``files`` files: code, data, notebooks, docs, images, and maybe
    tests and CI. Contents repeat across repos (as blobs do), paths differ by ``index``."""
    pkg = f"src/project_{index}"
    out: dict[str, str | bytes] = {
        "README.md": "# Project\n\nTODO\n"
        if kind == "stub-readme"
        else f"# Project {index}\n\n{PROSE}\n",
        "requirements.txt": "numpy\npandas\nscikit-learn\nfastapi\n"
        + ("mlflow\n" if kind == "mlflow" else ""),
        "pyproject.toml": f'[project]\nname = "project-{index}"\nversion = "0.1.0"\n',
        ".gitignore": "__pycache__/\n.venv/\ndata/raw/\n",
        "LICENSE": "MIT License\n\nCopyright (c) 2026 learner\n",
        f"{pkg}/__init__.py": "",
        f"{pkg}/train.py": "import mlflow\n\nmlflow.autolog()\n" if kind == "mlflow" else "x = 1\n",
    }
    if kind not in ("no-tests", "notebooks"):
        out["tests/__init__.py"] = ""
        for k in range(6):
            out[f"tests/test_part_{k}.py"] = f"def test_part_{k}():\n    assert {k} == {k}\n"
    if kind in ("ci", "no-tests", "stub-readme"):
        out[".github/workflows/ci.yml"] = _WORKFLOW
    groups = (
        ("src", 0.15, lambda k: (f"{pkg}/module_{k:03d}.py", f"def f{k % 7}(x):\n    return x\n")),
        (
            "nb",
            0.05,
            lambda k: (f"notebooks/{k:02d}-explore.ipynb", '{"cells": [], "nbformat": 4}'),
        ),
        ("docs", 0.05, lambda k: (f"docs/page_{k:02d}.md", f"# Page {k % 5}\n\nNotes.\n")),
        (
            "img",
            0.10,
            lambda k: (f"assets/figure_{k:03d}.png", b"\x89PNG\r\n\x1a\n" + bytes([k % 256])),
        ),
        ("conf", 0.05, lambda k: (f"configs/run_{k:02d}.yaml", f"lr: 0.0{k % 9 + 1}\n")),
    )
    budget = max(0, files - len(out))
    for _, share, make in groups:
        for k in range(int(budget * share)):
            path, text = make(k)
            out[path] = text
    k = 0
    while len(out) < files:  # the rest is data, as in most ML repos
        out[f"data/raw/part-{k:04d}.csv"] = f"id,value\n{k % 13},{k % 17}\n"
        k += 1
    return out


def roadmap_yaml(shape: Shape) -> str:
    """One phase: N project items each linked to its repo, and a few topics."""
    projects = "".join(
        f'          - id: project-{i:04d}\n            title: "Project {i}"\n'
        f"            repos: [{repo_name(i)}]\n"
        for i in range(shape.repos)
    )
    topics = "".join(
        f'          - id: topic-{i}\n            title: "Topic {i}"\n' for i in range(shape.topics)
    )
    sections = [
        f"      - title: Mini Projects\n        kind: project\n        items:\n{projects}",
        f"      - title: Topics to Learn\n        kind: topic\n        items:\n{topics}",
    ]
    sections = [s for s, body in zip(sections, (projects, topics), strict=True) if body]
    if not shape.projects_first:
        sections.reverse()
    return (
        'version: 1\ntitle: "Bench roadmap"\nsettings:\n'
        f'  open_issues: {shape.open_issues}\n  start: "2026-01-05"\n'
        "  default_rules:\n    project:\n      require: [readme, tests, {any: [tracking, ci]}]\n"
        'phases:\n  - id: phase0\n    title: Foundations\n    duration: "0–3 Months"\n'
        '    goal: "Ship small projects."\n    sections:\n'
        + "".join(sections)
        + '  - id: phase1\n    title: Later\n    duration: "3–6 Months"\n    sections:\n'
        "      - title: Topics to Learn\n        kind: topic\n        items:\n"
        '          - id: later\n            title: "A later topic"\n'
    )


def new_fake(*, port: int = 0, viewer: str = DEFAULT_VIEWER) -> FakeGitHub:
    """A fake whose clock stands still, so the same seed gives the same commit shas.

    ``viewer`` is who the token acts as: ``github-actions[bot]`` (GITHUB_TOKEN) or, for a
    personal token, a person."""
    fake = FakeGitHub(port=port, viewer=viewer)
    fake.world.clock = lambda: WORLD_TIME
    return fake


def seed(fake: FakeGitHub, shape: Shape) -> list[str]:
    """Create the roadmap repo and the linked repos; return the linked repo names."""
    fake.add_repo(
        ROADMAP_REPO, files={"roadmap.yaml": roadmap_yaml(shape), "README.md": HAND_README}
    )
    names = []
    for i in range(shape.repos):
        kind = kind_of(i)
        fake.add_repo(repo_name(i), files=project_files(i, kind, files=shape.files))
        if kind == "ci":
            fake.add_check_run(repo_name(i), fake.head(repo_name(i)), name="test")
            fake.add_workflow_run(repo_name(i), workflow="ci.yml")
        names.append(repo_name(i))
    return names


def touch(fake: FakeGitHub, indexes: list[int]) -> None:
    """A new commit in each repo that changes code but not what the checks see."""
    for i in indexes:
        path = f"src/project_{i}/touched.py"
        fake.commit(repo_name(i), {path: f"# touched {i}\n"}, message="tweak")


def make_qualify(fake: FakeGitHub, index: int) -> None:
    """Commit what repo ``index`` lacked (a README, tests and CI) so its item qualifies."""
    files: dict[str, str | bytes | None] = {
        "README.md": f"# Project {index}\n\n{PROSE}\n",
        "tests/test_now.py": "def test_now():\n    assert True\n",
        ".github/workflows/ci.yml": _WORKFLOW,
    }
    fake.commit(repo_name(index), files, message="add tests and CI")
