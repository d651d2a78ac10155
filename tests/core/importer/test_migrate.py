"""core/importer/migrate.py: the span ``import --in-place`` takes over and the README around it."""

from __future__ import annotations

import pytest

from roadmap_bot.core.importer.markdown import import_markdown
from roadmap_bot.core.importer.migrate import (
    Span,
    imported_span,
    marked_span,
    shown_tick_dates,
    span_source,
    unified_diff,
    with_markers,
    without_chunk,
)
from roadmap_bot.core.markers import END, START

README = """<p>banner</p>

# Plan

Why I do this.

## Phase 1: Start

- [x] One
- [ ] Two

Closing words of the phase.

---

## Links

- a link
"""


def test_the_span_runs_from_the_title_to_the_last_line_of_the_last_phase() -> None:
    span = imported_span(README, import_markdown(README))
    assert span == Span(3, 14, marked=False)  # "# Plan" … the phase's closing "---"


def test_the_span_starts_at_the_first_phase_when_there_is_no_title() -> None:
    text = "Some intro.\n\n## Phase 1\n\n- [ ] One\n\n## Notes\n\ntext\n"
    assert imported_span(text, import_markdown(text)) == Span(3, 5, marked=False)


def test_the_import_of_the_span_reads_the_same_items_at_the_readmes_lines() -> None:
    span = imported_span(README, import_markdown(README))
    source = span_source(README, span)
    result = import_markdown(source)
    assert result.ticked == ("phase1.one",)
    assert result.where[("title",)] == (3, 1)
    assert "intro" not in result.data or "banner" not in result.data["intro"]
    assert "outro" not in result.data


def test_a_readme_with_the_markers_has_their_block_as_the_span() -> None:
    text = f"# Mine\n\n{START}\n# Plan\n\n## Phase 1\n\n- [ ] One\n{END}\n\nafter\n"
    span = marked_span(text)
    assert span == Span(3, 9, marked=True)
    assert span_source(text, span) == "\n\n\n# Plan\n\n## Phase 1\n\n- [ ] One"
    assert with_markers(text, span) == text


def test_markers_that_do_not_pair_up_are_refused_with_the_reason() -> None:
    with pytest.raises(ValueError, match=r"no .* follows it"):
        marked_span(f"# Plan\n{START}\n- [ ] One\n")


def test_with_markers_keeps_a_bom_and_the_line_endings_around_the_span() -> None:
    raw = "\ufeff# Plan\r\n\r\n- [ ] One\r\n\r\n## Links\r\n"
    assert with_markers(raw, Span(1, 3, marked=False)) == (
        f"\ufeff{START}\n{END}\r\n\r\n## Links\r\n"
    )
    assert with_markers("a\rb\rc", Span(2, 3, marked=False)) == f"a\r{START}\n{END}"


def test_the_bots_badges_are_blanked_out_keeping_the_line_numbers() -> None:
    text = "# Plan\n\n![a](b.svg)\n\n<picture>x</picture>\n\nrest\n"
    assert (
        without_chunk(text, "![a](b.svg)\n\n<picture>x</picture>\n") == "# Plan\n\n\n\n\n\nrest\n"
    )
    assert without_chunk(text, "![other](c.svg)") == text


def test_the_day_a_rendered_line_shows_dates_its_tick() -> None:
    text = (
        "# Plan\n\n## Phase 1\n\n"
        "- [x] One <sub>`phase1.one` · ✓ 2026-01-10 · [note](https://x.test/1)</sub>\n"
        "- [x] Two\n"
        "- [ ] Three <sub>`phase1.three`</sub>\n"
    )
    result = import_markdown(text)
    assert shown_tick_dates(text, result) == {"phase1.one": "2026-01-10"}


def test_the_diff_of_equal_texts_is_empty() -> None:
    assert unified_diff("a\n", "a\n", "README.md") == ""
    assert unified_diff("a\n", "b\n", "README.md").startswith("--- a/README.md\n+++ b/README.md\n")
