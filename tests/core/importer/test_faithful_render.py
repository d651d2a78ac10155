"""The render looks like the README it was imported from: heading levels, prose where it stood,
notes under their item (long ones folded), line breaks, no invented title; and reading the
render back gives the same roadmap.yaml (see also test_readme_fixtures.py)."""

from __future__ import annotations

from pathlib import Path

import pytest

from roadmap_bot.core.importer.markdown import import_markdown
from roadmap_bot.core.importer.yamldump import dump_roadmap
from roadmap_bot.core.markers import END, START
from roadmap_bot.core.model import State, Tick, TickSource
from roadmap_bot.core.render.readme import FOLD_LINES, render_block
from roadmap_bot.core.schema import load_roadmap
from roadmap_bot.errors import ConfigError
from tests.support.round_trip import round_trip

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures" / "readmes"
TICK = Tick(TickSource.MANUAL, "2026-01-01T00:00:00Z", "me", "x")


def _round(markdown: str) -> tuple[dict[str, object], str, dict[str, object]]:
    """roadmap.yaml data of ``markdown``, its render, and the data of the render."""
    trip = round_trip(markdown, default_title="My Roadmap")
    return trip.first.data, trip.block, trip.again.data


def test_heading_levels_are_kept_from_the_source() -> None:
    source = (
        "# Plan\n\n### Stage 1\n\n#### Week 1\n\n##### Day 1\n- [ ] a\n\n"
        "### Stage 2\n\n#### Week 2\n- [ ] b\n"
    )
    data, block, again = _round(source)
    stage = data["phases"][0]  # type: ignore[index]
    assert stage["level"] == 3
    assert [s.get("level") for s in stage["sections"]] == [None, 5]  # 4 is one below the phase
    for heading in ("### Stage 1", "#### Week 1", "##### Day 1", "### Stage 2", "#### Week 2"):
        assert f"\n{heading}\n" in block
    assert dump_roadmap(again) == dump_roadmap(data)


def test_a_section_level_not_below_its_phase_is_refused_with_its_line() -> None:
    text = (
        "version: 1\ntitle: T\nphases:\n  - id: p\n    title: P\n    level: 3\n    sections:\n"
        "      - title: S\n        level: 3\n        items: []\n"
    )
    with pytest.raises(ConfigError) as caught:
        load_roadmap(text, "r.yaml")
    assert "r.yaml:9:16: a section's heading level (3) must be deeper than its phase's (3)" in str(
        caught.value
    )


def test_prose_between_lists_stays_between_them_in_the_render() -> None:
    source = (
        "## Phase 1: Reading\n\n**Week 1**\n- [ ] clefs\n- [ ] notes\n\n**Week 2**\n"
        "- [ ] rhythm\n\n**Daily**: sight-read one line\n"
    )
    data, block, again = _round(source)
    order = [block.index(text) for text in ("**Week 1**", "clefs", "**Week 2**", "rhythm")]
    assert order == sorted(order)
    assert block.index("rhythm") < block.index("**Daily**")
    sections = data["phases"][0]["sections"]  # type: ignore[index]
    assert [(s.get("title"), s.get("prose"), len(s["items"])) for s in sections] == [
        (None, None, 2),
        (None, "**Week 2**", 1),
        (None, "**Daily**: sight-read one line", 0),
    ]
    assert data["phases"][0]["prose"] == "**Week 1**"  # type: ignore[index]
    assert dump_roadmap(again) == dump_roadmap(data)


def test_notes_render_under_their_item_as_written() -> None:
    source = (
        "## P\n- [ ] bake a loaf\n  - Duration: 4h\n  - Success: it sounds hollow\n- [ ] next\n"
    )
    data, block, again = _round(source)
    item = data["phases"][0]["sections"][0]["items"][0]  # type: ignore[index]
    assert item["notes"] == "- Duration: 4h\n- Success: it sounds hollow"
    assert "- [ ] bake a loaf <!-- p.bake-loaf -->\n  - Duration: 4h\n  - Success:" in block
    assert "<details>" not in block
    assert dump_roadmap(again) == dump_roadmap(data)


def test_long_notes_fold_into_details_and_read_back_unfolded() -> None:
    steps = "".join(f"    - step {n}\n" for n in range(FOLD_LINES + 2))
    source = f"## P\n- [ ] parent\n  - [ ] child\n{steps}- [ ] last\n"
    data, block, again = _round(source)
    assert (
        "  - [ ] child <!-- p.parent.child -->\n    <details><summary>Notes</summary>\n\n" in block
    )
    assert "\n    - step 0\n" in block and "\n    </details>\n" in block
    child = data["phases"][0]["sections"][0]["items"][0]["items"][0]  # type: ignore[index]
    assert child["notes"].startswith("- step 0\n- step 1")
    assert dump_roadmap(again) == dump_roadmap(data)


def test_two_space_line_breaks_are_kept_as_backslash_breaks() -> None:
    source = "# T\n\nFirst line  \nsecond line  \n\n## P\n- [ ] a\n"
    data, block, again = _round(source)
    assert data["intro"] == "First line\\\nsecond line"  # the paragraph's last line breaks nothing
    assert "First line\\\nsecond line\n" in block
    assert dump_roadmap(again) == dump_roadmap(data)


