"""``roadmap-bot action``: the GitHub Action's entry point; reads inputs and the event, dispatches."""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from roadmap_bot import __version__
from roadmap_bot.adapters.actions_env import ActionsOutput, RunContext
from roadmap_bot.adapters.clock import utc_now
from roadmap_bot.core.commands.events import (
    CommentCreated,
    Dispatched,
    Event,
    Ignored,
    IssueClosed,
    IssueEdited,
    IssueReopened,
    Scheduled,
    event_from_payload,
)
from roadmap_bot.core.delivery import COMMIT_MESSAGE, WRITE_MODES
from roadmap_bot.core.repopaths import PathKind, repo_path
from roadmap_bot.errors import ConfigError, RepoPathError, RoadmapBotError, UsageError

if TYPE_CHECKING:
    from roadmap_bot.jobs.session import Session
    from roadmap_bot.jobs.sync import Overrides

# The jobs (PyGithub, requests, jinja2, jsonschema…) are imported once an event needs work: an
# event the bot ignores is decided with the standard library and the pure core only.

# The events the workflow subscribes to; anything else is a notice and exit 0.
# https://docs.github.com/en/actions/writing-workflows/choosing-when-your-workflow-runs/events-that-trigger-workflows
SYNC_EVENTS = frozenset({"schedule", "workflow_dispatch"})
RESPOND_EVENTS = frozenset({"issue_comment", "issues"})
# getBooleanInput in @actions/core accepts exactly YAML 1.2's core-schema booleans.
TRUE_WORDS = frozenset({"true", "True", "TRUE"})
FALSE_WORDS = frozenset({"false", "False", "FALSE"})
MAX_OPEN_ISSUES = 50  # the schema's maximum for settings.open_issues
DEFAULT_CONFIG = "roadmap.yaml"
SUPPORTED = (
    "schedule, workflow_dispatch, issue_comment (created) and issues (closed, reopened, and "
    "edited for the dashboard)"
)


@dataclass(frozen=True, slots=True)
class ActionInputs:
    """The action's inputs (action.yml), parsed and checked; empty inputs mean the default."""

    config: str = DEFAULT_CONFIG
    dry_run: bool = False
    open_issues: int | None = None  # None: settings.open_issues in roadmap.yaml
    badges_dir: str | None = None  # None: settings.badges_dir in roadmap.yaml
    commit_message: str = COMMIT_MESSAGE
    write_mode: str | None = None  # None: settings.write_mode in roadmap.yaml

    @classmethod
    def from_env(cls, env: Mapping[str, str]) -> ActionInputs:
        """Read ``INPUT_<NAME>`` (hyphens as ``_`` or kept, as GitHub passes them to actions)."""
        config = _input(env, "config")
        badges = _input(env, "badges-dir")
        message = _input(env, "commit-message")
        return cls(
            config=(
                _repo_path(
                    "config",
                    config,
                    kind=PathKind.FILE,
                    against="the repository's root",
                    example="`roadmap.yaml` or `docs/roadmap.yaml`",
                )
                if config
                else DEFAULT_CONFIG
            ),
            dry_run=_boolean("dry-run", _input(env, "dry-run")),
            open_issues=_count("open-issues", _input(env, "open-issues")),
            badges_dir=(
                _repo_path(
                    "badges-dir",
                    badges,
                    kind=PathKind.FOLDER,
                    against="roadmap.yaml",
                    example="`.github/roadmap`",
                )
                if badges
                else None
            ),
            commit_message=message if message else COMMIT_MESSAGE,
            write_mode=_write_mode(_input(env, "write-mode")),
        )


def _write_mode(value: str) -> str | None:
    if value and value not in WRITE_MODES:
        raise UsageError(
            f"input write-mode: {value!r} is not one of {', '.join(WRITE_MODES)}; leave it empty "
            "to use settings.write_mode from roadmap.yaml"
        )
    return value or None


def _input(env: Mapping[str, str], name: str) -> str:
    upper = name.upper()
    for key in (f"INPUT_{upper.replace('-', '_')}", f"INPUT_{upper}"):
        value = env.get(key)
        if value is not None and value.strip():
            return value.strip()
    return ""


def _boolean(name: str, value: str) -> bool:
    if not value or value in FALSE_WORDS:
        return False
    if value in TRUE_WORDS:
        return True
    raise UsageError(
        f"input {name}: {value!r} is not a boolean; write `{name}: true` or `{name}: false` "
        "in the workflow's `with:`"
    )


