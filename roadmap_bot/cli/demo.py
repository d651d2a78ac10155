"""``roadmap-bot demo``: copy the built-in demo roadmap and run the offline sync on it."""

from __future__ import annotations

import argparse
import sys
from importlib import resources
from importlib.abc import Traversable
from pathlib import Path
from typing import Any

from roadmap_bot.adapters.clock import utc_now
from roadmap_bot.cli.report import progress_bar, sync_report
from roadmap_bot.jobs.session import environment, offline_session
from roadmap_bot.jobs.sync import SyncOptions, sync


def register(sub: Any) -> None:
    parser = sub.add_parser(
        "demo",
        help="run the offline sync on the built-in demo (no token, no network)",
        description=(
            "Copy the built-in demo (a roadmap whose project items link to three tiny example "
            "projects) into DIR, unless it is there already, then run `roadmap-bot sync --offline` "
            "on it: qualifying projects are ticked with their reasons, README, state file and "
            "badges are written, and the issues it would open are printed."
        ),
    )
    parser.add_argument("dir", nargs="?", type=Path, default=Path("roadmap-demo"))
    parser.add_argument("--json", action="store_true", help="print the result as JSON")
    parser.set_defaults(handler=run)


def copy_tree(source: Traversable, target: Path) -> int:
    """Copy a packaged folder; return the number of files written."""
    target.mkdir(parents=True, exist_ok=True)
    count = 0
    for entry in source.iterdir():
        if entry.name == "__pycache__":
            continue
        if entry.is_dir():
            count += copy_tree(entry, target / entry.name)
        else:
            (target / entry.name).write_bytes(entry.read_bytes())
            count += 1
    return count


def run(args: argparse.Namespace) -> int:
    config = args.dir / "roadmap.yaml"
    if not config.exists():
        files = copy_tree(resources.files("roadmap_bot") / "demo", args.dir)
        said = f"demo copied to {args.dir}/ ({files} files)"
    else:
        said = f"using the demo in {args.dir}/"
    # with --json, standard output holds the JSON alone
    print(
        f"{said}; running `roadmap-bot sync --offline` there\n",
        file=sys.stderr if args.json else sys.stdout,
    )
    session = offline_session(config, environment(), on_progress=progress_bar())
    options = SyncOptions.of(session, now=utc_now(), dry_run=False)
    with session.output.group("roadmap-bot sync"):
        result = sync(session.workspace, None, session.providers, options)
    code = sync_report(session, result, as_json=args.json, dry_run=False, offline=True)
    if not args.json:
        print(
            f"\nlook at {args.dir}/README.md, {args.dir}/roadmap.state.json and {args.dir}/.github/roadmap/"
        )
    return code