def test_a_readme_without_a_title_heading_renders_none() -> None:
    data, block, again = _round("## Phase 1\n- [ ] a\n")
    assert data["settings"] == {"show_title": False}
    assert block.startswith("**Progress:**")
    assert dump_roadmap(again) == dump_roadmap(data)
    _, titled, _ = _round("# Mine\n\n## Phase 1\n- [ ] a\n")
    assert titled.startswith("# Mine\n")


def test_the_bots_markers_are_not_imported_as_prose() -> None:
    result = import_markdown(f"# Mine\n\n{START}\n## Phase 1\n- [ ] a\n{END}\n\nAfter.\n")
    assert START not in dump_roadmap(result.data) and END not in dump_roadmap(result.data)
    assert {u.line for u in result.unplaced} == {3, 6}


def test_the_owners_mentions_and_comments_read_back_as_written() -> None:
    source = "# T\n\nAsk @mentor. <!-- private note -->\n\n## P\n- [ ] a\n"
    data, block, again = _round(source)
    assert "@\u200bmentor" in block  # no live mention in what the bot writes
    assert "<!-- private note -->" in block  # hidden by GitHub, kept
    assert again["intro"] == data["intro"] == "Ask @mentor. <!-- private note -->"


def test_ids_that_the_titles_do_not_give_come_back_from_the_render() -> None:
    text = (
        "version: 1\ntitle: T\nphases:\n  - id: basics\n    title: Phase 7\n    sections:\n"
        "      - title: S\n        items:\n          - id: py\n            title: Python\n"
    )
    block = render_block(load_roadmap(text), State(ticks={"basics.py": TICK}))
    again = import_markdown(block)
    assert again.ticked == ("basics.py",)
    assert again.data["phases"][0]["id"] == "basics"


# Fixtures whose tasks are list items: the render has the source's blocks, in order. The others
# write tasks as bare lines or table cells, which the render lists as "- [ ]" items.
SAME_SHAPE = sorted(
    {p.name for p in FIXTURES.glob("*.md")}
    - {"bare-boxes.md", "table-cells.md", "numbered-ids-nested.md"}
)


@pytest.mark.parametrize("name", SAME_SHAPE)
def test_the_render_of_a_real_readme_has_its_blocks_in_order(name: str) -> None:
    source = (FIXTURES / name).read_text(encoding="utf-8")
    same, total = round_trip(source).blocks_kept(source)
    assert same >= 0.98 * total  # the source's blocks, in order (the markers' html aside)


def test_notes_after_child_items_render_before_them() -> None:
    # what the render changes: an item's notes come right under it, its children after them
    source = "## P\n- [ ] parent\n  - [ ] child\n  - **Reference**: a note\n"
    _, block, _ = _round(source)
    assert block.index("**Reference**") < block.index("child")


def test_a_label_nested_in_a_list_is_prose_dedented_not_an_indented_code_block() -> None:
    source = "## P\n- [ ] first\n- Group\n    - C/C++:\n        - [ ] second\n"
    data, block, again = _round(source)
    assert "\n    - C/C++:" not in block  # at the top it would read as code
    assert dump_roadmap(again) == dump_roadmap(data)


def test_an_indented_code_block_and_blank_lines_in_fenced_code_are_kept() -> None:
    source = (
        "## P\n\n    four spaces: code on GitHub\n\n- [ ] a\n\n"
        "```python\ndef f():\n    pass\n\n\ndef g():\n    pass\n```\n"
    )
    data, block, again = _round(source)
    assert "\n    four spaces: code on GitHub\n" in block
    assert "    pass\n\n\ndef g():" in block  # two blank lines in code stay two
    assert dump_roadmap(again) == dump_roadmap(data)


def test_angle_brackets_in_a_title_read_back_as_typed() -> None:
    data, block, again = _round("## P\n- [ ] shifts: << and >>, n <= 16\n")
    assert "&lt;&lt;" in block  # no raw HTML from a title
    assert again["phases"][0]["sections"][0]["items"][0]["title"] == "shifts: << and >>, n <= 16"  # type: ignore[index]
    assert dump_roadmap(again) == dump_roadmap(data)


def test_rules_between_the_weeks_of_a_phase_are_kept_and_the_renders_own_are_not_doubled() -> None:
    source = (
        "# Plan\n\nIntro.\n\n---\n\n## Phase 1\n\n### Week 1\n- [ ] a\n\n---\n\n### Week 2\n- [ ] b\n\n"
        "---\n\n## Phase 2\n- [ ] c\n\n---\n\nThe end.\n"
    )
    data, block, again = _round(source)
    week1 = data["phases"][0]["sections"]  # type: ignore[index]
    assert [s.get("prose") for s in week1] == [None, "---", None]  # the break between the weeks
    # after the intro, between the weeks, before "The end." (phase 2's text), after each phase
    assert block.count("\n---\n") == 5
    assert "---" not in str(data.get("intro"))
    assert dump_roadmap(again) == dump_roadmap(data)
