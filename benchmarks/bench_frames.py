"""Count how deep a run goes before it talks to GitHub, and how often it parses rules.

Run: ``python benchmarks/bench_frames.py``. Against the fake GitHub on loopback it runs
``roadmap-bot action`` in this process, as the runner would, twice: a scheduled sync and the
``issue_comment`` delivery of a ``/done``. For each it reports

- the Python frames between ``roadmap_bot.cli.main`` and the first HTTP request (the call of
  ``requests.Session.send``), counting only roadmap-bot's own frames and all frames, and the
  module hops (a change of roadmap-bot module from one frame to the next) on that path;
- how many times a rule was parsed (``parse_rule``) and validated (``validate_rule``).

Results go to ``benchmarks/results/frames.md``. The figures are structural (no timing): they
change only when the code's shape does.
"""

from __future__ import annotations

import argparse
import itertools
import os
import sys
import tempfile
from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from types import FrameType
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

PACKAGE = str(ROOT / "roadmap_bot")
COUNTED = ("parse_rule", "validate_rule")


@dataclass
class Trace:
    """What one run showed: the path to its first request and the counted calls."""

    path: list[str] = field(default_factory=list)  # roadmap-bot frames, outermost first
    all_frames: int = 0
    deepest: list[str] = field(default_factory=list)  # the longest path to any request
    calls: Counter[str] = field(default_factory=Counter)

    @property
    def hops(self) -> int:
        modules = [frame.split(":")[0] for frame in self.path]
        return sum(1 for a, b in itertools.pairwise(modules) if a != b)


def _is_main(frame: FrameType) -> bool:
    code = frame.f_code
    return code.co_name == "main" and code.co_filename.endswith(
        os.path.join("roadmap_bot", "cli", "__init__.py")
    )


def _path_to_main(frame: FrameType) -> tuple[list[str], int] | None:
    frames: list[FrameType] = []
    current: FrameType | None = frame
    while current is not None:
        frames.append(current)
        if _is_main(current):
            break
        current = current.f_back
    if current is None:
        return None
    frames.reverse()
    ours = [
        f"{Path(f.f_code.co_filename).relative_to(ROOT)}:{f.f_code.co_name}"
        for f in frames
        if f.f_code.co_filename.startswith(PACKAGE)
    ]
    return ours, len(frames) - 1  # frames below main, up to and including Session.send


@contextmanager
def traced() -> Iterator[Trace]:
    trace = Trace()

    def profile(frame: FrameType, event: str, arg: Any) -> None:
        if event != "call":
            return
        name = frame.f_code.co_name
        if name in COUNTED and frame.f_code.co_filename.startswith(PACKAGE):
            trace.calls[name] += 1
        elif name == "send" and frame.f_code.co_filename.endswith(
            os.path.join("requests", "sessions.py")
        ):
            found = _path_to_main(frame)
            if found is None:
                return
            if not trace.path:
                trace.path, trace.all_frames = found
            if len(found[0]) > len(trace.deepest):
                trace.deepest = found[0]

    sys.setprofile(profile)
    try:
        yield trace
    finally:
        sys.setprofile(None)


def _run_action(fake: Any, run_dir: Path, event: str, payload: dict[str, Any]) -> Trace:
    import json

    from roadmap_bot.cli import main
    from tests.support.action import step_env

    run_dir.mkdir(parents=True)
    (run_dir / "workspace").mkdir()
    event_path = run_dir / "event.json"
    event_path.write_text(json.dumps(payload), "utf-8")
    (run_dir / "output").touch()
    (run_dir / "summary.md").touch()
    env = {
        "CI": "true",
        "GITHUB_ACTIONS": "true",
        "GITHUB_EVENT_NAME": event,
        "GITHUB_EVENT_PATH": str(event_path),
        "GITHUB_REPOSITORY": "ada/roadmap",
        "GITHUB_REPOSITORY_OWNER": "ada",
        "GITHUB_ACTOR": "ada",
        "GITHUB_API_URL": fake.api_url,
        "GITHUB_GRAPHQL_URL": fake.graphql_url,
        "GITHUB_SERVER_URL": fake.server_url,
        "GITHUB_OUTPUT": str(run_dir / "output"),
        "GITHUB_STEP_SUMMARY": str(run_dir / "summary.md"),
        "GITHUB_WORKSPACE": str(run_dir / "workspace"),
        "GITHUB_RUN_ID": "4242",
        "GITHUB_RUN_ATTEMPT": "1",
        "RUNNER_TEMP": str(run_dir),
        "ROADMAP_BOT_MIN_WRITE_INTERVAL": "0",
        **step_env({}, token=fake.token),
    }
    from roadmap_bot.jobs import loading

    # A workflow run is a new process: start each run with the loader's parse cache empty.
    loading._parsed.cache_clear()
    saved = dict(os.environ)
    os.environ.update(env)
    cwd = os.getcwd()
    os.chdir(run_dir / "workspace")
    try:
        with traced() as trace:
            code = main(["action"])
    finally:
        os.chdir(cwd)
        os.environ.clear()
        os.environ.update(saved)
    if code != 0:
        raise SystemExit(f"the {event} run failed with exit code {code}")
    return trace


def measure() -> dict[str, Trace]:
    from tests.fakegithub.fake import FakeGitHub
    from tests.support.respond import NOTES_README, PEOPLE, REPO, ROADMAP, comment_payload

    results: dict[str, Trace] = {}
    with FakeGitHub() as fake, tempfile.TemporaryDirectory() as tmp:
        fake.add_repo(REPO, files={"roadmap.yaml": ROADMAP, "README.md": "# My roadmap\n"})
        for login, permission in PEOPLE.items():
            fake.add_collaborator(REPO, login, permission)
        fake.add_repo("ada/rag-notes", files={"README.md": NOTES_README})
        runs: list[tuple[str, str, Callable[[], dict[str, Any]]]] = [
            ("sync (schedule)", "schedule", lambda: {"schedule": "17 6 * * *"}),
            (
                "/done (issue_comment)",
                "issue_comment",
                lambda: comment_payload(fake, 1, "/done phase0.python finished the course"),
            ),
        ]
        for index, (label, event, payload) in enumerate(runs):
            results[label] = _run_action(fake, Path(tmp) / f"run{index}", event, payload())
    return results


def report(results: dict[str, Trace]) -> str:
    lines = [
        "| run | roadmap-bot frames from `cli.main` to the first request | all frames | "
        "module hops | deepest path to any request (frames) | `parse_rule` calls | "
        "`validate_rule` calls |",
        "|---|---|---|---|---|---|---|",
    ]
    for label, trace in results.items():
        lines.append(
            f"| {label} | {len(trace.path)} | {trace.all_frames} | {trace.hops} | "
            f"{len(trace.deepest)} | {trace.calls['parse_rule']} | {trace.calls['validate_rule']} |"
        )
    for label, trace in results.items():
        lines += ["", f"Path of the {label} run to its first request:", "", "```", *trace.path]
        lines += ["```", "", "Its deepest path to a request:", "", "```", *trace.deepest, "```"]
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="bench_frames.py", description=__doc__.split("\n")[0])
    parser.add_argument("--out", type=Path, default=ROOT / "benchmarks" / "results" / "frames.md")
    args = parser.parse_args(argv)
    text = report(measure())
    print(text)
    args.out.write_text("# Frames to the first request, rule parses per run\n\n" + text, "utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
