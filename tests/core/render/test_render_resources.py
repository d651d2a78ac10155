"""settings.show_resources: each item's resources folded under it in the README block (golden),
nested so GitHub shows them inside the item; off by default (the block stays as it was); the
two-way README sees no hand edit or box in them."""

from __future__ import annotations

import re
from dataclasses import replace

from markdown_it import MarkdownIt

from roadmap_bot.core.importer.markdown import import_markdown
from roadmap_bot.core.model import (
    Item,
    ItemStatus,
    Phase,
    Roadmap,
    Section,
    SectionKind,
    Settings,
    State,
    Tick,
    TickSource,
    item_status,
)
from roadmap_bot.core.render.files import Layout, rendered_readme
from roadmap_bot.core.render.hand_edits import find_hand_edits
from roadmap_bot.core.render.readme import FOLD_LINES, render_block
from roadmap_bot.core.schema import load_roadmap
from tests.core.render.test_render import golden
from tests.support.helpers import FIXTURES
from tests.support.readme_edits import flip_box

STATE = State(
    ticks={
        "phase0.python": Tick(TickSource.MANUAL, "2026-02-01T10:00:00Z", "octocat", "done"),
        "phase0.titanic.eda": Tick(
            TickSource.AUTO,
            "2026-03-02T08:00:00Z",
            "roadmap-bot",
            "readme",
            repo="octocat/titanic",
            commit="abc123",
        ),
    }
)


def roadmap(show: bool = True) -> Roadmap:
    text = (FIXTURES / "resources_roadmap.yaml").read_text(encoding="utf-8")
    loaded = load_roadmap(text, "resources_roadmap.yaml")
    return replace(loaded, settings=replace(loaded.settings, show_resources=show))


def without_resources(shown: Roadmap) -> Roadmap:
    phases = tuple(
        replace(
            phase,
            sections=tuple(
                replace(section, items=tuple(_bare(i) for i in section.items))
                for section in phase.sections
            ),
        )
        for phase in shown.phases
    )
    return replace(shown, phases=phases)


def _bare(item):  # type: ignore[no-untyped-def]
    return replace(item, resources=(), children=tuple(_bare(c) for c in item.children))


def test_the_readme_block_with_show_resources_matches_its_golden_file() -> None:
    golden("readme_block_resources.md", render_block(roadmap(), STATE))


def test_resources_are_off_by_default_and_then_change_nothing_in_the_block() -> None:
    assert Settings().show_resources is False
    off = roadmap(show=False)
    block = render_block(off, STATE)
    assert "Resources" not in block and "docs.python.org" not in block
    assert block == render_block(without_resources(off), STATE)


def test_the_fold_sits_inside_its_item_and_child_items_stay_nested() -> None:
    html = MarkdownIt("commonmark").render(render_block(roadmap(), STATE))
    # the parent's <li> holds its fold, then the child list; the child's <li> holds its own fold
    parent = html.index("Project: Titanic survival")
    fold = html.index("<details><summary>Resources</summary>", parent)
    kaggle = html.index('href="https://www.kaggle.com/competitions/titanic"', fold)
    child = html.index("Exploratory analysis", kaggle)
    child_fold = html.index("<details><summary>Resources</summary>", child)
    course = html.index('href="https://www.coursera.org/specializations/deep-learning"')
    assert parent < fold < kaggle < child < child_fold < course
    between = html[parent:child]
    assert between.count("<li>") == 2  # the resource's and the child's: no item closed early
    assert "</details>" in between
    # every resource is a link, and no resource line became a checkbox item
    assert len(re.findall(r"<a href=", html)) == 8 + 2  # eight resources, two repo links
    assert html.count("[ ]") + html.count("[x]") == 8  # one box per item


def test_resource_titles_are_plain_text_in_the_readme() -> None:
    block = render_block(roadmap(), STATE)
    assert "\\*course\\* @\u200bsomeone" in block
    assert "probability &amp; statistics" in block


def readme(shown: Roadmap, state: State) -> str:
    return rendered_readme(
        shown, state, layout=Layout(), readme_current="# Mine\n", repo_slug="octocat/roadmap"
    )


def items(shown: Roadmap, state: State) -> list[tuple[str, bool]]:
    return [(i.id, item_status(i, state) is ItemStatus.DONE) for i in shown.items()]


def test_the_bots_own_block_with_resources_shows_no_hand_edit() -> None:
    shown = roadmap()
    text = readme(shown, STATE)
    found = find_hand_edits(text, text, items(shown, STATE))
    assert found == type(found)()


def test_a_box_ticked_by_hand_next_to_resources_is_read_and_nothing_else() -> None:
    shown = roadmap()
    expected = readme(shown, STATE)
    for title, item_id in (
        ("pandas for data wrangling", "phase0.pandas"),
        ("Attention", "phase1.attention"),
        ("A first model", "phase0.titanic.model"),
    ):
        edited, line = flip_box(expected, title)
        found = find_hand_edits(edited, expected, items(shown, STATE))
        assert found.ticked == ((item_id, line),)
        assert not found.unticked and not found.edited and not found.removed
        assert found.warning is None


def test_a_resource_line_changed_by_hand_is_a_hand_edit_not_a_box() -> None:
    shown = roadmap()
    expected = readme(shown, STATE)
    edited = expected.replace("· docs · ⏱ 6 h", "· docs · ⏱ 8 h")
    found = find_hand_edits(edited, expected, items(shown, STATE))
    assert not found.ticked and not found.unticked
    assert [e.text for e in found.edited] == [
        "- [The Python Tutorial](https://docs.python.org/3/tutorial/) · docs · ⏱ 8 h"
    ]


def test_a_parents_folded_notes_leave_its_child_items_outside_the_fold() -> None:
    """``</details>`` starts an HTML block that runs to the next blank line: without one, the
    first child item was shown as raw text inside the parent's notes and imported as notes."""
    kid = Item("kid", "Kid", "phase0", parent="one")
    long = "\n".join(f"line {n}" for n in range(FOLD_LINES + 2))
    one = Item("one", "First", "phase0", notes=long, children=(kid,))
    phase = Phase("phase0", "Basics", (Section("Topics", SectionKind.TOPIC, (one,)),))
    block = render_block(Roadmap("Demo", (phase,)), State())
    assert "  </details>\n\n  - [ ] Kid <!-- phase0.one.kid -->" in block
    html = MarkdownIt("commonmark").render(block)
    assert "- [ ] Kid" not in html and "<li>[ ] Kid" in html
    (item,) = import_markdown(block).data["phases"][0]["sections"][0]["items"]
    assert item["notes"] == long and [c["id"] for c in item["items"]] == ["kid"]
