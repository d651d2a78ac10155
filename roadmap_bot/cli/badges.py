"""``roadmap-bot badges``: write the badge JSON/SVG files and the roadmap card, offline."""

from __future__ import annotations

import argparse
import datetime as dt
import os
from pathlib import Path
from typing import Any

from roadmap_bot.cli.common import add_config_argument
from roadmap_bot.errors import RoadmapBotError, UsageError


def register(sub: Any) -> None:
    parser = sub.add_parser(
        "badges",
        help="write progress badges (shields endpoint JSON + SVG) and the roadmap card",
        description=(
            "Write progress.{json,svg}, current.*, one pair per phase, one pair per linked GitHub "
            "repo (repos/owner__name.*) and card.svg/card-dark.svg into the badges folder "
            "(settings.badges_dir, default .github/roadmap). Only changed files are written."
        ),
        epilog="exit codes: 0 ok (or up to date with --check), 1 --check found changes, 2 bad input",
    )
    add_config_argument(parser)
    parser.add_argument(
        "--out", type=Path, help="folder to write into (default: badges_dir next to the config)"
    )
    parser.add_argument(
        "--today",
        help="the card's 'Updated' date, YYYY-MM-DD (default: the newest tick or skip, else today)",
    )
    parser.add_argument(
        "--repo",
        help="the roadmap's own owner/name, for the profile and project snippets "
        "(default: $GITHUB_REPOSITORY)",
    )
    parser.add_argument(
        "--roadmap-url", help="where project badges link to (default: https://github.com/REPO)"
    )
    parser.add_argument(
        "--check", action="store_true", help="write nothing; exit 1 if any badge file is stale"
    )
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    from roadmap_bot.adapters.files import inside, write_files
    from roadmap_bot.core.render.badges import badge_files, last_activity_date
    from roadmap_bot.core.repopaths import PathKind
    from roadmap_bot.jobs.loading import load_local

    loaded = load_local(args.config)
    today = _date(args.today) if args.today else last_activity_date(loaded.state)
    files = badge_files(
        loaded.roadmap,
        loaded.state,
        today=today or dt.datetime.now(dt.UTC).date().isoformat(),
        roadmap_url=args.roadmap_url,
        repo_slug=args.repo or os.environ.get("GITHUB_REPOSITORY") or None,
        overrides=loaded.overrides,
    )
    out: Path = (
        args.out
        if args.out is not None
        else inside(args.config.parent, loaded.roadmap.settings.badges_dir, kind=PathKind.FOLDER)
    )
    if args.check:
        stale = [rel for rel, data in files.items() if not _same(out / rel, data)]
        for rel in stale:
            print(f"{out / rel}: out of date")
        if stale:
            print("run `roadmap-bot badges` to update them")
            return 1
        print(f"{out}: {len(files)} badge files up to date")
        return 0
    try:
        changed = write_files(out, files)
    except OSError as exc:
        raise RoadmapBotError(
            f"could not write badges into {out}: {exc.strerror or exc}; "
            "check the folder is writable or pass --out DIR"
        ) from exc
    for rel in changed:
        print(f"{out / rel}: written")
    print(f"{out}: {len(changed)} of {len(files)} badge files changed")
    return 0


def _date(text: str) -> str:
    try:
        return dt.date.fromisoformat(text).isoformat()
    except ValueError as exc:
        raise UsageError(
            f"--today {text!r} is not a date: use YYYY-MM-DD, e.g. 2025-03-14"
        ) from exc


def _same(path: Path, data: bytes) -> bool:
    return path.is_file() and path.read_bytes() == data