def _count(name: str, value: str) -> int | None:
    if not value:
        return None
    if not value.isascii() or not value.isdigit() or int(value) > MAX_OPEN_ISSUES:
        raise UsageError(
            f"input {name}: {value!r} is not a whole number from 0 to {MAX_OPEN_ISSUES}; "
            f"leave it empty to use settings.open_issues from roadmap.yaml"
        )
    return int(value)


def _repo_path(name: str, value: str, *, kind: PathKind, against: str, example: str) -> str:
    """A relative posix path inside the repository (the bot reads and writes through the API)."""
    try:
        path = repo_path(value, kind=kind, against=against)
    except RepoPathError as exc:
        raise UsageError(f"input {name}: {value!r} {exc}; use a path such as {example}") from None
    if not path:  # a folder input naming the root itself
        raise UsageError(f"input {name}: {value!r} is the repository's root; name a folder in it")
    return path


def register(sub: Any) -> None:
    parser = sub.add_parser(
        "action",
        help="run as the GitHub Action: sync or answer the event in $GITHUB_EVENT_NAME",
        description=(
            "The GitHub Action's entry point (action.yml runs it). Reads the inputs from "
            "INPUT_CONFIG, INPUT_DRY_RUN, INPUT_OPEN_ISSUES, INPUT_BADGES_DIR, "
            "INPUT_COMMIT_MESSAGE and INPUT_TOKEN, and the run from GITHUB_EVENT_NAME, "
            "GITHUB_EVENT_PATH, GITHUB_REPOSITORY, GITHUB_API_URL, GITHUB_GRAPHQL_URL and "
            "GITHUB_SERVER_URL. schedule and workflow_dispatch sync; issue_comment obeys "
            "commands; issues closed/reopened update ticks; other events only log a notice. "
            "Writes step outputs (progress, ticked, opened, closed) and the job summary."
        ),
        epilog="exit codes: 0 ok (also: an event it ignores), 1 failure, 2 bad input",
    )
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    env: Mapping[str, str] = os.environ  # read at the edge
    if not env.get("GITHUB_EVENT_NAME"):
        raise UsageError(
            "not running in GitHub Actions (GITHUB_EVENT_NAME is not set); "
            "try `roadmap-bot sync --offline` on this machine"
        )
    context = RunContext.from_env(env)
    output = ActionsOutput(context)
    try:
        inputs, event = read_event(env, context, output)
        if event is None:
            return 0
        from roadmap_bot.jobs.session import github_session

        with github_session(inputs.config, env) as session:
            if isinstance(event, Scheduled | Dispatched):
                return run_sync(session, inputs)
            return run_respond(session, event, inputs)
    except ConfigError as exc:
        for problem in exc.problems:
            output.annotate("error", problem.message, problem=problem)
        count = len(exc.problems)
        headline = f"{count} problem{'s' if count != 1 else ''} in the roadmap files"
        output.summary(_failure_markdown(headline, [str(p) for p in exc.problems]))
        print(f"roadmap-bot: {headline}; fix them and run again", file=sys.stderr)
        return exc.exit_code
    except RoadmapBotError as exc:
        output.annotate("error", str(exc))
        output.summary(_failure_markdown("the run failed", [str(exc)]))
        return exc.exit_code


def read_event(
    env: Mapping[str, str], context: RunContext, output: ActionsOutput
) -> tuple[ActionInputs, Event | None]:
    """The inputs and the event to act on; None (after a notice) when there is nothing to do."""
    inputs = ActionInputs.from_env(env)
    name = context.event_name or ""
    who = f" by {context.actor}" if context.actor else ""
    print(f"roadmap-bot {__version__}: {name or 'no'} event on {context.repository or '?'}{who}")
    if name not in SYNC_EVENTS | RESPOND_EVENTS:
        output.annotate(
            "notice",
            f"roadmap-bot does nothing on `{name or 'an unnamed'}` events; it acts on {SUPPORTED}. "
            "Remove this trigger from the workflow's `on:`.",
        )
        return inputs, None
    event = event_from_payload(name, context.event_payload())
    if isinstance(event, Ignored):
        output.annotate("notice", f"roadmap-bot: nothing to do ({event.reason})")
        return inputs, None
    return inputs, event


