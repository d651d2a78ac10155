"""Benchmark the action's overhead: install + start, today's pip path against the locked uv path.

Run: ``python benchmarks/bench_action_overhead.py`` (``--repeat K``, default 3). Per repeat, in
one run of this script:

- ``baseline``: what action.yml did before the lock: ``python -m venv`` + ``pip install .``
  (unpinned, ``--no-cache-dir``) + ``roadmap-bot --version``; then, not counted in the baseline,
  the same ``/done`` run as below with that environment.
- ``cold`` (a cache miss): action.yml's own ``env`` (key) and ``install`` step scripts, read from
  action.yml and run with bash as the runner would (uv bootstrapped by pip ``--require-hashes``
  with ``--no-cache-dir``, uv's cache a fresh empty folder), then a ``/done`` comment handled by
  ``roadmap-bot action`` from that environment against the fake GitHub.
- ``warm`` (a cache hit): the ``env`` step, no install (the environment is the cold run's, as the
  cache restores it), and the same ``/done`` run.

Each ``/done`` run gets a fresh world in the fake GitHub (served from a thread of this process on
loopback): ``ada/roadmap`` after its first scheduled run, issue #1 open for ``phase0.python``.
Wall time is ``time.perf_counter``; CPU time is the children's user + system time
(``RUSAGE_CHILDREN``), so the fake's own work is not counted. Results go to
``benchmarks/results/action-overhead.json`` and ``.md``.
"""

from __future__ import annotations

import argparse
import itertools
import json
import os
import platform
import re
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
# A runner writes bytecode; a machine that says not to would make every run compile again.
os.environ.pop("PYTHONDONTWRITEBYTECODE", None)
# pip reads no configuration file: this machine's adds local package folders (find-links, extra
# indexes) that uv does not read, so pip would install from disk what uv downloads. With none, both
# get every package from the same index, as on a GitHub runner.
PIP_ENV = {
    "PIP_CONFIG_FILE": os.devnull,
    "PIP_NO_CACHE_DIR": "1",
    "PIP_DISABLE_PIP_VERSION_CHECK": "1",
}

from tests.fakegithub.fake import FakeGitHub  # noqa: E402
from tests.support.action import parse_outputs, run_action, runner_env  # noqa: E402
from tests.support.respond import (  # noqa: E402
    NOTES_README,
    PEOPLE,
    REPO,
    ROADMAP,
    STRANGER,
    comment_payload,
)

DONE = "/done phase0.python finished the course"
TARGET_RATIO = 4.0
TARGET_WARM_S = 1.0
# What the action's checkout holds that the install reads (the rest of the repo is not needed).
ACTION_FILES = ("pyproject.toml", "README.md", "LICENSE", "action.yml")
ACTION_DIRS = ("roadmap_bot", "requirements")


@dataclass
class Phase:
    wall_s: float
    cpu_s: float


@dataclass
class Scenario:
    phases: dict[str, Phase] = field(default_factory=dict)
    commands: dict[str, float] = field(default_factory=dict)  # the install step's, by command
    venv_mb: float = 0.0

    def total(self, *names: str) -> Phase:
        chosen = [self.phases[n] for n in names]
        return Phase(sum(p.wall_s for p in chosen), sum(p.cpu_s for p in chosen))


def timed(run: Callable[[], subprocess.CompletedProcess[str]]) -> tuple[Phase, str]:
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    done = run()
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    if done.returncode != 0:
        raise SystemExit(f"failed ({done.returncode}): {done.args}\n{done.stdout}\n{done.stderr}")
    return Phase(round(wall, 3), round(cpu, 3)), done.stdout


def action_checkout(into: Path) -> Path:
    """A copy of this working tree as the runner checks the action out (GITHUB_ACTION_PATH)."""
    for name in ACTION_FILES:
        shutil.copy2(ROOT / name, into / name)
    for name in ACTION_DIRS:
        shutil.copytree(
            ROOT / name, into / name, ignore=shutil.ignore_patterns("__pycache__", "*.pyc")
        )
    return into


