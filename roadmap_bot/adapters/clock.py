"""The run's clock, read at the edge: the core gets the time as a value (ticks, the window)."""

from __future__ import annotations

from datetime import UTC, datetime


def utc_now() -> str:
    """The run's timestamp as ISO-8601 UTC to the second (``2026-03-02T12:00:00Z``)."""
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
