"""Convergence under faults: every faulted `roadmap-bot sync` ends cleanly, and a clean rerun
reaches exactly the end state of a fault-free run (same ticks and files, one issue per item).

Faults come from the fake GitHub (5xx, dropped connections, timeouts, 403/429 with
retry-after, the roadmap branch moved between read and write). A crash after a single write is
a ``SimulatedCrash`` raised by a wrapper around the client right after a write operation
returned: a dropped connection cannot stand for it, because the fake drops a request *before*
carrying it out, while a crash comes *after* GitHub did the write. Timeouts give that case for
single requests too: the fake finishes the write after the client gave up on the answer.

``CONVERGENCE_EXAMPLES`` raises the number of random schedules (default 25, about 30 s)."""

from __future__ import annotations

import time

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from tests.fakegithub import Fault
from tests.support.convergence import (
    EXAMPLES,
    SLOW,
    STAGES,
    TALLY,
    TARGETS,
    assert_clean_end,
    assert_converged,
    cli_run,
    faults,
    reference,
    world,
)
from tests.syncharness import (
    CrashAfterWrites,
    fired_faults,
)


@pytest.mark.parametrize("stage", STAGES)
def test_a_crash_after_any_single_write_then_a_rerun_converges(stage: str) -> None:
    fake = world(stage)
    probe: list[CrashAfterWrites] = []
    assert cli_run(fake, probe=probe)[0] == 0
    fake.stop()
    writes = probe[0].writes
    assert writes >= 4  # the commit and issue actions at least: the crash points below are real
    for after in range(1, writes + 1):
        fake = world(stage)
        try:
            code, err = cli_run(fake, crash_after=after)
            assert_clean_end(code, err)
            assert_converged(fake, stage)
            TALLY["schedules tried"] += 1
        finally:
            fake.stop()


@settings(
    max_examples=EXAMPLES,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
    print_blob=True,
)
@given(
    stage=st.sampled_from(STAGES),
    schedule=st.lists(faults(), min_size=1, max_size=3),
    crash_after=st.none() | st.integers(1, 8),
)
@example(
    stage="cold", schedule=[Fault(TARGETS["ref update"], move_ref=True, times=6)], crash_after=None
)
@example(stage="update", schedule=[Fault(TARGETS["comment"], delay=SLOW)], crash_after=None)
@example(
    stage="cold", schedule=[Fault(TARGETS["issue create"], drop=True, after=1)], crash_after=None
)
@example(
    stage="update", schedule=[Fault(TARGETS["graphql"], status=502, times=6)], crash_after=None
)
@example(
    stage="cold", schedule=[Fault("*", status=429, retry_after=3600, after=4)], crash_after=None
)
def test_any_fault_schedule_ends_cleanly_and_a_clean_rerun_converges(
    stage: str, schedule: list[Fault], crash_after: int | None
) -> None:
    reference(stage)
    fake = world(stage)
    try:
        for fault in schedule:
            fake.inject(fault)
        code, err = cli_run(fake, crash_after=crash_after)
        TALLY["schedules tried"] += 1
        TALLY["faults injected"] += fired_faults(fake)
        assert_clean_end(code, err)
        fake.clear_faults()
        if any(f.delay for f in schedule):
            time.sleep(SLOW)  # let a request the client gave up on finish on the fake's side
        assert_converged(fake, stage)
    finally:
        fake.stop()


def test_the_reference_runs_tick_close_and_open_what_the_stage_promises() -> None:
    cold, update = reference("cold"), reference("update")
    qualified = {f"phase0.project-000{i}" for i in range(3)}
    assert set(cold.ticks) == qualified
    assert set(cold.open_issues) == {"phase0.project-0003", "phase0.project-0004"}
    assert set(update.ticks) == qualified | {"phase0.project-0003"}
    assert update.closed_completed == {"phase0.project-0003"}
    assert update.tick_comments.get("phase0.project-0003") == 1
    assert set(update.open_issues) == {"phase0.project-0004", "phase0.project-0005"}
