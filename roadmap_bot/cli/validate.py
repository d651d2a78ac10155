"""``roadmap-bot validate``: check roadmap.yaml and report every problem with its line."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from roadmap_bot.cli.common import DEFAULT_CONFIG, add_config_argument, config_path
from roadmap_bot.core.model import Roadmap
from roadmap_bot.errors import UsageError
from roadmap_bot.jobs.loading import load_local_roadmap


def register(sub: Any) -> None:
    parser = sub.add_parser(
        "validate",
        help="check roadmap.yaml (exit 2 with file:line:column messages when invalid)",
        description="Check roadmap.yaml against its schema, ids, repo names and evidence rules.",
        epilog="exit codes: 0 valid, 2 invalid or unreadable",
    )
    parser.add_argument(
        "file", nargs="?", type=config_path, help="the roadmap file or its folder (as -c)"
    )
    add_config_argument(parser, default=None)  # -c as every other command takes it
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    if args.file is not None and args.config is not None and args.file != args.config:
        raise UsageError(f"two roadmap files given ({args.file} and -c {args.config}): name one")
    path = args.file or args.config or Path(DEFAULT_CONFIG)
    roadmap, _ = load_local_roadmap(path)
    sections = sum(len(p.sections) for p in roadmap.phases)
    print(f"{path}: ok — {len(roadmap.phases)} phases, {sections} sections, {item_counts(roadmap)}")
    return 0


def item_counts(roadmap: Roadmap) -> str:
    """``40 items (12 of them grouped under 4 parent items)``: the items as the README's
    progress counts them (an item with children counts through its children, never as one
    more), and the parents when there are any (``import`` prints the same)."""
    leaves = grouped = parents = 0
    for phase in roadmap.phases:
        for section in phase.sections:
            for top in section.items:
                for item in top.walk():
                    if item.children:
                        parents += 1
                    else:
                        leaves += 1
                        grouped += 0 if item is top else 1
    if not parents:
        return f"{leaves} items"
    under = f"{parents} parent item{'s' if parents != 1 else ''}"
    which = "all of them" if grouped == leaves else f"{grouped} of them"
    return f"{leaves} items ({which} grouped under {under})"
