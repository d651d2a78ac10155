"""``roadmap-bot import``: a plain import of a README holding the bot's markers reads only the
block (as ``--in-place`` does); the item count it prints is the README progress' total (leaves),
with the parents named; a re-import keeps the ticks and skips whose ids nesting changed."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import yaml

from roadmap_bot.cli import main
from roadmap_bot.core.model import Skip, State, Tick, TickSource
from roadmap_bot.core.progress import roadmap_progress
from roadmap_bot.core.schema import load_roadmap
from roadmap_bot.core.state_codec import state_from_json, state_to_json

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "readmes"
# text of bot-markers.md outside its markers: the owner's, not the roadmap's
OUTSIDE = (
    "Compiler course banner",
    "One Weekend at a Time",
    "I am building a small compiler",
    "Language reference",
    "Final Thoughts",
    "the plan moves, not the quality bar",
)
NESTED = """# Learn

## Phase 1: Basics

- [ ] CNN
  - [x] ResNet
  - [ ] VGG
- [ ] Transformers

## Phase 2: More

- [ ] RAG
  - [ ] Chunking
    - [ ] Fixed size
    - [ ] Semantic
"""


@pytest.fixture(autouse=True)
def _no_repo_slug(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("GITHUB_REPOSITORY", raising=False)


def _import(readme: Path, *extra: str) -> int:
    out = readme.parent / "roadmap.yaml"
    return main(["import", str(readme), "-o", str(out), "--no-repair", *extra])


def _bot_markers(folder: Path) -> Path:
    folder.mkdir()
    readme = folder / "README.md"
    shutil.copyfile(FIXTURES / "bot-markers.md", readme)
    return readme


def test_a_plain_import_of_a_readme_with_markers_reads_only_the_block(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    readme = _bot_markers(tmp_path / "plain")
    original = readme.read_bytes()

    assert _import(readme) == 0

    out = capsys.readouterr().out
    assert "read only the block between the markers (lines 9-74)" in out
    written = (readme.parent / "roadmap.yaml").read_text(encoding="utf-8")
    assert not [text for text in OUTSIDE if text in written]
    data = yaml.safe_load(written)
    assert "Links" not in str(data.get("outro")) and "Links" not in str(data["phases"])
    assert data.get("intro") == "Twelve weekends from a tokenizer to native code."
    assert readme.read_bytes() == original  # a plain import writes no README
    # the same roadmap.yaml as the migration, which reads the same block
    migrated = _bot_markers(tmp_path / "in-place")
    assert _import(migrated, "--in-place") == 0
    assert (migrated.parent / "roadmap.yaml").read_text(encoding="utf-8") == written


@pytest.mark.parametrize(
    ("text", "says"),
    [
        ("# R\n\n<!-- roadmap:start -->\n- [ ] a\n", "no <!-- roadmap:end --> follows it"),
        (
            "<!-- roadmap:start -->\n- [ ] a\n<!-- roadmap:start -->\n<!-- roadmap:end -->\n",
            "2 start and 1 end markers",
        ),
    ],
)
def test_a_plain_import_refuses_broken_markers_as_in_place_does(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], text: str, says: str
) -> None:
    readme = tmp_path / "README.md"
    readme.write_text(text, encoding="utf-8")
    assert _import(readme) == 2
    plain = capsys.readouterr().err
    assert _import(readme, "--in-place") == 2
    assert says in plain and plain == capsys.readouterr().err
    assert not (tmp_path / "roadmap.yaml").exists()


def test_the_item_count_is_the_progress_total_and_names_the_parents(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    readme = tmp_path / "README.md"
    readme.write_text(NESTED, encoding="utf-8")
    assert _import(readme) == 0
    roadmap = load_roadmap((tmp_path / "roadmap.yaml").read_text(encoding="utf-8"))
    assert roadmap_progress(roadmap, State()).total == 5
    counted = "5 items (4 of them grouped under 3 parent items)"
    assert f"2 phases, {counted}; 1 ticked, 0 skipped" in capsys.readouterr().out
    assert main(["validate", str(tmp_path / "roadmap.yaml")]) == 0
    assert counted in capsys.readouterr().out  # validate counts the same


def test_a_flat_roadmap_prints_the_plain_count(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    readme = tmp_path / "README.md"
    readme.write_text("# R\n\n## Phase 1: A\n\n- [x] one\n- [ ] two\n", encoding="utf-8")
    assert _import(readme) == 0
    out = capsys.readouterr().out
    assert ": 1 phases, 2 items; 1 ticked" in out and "parent" not in out


def test_a_re_import_keeps_the_tick_and_skip_whose_ids_nesting_changed(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    tick = Tick(TickSource.MANUAL, "2026-01-10T08:00:00Z", "me", "/done")
    skip = Skip("2026-01-02T00:00:00Z", "me", "not for me")
    previous = State(ticks={"phase1.resnet": tick}, skips={"phase1.vgg": skip})
    (tmp_path / "roadmap.state.json").write_text(state_to_json(previous), encoding="utf-8")
    readme = tmp_path / "README.md"
    # a README the bot rendered (with its ids) after the items were nested in roadmap.yaml
    readme.write_text(
        NESTED.replace("ResNet", "ResNet <sub>`phase1.cnn.resnet` · ✓ 2026-01-10</sub>").replace(
            "- [ ] VGG", "- [ ] ~~VGG~~ <sub>`phase1.cnn.vgg` · skipped</sub>"
        ),
        encoding="utf-8",
    )

    assert _import(readme) == 0

    out = capsys.readouterr().out
    assert "phase1.resnet is phase1.cnn.resnet's now" in out
    state = state_from_json(
        (tmp_path / "roadmap.state.json").read_text(encoding="utf-8"), "roadmap.state.json"
    )
    assert state.ticks == {"phase1.cnn.resnet": tick}
    assert state.skips == {"phase1.cnn.vgg": skip}


def test_an_empty_block_with_tasks_around_it_says_how_to_import_them(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    readme = tmp_path / "README.md"
    readme.write_text(
        "# Mine\n\n- [ ] a task of mine\n\n<!-- roadmap:start -->\n<!-- roadmap:end -->\n",
        encoding="utf-8",
    )
    assert _import(readme) == 0
    assert "the block between the markers holds no task, the text around it does" in (
        capsys.readouterr().out
    )
    assert "a task of mine" not in (tmp_path / "roadmap.yaml").read_text(encoding="utf-8")
