"""The convergence workbench: fault plans, a served world per example, the CLI stand-in
(``cli_run``), the fault-free reference run and the end-state assertions."""

from __future__ import annotations

import io
import os
from collections import Counter
from contextlib import redirect_stderr, redirect_stdout
from typing import Any

import pytest
from hypothesis import strategies as st

from roadmap_bot.cli import main
from roadmap_bot.cli import sync as cli_sync
from tests.fakegithub import FakeGitHub, Fault
from tests.syncharness import (
    NOW,
    ROADMAP_REPO,
    CrashAfterWrites,
    EndState,
    NoWait,
    Shape,
    SimulatedCrash,
    cli_session,
    end_state,
    fake_env,
    make_qualify,
    new_fake,
    run_sync,
    seed,
)

EXAMPLES = int(os.environ.get("CONVERGENCE_EXAMPLES", "25"))


SHAPE = Shape(repos=6, files=30, topics=2, open_issues=2)  # projects 0-2 qualify


STAGES = ("cold", "update")  # first sync ever; or after one, when project 3 gains tests and CI


TIMEOUT = 1.0  # the client's per-request timeout here (PyGithub takes whole seconds)


SLOW = TIMEOUT + 0.5  # a timeout fault holds the answer this long; the fake still does the work


REPO = f"/repos/{ROADMAP_REPO}"


TARGETS = {
    "graphql": "POST /graphql",
    "roadmap reads": f"GET {REPO}/*",
    "git writes": f"POST {REPO}/git/*",
    "ref update": f"PATCH {REPO}/git/refs/*",
    "issue create": f"POST {REPO}/issues",
    "issue edit/close": f"PATCH {REPO}/issues/*",
    "comment": f"POST {REPO}/issues/*/comments",
    "labels, milestones": f"POST {REPO}/[lm]*",
    "any": "*",
}


ROADMAP_TARGETS = [t for t in TARGETS if t not in ("graphql", "any")]  # where a ref may move


TALLY: Counter[str] = Counter()


def convergence_summary() -> str | None:
    """The figures issue 9 asks for; tests/conftest.py prints them in pytest's terminal summary."""
    if not TALLY:
        return None
    figures = ", ".join(f"{key} {TALLY[key]}" for key in sorted(TALLY))
    return f"convergence: {figures} (CONVERGENCE_EXAMPLES={EXAMPLES})"


def fault_of(kind: str, target: str, after: int, times: int, retry_after: int) -> Fault:
    """One fault of ``kind`` on the requests ``target`` names, from the ``after``-th on."""
    match = TARGETS[target]
    if kind == "5xx":
        return Fault(match, status=502, after=after, times=times)
    if kind == "drop":
        return Fault(match, drop=True, after=after, times=times)
    if kind == "timeout":
        return Fault(match, delay=SLOW, after=after, times=1)
    if kind in ("403", "429"):
        return Fault(match, status=int(kind), retry_after=retry_after, after=after, times=times)
    return Fault(match, move_ref=True, after=after, times=times)  # "ref moved"


def faults() -> st.SearchStrategy[Fault]:
    """Any fault; a moved ref only on the roadmap repo's own requests (a push to a linked repo
    changes the commit a tick records, so no fault-free run could match it)."""
    common = st.tuples(
        st.integers(0, 6), st.sampled_from([1, 2, 6]), st.sampled_from([1, 30, 3600])
    )
    plain = st.builds(
        lambda kind, target, rest: fault_of(kind, target, *rest),
        st.sampled_from(["5xx", "drop", "timeout", "403", "429"]),
        st.sampled_from(sorted(TARGETS)),
        common,
    )
    moved = st.builds(
        lambda target, rest: fault_of("ref moved", target, *rest),
        st.sampled_from(ROADMAP_TARGETS),
        common,
    )
    return st.one_of(plain, moved)


def world(stage: str) -> FakeGitHub:
    """A served fake in the state the stage starts from."""
    fake = new_fake().start()
    seed(fake, SHAPE)
    if stage == "update":
        run_sync(fake)  # the first sync, fault-free
        make_qualify(fake, 3)  # its item has an open issue, which this sync must close
    return fake


def cli_run(
    fake: FakeGitHub, *, crash_after: int | None = None, probe: list[CrashAfterWrites] | None = None
) -> tuple[int | str, str]:
    """`roadmap-bot sync` through the CLI's error boundary; ("crash", "") when it 'died'.

    ``crash_after`` kills the run right after that write operation; ``probe`` receives the
    wrapper, whose ``writes`` then tells how many write operations the run made.
    """

    def wrap(client: Any) -> CrashAfterWrites:
        wrapper = CrashAfterWrites(client, fake, crash_after or 0)
        if probe is not None:
            probe.append(wrapper)
        return wrapper

    err = io.StringIO()
    with pytest.MonkeyPatch.context() as patch:
        for key, value in fake_env(fake).items():
            patch.setenv(key, value)
        for key in ("GITHUB_ACTIONS", "GITHUB_OUTPUT", "GITHUB_STEP_SUMMARY"):
            patch.delenv(key, raising=False)
        session = cli_session(wait=NoWait(), wrap=wrap, timeout=TIMEOUT)
        patch.setattr(cli_sync, "github_session", session)
        patch.setattr(cli_sync, "utc_now", lambda: NOW)
        with redirect_stderr(err), redirect_stdout(io.StringIO()):
            try:
                code: int | str = main(["sync", "--repo", ROADMAP_REPO])
            except SimulatedCrash:
                code = "crash"
    return code, err.getvalue()


_REFERENCE: dict[str, EndState] = {}


def reference(stage: str) -> EndState:
    """The end state of the same stage without any fault (computed once)."""
    if stage not in _REFERENCE:
        fake = world(stage)
        try:
            code, err = cli_run(fake)
            assert code == 0, err
            _REFERENCE[stage] = end_state(fake)
        finally:
            fake.stop()
    return _REFERENCE[stage]


def assert_clean_end(code: int | str, err: str) -> None:
    """Done (0), stopped with a message (1), or killed by the simulated crash."""
    TALLY[f"runs {'crashed' if code == 'crash' else 'done' if code == 0 else 'stopped'}"] += 1
    assert code in (0, 1, "crash"), err
    assert "Traceback" not in err
    if code == 1:
        assert err.startswith("roadmap-bot: ") and len(err.strip()) > 40, err


def assert_converged(fake: FakeGitHub, stage: str) -> None:
    """Rerun without faults; the end state must be the fault-free one."""
    code, err = cli_run(fake)
    assert code == 0, err
    end, expected = end_state(fake), reference(stage)
    TALLY["duplicates found"] += end.duplicates
    TALLY["ticks lost"] += len(set(expected.ticks) - set(end.ticks))
    TALLY["extra issues opened (closed as duplicates)"] += sum(
        max(0, n - expected.all_issues.get(item, 0)) for item, n in end.all_issues.items()
    )
    assert end.duplicates == 0, end.open_issues
    assert end.ticks == expected.ticks
    assert end.open_issues == expected.open_issues
    assert end.closed_completed == expected.closed_completed
    assert all(n == 1 for n in end.tick_comments.values() if n), end.tick_comments
    assert end.readme_outside == expected.readme_outside
    assert end.state_text == expected.state_text
    assert end.files == expected.files  # README, state file and badges, byte for byte
    assert not fake.errors, fake.errors
