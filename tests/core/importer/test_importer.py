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
    ]
    assert [i["title"] for i in reading["items"][3]["items"]] == ["Nested child item"]
    assert reading["items"][0]["notes"] == "- chapter 1 notes"  # as written, bullet and all
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
    sections = data["phases"][0]["sections"]
    assert [[i["title"] for i in s["items"]] for s in sections] == [["real"], ["after"]]
    assert sections[1]["prose"].startswith("```\n~~~\n- [ ] fake")  # kept where it stood


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
@pytest.mark.parametrize(
    "unit",
    [" ", " #", "\t", "[a](", "[", "(month ", "<sub>`a.b`", " (a", "<!-- a.", "a.", "<sub>1/2 · "],
)
def test_a_readme_line_of_one_repeated_fragment_imports_in_linear_time(
    where: str, unit: str
) -> None:
    # a heading of 4,000 blanks took 51 s (a lazy group before a trailing \s* and $: cubic)
    from tests.support.linear import assert_linear

    line = HOSTILE_LINES[where]
    assert_linear(lambda text: import_markdown("# R\n## Phase 1\n" + line(text)), unit, 20_000)


@pytest.mark.parametrize("unit", ["a  \n", "- [ ] a <!-- p.a -->\n", "- [ ] x\n  - n  \n"])
def test_many_lines_of_breaks_notes_and_hidden_ids_import_in_linear_time(unit: str) -> None:
    from tests.support.linear import assert_linear

    assert_linear(lambda text: import_markdown("# R\n## P\n" + text), unit, 8_000)


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


# --- any markdown imports: prose, bare boxes, legends, banners, numbering, errors ----------------


def _items(data: dict) -> list[dict]:
    """Every item, children after their parent (the README's order)."""
    return [i for p in data["phases"] for s in p.get("sections", []) for i in _tree(s["items"])]


def _tree(items: list[dict]) -> list[dict]:
    return [found for item in items for found in (item, *_tree(item.get("items", [])))]


def test_headings_without_tasks_are_kept_as_prose_of_the_intro_a_phase_or_the_outro() -> None:
    text = (
        "# Plan\n\nHello.\n\n## Links\n\n- [a](https://a.example)\n\n## Phase 1: Start\n\n"
        "- [ ] one\n\n## Interlude\n\nA table:\n\n| a | b |\n|---|---|\n| 1 | 2 |\n\n"
        "## Phase 2: End\n\n*Duration:* a week\n\n### Reading\n\nWhy.\n\n- [ ] two\n\n"
        "### Deliverable\n\nA report.\n\n## Final thoughts\n\nBye.\n"
    )
    result = import_markdown(text)
    data = result.data
    assert data["intro"] == "Hello.\n\n## Links\n\n- [a](https://a.example)"
    assert data["outro"] == "## Final thoughts\n\nBye."
    start, interlude, end = data["phases"]
    assert start["id"] == "phase1"
    assert (interlude["id"], interlude["sections"]) == ("interlude", [])
    assert interlude["prose"] == "A table:\n\n| a | b |\n|---|---|\n| 1 | 2 |"
    assert end["prose"] == "*Duration:* a week"
    reading, deliverable = end["sections"]
    assert (reading["title"], reading["prose"]) == ("Reading", "Why.")
    assert (deliverable["title"], deliverable["prose"], deliverable["items"]) == (
        "Deliverable",
        "A report.",
        [],
    )
    roadmap = load_roadmap(dump_roadmap(data))
    block = render_block(roadmap, State())
    for shown in ("| 1 | 2 |", "*Duration:* a week", "### Deliverable\n\nA report.", "Bye."):
        assert shown in block
    assert {k.where for k in result.kept} >= {"intro", "interlude", "phase2", "outro"}


def test_a_file_without_any_task_imports_its_headings_as_phases_of_prose() -> None:
    data = import_markdown("# Log\n\n## Day 1\n\nRead.\n\n## Day 2\n\nWrote.\n").data
    assert [(p["id"], p["title"], p["prose"]) for p in data["phases"]] == [
        ("phase1", "Day 1", "Read."),
        ("phase2", "Day 2", "Wrote."),
    ]
    assert load_roadmap(dump_roadmap(data)).phases[1].prose == "Wrote."
    only_text = import_markdown("Just a paragraph.\n", default_title="notes").data
    assert only_text["phases"][0]["prose"] == "Just a paragraph."


