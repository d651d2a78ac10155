"""Real-README fixtures (tests/fixtures/readmes/, figures in its manifest.yaml): every one imports,
with one item per task box and one tick per ticked box; every other line is kept as prose or
notes or listed as not kept; and import → render → import gives the same items and ticks."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from roadmap_bot.cli import main
from roadmap_bot.core.importer.markdown import ImportResult, import_markdown
from roadmap_bot.core.importer.yamldump import dump_roadmap
from roadmap_bot.core.model import Roadmap, State
from roadmap_bot.core.render.readme import render_block
from roadmap_bot.core.schema import load_roadmap
from tests.support.round_trip import round_trip

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures" / "readmes"
MANIFEST: dict[str, dict[str, object]] = yaml.safe_load(
    (FIXTURES / "manifest.yaml").read_text(encoding="utf-8")
)["fixtures"]
SEED = "seed_roadmap.md"  # the project's own seed, one folder up (tests/fixtures/)


def _path(name: str) -> Path:
    return FIXTURES.parent / name if name == SEED else FIXTURES / name


NAMES = sorted(name for name in MANIFEST if _path(name).is_file())


def _import(name: str) -> tuple[str, ImportResult, Roadmap]:
    text = _path(name).read_text(encoding="utf-8")
    result = import_markdown(text, default_title=Path(name).stem)
    return text, result, load_roadmap(dump_roadmap(result.data))


def test_the_manifest_names_the_fixtures_on_disk() -> None:
    assert len(NAMES) >= 13 and SEED in NAMES
    assert sorted(p.name for p in FIXTURES.glob("*.md")) == [n for n in NAMES if n != SEED]


@pytest.mark.parametrize("name", NAMES)
def test_a_real_readme_imports_with_one_item_per_box_and_one_tick_per_ticked_box(
    name: str,
) -> None:
    _, result, roadmap = _import(name)
    figures = MANIFEST[name]
    assert sum(1 for _ in roadmap.items()) == figures["boxes"]
    assert len(result.ticked) == figures["ticked"]


@pytest.mark.parametrize("name", NAMES)
def test_every_line_of_a_real_readme_is_an_item_a_heading_kept_or_listed_as_not_kept(
    name: str,
) -> None:
    text, result, _ = _import(name)
    lines = text.replace("\r\n", "\n").split("\n")
    structural = {line for line, _ in result.where.values()}  # title, headings, goals, items
    kept = {line for k in result.kept for line in k.lines}
    listed = {u.line for u in result.unplaced}
    missing = [
        (n, line)
        for n, line in enumerate(lines, start=1)
        if line.strip() and n not in structural | kept | listed
    ]
    assert missing == []
    assert all(u.reason != "not read" for u in result.unplaced)
    assert not kept & listed


@pytest.mark.parametrize("name", NAMES)
def test_import_render_import_of_a_real_readme_is_a_fixed_point(name: str) -> None:
    trip = round_trip(_path(name).read_text(encoding="utf-8"), default_title=Path(name).stem)
    result, again, block = trip.first, trip.again, trip.block
    # roadmap.yaml comes out the same, byte for byte: ids, titles, prose, notes, levels
    assert dump_roadmap(again.data) == dump_roadmap(result.data)
    assert again.ticked == result.ticked and again.skipped == result.skipped
    assert render_block(load_roadmap(dump_roadmap(again.data)), trip.state) == block


@pytest.mark.parametrize("name", NAMES)
def test_cli_import_of_a_real_readme_exits_0(tmp_path: Path, name: str) -> None:
    out = tmp_path / "roadmap.yaml"
    assert main(["import", str(_path(name)), "-o", str(out), "--no-repair"]) == 0
    assert main(["validate", str(out)]) == 0


@pytest.mark.parametrize("name", NAMES)
def test_nested_boxes_of_a_real_readme_become_child_items_as_deep_as_the_source(name: str) -> None:
    _, _, roadmap = _import(name)
    figures = MANIFEST[name]
    levels = [1 + len(item.parent.split(".")) if item.parent else 1 for item in roadmap.items()]
    assert max(levels, default=0) == figures["nested"]
    for item in roadmap.items():
        for child in item.children:
            assert child.id == f"{item.id}.{child.slug}"


def test_the_seed_imports_renders_and_imports_back_to_the_same_roadmap() -> None:
    from roadmap_bot.core.importer.mojibake import repair
    from tests.support.helpers import seed_text

    result = import_markdown(repair(seed_text()).text, default_title="README")
    roadmap = load_roadmap(dump_roadmap(result.data))
    assert sum(1 for _ in roadmap.items()) == 75
    block = render_block(roadmap, State())
    again = import_markdown(block, default_title="README")
    assert dump_roadmap(again.data) == dump_roadmap(result.data)
