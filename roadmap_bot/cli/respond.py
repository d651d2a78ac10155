"""``roadmap-bot respond``: answer one webhook event (comment commands, issue close or reopen)."""

from __future__ import annotations

import argparse
from dataclasses import replace
from pathlib import Path
from typing import Any

from roadmap_bot.adapters.actions_env import RunContext
from roadmap_bot.adapters.clock import utc_now
from roadmap_bot.cli.report import print_respond
from roadmap_bot.core.commands.events import Ignored, event_from_payload
from roadmap_bot.errors import UsageError
from roadmap_bot.jobs.respond.comments import respond
from roadmap_bot.jobs.session import environment, github_session


def register(sub: Any) -> None:
    parser = sub.add_parser(
        "respond",
        help="answer comment commands (/done, /link, ...) and issue closes from an event payload",
        description=(
            "Handle one GitHub event the way the action does: an issue_comment with commands gets "
            "👀, one commit with its changes and one reply, then 👍 or 😕; closing a bot-opened "
            "item issue ticks (completed) or skips (not planned) the item, reopening undoes it. "
            "Earlier command comments that never got a reply are answered first."
        ),
        epilog="exit codes: 0 ok, 1 something could not be done (GitHub), 2 bad input",
    )
    parser.add_argument(
        "--event-name", help="issue_comment, issues, ... (default: $GITHUB_EVENT_NAME)"
    )
    parser.add_argument(
        "--event-path", type=Path, help="the event's JSON payload (default: $GITHUB_EVENT_PATH)"
    )
    parser.add_argument("-c", "--config", default="roadmap.yaml", help="path of roadmap.yaml")
    parser.add_argument(
        "--repo", help="owner/name of the roadmap repo (default: the payload's repository)"
    )
    parser.add_argument(
        "--dry-run", action="store_true", help="print the replies; react, write and post nothing"
    )
    parser.add_argument("--json", action="store_true", help="print the result as JSON")
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    env = environment()
    context = RunContext.from_env(env)
    name = args.event_name or context.event_name
    path = args.event_path or context.event_path
    if not name or path is None:
        raise UsageError("which event? pass --event-name NAME and --event-path FILE")
    event = event_from_payload(name, replace(context, event_path=path).event_payload())
    if isinstance(event, Ignored):
        print(f"nothing to do: {event.reason}")
        return 0
    repo = args.repo or getattr(event, "repo", None)
    with github_session(args.config, env, repo=repo) as session:
        result = respond(session, event, now=utc_now(), dry_run=args.dry_run)
    print_respond(result, as_json=args.json, dry_run=args.dry_run)
    return result.exit_code