def test_bare_boxes_are_tasks_and_legend_and_banner_lines_are_not() -> None:
    text = (
        "# ====\n# Habit\n# ====\n\n[ ] = todo\n[x] = done\n\n# ====\n# Week 1\n# ====\n\n"
        "[ ] Day 1: lines\n[x] Day 2: circles\n    a note\n"
    )
    result = import_markdown(text)
    assert result.data["title"] == "Habit"
    (phase,) = result.data["phases"]
    assert (phase["id"], phase["title"]) == ("phase1", "Week 1")
    assert [i["title"] for i in _items(result.data)] == ["Day 1: lines", "Day 2: circles"]
    assert result.bare == (12, 13)
    assert result.ticked == ("phase1.day-2-circles",)
    assert "[ ] = todo\n[x] = done" in result.data["intro"]


def test_numbered_headings_and_items_keep_their_numbers_and_ids_follow_them() -> None:
    text = (
        "# Course\n\n## 1. Phase 1: Foundation\n\n1. [ ] First\n2. [x] Second\n\n"
        "## Phase 2: Build\n\n- [ ] 1.1.1.1 Deep step\n- [ ] 2.3. Another\n\n## Extras\n\n- [ ] x\n"
    )
    result = import_markdown(text)
    phases = result.data["phases"]
    assert [(p["id"], p["title"]) for p in phases] == [
        ("phase1", "1. Phase 1: Foundation"),
        ("phase2", "Build"),
        ("extras", "Extras"),
    ]
    assert [(i["id"], i["title"]) for i in _items(result.data)] == [
        ("1-first", "1. First"),
        ("2-second", "2. Second"),
        ("1-1-1-1", "1.1.1.1 Deep step"),
        ("2-3", "2.3. Another"),
        ("x", "x"),
    ]
    block = render_block(load_roadmap(dump_roadmap(result.data)), State())
    assert "## 1. Phase 1: Foundation\n" in block and "## Phase 2: Build\n" in block
    assert "## Extras\n" in block
    assert "Phase 0" not in block and "Checklist" not in block


def test_reimporting_a_rendered_block_keeps_the_ids_and_collapses_nothing() -> None:
    text = "# R\n\n## Week 1\n\n- [ ] a\n\n## Intro to X\n\nText.\n\n- [x] b\n"
    first = import_markdown(text)
    roadmap = load_roadmap(dump_roadmap(first.data))
    state = State(ticks={"intro-x.b": Tick(TickSource.MANUAL, "2026-01-01T00:00:00Z", "me", "x")})
    again = import_markdown(render_block(roadmap, state))
    assert again.data["phases"] == first.data["phases"]
    assert again.ticked == first.ticked == ("intro-x.b",)


def test_nested_tasks_become_child_items_at_any_depth_with_their_parents_recorded() -> None:
    result = import_markdown(
        "## P\n- [ ] alpha\n  - [x] beta\n    - [ ] gamma\n  - a note\n- [ ] delta\n"
    )
    assert [i["id"] for i in _items(result.data)] == ["alpha", "beta", "gamma", "delta"]
    alpha, delta = result.data["phases"][0]["sections"][0]["items"]
    assert [c["id"] for c in alpha["items"]] == ["beta"] and "items" not in delta
    assert [c["id"] for c in alpha["items"][0]["items"]] == ["gamma"]
    assert result.parents == {"p.alpha.beta": "p.alpha", "p.alpha.beta.gamma": "p.alpha.beta"}
    assert result.ticked == ("p.alpha.beta",)
    roadmap = load_roadmap(dump_roadmap(result.data))
    assert [i.id for i in roadmap.items()] == [
        "p.alpha",
        "p.alpha.beta",
        "p.alpha.beta.gamma",
        "p.delta",
    ]
    assert _items(result.data)[0]["notes"] == "- a note"


def test_box_cells_of_a_table_are_tasks_titled_by_their_row() -> None:
    text = "## Tracker\n\n| Week | Read | Code |\n|---|---|---|\n| 1 | [x] | [ ] |\n| 2 | [ ] | [ ] |\n"
    result = import_markdown(text)
    assert [i["title"] for i in _items(result.data)] == [
        "1 — Read",
        "1 — Code",
        "2 — Read",
        "2 — Code",
    ]
    assert result.ticked == ("tracker.1-read",)
    assert result.data["phases"][0]["prose"] == "| Week | Read | Code |\n|---|---|---|"


