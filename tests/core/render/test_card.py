"""The roadmap card: size, bars proportional to progress, current phase, escaping, truncation."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

import pytest
from hypothesis import given
from hypothesis import strategies as st

from roadmap_bot.core.model import (
    Roadmap,
    State,
)
from roadmap_bot.core.render.card import (
    BAR_WIDTH,
    CARD_DARK,
    CARD_LIGHT,
    LABEL_MAX,
    PAD,
    PERCENT_GAP,
    PERCENT_SIZE,
    TITLE_SIZE,
    WIDTH,
    card_height,
)
from roadmap_bot.core.render.textwidth import ELLIPSIS, Weight, text_width
from tests.support.card import (
    SVG,
    TICK,
    assert_self_contained,
    bar_width,
    make_roadmap,
    render,
    rows,
    texts,
    ticked,
)


def test_card_is_500_wide_with_a_viewbox_and_grows_one_row_per_phase() -> None:
    for count in (1, 3, 5, 9):
        root = assert_self_contained(render(make_roadmap("R", [4] * count), State()))
        height = card_height(count)
        assert (root.get("width"), root.get("height")) == (str(WIDTH), str(height))
        assert root.get("viewBox") == f"0 0 {WIDTH} {height}"
        assert len(rows(root)) == count
    assert 170 <= card_height(4) <= 230  # "about 500×200" for a typical roadmap


def test_phase_bars_are_proportional_to_done_over_total() -> None:
    roadmap = make_roadmap("R", [4, 8, 10, 3])
    state = ticked(
        *(f"phase0.t{i}" for i in range(4)),
        *(f"phase1.t{i}" for i in range(3)),
        "phase2.t9",
    )
    widths = [bar_width(row) for row in rows(ET.fromstring(render(roadmap, state)))]
    assert widths == pytest.approx([BAR_WIDTH, BAR_WIDTH * 3 / 8, BAR_WIDTH / 10, 0.0], abs=0.01)


def test_skipped_items_leave_the_bar_and_the_count() -> None:
    from roadmap_bot.core.model import Skip

    roadmap = make_roadmap("R", [4])
    state = State(ticks={"phase0.t0": TICK}, skips={"phase0.t1": Skip("2025-01-01", "alice")})
    root = ET.fromstring(render(roadmap, state))
    assert bar_width(rows(root)[0]) == pytest.approx(BAR_WIDTH / 3, abs=0.01)
    assert "1/3" in texts(root)


def test_exactly_the_current_phase_is_highlighted_in_bold() -> None:
    roadmap = make_roadmap("R", [2, 2, 2])
    root = ET.fromstring(render(roadmap, ticked("phase0.t0", "phase0.t1", "phase2.t0")))
    current = [row for row in rows(root) if "current" in row.get("class", "")]
    assert len(current) == 1
    label = next(current[0].iter(f"{SVG}text"))
    assert "".join(label.itertext()) == "Phase 1"
    assert label.get("font-weight") == "bold"
    assert any(c.tag == f"{SVG}circle" for c in current[0])
    complete = rows(root)[0]
    assert "2/2 ✓" in ["".join(t.itertext()) for t in complete.iter(f"{SVG}text")]


def test_a_finished_roadmap_has_no_current_phase_and_shows_100_percent() -> None:
    root = ET.fromstring(render(make_roadmap("R", [1]), ticked("phase0.t0")))
    assert not [row for row in rows(root) if "current" in row.get("class", "")]
    assert "100%" in texts(root)
    assert "1 of 1 items done · complete" in texts(root)


def test_the_card_shows_the_last_update_date_passed_in() -> None:
    assert "Updated 2031-12-24" in texts(
        ET.fromstring(render(make_roadmap("R", [1]), State(), today="2031-12-24"))
    )


def test_user_text_is_escaped_never_markup() -> None:
    title = '<script>alert("x")</script> & <a href="http://evil">co</a>'
    roadmap = make_roadmap(title, [2], phase_title="</text><script>1</script>&amp;")
    svg = render(roadmap, State())
    root = assert_self_contained(svg)
    shown = texts(root)
    assert any(t.startswith('<script>alert("x")') for t in shown)
    assert any(t.startswith("</text><script>") for t in shown)
    assert b"<script" not in svg and b"&lt;script&gt;" in svg


def test_long_titles_are_cut_with_an_ellipsis_by_measured_width() -> None:
    title = "A very long roadmap title that would run into the big percent number " * 2
    label = "Classical machine learning with scikit-learn, XGBoost and friends"
    root = ET.fromstring(render(make_roadmap(title, [3], phase_title=label), State()))
    shown_title = texts(root)[0]
    room = WIDTH - 2 * PAD - PERCENT_GAP - text_width("0%", PERCENT_SIZE, weight=Weight.BOLD)
    assert shown_title.endswith(ELLIPSIS) and title.startswith(shown_title[:-1])
    assert room - 20 < text_width(shown_title, TITLE_SIZE, weight=Weight.BOLD) <= room
    row_label = next(rows(root)[0].iter(f"{SVG}text"))
    assert "".join(row_label.itertext()).endswith(ELLIPSIS)
    assert float(row_label.get("textLength", "0")) <= LABEL_MAX


def test_measured_text_is_pinned_with_textlength_and_estimated_text_is_not() -> None:
    root = ET.fromstring(render(make_roadmap("Plain title", [1], phase_title="日本語"), State()))
    title, label = root.find(f".//{SVG}text"), next(rows(root)[0].iter(f"{SVG}text"))
    assert title is not None
    assert float(title.get("textLength", "0")) == pytest.approx(
        text_width("Plain title", TITLE_SIZE, weight=Weight.BOLD), abs=0.05
    )
    assert label.get("textLength") is None  # CJK width is an estimate: not forced


def test_an_empty_roadmap_still_renders_a_card() -> None:
    root = assert_self_contained(render(Roadmap(title="", phases=()), State()))
    assert "Roadmap" in texts(root)
    assert any(t.startswith("No phases yet") for t in texts(root))


def test_dark_and_light_cards_differ_only_in_colour() -> None:
    roadmap = make_roadmap("R", [3, 3])
    light, dark = (
        render(roadmap, ticked("phase0.t1"), theme=t).decode() for t in (CARD_LIGHT, CARD_DARK)
    )
    assert light != dark
    strip = re.compile(r'(fill|stroke)="#[0-9a-f]{3,6}"')
    assert strip.sub("", light) == strip.sub("", dark)
    assert CARD_DARK.background in dark and CARD_LIGHT.background in light


def test_same_progress_gives_byte_identical_cards() -> None:
    roadmap = make_roadmap("R", [3, 5])
    assert render(roadmap, ticked("phase0.t1")) == render(roadmap, ticked("phase0.t1"))


@given(title=st.text(max_size=200), phase=st.text(max_size=80), today=st.text(max_size=20))
def test_any_user_text_gives_a_valid_self_contained_card(
    title: str, phase: str, today: str
) -> None:
    roadmap = make_roadmap(title, [2, 1], phase_title=phase)
    root = assert_self_contained(render(roadmap, ticked("phase0.t0"), today=today))
    for element in root.iter(f"{SVG}text"):
        length = element.get("textLength")
        assert length is None or float(length) <= WIDTH - 2 * PAD
