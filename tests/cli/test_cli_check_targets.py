"""``roadmap-bot check TARGET``: which provider reads a target, and when a token is needed.

An existing folder wins over ``owner/name``; a github.com URL is cloned by git without a token
(the tests point github.com at a local bare repo with git's ``url.<base>.insteadOf``, so nothing
reaches the internet); only a repo GitHub does not serve anonymously asks for a token."""

from __future__ import annotations

from pathlib import Path

import pytest

from roadmap_bot.cli import main
from tests.evidence.corpus import ML_PROJECT
from tests.evidence.repos import make_git_repo, write_tree


@pytest.fixture
def no_token(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("GITHUB_TOKEN", "GH_TOKEN", "INPUT_TOKEN"):
        monkeypatch.delenv(name, raising=False)


@pytest.fixture
def github_is_local(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """https://github.com/octo/NAME is served from the bare repos under the returned folder."""
    served = tmp_path / "served"
    served.mkdir()
    monkeypatch.setenv("GIT_CONFIG_COUNT", "1")
    monkeypatch.setenv("GIT_CONFIG_KEY_0", f"url.{served.as_uri()}/.insteadOf")
    monkeypatch.setenv("GIT_CONFIG_VALUE_0", "https://github.com/octo/")
    return served


def test_an_existing_folder_named_like_owner_name_is_checked_locally_without_a_token(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    no_token: None,
) -> None:
    monkeypatch.chdir(tmp_path)
    write_tree(tmp_path / "projects" / "mnist", ML_PROJECT)
    assert main(["check", "projects/mnist"]) == 0
    out, err = capsys.readouterr()
    assert out.startswith("projects/mnist @ local-") and "pass  tests:" in out
    assert "token" not in err


def test_a_public_github_url_is_cloned_without_a_token(
    tmp_path: Path,
    github_is_local: Path,
    capsys: pytest.CaptureFixture[str],
    no_token: None,
) -> None:
    make_git_repo(github_is_local / "churn", ML_PROJECT)
    url = "https://github.com/octo/churn"
    code = main(["check", url, "--cache-dir", str(tmp_path / "cache")])
    out, err = capsys.readouterr()
    assert code == 0, err
    assert out.startswith(f"{url} @ ") and "pass  mlflow:" in out and "token" not in err


def test_a_github_url_not_served_without_a_token_says_a_private_repo_needs_one(
    tmp_path: Path,
    github_is_local: Path,
    capsys: pytest.CaptureFixture[str],
    no_token: None,
) -> None:
    code = main(["check", "https://github.com/octo/secret", "--cache-dir", str(tmp_path / "c")])
    err = capsys.readouterr().err
    assert code == 2 and "Traceback" not in err
    assert "if the repo is private, set GITHUB_TOKEN (or GH_TOKEN)" in err


def test_owner_name_without_a_token_points_to_the_url_a_public_repo_is_checked_by(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    no_token: None,
) -> None:
    monkeypatch.chdir(tmp_path)  # no folder octo/churn here
    assert main(["check", "octo/churn"]) == 2
    err = capsys.readouterr().err
    assert "needs a token" in err and "roadmap-bot check https://github.com/octo/churn" in err
