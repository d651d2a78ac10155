"""A sync workbench on the fake GitHub: seed a roadmap and N linked repos, run syncs, snapshot.

Shared by tests/jobs/test_sync_scale.py, tests/jobs/test_convergence.py and benchmarks/bench_sync.py
(it holds no tests itself). Everything talks real HTTP to ``tests/fakegithub``.

| module | job |
|---|---|
| `world.py` | the shape of the world, linked repos of realistic shape, seeding, new commits |
| `running.py` | sessions whose retries never sleep, the CLI stand-in, runs, simulated crashes |
| `endstate.py` | the end state of a run (ticks, issues per item, README, files), counts |
"""

from tests.syncharness.endstate import EndState, end_state, fired_faults, requests_by_kind
from tests.syncharness.running import (
    CrashAfterWrites,
    NoWait,
    SimulatedCrash,
    cli_session,
    fake_env,
    github_config,
    run_sync,
    session_for,
    write_count,
)
from tests.syncharness.world import (
    HAND_README,
    KINDS,
    NOW,
    OWNER,
    ROADMAP_REPO,
    Shape,
    item_id,
    kind_of,
    make_qualify,
    new_fake,
    project_files,
    qualifying,
    repo_name,
    roadmap_yaml,
    seed,
    touch,
)

__all__ = [
    "HAND_README",
    "KINDS",
    "NOW",
    "OWNER",
    "ROADMAP_REPO",
    "CrashAfterWrites",
    "EndState",
    "NoWait",
    "Shape",
    "SimulatedCrash",
    "cli_session",
    "end_state",
    "fake_env",
    "fired_faults",
    "github_config",
    "item_id",
    "kind_of",
    "make_qualify",
    "new_fake",
    "project_files",
    "qualifying",
    "repo_name",
    "requests_by_kind",
    "roadmap_yaml",
    "run_sync",
    "seed",
    "session_for",
    "touch",
    "write_count",
]
