"""The roadmap repo the scheduled action runs sync on (``ROADMAP``, ``PROJECT``, ``seed``), and
the commit message the action writes."""

from __future__ import annotations

from tests.fakegithub.fake import FakeGitHub
from tests.support.action import REPO

ROADMAP = """\
version: 1
title: Ada's roadmap
settings:
  open_issues: 2
phases:
  - id: phase0
    title: Foundations
    sections:
      - title: Topics
        kind: topic
        items:
          - id: git
            title: Git basics
          - id: sql
            title: SQL basics
          - id: pandas
            title: Pandas
      - title: Projects
        kind: project
        items:
          - id: titanic
            title: Titanic classifier
            repos: [ada/titanic]
            rule: {require: [readme, tests]}
"""


PROSE = "This project trains a classifier on the Titanic passenger list and reports accuracy. "


PROJECT = {
    "README.md": "# Titanic\n\n" + PROSE * 4 + "\n",
    "tests/test_model.py": "def test_model():\n    assert 1 + 1 == 2\n",
    "src/model.py": "WEIGHTS = [1, 2]\n",
}


SCHEDULE = {"schedule": "17 6 * * *"}  # what $GITHUB_EVENT_PATH holds for a cron run


def seed(fake: FakeGitHub, roadmap: str = ROADMAP) -> None:
    fake.add_repo(REPO, files={"roadmap.yaml": roadmap, "README.md": "# Ada\n\nHello.\n"})
    fake.add_repo("ada/titanic", files=dict(PROJECT))


def commit_message(fake: FakeGitHub) -> str:
    return fake.pygithub().get_repo(REPO).get_git_commit(fake.head(REPO)).message
