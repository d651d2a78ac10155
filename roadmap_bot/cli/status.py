"""``roadmap-bot status``: a terminal table of progress per phase."""

from __future__ import annotations

import argparse
from typing import Any

from roadmap_bot.adapters.project import load_project
from roadmap_bot.cli.common import add_config_argument
from roadmap_bot.core.progress import RoadmapProgress, roadmap_progress
from roadmap_bot.core.render import progress_bar


def register(sub: Any) -> None:
    parser = sub.add_parser(
        "status",
        help="print progress per phase",
        description="Print a table of done/total items per phase and overall.",
    )
    add_config_argument(parser)
    parser.set_defaults(handler=run)


def progress_table(progress: RoadmapProgress) -> str:
    """A fixed-width table: one row per phase, a total row; the current phase marked with ▶."""
    width = max([len(p.title) for p in progress.phases] + [5])
    rows = [f"  {'phase':<8} {'title':<{width}}  {'done':>9}  {'':10}  {'%':>4}"]
    for p in progress.phases:
        mark = "▶" if p.id == progress.current_phase_id else " "
        done = f"{p.done}/{p.total}"
        bar = progress_bar(p.done, p.total)
        skipped = f"  ({p.skipped} skipped)" if p.skipped else ""
        rows.append(
            f"{mark} {p.id:<8} {p.title:<{width}}  {done:>9}  {bar}  {p.percent:>3}%{skipped}"
        )
    total = f"{progress.done}/{progress.total}"
    bar = progress_bar(progress.done, progress.total)
    rows.append(f"  {'total':<8} {'':<{width}}  {total:>9}  {bar}  {progress.percent:>3}%")
    return "\n".join(rows)


def run(args: argparse.Namespace) -> int:
    project = load_project(args.config)
    print(project.roadmap.title)
    print(progress_table(roadmap_progress(project.roadmap, project.state)))
    return 0
