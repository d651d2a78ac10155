"""``roadmap-bot status``: a terminal table of progress per phase."""

from __future__ import annotations

import argparse
from typing import Any

from roadmap_bot.adapters.project import load_project
from roadmap_bot.cli.common import add_config_argument
from roadmap_bot.core.progress import roadmap_progress
from roadmap_bot.core.render.summary import progress_table


def register(sub: Any) -> None:
    parser = sub.add_parser(
        "status",
        help="print progress per phase",
        description="Print a table of done/total items per phase and overall.",
    )
    add_config_argument(parser)
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    project = load_project(args.config)
    print(project.roadmap.title)
    print(progress_table(roadmap_progress(project.roadmap, project.state)))
    return 0
