"""``roadmap-bot respond``: answer one webhook event (comment commands, issue close or reopen)."""

from __future__ import annotations

import argparse
import json
from dataclasses import asdict
from pathlib import Path
from typing import Any

from roadmap_bot.core.commands.events import Ignored, event_from_payload
from roadmap_bot.errors import UsageError
from roadmap_bot.jobs.respond.comments import RespondResult, respond
from roadmap_bot.jobs.session import environment, github_session, utc_now

MAX_PAYLOAD = 25 * 1024 * 1024  # GitHub caps webhook payloads at 25 MB


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
    name = args.event_name or env.get("GITHUB_EVENT_NAME")
    path = args.event_path or (
        Path(env["GITHUB_EVENT_PATH"]) if env.get("GITHUB_EVENT_PATH") else None
    )
    if not name or path is None:
        raise UsageError("which event? pass --event-name NAME and --event-path FILE")
    event = event_from_payload(name, read_payload(path))
    if isinstance(event, Ignored):
        print(f"nothing to do: {event.reason}")
        return 0
    repo = args.repo or getattr(event, "repo", None)
    with github_session(args.config, env, repo=repo) as session:
        result = respond(session, event, now=utc_now(), dry_run=args.dry_run)
    print_result(result, as_json=args.json, dry_run=args.dry_run)
    return result.exit_code


def read_payload(path: Path) -> Any:
    """The parsed payload file; an unreadable, oversized or non-JSON file is a UsageError."""
    try:
        if path.stat().st_size > MAX_PAYLOAD:
            raise UsageError(f"{path}: larger than GitHub's 25 MB payload limit; pass the real one")
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError) as exc:
        raise UsageError(f"cannot read the event payload {path}: {exc}") from exc
    except json.JSONDecodeError as exc:
        raise UsageError(
            f"{path}:{exc.lineno}:{exc.colno}: not JSON ({exc.msg}); pass the file GitHub wrote "
            "to $GITHUB_EVENT_PATH"
        ) from exc


def print_result(result: RespondResult, *, as_json: bool, dry_run: bool) -> None:
    """The result as JSON, or one line per change (and the replies in a dry run)."""
    if as_json:
        print(json.dumps(asdict(result), indent=2, ensure_ascii=False))
        return
    for label in ("ticked", "unticked", "skipped", "unskipped", "linked", "unlinked"):
        ids = getattr(result, label)
        if ids:
            print(f"{label}: {', '.join(ids)}")
    issues = (
        ("opened", result.opened),
        ("closed", result.closed),
        ("parked", result.parked),
        ("reopened", result.reopened),
    )
    for verb, pairs in issues:
        for item_id, number in pairs:
            print(f"{verb} #{number} for {item_id}")
    for reply in result.replies:
        print(f"--- reply (dry run) ---\n{reply}" if dry_run else f"replied: {reply}")
    for comment_id in result.deleted:
        print(f"deleted duplicate reply {comment_id}")
    for note in result.notes:
        print(f"note: {note}")
    if not (result.answered or result.notes or result.commits or result.deleted):
        print("nothing to answer")
