"""Milestone titles and due dates from settings.start and the phase durations."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from roadmap_bot.core.model import Item, Phase, Roadmap, Section, SectionKind, Settings
from roadmap_bot.core.planning.milestones import (
    Span,
    add_span,
    due_on,
    milestone_title,
    parse_duration,
    phase_due_dates,
)


def _roadmap(durations: list[str | None], start: str | None = "2025-01-15") -> Roadmap:
    phases = tuple(
        Phase(
            id=f"phase{n}",
            title=f"P{n}",
            duration=d,
            sections=(Section("Topics", SectionKind.TOPIC, (Item("a", "A", f"phase{n}"),)),),
        )
        for n, d in enumerate(durations)
    )
    return Roadmap(title="R", phases=phases, settings=Settings(start=start))


@pytest.mark.parametrize(
    ("text", "months", "days"),
    [
        ("0–3 Months", 3, 0),
        ("15–24 Months", 24, 0),
        ("3-6 months", 6, 0),
        ("6 — 12 months", 12, 0),
        ("2 weeks", 0, 14),
        ("6-8wks", 0, 56),
        ("1.5 years", 18, 0),
        ("1-2 Years", 24, 0),
        ("Months 0-3", 3, 0),
        ("2 weeks - 3 months", 3, 0),
        ("about 3 months", 3, 0),
        ("10 days", 0, 10),
        ("3 to 4 months", 4, 0),
    ],
)
def test_parse_duration_reads_the_upper_bound(text: str, months: int, days: int) -> None:
    duration = parse_duration(text)
    assert duration is not None
    assert duration.upper == Span(months=months, days=days)


@pytest.mark.parametrize("text", [None, "", "Ongoing", "3+ months", "12 Months+", "forever", "TBD"])
def test_parse_duration_without_an_upper_bound_is_none(text: str | None) -> None:
    assert parse_duration(text) is None


def test_a_range_records_its_lower_bound_and_a_single_value_none() -> None:
    assert parse_duration("3–6 Months").lower == Span(months=3)  # type: ignore[union-attr]
    assert parse_duration("6 months").lower is None  # type: ignore[union-attr]


def test_add_span_clamps_to_the_end_of_a_shorter_month() -> None:
    assert add_span(date(2025, 1, 31), Span(months=1)) == date(2025, 2, 28)
    assert add_span(date(2024, 1, 31), Span(months=1)) == date(2024, 2, 29)
    assert add_span(date(2025, 11, 15), Span(months=3, days=2)) == date(2026, 2, 17)


@given(st.dates(min_value=date(1900, 1, 1), max_value=date(2900, 1, 1)), st.integers(0, 600))
def test_add_span_moves_forward_by_whole_months(start: date, months: int) -> None:
    end = add_span(start, Span(months=months))
    assert (end.year - start.year) * 12 + end.month - start.month == months
    assert end.day <= start.day


def test_ranges_are_offsets_from_the_start_as_written_even_when_phases_overlap() -> None:
    durations = ["0–3 Months", "3–6 Months", "6–12 Months", "12–18 Months", "15–24 Months"]
    due = phase_due_dates(_roadmap([*durations, "18–30 Months", "24–30 Months"]))
    assert due == {
        "phase0": date(2025, 4, 15),
        "phase1": date(2025, 7, 15),
        "phase2": date(2026, 1, 15),
        "phase3": date(2026, 7, 15),
        "phase4": date(2027, 1, 15),
        "phase5": date(2027, 7, 15),
        "phase6": date(2027, 7, 15),
    }


def test_single_values_are_lengths_counted_from_the_previous_phase() -> None:
    due = phase_due_dates(_roadmap(["2 weeks", "1 month", "3 weeks"]))
    assert due == {
        "phase0": date(2025, 1, 29),
        "phase1": date(2025, 2, 28),
        "phase2": date(2025, 3, 21),
    }


def test_a_range_ending_before_the_previous_phase_is_a_length() -> None:
    due = phase_due_dates(_roadmap(["3–6 Months", "1–2 Months"]))
    assert due == {"phase0": date(2025, 7, 15), "phase1": date(2025, 9, 15)}


def test_an_unparseable_duration_has_no_due_date_and_breaks_the_chain_of_lengths() -> None:
    due = phase_due_dates(_roadmap(["0–3 Months", "Ongoing", "2 months", "6–9 months"]))
    assert due == {
        "phase0": date(2025, 4, 15),
        "phase1": None,
        "phase2": None,  # a length after a phase without an end: we cannot know when it starts
        "phase3": date(2025, 10, 15),  # a range stands on its own
    }


@pytest.mark.parametrize("start", [None, "", "not a date"])
def test_without_a_start_no_phase_has_a_due_date(start: str | None) -> None:
    assert set(phase_due_dates(_roadmap(["0–3 Months", "2 weeks"], start=start)).values()) == {None}


def test_due_on_is_noon_utc_so_github_keeps_the_date() -> None:
    assert due_on(date(2025, 4, 15)) == "2025-04-15T12:00:00Z"


@pytest.mark.parametrize(
    ("phase_id", "title", "expected"),
    [
        ("phase0", "Foundations", "Phase 0: Foundations"),
        ("phase12", "Specialisation", "Phase 12: Specialisation"),
        ("phase-3", "MLOps", "Phase 3: MLOps"),
        ("phase1", "Phase One: Basics", "Phase One: Basics"),
        ("basics", "Getting started", "Getting started"),
    ],
)
def test_milestone_title_names_the_phase_number_when_the_id_has_one(
    phase_id: str, title: str, expected: str
) -> None:
    assert milestone_title(Phase(id=phase_id, title=title, sections=())) == expected