def test_boxes_in_code_html_and_inline_code_are_not_tasks() -> None:
    text = "## P\n- [ ] real\n\n```markdown\n- [ ] fenced\n```\n\n<div>\n- [ ] html\n</div>\n\n`[ ] code`\n"
    assert [i["title"] for i in _items(import_markdown(text).data)] == ["real"]


def test_cli_import_reports_bare_boxes_prose_and_lines_not_kept(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    source = tmp_path / "README.md"
    source.write_text("# T\n\nIntro.\n\n---\n\n## W\n\n[ ] bare task\n", encoding="utf-8")
    assert main(["import", str(source), "-o", str(tmp_path / "roadmap.yaml")]) == 0
    out = capsys.readouterr().out
    assert "1 task lines without a list marker ('[ ] …') were read as items (lines 9)" in out
    assert "intro: lines 3" in out
    assert f"{source}:5: a thematic break" in out


def test_cli_import_stdout_prints_the_yaml_and_writes_nothing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    source = tmp_path / "README.md"
    source.write_text("# T\n\n## W\n\n- [x] done thing\n", encoding="utf-8")
    assert main(["import", str(source), "--stdout", "-o", str(tmp_path / "roadmap.yaml")]) == 0
    captured = capsys.readouterr()
    assert load_roadmap(captured.out).title == "T"
    assert list(tmp_path.iterdir()) == [source]


def test_a_problem_left_in_the_imported_data_is_reported_at_the_markdown_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    from roadmap_bot.core.importer import markdown

    monkeypatch.setattr(markdown, "_one_line", lambda text: text)  # let a U+2028 through
    source = tmp_path / "README.md"
    source.write_text("# T\n\n## W\n\n- [ ] fine\n  - [ ] bad\u2028title\n", encoding="utf-8")
    assert main(["import", str(source), "-o", str(tmp_path / "roadmap.yaml")]) == 2
    err = capsys.readouterr().err
    assert f"{source}:6:5: 'title' must be one line" in err
    assert "roadmap.yaml" not in err


def test_a_parent_shown_ticked_through_its_children_imports_back_without_a_tick_of_its_own() -> (
    None
):
    first = import_markdown("## P\n- [ ] alpha\n  - [x] beta\n- [x] gamma\n  - [ ] delta\n")
    assert first.ticked == ("p.alpha.beta", "p.gamma")
    roadmap = load_roadmap(dump_roadmap(first.data))
    tick = Tick(TickSource.MANUAL, "2026-01-01T00:00:00Z", "me", "x")
    state = State(ticks=dict.fromkeys(first.ticked, tick))
    block = render_block(roadmap, state)
    assert "- [x] alpha <sub>1/1</sub> <!-- p.alpha -->" in block
    assert "- [x] gamma <sub>1/1 · ✓ 2026-01-01</sub> <!-- p.gamma -->" in block
    again = import_markdown(block)
    assert again.ticked == first.ticked
    assert again.data["phases"] == first.data["phases"]


@pytest.mark.parametrize(
    "unit", ["- [ ] a\n", "[ ] a\n\n", "## Phase 1\n- [ ] a\n", "| [ ] | a |\n"]
)
def test_many_tasks_and_phases_titled_alike_import_in_linear_time(unit: str) -> None:
    # each of n alike titles tried suffixes from -2 upwards: n²/2 set look-ups
    from tests.support.linear import assert_linear

    assert_linear(lambda text: import_markdown("# R\n## Phase 1\n" + text), unit, 8_000)


def test_tasks_titled_alike_get_numbered_ids_in_order() -> None:
    result = import_markdown("# R\n## Phase 1\n" + "- [ ] Python\n" * 4 + "- [ ] Python 2\n")
    items = result.data["phases"][0]["sections"][0]["items"]
    assert [i["id"] for i in items] == ["python", "python-2", "python-3", "python-4", "python-2-2"]


def test_a_table_cell_written_as_a_list_box_is_a_task_too() -> None:
    result = import_markdown(
        "## P\n\n| Step | Done |\n|---|---|\n| Schema | - [x] |\n| API | - [ ] |\n| Docs | [x] |\n"
    )
    assert [i["title"] for i in _items(result.data)] == ["Schema", "API", "Docs"]
    assert result.ticked == ("p.schema", "p.docs")
