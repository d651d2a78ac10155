"""Who last changed a file of a local folder: ``git log -1`` in a checkout, unknown elsewhere."""

from __future__ import annotations

import subprocess
from pathlib import Path

from roadmap_bot.adapters.workspace import LocalWorkspace


def git(root: Path, *args: str) -> str:
    done = subprocess.run(["git", *args], cwd=root, capture_output=True, check=True, text=True)
    return done.stdout.strip()


def test_a_checkouts_last_readme_commit_names_its_author_and_date(tmp_path: Path) -> None:
    git(tmp_path, "init", "-q")
    (tmp_path / "README.md").write_text("# mine\n")
    (tmp_path / "other.md").write_text("x\n")
    git(tmp_path, "add", ".")
    env = "-c", "user.name=Ada Lovelace", "-c", "user.email=ada@example.com"
    git(tmp_path, *env, "commit", "-q", "-m", "Tick a box", "--date", "2026-03-01T11:00:00+01:00")
    sha = git(tmp_path, "rev-parse", "HEAD")
    (tmp_path / "other.md").write_text("y\n")
    git(tmp_path, *env, "commit", "-q", "-am", "later, not the README")
    found = LocalWorkspace(tmp_path).last_change("README.md")
    assert found is not None
    assert (found.oid, found.login, found.name, found.headline) == (
        sha,
        None,
        "Ada Lovelace",
        "Tick a box",
    )
    assert found.date is not None and found.date.endswith("Z") and found.who == "Ada Lovelace"


def test_a_folder_that_is_no_checkout_knows_no_author(tmp_path: Path) -> None:
    (tmp_path / "README.md").write_text("# mine\n")
    assert LocalWorkspace(tmp_path).last_change("README.md") is None
