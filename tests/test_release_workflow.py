"""The release workflow: runs on v1.x.y tags only, with `contents: write` on its one job, refuses a
tag that is not `v` + the package version or has no CHANGELOG section, publishes that section as
the notes and moves v1 only for the newest v1.x.y. Its check step is run here for real."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest

from tests.support.workflows import ROOT, findings_summary, load, zizmor

RELEASE = ROOT / ".github" / "workflows" / "release.yml"


def workflow() -> dict[str, Any]:
    return load(RELEASE)


def job() -> dict[str, Any]:
    (only,) = workflow()["jobs"].values()
    return only


def step(step_id_or_name: str) -> dict[str, Any]:
    return next(s for s in job()["steps"] if step_id_or_name in (s.get("id"), s.get("name")))


def test_the_release_runs_on_v1_tags_only() -> None:
    assert workflow()["on"] == {"push": {"tags": ["v1.*.*"]}}


def test_only_the_release_job_may_write_contents_and_nothing_else() -> None:
    assert workflow()["permissions"] == {}
    assert job()["permissions"] == {"contents": "write"}
    checkout = next(s for s in job()["steps"] if s.get("uses", "").startswith("actions/checkout@"))
    assert checkout["with"]["persist-credentials"] is False


def test_the_token_reaches_gh_through_env_only() -> None:
    for name in ("Publish the release", "Move v1 to this release"):
        assert step(name)["env"]["GH_TOKEN"] == "${{ github.token }}"
        assert "${{" not in step(name)["run"]
    assert 'gh release create "$GITHUB_REF_NAME" --verify-tag' in step("Publish the release")["run"]
    assert "--notes-file release-notes.md" in step("Publish the release")["run"]


def test_v1_moves_only_for_the_newest_release_and_to_its_commit() -> None:
    move = step("Move v1 to this release")
    assert move["if"] == "steps.check.outputs.latest == 'true'"
    assert move["env"]["COMMIT"] == "${{ steps.check.outputs.commit }}"
    assert "git/refs/tags/v1" in move["run"] and "-F force=true" in move["run"]


CHANGELOG = """\
# Changelog

## [Unreleased]

## [1.2.0] - 2027-01-04

### Fixed
- A fix.

## [1.1.0] - 2026-12-01

### Added
- Something.
"""


def release_repo(tmp_path: Path, *, version: str, init_version: str | None = None) -> Path:
    """A repository shaped like ours for the check step: pyproject, __init__, CHANGELOG, tags."""
    repo = tmp_path / "repo"
    (repo / "roadmap_bot").mkdir(parents=True)
    (repo / "pyproject.toml").write_text(
        f'[project]\nname = "roadmap-bot"\nversion = "{version}"\n', "utf-8"
    )
    (repo / "roadmap_bot" / "__init__.py").write_text(
        f'"""roadmap-bot."""\n\n__version__ = "{init_version or version}"\n', "utf-8"
    )
    (repo / "CHANGELOG.md").write_text(CHANGELOG, "utf-8")
    git = ["git", "-c", "user.name=t", "-c", "user.email=t@example.invalid", "-C", str(repo)]
    subprocess.run([*git, "init", "-q"], check=True)
    subprocess.run([*git, "add", "."], check=True)
    subprocess.run([*git, "commit", "-q", "-m", "release"], check=True)
    return repo


def check(repo: Path, tag: str, *tags: str) -> tuple[subprocess.CompletedProcess[str], str]:
    git = ["git", "-c", "user.name=t", "-c", "user.email=t@example.invalid", "-C", str(repo)]
    for name in {tag, *tags}:
        subprocess.run([*git, "tag", "-a", "-m", name, name], check=True)
    output = repo.parent / "output"
    output.write_text("", "utf-8")
    env = {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "GITHUB_REF_NAME": tag,
        "GITHUB_OUTPUT": str(output),
        "HOME": str(repo.parent),
    }
    done = subprocess.run(
        ["bash", "-c", step("check")["run"]],
        cwd=repo,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    return done, output.read_text("utf-8")


@pytest.fixture(autouse=True)
def _needs_git_and_python3() -> None:
    if not (shutil.which("git") and shutil.which("python3")):
        pytest.skip("needs git and python3 on PATH, as ubuntu-latest has")


def test_a_matching_tag_writes_its_changelog_section_as_the_notes(tmp_path: Path) -> None:
    repo = release_repo(tmp_path, version="1.2.0")
    done, outputs = check(repo, "v1.2.0", "v1.1.0")
    assert done.returncode == 0, done.stdout + done.stderr
    assert (repo / "release-notes.md").read_text("utf-8") == "### Fixed\n- A fix.\n"
    head = subprocess.run(
        ["git", "-C", str(repo), "rev-parse", "HEAD"], capture_output=True, text=True, check=True
    ).stdout.strip()
    assert outputs.splitlines() == ["latest=true", f"commit={head}"]


def test_an_older_release_is_published_without_moving_v1(tmp_path: Path) -> None:
    repo = release_repo(tmp_path, version="1.1.0")
    done, outputs = check(repo, "v1.1.0", "v1.10.0")  # sorted as versions, not as text
    assert done.returncode == 0, done.stdout + done.stderr
    assert "latest=false" in outputs.splitlines()
    assert (repo / "release-notes.md").read_text("utf-8") == "### Added\n- Something.\n"


@pytest.mark.parametrize(
    ("version", "init_version", "tag", "problem"),
    [
        ("1.2.0", None, "v1.2.1", "is not v + pyproject.toml's version 1.2.0"),
        ("1.2.0", "1.1.0", "v1.2.0", "__version__ is not 1.2.0"),
        ("1.3.0", None, "v1.3.0", "CHANGELOG.md has no section `## [1.3.0]`"),
        ("1.2.0", None, "v1.2.0-rc1", "is not vMAJOR.MINOR.PATCH"),
    ],
)
def test_a_tag_that_does_not_match_the_version_or_the_changelog_fails(
    tmp_path: Path, version: str, init_version: str | None, tag: str, problem: str
) -> None:
    repo = release_repo(tmp_path, version=version, init_version=init_version)
    done, outputs = check(repo, tag)
    assert done.returncode != 0
    assert "::error::" in done.stdout and problem in done.stdout, done.stdout + done.stderr
    assert outputs == "" and not (repo / "release-notes.md").exists()


def test_the_release_workflow_is_zizmor_clean(tmp_path: Path) -> None:
    findings = zizmor(tmp_path, RELEASE, ignores=False)
    assert findings == [], findings_summary(findings)
