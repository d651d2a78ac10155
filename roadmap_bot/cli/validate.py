"""``roadmap-bot validate``: check roadmap.yaml and report every problem with its line."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from roadmap_bot.cli.common import DEFAULT_CONFIG, add_config_argument, config_path
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
    items = sum(1 for _ in roadmap.items())
    sections = sum(len(p.sections) for p in roadmap.phases)
    print(f"{path}: ok — {len(roadmap.phases)} phases, {sections} sections, {items} items")
    return 0
