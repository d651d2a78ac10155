"""``roadmap-bot sync``: tick what the evidence shows, keep topic issues open, commit once."""

from __future__ import annotations

import argparse
from typing import Any

from roadmap_bot.adapters.clock import utc_now
from roadmap_bot.cli.common import config_path
from roadmap_bot.cli.report import progress_bar, sync_report
from roadmap_bot.core.delivery import COMMIT_MESSAGE
from roadmap_bot.jobs.respond.comments import handle_pending
from roadmap_bot.jobs.session import Session, environment, github_session, offline_session
from roadmap_bot.jobs.sync import Overrides, SyncOptions, SyncResult, sync

__all__ = ["progress_bar", "register", "run"]


def register(sub: Any) -> None:
    parser = sub.add_parser(
        "sync",
        help="check linked repos, tick items, open/close topic issues, commit README/state/badges",
        description=(
            "The main job. Reads roadmap.yaml and the state, checks every linked repo for evidence, "
            "ticks items whose rule holds (with the reasons), keeps up to N issues open for the next "
            "topics, closes them when ticked and writes README, state file and badges in one commit. "
            "Running it twice changes nothing the second time."
        ),
        epilog="exit codes: 0 ok, 1 failure (GitHub, network), 2 bad input (roadmap.yaml, arguments)",
    )
    parser.add_argument(
        "-c",
        "--config",
        default="roadmap.yaml",
        help="roadmap.yaml: a path in the repository, or with --offline a local file or its "
        "folder (default: roadmap.yaml)",
    )
    parser.add_argument(
        "--offline",
        action="store_true",
        help="work on local files only: check local-path and git-URL links, write README/state/badges "
        "locally and print the issues it would open (no token, no GitHub); with --dry-run, "
        "print that plan and write nothing",
    )
    parser.add_argument(
        "--dry-run", action="store_true", help="print the plan; write nothing anywhere"
    )
    parser.add_argument(
        "--repo", help="owner/name of the roadmap repo (default: $GITHUB_REPOSITORY)"
    )
    parser.add_argument("--open-issues", type=int, help="override settings.open_issues")
    parser.add_argument("--commit-message", default=COMMIT_MESSAGE)
    parser.add_argument("--json", action="store_true", help="print the result as JSON")
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    env = environment()
    if args.offline or (args.dry_run and not (args.repo or env.get("GITHUB_REPOSITORY"))):
        session = offline_session(config_path(args.config), env, on_progress=progress_bar())
        result = execute(session, args)
        return sync_report(session, result, as_json=args.json, dry_run=args.dry_run, offline=True)
    with github_session(args.config, env, repo=args.repo, on_progress=progress_bar()) as session:
        settings = Overrides(open_issues=args.open_issues)  # command runs keep the same N
        handle_pending(session, now=utc_now(), dry_run=args.dry_run, settings=settings)
        result = execute(session, args)
        return sync_report(session, result, as_json=args.json, dry_run=args.dry_run, offline=False)


def execute(session: Session, args: argparse.Namespace) -> SyncResult:
    options = SyncOptions.of(
        session,
        now=utc_now(),
        dry_run=args.dry_run,
        commit_message=args.commit_message,
        overrides=Overrides(open_issues=args.open_issues),
    )
    with session.output.group("roadmap-bot sync"):
        return sync(session.workspace, session.tracker, session.providers, options)
