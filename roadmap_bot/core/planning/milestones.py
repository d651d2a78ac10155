"""Milestones per phase: their titles and due dates from ``settings.start`` and phase durations.

A duration names its upper bound in days, weeks, months or years: "0–3 Months", "15–24 Months",
"2 weeks", "6-8 wks", "1.5 years". How it is counted:

- A range ("A–B unit") is read as written, as offsets from ``settings.start``: the phase is due
  B after the start. "0–3 Months", "3–6 Months", "12–18 Months", "15–24 Months" (overlapping
  phases are common) are due 3, 6, 18 and 24 months after the start. Only a range that would end
  before the previous phase's due date ("1–2 months" after "3–6 months") is taken as a length.
- A single value ("2 weeks", "3 months") is the phase's length, counted from the previous phase's
  due date (the first phase: from the start).
- Unparseable ("Ongoing", "3+ months", missing) → no due date; a later phase given as a length
  after a phase without a due date gets none either (we cannot know where it starts).
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date, timedelta

from roadmap_bot.core.model import Phase, Roadmap

_NUMBER = r"\d+(?:[.,]\d+)?"
_UNIT = r"years?|yrs?|y|months?|mos?|mths?|m|weeks?|wks?|w|days?|d"
_SEP = r"\s*(?:-|–|—|to|until)\s*"
# "0–3 Months", "2 weeks - 3 months", "6-8wks", "3 m"; "3+ months" has no upper bound: no match.
_AMOUNT_FIRST = re.compile(
    rf"(?<![\d.,])(?:(?P<lo>{_NUMBER})\s*(?P<lo_unit>{_UNIT})?{_SEP})?"
    rf"(?P<hi>{_NUMBER})\s*(?P<unit>{_UNIT})\b(?!\s*\+)"
)
# "Months 0-3", "weeks 1 to 4"
_UNIT_FIRST = re.compile(
    rf"\b(?P<unit>{_UNIT})\s+(?:(?P<lo>{_NUMBER}){_SEP})?(?P<hi>{_NUMBER})\b(?!\s*\+)"
)
_DAYS_PER_MONTH = 30.4375  # only for fractions of a month ("1.5 months")


@dataclass(frozen=True, slots=True)
class Span:
    """An amount of calendar time: whole months plus days."""

    months: int = 0
    days: int = 0


@dataclass(frozen=True, slots=True)
class Duration:
    """A parsed phase duration: its upper bound and, for a range, its lower bound."""

    upper: Span
    lower: Span | None = None  # set for ranges only


def parse_duration(text: str | None) -> Duration | None:
    """Read a phase duration such as "0–3 Months"; None when it names no upper bound."""
    if not text:
        return None
    lowered = text.lower()
    match = _AMOUNT_FIRST.search(lowered) or _UNIT_FIRST.search(lowered)
    if match is None:
        return None
    unit = match.group("unit")
    upper = _span(match.group("hi"), unit)
    lo = match.group("lo")
    if lo is None:
        return Duration(upper=upper)
    lo_unit = match.groupdict().get("lo_unit") or unit
    return Duration(upper=upper, lower=_span(lo, lo_unit))


def add_span(start: date, span: Span) -> date:
    """Add months (clamped to the month's last day: Jan 31 + 1 month = Feb 28/29) then days."""
    month_index = start.month - 1 + span.months
    year, month = start.year + month_index // 12, month_index % 12 + 1
    day = min(start.day, calendar.monthrange(year, month)[1])
    return date(year, month, day) + timedelta(days=span.days)


def phase_due_dates(roadmap: Roadmap) -> dict[str, date | None]:
    """Every phase id → its due date (see the module docstring); all None without a start."""
    start = _parse_start(roadmap.settings.start)
    due: dict[str, date | None] = {}
    previous_end: date | None = start
    for phase in roadmap.phases:
        duration = parse_duration(phase.duration)
        end: date | None = None
        if start is not None and duration is not None:
            as_written = duration.lower is not None and (
                previous_end is None or add_span(start, duration.upper) >= previous_end
            )
            if as_written:
                end = add_span(start, duration.upper)
            elif previous_end is not None:
                end = add_span(previous_end, duration.upper)
        due[phase.id] = end
        previous_end = end
    return due


def due_on(day: date) -> str:
    """The timestamp GitHub's milestone API takes for a due date.

    GitHub floors ``due_on`` to midnight US Pacific time and drops the time, so midnight UTC
    lands on the previous day; noon UTC keeps the date (the workaround in
    wordpress-mobile/release-toolkit#419 and microsoft/PowerShellForGitHub#133).
    """
    return f"{day.isoformat()}T12:00:00Z"


def milestone_title(phase: Phase) -> str:
    """ "Phase 0: Foundations" for id ``phase0``; the phase title alone for other ids."""
    match = re.fullmatch(r"phase[-_]?(\d+)", phase.id)
    if match is None or phase.title.lower().startswith("phase"):
        return phase.title
    return f"Phase {int(match.group(1))}: {phase.title}"


def _span(number: str, unit: str) -> Span:
    value = float(number.replace(",", "."))
    if unit.startswith("y"):
        return _months(value * 12)
    if unit.startswith("m"):
        return _months(value)
    if unit.startswith("w"):
        return Span(days=round(value * 7))
    return Span(days=round(value))


def _months(value: float) -> Span:
    whole = int(value)
    return Span(months=whole, days=round((value - whole) * _DAYS_PER_MONTH))


def _parse_start(text: str | None) -> date | None:
    if not text:
        return None
    try:
        return date.fromisoformat(text)
    except ValueError:
        return None  # the schema rejects a bad start; without one there are no due dates
