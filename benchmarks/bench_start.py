"""Start-up cost of the CLI: CPU seconds of a whole process (interpreter start included) for
``roadmap-bot --version``, for ``roadmap-bot action`` on events it ignores, and for ``--help``,
which imports every command module (what every command cost before imports became lazy).

    python benchmarks/bench_start.py            # 15 runs each; results/start.md and start.json
    python benchmarks/bench_start.py --runs 5

Each case runs in a fresh child process; its CPU time is the child's user + system time from
``resource.getrusage(RUSAGE_CHILDREN)``. The table gives the least and the median of the runs.
Target (issue 16): ``--version`` and an ignored event each under 0.25 s of CPU.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

RESULTS = Path(__file__).resolve().parent / "results"
TARGET = 0.25


def _cpu(args: list[str], env: dict[str, str]) -> float:
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    subprocess.run(
        [sys.executable, "-m", "roadmap_bot", *args],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        check=False,
    )
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def _cases(folder: Path) -> dict[str, tuple[list[str], dict[str, str]]]:
    base = {k: v for k, v in os.environ.items() if not k.startswith("GITHUB_")}
    events: dict[str, tuple[str, dict[str, object]]] = {
        "action, push (not subscribed)": ("push", {}),
        "action, comment deleted": (
            "issue_comment",
            {"action": "deleted", "comment": {"id": 1}, "issue": {"number": 1}},
        ),
    }
    cases: dict[str, tuple[list[str], dict[str, str]]] = {"--version": (["--version"], base)}
    for n, (title, (name, payload)) in enumerate(events.items()):
        path = folder / f"event{n}.json"
        path.write_text(json.dumps(payload), encoding="utf-8")
        cases[title] = (
            ["action"],
            base
            | {
                "GITHUB_ACTIONS": "true",
                "GITHUB_EVENT_NAME": name,
                "GITHUB_EVENT_PATH": str(path),
                "GITHUB_REPOSITORY": "ada/roadmap",
                "GITHUB_STEP_SUMMARY": str(folder / "summary.md"),
                "GITHUB_OUTPUT": str(folder / "output"),
            },
        )
    cases["--help (every command module)"] = (["--help"], base)
    return cases


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=15)
    args = parser.parse_args()
    rows: list[dict[str, object]] = []
    with tempfile.TemporaryDirectory() as tmp:
        for title, (argv, env) in _cases(Path(tmp)).items():
            _cpu(argv, env)  # warm the file cache and .pyc files
            runs = [_cpu(argv, env) for _ in range(args.runs)]
            rows.append(
                {
                    "case": title,
                    "least": round(min(runs), 3),
                    "median": round(statistics.median(runs), 3),
                    "runs": [round(r, 3) for r in runs],
                }
            )
    lines = [
        "# CLI start-up (benchmarks/bench_start.py)",
        "",
        f"CPU seconds of a whole `python -m roadmap_bot …` process, {args.runs} runs each "
        f"(Python {sys.version.split()[0]}). Target: under {TARGET} s for `--version` and an "
        "ignored event.",
        "",
        "| case | least | median | target met |",
        "|---|---|---|---|",
    ]
    for row in rows:
        met = (
            "—"
            if str(row["case"]).startswith("--help")
            else ("yes" if float(str(row["median"])) < TARGET else "no")
        )
        lines.append(f"| `{row['case']}` | {row['least']} s | {row['median']} s | {met} |")
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / "start.md").write_text("\n".join(lines) + "\n", encoding="utf-8")
    (RESULTS / "start.json").write_text(json.dumps(rows, indent=2) + "\n", encoding="utf-8")
    print("\n".join(lines))


if __name__ == "__main__":
    main()