def action_steps() -> dict[str, dict[str, Any]]:
    action = yaml.safe_load((ROOT / "action.yml").read_text("utf-8"))
    return {s["id"]: s for s in action["runs"]["steps"] if "id" in s}


def run_step(step: dict[str, Any], env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    """One ``run:`` step of action.yml, with its literal ``env:`` values (expressions are given)."""
    literal = {k: str(v) for k, v in step.get("env", {}).items() if "${{" not in str(v)}
    return subprocess.run(
        ["bash", "-c", step["run"]],
        env={**env, **literal},
        capture_output=True,
        text=True,
        check=False,
    )


class World:
    """A fresh fake GitHub per ``/done`` run: the roadmap after its first scheduled run (as in
    tests/cli/test_action_respond.py), then the ``/done`` comment on its issue #1."""

    def __init__(self, scratch: Path) -> None:
        self.scratch, self.count = scratch, 0

    def done_run(self, command: list[str]) -> subprocess.CompletedProcess[str]:
        self.count += 1
        with FakeGitHub() as fake:
            done = self._run(fake, command)
        if fake.errors:
            raise SystemExit("the fake GitHub crashed:\n" + "\n".join(fake.errors))
        return done

    def _run(self, fake: FakeGitHub, command: list[str]) -> subprocess.CompletedProcess[str]:
        fake.add_repo(REPO, files={"roadmap.yaml": ROADMAP, "README.md": "# My roadmap\n"})
        for login, permission in PEOPLE.items():
            fake.add_collaborator(REPO, login, permission)
        fake.add_user(STRANGER)
        fake.add_repo("ada/rag-notes", files={"README.md": NOTES_README})
        seed_dir = self.scratch / f"seed{self.count}"
        seed_dir.mkdir()
        first = run_action(fake, seed_dir, event="schedule", payload={"schedule": "17 6 * * *"})
        assert first.code == 0 and first.json_output("opened") == [1, 2], first.log
        payload = comment_payload(fake, 1, DONE)
        run_dir = self.scratch / f"run{self.count}"
        (run_dir / "workspace").mkdir(parents=True)
        event = run_dir / "event.json"
        event.write_text(json.dumps(payload), "utf-8")
        (run_dir / "output").touch()
        (run_dir / "summary.md").touch()
        # as tests/support/action.py's run_action, without PYTHONPATH: the venv's package
        env = runner_env(fake, run_dir, event="issue_comment")
        done = subprocess.run(
            [*command, "action"],
            env=env,
            cwd=run_dir / "workspace",
            capture_output=True,
            text=True,
            check=False,
        )
        outputs = parse_outputs((run_dir / "output").read_text("utf-8"))
        if done.returncode == 0 and json.loads(outputs.get("ticked", "[]")) != ["phase0.python"]:
            done.returncode = 1
            done.stderr += f"\n/done ticked {outputs.get('ticked')!r}, not phase0.python"
        return done


def version(command: list[str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run([*command, "--version"], capture_output=True, text=True, check=False)


def baseline(work: Path, checkout: Path, world: World) -> Scenario:
    """action.yml before the lock: a venv with pip, ``pip install .`` unpinned, then start."""
    venv = work / "baseline-venv"
    env = {**os.environ, **PIP_ENV}
    pip = [str(venv / "bin" / "python"), "-m", "pip", "install", "--no-input", "--quiet"]
    command = [str(venv / "bin" / "roadmap-bot")]
    scenario = Scenario()
    scenario.phases["venv"], _ = timed(
        lambda: subprocess.run(
            [sys.executable, "-m", "venv", str(venv)], capture_output=True, text=True, check=False
        )
    )
    scenario.phases["install"], _ = timed(
        lambda: subprocess.run(
            [*pip, str(checkout)], env=env, capture_output=True, text=True, check=False
        )
    )
    scenario.phases["version"], _ = timed(lambda: version(command))
    scenario.phases["done_run"], _ = timed(lambda: world.done_run(command))
    return scenario


COMMANDS = (
    ("bootstrap uv (pip --require-hashes --target)", "-m pip install"),
    ("uv venv", " venv "),
    ("uv pip install the lock (--require-hashes)", "action.lock.txt"),
    ("copy the package's folder into the environment", "cp -R"),
    ("compile the package", "compileall"),
)


def step_times(trace: str) -> dict[str, float]:
    """Seconds per command of the install step, from bash's ``set -x`` lines stamped by PS4."""
    stamps = [
        (float(m.group(1)), m.group(2)) for m in re.finditer(r"^\+ (\d+\.\d+) (.*)$", trace, re.M)
    ]
    times: dict[str, float] = {}
    for (start, command), (end, _) in itertools.pairwise(stamps):
        for name, needle in COMMANDS:
            if needle in command:
                times[name] = round(end - start, 3)
    return times


def locked(work: Path, checkout: Path, world: World) -> tuple[Scenario, Scenario]:
    """action.yml now: a cache miss (cold), then a cache hit (warm) of the same key."""
    steps = action_steps()
    runner_temp = work / "runner-temp"
    runner_temp.mkdir()
    output = work / "github-output"
    output.touch()
    env = {
        **os.environ,  # the machine's, as a runner's steps get theirs (certificates, proxies)
        "PYTHON": sys.executable,
        "PYTHON_VERSION": platform.python_version(),
        "ACTION_REF": "v1",
        "GITHUB_ACTION_PATH": str(checkout),
        "GITHUB_OUTPUT": str(output),
        "RUNNER_OS": "Linux",
        "RUNNER_ARCH": "X64",
        "RUNNER_TEMP": str(runner_temp),
        **PIP_ENV,
        "UV_CACHE_DIR": str(work / "uv-cache"),  # empty: a cold cache
    }
    cold = Scenario()
    cold.phases["key"], _ = timed(lambda: run_step(steps["env"], env))
    outputs = parse_outputs(output.read_text("utf-8"))
    venv = Path(outputs["venv"])
    command = [outputs["python"], "-I", "-m", "roadmap_bot"]  # as action.yml's run step
    # Bash ignores PS4 from the environment when run as root: set it in the script. `set -x`
    # stamps each command with its start time; the final `:` stamps the end of the last one.
    script = "PS4='+ $EPOCHREALTIME '\nset -x\n" + steps["install"]["run"] + "\n:\n"
    trace: list[str] = []

    def install() -> subprocess.CompletedProcess[str]:
        done = run_step({**steps["install"], "run": script}, {**env, "VENV": str(venv)})
        trace.append(done.stderr)
        return done

    cold.phases["install"], _ = timed(install)
    cold.commands = step_times(trace[0])
    # What actions/cache/save stores: the environment right after the install step.
    saved = work / "cache-entry"
    shutil.copytree(venv, saved, symlinks=True)
    cold.phases["version"], _ = timed(lambda: version(command))
    cold.phases["done_run"], _ = timed(lambda: world.done_run(command))

    # A cache hit: the same path holds exactly what was saved; the key step runs, no install.
    shutil.rmtree(venv)
    shutil.copytree(saved, venv, symlinks=True)
    warm = Scenario()
    output.write_text("", "utf-8")
    warm.phases["key"], _ = timed(lambda: run_step(steps["env"], env))
    assert parse_outputs(output.read_text("utf-8"))["key"] == outputs["key"]
    warm.phases["version"], _ = timed(lambda: version(command))
    shutil.rmtree(venv)
    shutil.copytree(saved, venv, symlinks=True)
    warm.phases["key+done"], _ = timed(lambda: run_step(steps["env"], env))
    warm.phases["done_run"], _ = timed(lambda: world.done_run(command))
    warm.venv_mb = du_mb(saved)
    return cold, warm


def median_phase(runs: list[Scenario], *names: str) -> Phase:
    totals = [r.total(*names) for r in runs]
    return Phase(
        round(statistics.median(t.wall_s for t in totals), 2),
        round(statistics.median(t.cpu_s for t in totals), 2),
    )


def du_mb(path: Path) -> float:
    files = (p for p in path.rglob("*") if p.is_file() and not p.is_symlink())
    return round(sum(p.stat().st_size for p in files) / 1e6, 1)


def row(path: str, what: str, phase: Phase) -> dict[str, Any]:
    return {"path": path, "what": what, **asdict(phase)}


def summarise(base: list[Scenario], cold: list[Scenario], warm: list[Scenario]) -> dict[str, Any]:
    b, c, w = "baseline: pip, unpinned", "cold: cache miss, lock + uv", "warm: cache hit"
    start_base = median_phase(base, "venv", "install", "version")
    start_cold = median_phase(cold, "key", "install", "version")
    start_warm = median_phase(warm, "key", "version")
    done_base = median_phase(base, "venv", "install", "done_run")
    done_cold = median_phase(cold, "key", "install", "done_run")
    done_warm = median_phase(warm, "key+done", "done_run")
    return {
        "rows": [
            row(b, "`python -m venv` + `pip install .` + `roadmap-bot --version`", start_base),
            row(b, "  of which `pip install .`", median_phase(base, "install")),
            row(c, "key step + install step + `roadmap-bot --version`", start_cold),
            row(c, "  of which the install step", median_phase(cold, "install")),
            row(w, "key step + `roadmap-bot --version` (no install)", start_warm),
            row(b, "`python -m venv` + `pip install .` + the `/done` run", done_base),
            row(c, "key step + install step + the `/done` run", done_cold),
            row(w, "key step + the `/done` run (no install)", done_warm),
            row(w, "  of which the `/done` run", median_phase(warm, "done_run")),
        ],
        "ratio_start": round(start_base.wall_s / start_cold.wall_s, 2),
        "ratio_done": round(done_base.wall_s / done_cold.wall_s, 2),
        "warm_start_s": start_warm.wall_s,
        "warm_done_s": done_warm.wall_s,
        "cold_install_by_command": {
            name: round(statistics.median(r.commands.get(name, 0.0) for r in cold), 2)
            for name, _ in COMMANDS
        },
    }


def report(results: dict[str, Any]) -> str:
    s = results["summary"]
    lines = [
        "# Action overhead: install + start, the pip baseline against the locked uv install",
        "",
        f"Measured {results['date']} on {results['machine']} (Python {results['python']}, "
        f"uv {results['uv']}): {results['repeat']} repeats in one run of "
        "`python benchmarks/bench_action_overhead.py`, medians (every run is in "
        "`action-overhead.json`). Wall is elapsed time; CPU is the user + system time of the "
        "child processes (the fake GitHub serves from the benchmark's own process and is not "
        "counted).",
        "",
        "| path | what is timed | wall s | CPU s |",
        "|---|---|---:|---:|",
    ]
    lines += [
        f"| {r['path']} | {r['what']} | {r['wall_s']:.2f} | {r['cpu_s']:.2f} |" for r in s["rows"]
    ]
    ok = {True: "yes", False: "no"}
    lines += [
        "",
        "| target (issue 16) | measured | met |",
        "|---|---|---|",
        f"| install + start ≥ {TARGET_RATIO:g}× faster than the pip baseline, cold | "
        f"{s['ratio_start']:.1f}× (to `--version`); {s['ratio_done']:.1f}× with the `/done` run "
        f"on both sides | {ok[s['ratio_start'] >= TARGET_RATIO]} |",
        f"| warm (cache hit) install + start < {TARGET_WARM_S:g} s | {s['warm_start_s']:.2f} s "
        f"(key step + `--version`); {s['warm_done_s']:.2f} s with the whole `/done` run | "
        f"{ok[s['warm_start_s'] < TARGET_WARM_S]} |",
        "",
        "The cold install step, by command (median wall s, from its `set -x` trace):",
        "",
    ]
    lines += [f"- {name}: {value:.2f}" for name, value in s["cold_install_by_command"].items()]
    lines += [
        "",
        "**How.** The cold and warm paths run action.yml's own `env` (cache key) and `install`",
        "step scripts, read from action.yml and run with bash with the variables the runner",
        "sets, against a copy of this working tree as the action's checkout. The warm run gets",
        "the environment exactly as the cold run's install step left it (what",
        "`actions/cache/save` stores; the cold run's own start-ups wrote nothing into it), at the",
        "same path, and installs nothing. The `/done` run is `roadmap-bot action` on an",
        "`issue_comment` delivery against the fake GitHub on loopback with no added latency,",
        "each on a fresh world (the roadmap after its first scheduled run): it ticks",
        "`phase0.python`, commits, replies, reacts and closes the issue.",
        "",
        "**Fairness.** Both paths download every package from the same index (PyPI, as on a",
        "GitHub runner): pip with `--no-cache-dir` (the baseline, and the uv bootstrap inside the",
        "cold install), uv with a fresh empty `UV_CACHE_DIR`. pip reads no configuration file",
        "(`PIP_CONFIG_FILE` is the null device): this machine's adds a local mirror on disk",
        "(`find-links`, `extra-index-url`) that uv does not read, which would let pip install",
        "from disk what uv downloads. The baseline's venv is made by `python -m venv` (with pip, as the old action did),",
        "the cold path's by `uv venv` (no pip). The cold install compiles bytecode",
        "(`--compile-bytecode`), the baseline's pip too (its default).",
        "",
        "**Not measured here.** On GitHub a cache hit also downloads and unpacks the",
        f"environment ({results['venv_mb']:.0f} MB on disk here) in `actions/cache/restore`, and a",
        "miss uploads it in `actions/cache/save`; neither can be measured off GitHub.",
    ]
    return "\n".join(lines) + "\n"


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="bench_action_overhead.py", description=__doc__.split("\n")[0]
    )
    parser.add_argument("--repeat", type=int, default=3, help="repeats (default 3); medians")
    parser.add_argument("--out", type=Path, default=ROOT / "benchmarks" / "results")
    args = parser.parse_args(argv)

    base_runs: list[Scenario] = []
    cold_runs: list[Scenario] = []
    warm_runs: list[Scenario] = []
    with tempfile.TemporaryDirectory(prefix="bench-action-") as tmp:
        work = Path(tmp)
        world = World(work / "worlds")
        world.scratch.mkdir()
        for index in range(args.repeat):
            round_dir = work / f"round{index}"
            (round_dir / "action").mkdir(parents=True)
            checkout = action_checkout(round_dir / "action")
            print(f"round {index + 1}/{args.repeat}: baseline", file=sys.stderr, flush=True)
            base_runs.append(baseline(round_dir, checkout, world))
            print(f"round {index + 1}/{args.repeat}: cold, warm", file=sys.stderr, flush=True)
            cold, warm = locked(round_dir, checkout, world)
            cold_runs.append(cold)
            warm_runs.append(warm)
    uv_lock = (ROOT / "requirements" / "uv.lock.txt").read_text("utf-8")
    found = re.search(r"^uv==(\S+)", uv_lock, re.M)
    results: dict[str, Any] = {
        "date": time.strftime("%Y-%m-%d"),
        "machine": f"{os.cpu_count()} cores, {platform.system()} {platform.machine()}",
        "python": platform.python_version(),
        "uv": found.group(1) if found else "?",
        "repeat": args.repeat,
        "venv_mb": warm_runs[-1].venv_mb,
        "targets": {"ratio": TARGET_RATIO, "warm_s": TARGET_WARM_S},
        "summary": summarise(base_runs, cold_runs, warm_runs),
        "runs": {
            name: [{k: asdict(v) for k, v in r.phases.items()} for r in runs]
            for name, runs in (("baseline", base_runs), ("cold", cold_runs), ("warm", warm_runs))
        },
    }
    args.out.mkdir(parents=True, exist_ok=True)
    (args.out / "action-overhead.json").write_text(json.dumps(results, indent=2) + "\n", "utf-8")
    text = report(results)
    (args.out / "action-overhead.md").write_text(text, "utf-8")
    print(text)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
