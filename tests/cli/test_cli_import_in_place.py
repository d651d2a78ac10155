"""``roadmap-bot import README.md --in-place``: roadmap.yaml and the state written, the imported
part of the README replaced by the markers and the rendered block, everything else byte for
byte; a second run or a ``render`` changes nothing; ``--dry-run`` shows the diff and writes
nothing; imported ticks are dated the README's last commit, else its modification time."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from datetime import UTC, datetime
from pathlib import Path

import pytest
import yaml

from roadmap_bot.cli import main
from roadmap_bot.core.importer.markdown import import_markdown
from roadmap_bot.core.importer.yamldump import dump_roadmap
from roadmap_bot.core.markers import END, START, find_block
from roadmap_bot.core.schema import load_roadmap

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "readmes"
MANIFEST: dict[str, dict[str, object]] = yaml.safe_load(
    (FIXTURES / "manifest.yaml").read_text(encoding="utf-8")
)["fixtures"]
NAMES = sorted(name for name in MANIFEST if (FIXTURES / name).is_file())
WITH_BOXES = [name for name in NAMES if MANIFEST[name]["boxes"]]
WHEN = datetime(2026, 3, 4, 5, 6, 7, tzinfo=UTC)


@pytest.fixture(autouse=True)
def _no_repo_slug(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("GITHUB_REPOSITORY", raising=False)


def _copy(tmp_path: Path, name: str) -> Path:
    readme = tmp_path / "README.md"
    shutil.copyfile(FIXTURES / name, readme)
    os.utime(readme, (WHEN.timestamp(), WHEN.timestamp()))
    return readme


def _items_and_ticks(folder: Path) -> tuple[list[tuple[str, str]], set[str]]:
    roadmap = load_roadmap((folder / "roadmap.yaml").read_text(encoding="utf-8"))
    state = json.loads((folder / "roadmap.state.json").read_text(encoding="utf-8"))
    return [(i.id, i.title) for i in roadmap.items()], set(state.get("ticks", {}))


def _in_place(readme: Path, *extra: str) -> int:
    out = readme.parent / "roadmap.yaml"
    return main(["import", str(readme), "-o", str(out), "--in-place", "--no-repair", *extra])


@pytest.mark.parametrize("name", WITH_BOXES)
def test_in_place_keeps_the_text_outside_the_block_and_the_items_and_ticks_of_a_real_readme(
    tmp_path: Path, name: str
) -> None:
    readme = _copy(tmp_path, name)
    original = readme.read_text(encoding="utf-8")
    whole = import_markdown(original, default_title="README")
    expected_items = [(i.id, i.title) for i in load_roadmap(dump_roadmap(whole.data)).items()]

    assert _in_place(readme) == 0

    migrated = readme.read_text(encoding="utf-8")
    block = find_block(migrated)
    assert block is not None
    assert migrated.count(START) == migrated.count(END) == 1  # a rendered README: not twice
    before, after = migrated[: block.start], migrated[block.end :]
    assert original.startswith(before)
    assert original.endswith(after)
    assert not import_markdown(before + after).ticked
    items, ticks = _items_and_ticks(tmp_path)
    assert items == expected_items
    assert ticks == set(whole.ticked)


@pytest.mark.parametrize("name", WITH_BOXES)
def test_a_second_in_place_and_a_render_change_nothing(tmp_path: Path, name: str) -> None:
    readme = _copy(tmp_path, name)
    assert _in_place(readme) == 0
    first = readme.read_bytes()
    state = (tmp_path / "roadmap.state.json").read_bytes()
    items = _items_and_ticks(tmp_path)

    assert _in_place(readme, "--force") == 0
    assert readme.read_bytes() == first
    assert (tmp_path / "roadmap.state.json").read_bytes() == state
    assert _items_and_ticks(tmp_path) == items

    assert main(["render", "--config", str(tmp_path / "roadmap.yaml")]) == 0
    assert readme.read_bytes() == first


def test_dry_run_prints_the_diff_and_writes_nothing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    readme = _copy(tmp_path, "emoji-flat-ticked.md")
    before = readme.read_bytes()
    out = tmp_path / "roadmap.yaml"
    assert main(["import", str(readme), "-o", str(out), "--dry-run"]) == 0
    printed = capsys.readouterr().out
    assert "--- a/" in printed and "+++ b/" in printed
    assert f"+{START}" in printed and f"+{END}" in printed
    assert "nothing written" in printed
    assert readme.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["README.md"]


def test_in_place_keeps_a_bom_crlf_line_endings_and_the_text_around_the_roadmap(
    tmp_path: Path,
) -> None:
    head = "\ufeff<p>banner</p>\r\n\r\n"
    body = "# Plan\r\n\r\nWhy I do this.\r\n\r\n## Phase 1: Start\r\n\r\n- [x] One\r\n- [ ] Two\r\n"
    tail = "\r\n## Links\r\n\r\n- a link\r\n"
    readme = tmp_path / "README.md"
    readme.write_bytes((head + body + tail).encode("utf-8"))

    assert _in_place(readme) == 0

    migrated = readme.read_bytes().decode("utf-8")
    assert migrated.startswith(f"{head}{START}\n# Plan\n")
    assert migrated.endswith(f"{END}\r\n{tail}")
    assert _items_and_ticks(tmp_path) == (
        [("phase1.one", "One"), ("phase1.two", "Two")],
        {"phase1.one"},
    )


def test_in_place_refuses_markers_that_do_not_pair_up_and_writes_nothing(tmp_path: Path) -> None:
    readme = tmp_path / "README.md"
    readme.write_text(f"# Plan\n\n{START}\n## Phase 1\n\n- [ ] One\n", encoding="utf-8")
    before = readme.read_bytes()
    assert _in_place(readme) == 2
    assert readme.read_bytes() == before
    assert not (tmp_path / "roadmap.yaml").exists()


def test_in_place_refuses_an_existing_roadmap_without_force(tmp_path: Path) -> None:
    readme = _copy(tmp_path, "emoji-flat-ticked.md")
    before = readme.read_bytes()
    (tmp_path / "roadmap.yaml").write_text("keep me\n", encoding="utf-8")
    assert _in_place(readme) == 2  # a usage error, as the plain import gives
    assert readme.read_bytes() == before
    assert (tmp_path / "roadmap.yaml").read_text(encoding="utf-8") == "keep me\n"


def test_imported_ticks_are_dated_the_readmes_modification_time_outside_git(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    readme = tmp_path / "README.md"
    readme.write_text("# Plan\n\n## Phase 1\n\n- [x] One\n- [ ] Two\n", encoding="utf-8")
    os.utime(readme, (WHEN.timestamp(), WHEN.timestamp()))
    assert main(["import", str(readme), "-o", str(tmp_path / "roadmap.yaml")]) == 0
    state = json.loads((tmp_path / "roadmap.state.json").read_text(encoding="utf-8"))
    assert state["ticks"]["phase1.one"]["at"] == "2026-03-04T05:06:07Z"
    assert "ticks dated 2026-03-04T05:06:07Z, the modification time of README.md" in (
        capsys.readouterr().out
    )


def test_imported_ticks_are_dated_the_readmes_last_commit_in_a_git_checkout(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    readme = tmp_path / "README.md"
    readme.write_text("# Plan\n\n## Phase 1\n\n- [x] One\n- [ ] Two\n", encoding="utf-8")
    env = {
        **os.environ,
        "GIT_AUTHOR_NAME": "Ada",
        "GIT_AUTHOR_EMAIL": "ada@example.com",
        "GIT_COMMITTER_NAME": "Ada",
        "GIT_COMMITTER_EMAIL": "ada@example.com",
        "GIT_AUTHOR_DATE": "2025-11-12T13:14:15+02:00",
        "GIT_COMMITTER_DATE": "2025-11-12T13:14:15+02:00",
    }
    for command in (["init", "-q"], ["add", "README.md"], ["commit", "-q", "-m", "plan"]):
        subprocess.run(["git", *command], cwd=tmp_path, env=env, check=True)
    os.utime(readme, (WHEN.timestamp(), WHEN.timestamp()))  # the commit wins over the mtime

    assert main(["import", str(readme), "-o", str(tmp_path / "roadmap.yaml")]) == 0

    state = json.loads((tmp_path / "roadmap.state.json").read_text(encoding="utf-8"))
    assert state["ticks"]["phase1.one"]["at"] == "2025-11-12T11:14:15Z"
    assert "ticks dated 2025-11-12T11:14:15Z, the last commit of README.md (" in (
        capsys.readouterr().out
    )


def test_in_place_on_the_mis_decoded_seed_repairs_the_block_and_keeps_the_rest(
    tmp_path: Path,
) -> None:
    from tests.support.helpers import seed_text

    readme = tmp_path / "README.md"
    original = seed_text()
    readme.write_text(original, encoding="utf-8")
    out = tmp_path / "roadmap.yaml"
    assert main(["import", str(readme), "-o", str(out), "--in-place", "--repair"]) == 0
    migrated = readme.read_text(encoding="utf-8")
    block = find_block(migrated)
    assert block is not None and "# My AI Learning Journey 🚀" in migrated[block.start : block.end]
    assert original.endswith(migrated[block.end :])  # the notes after the phases: as they were
    assert len(_items_and_ticks(tmp_path)[0]) == 75
    assert main(["render", "--config", str(out)]) == 0
    assert readme.read_text(encoding="utf-8") == migrated


def test_in_place_on_a_readme_without_task_boxes_is_refused_and_changes_nothing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (name,) = [name for name in NAMES if not MANIFEST[name]["boxes"]]
    readme = _copy(tmp_path, name)
    before = readme.read_bytes()
    assert _in_place(readme) == 2
    assert "has no task boxes" in capsys.readouterr().err
    assert readme.read_bytes() == before and not (tmp_path / "roadmap.yaml").exists()


def test_in_place_on_a_readme_that_starts_with_a_byte_order_mark_fills_its_block(
    tmp_path: Path,
) -> None:
    readme = tmp_path / "README.md"
    readme.write_text("\ufeff# Plan\n\n## Phase 1\n- [ ] apples\n", encoding="utf-8")
    assert _in_place(readme) == 0
    migrated = readme.read_text(encoding="utf-8")
    assert migrated.startswith(f"\ufeff{START}\n# Plan\n")
    assert "- [ ] apples <!-- phase1.apples -->" in migrated
    assert migrated.endswith(f"{END}\n") and migrated.count(START) == 1
