"""``roadmap-bot status``: a terminal table of progress per phase."""

from __future__ import annotations

import argparse
from typing import Any

from roadmap_bot.cli.common import add_config_argument
from roadmap_bot.core.progress import roadmap_progress
from roadmap_bot.core.render.summary import progress_table
from roadmap_bot.jobs.loading import load_local


def register(sub: Any) -> None:
    parser = sub.add_parser(
        "status",
        help="print progress per phase",
        description="Print a table of done/total items per phase and overall.",
    )
    add_config_argument(parser)
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    loaded = load_local(args.config)
    print(loaded.roadmap.title)
    print(progress_table(roadmap_progress(loaded.roadmap, loaded.state)))
    return 0
