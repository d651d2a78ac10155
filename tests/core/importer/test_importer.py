"""Markdown import: headings, checkbox styles, nesting, goals, emoji, links, slugs, round trips."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from roadmap_bot.cli import main
from roadmap_bot.core.importer.markdown import import_markdown, slugify
from roadmap_bot.core.importer.mojibake import looks_mojibaked, repair
from roadmap_bot.core.importer.yamldump import dump_roadmap
from roadmap_bot.core.model import State, Tick, TickSource
from roadmap_bot.core.render.readme import render_block
from roadmap_bot.core.schema import build_roadmap, load_roadmap
from tests.support.helpers import seed_text, shipped_roadmap

CHECKLIST = """\
# Learning Plan

Some intro with a [link](https://example.com).

## Stage 1: Basics (0-2 months)

**Goal:** Learn the basics.

Free text inside the phase.

### 📚 Reading
- [ ] Read *the book*
  - chapter 1 notes
- [x] Watch [a talk](https://example.com/talk)
* [ ] Star style item
1. [ ] Numbered item
    - [ ] Nested child item

### 🚀 Projects
- [X] Project: Build a thing

## Stage 2: More
- [ ] Direct item without a section

## Notes
Closing words.
"""


def test_headings_become_phases_and_sections_with_every_checkbox_style() -> None:
    result = import_markdown(CHECKLIST)
    data = result.data
    assert data["title"] == "Learning Plan"
    assert "Some intro with a [link](https://example.com)." in data["intro"]
    first, second = data["phases"]
    # the heading's text is kept as written (the render shows "Stage 1: Basics (0-2 months)")
    assert first["id"] == "phase1" and first["title"] == "Stage 1: Basics"
    assert first["duration"] == "0-2 months" and first["goal"] == "Learn the basics."
    reading, projects = first["sections"]
    assert reading["emoji"] == "📚" and reading["title"] == "Reading" and reading["kind"] == "topic"
    titles = [i["title"] for i in reading["items"]]
    assert titles == [
        "Read *the book*",
        "Watch [a talk](https://example.com/talk)",
        "Star style item",
        "1. Numbered item",
        "Nested child item",
    ]
    assert reading["items"][0]["notes"] == "chapter 1 notes"
    assert projects["kind"] == "project"
    assert second["id"] == "phase2" and second["sections"][0]["items"][0]["title"].startswith(
        "Direct"
    )
    assert data["outro"] == "## Notes\nClosing words."
    assert set(result.ticked) == {"phase1.watch-talk", "phase1.build-thing"}


def test_imported_data_validates_and_dumps_to_valid_yaml() -> None:
    text = dump_roadmap(import_markdown(CHECKLIST).data, schema="./roadmap.schema.json")
    assert text.startswith("# yaml-language-server: $schema=./roadmap.schema.json\nversion: 1\n")
    roadmap = load_roadmap(text)
    assert sum(1 for _ in roadmap.items()) == 7


def test_slugs_are_short_deterministic_and_unique() -> None:
    assert slugify("Python: Syntax and core concepts") == "python-syntax-core"
    assert slugify("Project: Titanic survival classifier") == "titanic-survival-classifier"
    assert slugify("!!!") == "item"
    data = import_markdown("## P\n- [ ] Same\n- [ ] Same\n- [ ] Same\n").data
    assert [i["id"] for i in data["phases"][0]["sections"][0]["items"]] == [
        "same",
        "same-2",
        "same-3",
    ]


def test_flat_checklist_becomes_one_phase() -> None:
    data = import_markdown("- [ ] a\n- [x] b\n", default_title="todo").data
    assert data["title"] == "todo"
    assert len(data["phases"]) == 1 and len(data["phases"][0]["sections"][0]["items"]) == 2


def test_checkboxes_inside_code_fences_are_not_items() -> None:
    data = import_markdown("## P\n- [ ] real\n```\n- [ ] fake\n```\n").data
    assert [i["title"] for i in data["phases"][0]["sections"][0]["items"]] == ["real"]


def test_a_code_fence_closes_only_with_its_own_character() -> None:
    body = "## P\n- [ ] real\n```\n~~~\n- [ ] fake\n## not a heading\n```\n- [ ] after\n"
    data = import_markdown(body).data
    assert [p["title"] for p in data["phases"]] == ["P"]
    titles = [i["title"] for i in data["phases"][0]["sections"][0]["items"]]
    assert titles == ["real", "after"]


def test_seed_is_detected_as_mis_decoded_and_repaired() -> None:
    raw = seed_text()
    assert looks_mojibaked(raw)
    fixed = repair(raw)
    assert fixed.leftovers == ()
    for heading in (
        "### 🛠️ Stack",
        "### 🎯 Actions",
        "### 🧑\u200d💻 Target Roles",
        "## 💡 Strategic",
        "(0–3 Months)",
        "# My AI Learning Journey 🚀",
    ):
        assert heading in fixed.text
    assert not looks_mojibaked(fixed.text)


def test_seed_round_trips_to_the_shipped_roadmap_structure() -> None:
    imported = build_roadmap(import_markdown(repair(seed_text()).text).data)
    shipped = shipped_roadmap()
    assert imported.title == shipped.title
    assert imported.intro == shipped.intro
    assert imported.outro == shipped.outro
    for got, want in zip(imported.phases, shipped.phases, strict=True):
        assert (got.id, got.title, got.duration, got.goal) == (
            want.id,
            want.title,
            want.duration,
            want.goal,
        )
        for gs, ws in zip(got.sections, want.sections, strict=True):
            assert (gs.title, gs.emoji, gs.kind) == (ws.title, ws.emoji, ws.kind)
            assert [i.title for i in gs.items] == [i.title for i in ws.items]


def test_render_then_import_gives_back_the_same_roadmap_and_ticks() -> None:
    roadmap = shipped_roadmap()
    state = State(ticks={"phase2.rag": Tick(TickSource.MANUAL, "2026-01-01T00:00:00Z", "me", "x")})
    result = import_markdown(render_block(roadmap, state))
    again = build_roadmap(result.data)
    assert [i.id for i in again.items()] == [i.id for i in roadmap.items()]
    assert [i.title for i in again.items()] == [i.title for i in roadmap.items()]
    assert result.ticked == ("phase2.rag",)
    assert render_block(again, state) == render_block(build_roadmap(result.data), state)


def test_cli_import_writes_roadmap_and_state_and_refuses_to_overwrite(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    source = tmp_path / "README.md"
    source.write_bytes(seed_text().encode("utf-8"))
    out = tmp_path / "roadmap.yaml"
    assert main(["import", str(source), "-o", str(out), "--repair"]) == 0
    assert "7 phases, 75 items" in capsys.readouterr().out
    assert main(["validate", str(out)]) == 0
    assert "🛠️" in out.read_text(encoding="utf-8")
    assert (tmp_path / "roadmap.state.json").is_file()
    assert main(["import", str(source), "-o", str(out)]) == 2


def test_cli_import_without_repair_warns_when_text_looks_mis_decoded(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    source = tmp_path / "README.md"
    source.write_text(seed_text(), encoding="utf-8")
    assert main(["import", str(source), "-o", str(tmp_path / "r.yaml")]) == 0
    assert "rerun with --repair" in capsys.readouterr().err


# --- property: render → import → render is stable for generated roadmaps -------------------------

_word = st.text(
    alphabet=st.characters(whitelist_categories=("Lu", "Ll", "Nd"), max_codepoint=0x24F),
    min_size=1,
    max_size=8,
)
_title = st.lists(_word, min_size=1, max_size=5).map(" ".join)
_emoji = st.sampled_from([None, "🚀", "🧠", "🛠️", "📋", "🧑\u200d💻"])
_kind = st.sampled_from(["topic", "project", "stack", "action", "checklist", "role"])


@st.composite
def roadmaps(draw: st.DrawFn) -> dict:
    phases = []
    for p in range(draw(st.integers(1, 4))):
        sections = []
        slugs: set[str] = set()
        for _ in range(draw(st.integers(1, 3))):
            items = []
            for _ in range(draw(st.integers(1, 4))):
                title = draw(_title)
                slug = draw(
                    st.from_regex(r"[a-z0-9][a-z0-9-]{0,10}", fullmatch=True).filter(
                        lambda s, seen=slugs: s not in seen
                    )
                )
                slugs.add(slug)
                items.append({"id": slug, "title": title})
            section = {"title": draw(_title), "kind": draw(_kind), "items": items}
            emoji = draw(_emoji)
            if emoji:
                section["emoji"] = emoji
            sections.append(section)
        phase = {"id": f"phase{p}", "title": draw(_title), "sections": sections}
        if draw(st.booleans()):
            phase["goal"] = draw(_title)
        phases.append(phase)
    return {"version": 1, "title": draw(_title), "phases": phases}


@settings(max_examples=60, deadline=None)
@given(roadmaps(), st.data())
def test_render_import_render_is_stable(data: dict, draw: st.DataObject) -> None:
    roadmap = build_roadmap(data)
    ids = [i.id for i in roadmap.items()]
    ticked = draw.draw(st.lists(st.sampled_from(ids), unique=True))
    state = State(
        ticks={i: Tick(TickSource.MANUAL, "2026-01-01T00:00:00Z", "me", "x") for i in ticked}
    )
    first = render_block(roadmap, state)
    result = import_markdown(first)
    again = build_roadmap(result.data)
    assert set(result.ticked) == set(ticked)
    assert render_block(again, state) == first


# --- hostile input: linear time, no traceback ---------------------------------------------------

HOSTILE_LINES = {
    "heading of blanks": lambda unit: "## a" + unit + "b\n- [ ] x\n",
    "checkbox of blanks": lambda unit: "- [ ] a" + unit + "b\n",
    "note of blanks": lambda unit: "- [ ] x\n  - a" + unit + "b\n",
    "phase name": lambda unit: "## Phase 1: x" + unit + ")\n- [ ] a\n",
    "item title": lambda unit: "- [ ] " + unit + "\n",
}


@pytest.mark.parametrize("where", sorted(HOSTILE_LINES))
@pytest.mark.parametrize("unit", [" ", " #", "\t", "[a](", "[", "(month ", "<sub>`a.b`", " (a"])
def test_a_readme_line_of_one_repeated_fragment_imports_in_linear_time(
    where: str, unit: str
) -> None:
    # a heading of 4,000 blanks took 51 s (a lazy group before a trailing \s* and $: cubic)
    from tests.support.linear import assert_linear

    line = HOSTILE_LINES[where]
    assert_linear(lambda text: import_markdown("# R\n## Phase 1\n" + line(text)), unit, 20_000)


def test_a_phase_number_of_5000_digits_is_a_title_not_a_traceback() -> None:
    result = import_markdown("# R\n## Phase " + "9" * 5000 + "\n- [ ] a\n")
    assert len(result.data["phases"]) == 1


@pytest.mark.parametrize(
    ("heading", "title"),
    [("## Basics ##", "Basics"), ("## C#", "C#"), ("## F# and C# #", "F# and C#")],
)
def test_a_headings_closing_hashes_are_dropped_only_after_a_blank(heading: str, title: str) -> None:
    result = import_markdown(f"# R\n{heading}\n- [ ] a\n")
    assert result.data["phases"][0]["title"] == title
