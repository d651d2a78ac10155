"""A local folder's odd corners: links that lead nowhere, files deleted or nested repos in a
work tree, no git on PATH, and the file-writing guard that every local write goes through."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from roadmap_bot.adapters.evidence.limits import cap_paths
from roadmap_bot.adapters.evidence.local import LocalDirProvider
from roadmap_bot.adapters.files import inside, write_atomic
from roadmap_bot.core.evidence.snapshot import MAX_PATHS, RepoSnapshot
from roadmap_bot.core.repopaths import PathKind
from roadmap_bot.errors import UsageError
from tests.evidence.corpus import GOOD_README
from tests.evidence.repos import git, make_git_repo, write_tree


def snapshot(root: Path) -> RepoSnapshot:
    outcome = LocalDirProvider(root.parent).fetch([str(root)], known_heads={})[str(root)]
    assert isinstance(outcome, RepoSnapshot)
    return outcome


def test_a_readme_link_that_leads_nowhere_is_listed_but_not_read(tmp_path: Path) -> None:
    root = write_tree(tmp_path / "proj", {"main.py": "print(1)\n"})
    os.symlink("MISSING.md", root / "README.md")
    snap = snapshot(root)
    assert "README.md" in snap.paths and "README.md" not in snap.texts


def test_a_tracked_file_deleted_from_the_work_tree_is_gone_from_the_snapshot(
    tmp_path: Path,
) -> None:
    root = tmp_path / "proj"
    make_git_repo(root, {"README.md": GOOD_README, "LICENSE": "MIT License\n"})
    (root / "LICENSE").unlink()
    snap = snapshot(root)
    assert "LICENSE" not in snap.paths and "README.md" in snap.texts
    assert snap.note == "uncommitted changes"


def test_a_nested_repo_in_a_work_tree_is_not_a_file_of_the_snapshot(tmp_path: Path) -> None:
    root = tmp_path / "proj"
    make_git_repo(root, {"README.md": GOOD_README})
    make_git_repo(root / "vendor" / "lib", {"README.md": "# lib\n"})
    assert "vendor/lib/" in git(root, "ls-files", "--others", "--exclude-standard")
    snap = snapshot(root)
    assert not any(p.startswith("vendor/lib") for p in snap.paths)
    assert "README.md" in snap.texts


def test_without_git_on_path_a_work_tree_is_read_as_a_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = tmp_path / "proj"
    make_git_repo(root, {"README.md": GOOD_README})
    monkeypatch.setenv("PATH", str(tmp_path / "no-git-here"))
    snap = snapshot(root)
    assert snap.head.startswith("local-") and "README.md" in snap.texts
    assert snap.note == "uncommitted changes"  # git could not say the tree is clean


def test_past_max_paths_the_shallowest_paths_are_kept() -> None:
    deep = [f"a/b/file{i}.py" for i in range(MAX_PATHS)]
    kept, dropped = cap_paths(["README.md", *deep])
    assert dropped and len(kept) == MAX_PATHS and "README.md" in kept
    assert cap_paths(["b", "a"]) == (("a", "b"), False)


def test_a_write_that_fails_leaves_no_temporary_file(tmp_path: Path) -> None:
    (tmp_path / "README.md").mkdir()  # os.replace cannot put a file over a folder
    with pytest.raises(OSError):
        write_atomic(tmp_path / "README.md", b"# hi\n")
    assert [p.name for p in tmp_path.iterdir()] == ["README.md"]
    assert (tmp_path / "README.md").is_dir()


def test_a_path_outside_the_repository_is_refused_before_anything_resolves(
    tmp_path: Path,
) -> None:
    with pytest.raises(UsageError, match=r"refusing to use '\.\./x': it leads outside"):
        inside(tmp_path, "../x")


def test_the_repository_root_is_a_folder_badges_may_go_to(tmp_path: Path) -> None:
    assert inside(tmp_path, ".", kind=PathKind.FOLDER) == tmp_path.resolve()
