"""``roadmap-bot check``: text and JSON output, --rule verdicts, exit codes, bad input."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from roadmap_bot.cli import main
from roadmap_bot.cli.check import provider_for
from roadmap_bot.core.repos import RepoKind, RepoRef
from roadmap_bot.errors import UsageError
from tests.evidence.corpus import ML_PROJECT
from tests.evidence.repos import make_git_repo, write_tree


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    return write_tree(tmp_path / "churn", ML_PROJECT)


def run(args: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    code = main(args)
    out = capsys.readouterr()
    return code, out.out, out.err


def test_text_output_lists_every_check_and_technology_with_its_reason(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _ = run(["check", "./churn"], capsys)
    assert code == 0
    assert out.splitlines()[0].startswith("./churn @ local-")
    assert "  pass  readme: README.md has " in out
    assert (
        "  pass  ci: .github/workflows/ci.yml runs 'python -m pytest -q' on push and pull_request"
        in out
    )
    assert "  FAIL  wandb: not in any dependency manifest" in out
    assert "  uses:pytorch: PyTorch — torch in requirements.txt" in out


def test_a_bare_folder_name_is_accepted_as_a_local_path(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _ = run(["check", "churn"], capsys)
    assert code == 0 and "pass  tests:" in out


def test_json_output_separates_checks_and_technologies(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _ = run(["check", "./churn", "--json"], capsys)
    data = json.loads(out)
    assert code == 0 and data["repo"] == "./churn" and data["files"] == len(ML_PROJECT)
    assert data["checks"]["tests"]["passed"] is True
    assert data["technologies"]["mlflow"]["paths"][0] == "requirements.txt"
    assert data["rule"] is None and data["verdict"] is None


def test_a_rule_that_holds_prints_pass_and_exits_0(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    rule = "[readme, tests, {any: [tracking, ci]}, {uses: sklearn}, {path: 'notebooks/*.ipynb'}]"
    code, out, _ = run(["check", "./churn", "--rule", rule], capsys)
    assert code == 0
    assert "rule: ticked automatically when a linked repo has a README, tests" in out
    assert "verdict: PASS" in out and "  pass  path:notebooks/*.ipynb: 1 file matches" in out


def test_a_rule_that_fails_prints_why_and_exits_1(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    rule = "{require: [wandb, {contains: {path: 'src/**/*.py', pattern: 'import wandb'}}]}"
    code, out, _ = run(["check", "./churn", "--rule", rule, "--json"], capsys)
    verdict = json.loads(out)["verdict"]
    assert code == 1 and verdict["passed"] is False
    assert verdict["failed"][0]["check"] == "wandb"
    assert verdict["failed"][0]["reason"].startswith("not in any dependency manifest")
    assert (
        "none of the 3 files matching src/**/*.py contains 'import wandb'"
        in verdict["failed"][1]["reason"]
    )


@pytest.mark.parametrize(
    ("rule", "message"),
    [
        ("[tset]", "unknown check 'tset' — did you mean 'tests'?"),
        ("[{uses: pytorh}]", "did you mean 'pytorch'?"),
        ("[readme", "--rule is not valid YAML"),
        ("manual", "never ticks automatically"),
    ],
)
def test_a_bad_rule_is_bad_input(
    project: Path, capsys: pytest.CaptureFixture[str], rule: str, message: str
) -> None:
    code, out, err = run(["check", "./churn", "--rule", rule], capsys)
    assert code == 2 and out == "" and message in err


@pytest.mark.parametrize(
    ("target", "message"),
    [
        ("octo/churn", "needs a token"),
        ("./missing", "no such directory"),
        ("not a repo", "is not a repo reference"),
    ],
)
def test_bad_targets_exit_2_with_a_message(
    project: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    target: str,
    message: str,
) -> None:
    for name in ("GITHUB_TOKEN", "GH_TOKEN", "INPUT_TOKEN"):
        monkeypatch.delenv(name, raising=False)
    code, _, err = run(["check", target], capsys)
    assert code == 2 and message in err and "Traceback" not in err


def test_a_git_url_is_checked_through_a_clone_in_the_cache_dir(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    url = make_git_repo(tmp_path / "remote", ML_PROJECT)
    code, out, _ = run(["check", url, "--cache-dir", str(tmp_path / "cache")], capsys)
    assert code == 0 and out.startswith(url) and "pass  mlflow:" in out
    assert any((tmp_path / "cache").iterdir())


def test_help_documents_the_exit_codes(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        main(["check", "--help"])
    assert "1 the --rule does not hold" in " ".join(capsys.readouterr().out.split())


def test_the_provider_choice_is_one_function(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("GITHUB_TOKEN", "GH_TOKEN", "INPUT_TOKEN"):
        monkeypatch.delenv(name, raising=False)
    assert type(provider_for(RepoRef(RepoKind.LOCAL, "."))).__name__ == "LocalDirProvider"
    assert type(provider_for(RepoRef(RepoKind.GIT, "file:///x"))).__name__ == "GitUrlProvider"
    with pytest.raises(UsageError, match="needs a token"):
        provider_for(RepoRef(RepoKind.GITHUB, "octo/x"))
    monkeypatch.setenv("GITHUB_TOKEN", "t0ken")
    assert (
        type(provider_for(RepoRef(RepoKind.GITHUB, "octo/x"))).__name__ == "GraphQLSnapshotProvider"
    )
