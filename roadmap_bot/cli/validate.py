"""``roadmap-bot validate``: check roadmap.yaml and report every problem with its line."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from roadmap_bot.adapters.project import load_config


def register(sub: Any) -> None:
    parser = sub.add_parser(
        "validate",
        help="check roadmap.yaml (exit 2 with file:line:column messages when invalid)",
        description="Check roadmap.yaml against its schema, ids, repo names and evidence rules.",
        epilog="exit codes: 0 valid, 2 invalid or unreadable",
    )
    parser.add_argument("file", nargs="?", type=Path, default=Path("roadmap.yaml"))
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    roadmap = load_config(args.file)
    items = sum(1 for _ in roadmap.items())
    sections = sum(len(p.sections) for p in roadmap.phases)
    print(f"{args.file}: ok — {len(roadmap.phases)} phases, {sections} sections, {items} items")
    return 0
