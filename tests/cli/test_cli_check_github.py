"""`roadmap-bot check owner/name` reads a GitHub repo through the batched GraphQL provider."""

from __future__ import annotations

import pytest

from roadmap_bot.cli import main
from tests.fakegithub import FakeGitHub

ML_REPO = {
    "README.md": "# Churn model\n\n"
    + "A gradient boosting model that predicts customer churn from usage data. " * 4,
    "requirements.txt": "scikit-learn\nmlflow\npytest\n",
    "src/churn/train.py": "import mlflow\nmlflow.log_metric('auc', 0.9)\n",
    "tests/test_train.py": "def test_ok():\n    assert True\n",
}


def test_check_owner_name_against_the_fake_explains_every_check(
    fake_github: FakeGitHub,
    github_env: dict[str, str],
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    fake_github.add_repo("octo/churn", files=ML_REPO)
    for key, value in github_env.items():
        monkeypatch.setenv(key, value)
    assert main(["check", "octo/churn"]) == 0
    out = capsys.readouterr().out
    assert "pass  readme:" in out and "pass  tests:" in out and "pass  mlflow:" in out
    assert "FAIL  ci:" in out
    assert {r.kind for r in fake_github.requests} == {"graphql"}
    assert fake_github.token not in out


def test_check_a_missing_github_repo_says_so(
    fake_github: FakeGitHub,
    github_env: dict[str, str],
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    for key, value in github_env.items():
        monkeypatch.setenv(key, value)
    assert main(["check", "octo/nope"]) == 2
    assert "octo/nope" in capsys.readouterr().err