def run_sync(session: Session, inputs: ActionInputs) -> int:
    """Sync: tick from evidence, keep topic issues open, commit once; outputs and summary.

    Command comments whose own run never happened (GitHub keeps one waiting run per concurrency
    group) are answered first, so no command is lost.
    """
    from roadmap_bot.cli.report import print_respond, respond_markdown, sync_report
    from roadmap_bot.jobs.respond.comments import handle_pending
    from roadmap_bot.jobs.sync import SyncOptions, sync

    now = utc_now()
    with session.output.group("roadmap-bot: unanswered commands"):
        pending = handle_pending(
            session, now=now, dry_run=inputs.dry_run, settings=_overrides(inputs)
        )
        print_respond(pending, as_json=False, dry_run=inputs.dry_run)
    for note in pending.notes if pending.exit_code else []:
        session.output.annotate("error", note)
    options = SyncOptions.of(
        session,
        now=now,
        dry_run=inputs.dry_run,
        commit_message=inputs.commit_message,
        overrides=_overrides(inputs),
    )
    with session.output.group("roadmap-bot sync"):
        result = sync(session.workspace, session.tracker, session.providers, options)
        code = sync_report(session, result, as_json=False, dry_run=inputs.dry_run, offline=False)
    if pending.answered or pending.notes or pending.deleted:
        listed = respond_markdown(pending, dry_run=inputs.dry_run)
        session.output.summary(f"\n### Comment commands answered first\n\n{listed}")
    if not pending.scan_complete:
        bound = next((n for n in pending.notes if "bound" in n), "the comment scan was cut")
        session.output.annotate("warning", bound)
    for problem in result.plan.problems:  # e.g. a private repo the token cannot read
        session.output.annotate("warning", f"{problem.item_id}: {problem.problem}")
    return max(code, pending.exit_code)


def _overrides(inputs: ActionInputs) -> Overrides:
    """The inputs that override roadmap.yaml's settings, for command and issue runs too."""
    from roadmap_bot.jobs.sync import Overrides

    return Overrides(
        open_issues=inputs.open_issues,
        badges_dir=inputs.badges_dir,
        write_mode=inputs.write_mode,
    )


def run_respond(session: Session, event: Event, inputs: ActionInputs) -> int:
    """Comment commands and issue events (jobs.respond does the work): outputs and summary."""
    from roadmap_bot.cli.report import print_respond, respond_markdown
    from roadmap_bot.core.progress import roadmap_progress
    from roadmap_bot.jobs.loading import load
    from roadmap_bot.jobs.respond.comments import respond

    output = session.output
    title = _event_title(event)
    with output.group(f"roadmap-bot: {title}"):
        result = respond(
            session, event, now=utc_now(), dry_run=inputs.dry_run, settings=_overrides(inputs)
        )
        print_respond(result, as_json=False, dry_run=inputs.dry_run)
    loaded = load(session.workspace, session.config)  # as written: cached, no new request
    progress = roadmap_progress(loaded.roadmap, loaded.state)
    output.set_output("progress", str(progress.percent))
    output.set_output("ticked", json.dumps(list(dict.fromkeys(result.ticked))))
    output.set_output("opened", json.dumps([number for _, number in result.opened]))
    closed = sorted(number for _, number in (*result.closed, *result.parked))
    output.set_output("closed", json.dumps(closed))
    dry = " · dry run" if inputs.dry_run else ""
    head = f"## 🗺️ roadmap-bot: {title} — {progress.done}/{progress.total} ({progress.percent}%)"
    output.summary(f"{head}{dry}\n\n{respond_markdown(result, dry_run=inputs.dry_run)}")
    if result.exit_code:
        for note in result.notes:
            output.annotate("error", note)
    elif not result.scan_complete:
        bound = next((n for n in result.notes if "bound" in n), "the comment scan was cut")
        output.annotate("warning", bound)
    return int(result.exit_code)


def _event_title(event: Event) -> str:
    if isinstance(event, CommentCreated):
        return f"comment by @{event.comment.author} on #{event.issue_number}"
    if isinstance(event, IssueClosed):
        how = f" as {event.state_reason.replace('_', ' ')}" if event.state_reason else ""
        return f"issue #{event.number} closed{how} by @{event.actor}"
    if isinstance(event, IssueReopened):
        return f"issue #{event.number} reopened by @{event.actor}"
    if isinstance(event, IssueEdited):
        return f"issue #{event.number} edited by @{event.actor}"
    return type(event).__name__


def _failure_markdown(headline: str, lines: list[str]) -> str:
    body = "\n".join(lines)
    fence = "`" * max(3, _longest_backtick_run(body) + 1)  # the message cannot close the block
    return f"### ❌ roadmap-bot: {headline}\n\n{fence}text\n{body}\n{fence}\n"


def _longest_backtick_run(text: str) -> int:
    longest = run = 0
    for char in text:
        run = run + 1 if char == "`" else 0
        longest = max(longest, run)
    return longest
