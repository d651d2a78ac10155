"""``roadmap-bot sync``: tick what the evidence shows, keep topic issues open, commit once."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any, TextIO

from roadmap_bot.adapters.evidence.router import Progress
from roadmap_bot.core.render.summary import RunFacts, job_summary, terminal_report
from roadmap_bot.jobs.respond.comments import Overrides, handle_pending
from roadmap_bot.jobs.session import Session, environment, github_session, offline_session, utc_now
from roadmap_bot.jobs.sync import COMMIT_MESSAGE, SyncOptions, SyncResult, sync


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
        help="path of roadmap.yaml (default: roadmap.yaml)",
    )
    mode = parser.add_mutually_exclusive_group()
    mode.add_argument(
        "--offline",
        action="store_true",
        help="work on local files only: check local-path and git-URL links, write README/state/badges "
        "locally and print the issues it would open (no token, no GitHub)",
    )
    mode.add_argument(
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
        session = offline_session(Path(args.config), env, on_progress=progress_bar())
        result = execute(session, args, offline=True)
        return report(session, result, args, offline=True)
    with github_session(args.config, env, repo=args.repo, on_progress=progress_bar()) as session:
        settings = Overrides(open_issues=args.open_issues)  # command runs keep the same N
        handle_pending(session, now=utc_now(), dry_run=args.dry_run, settings=settings)
        result = execute(session, args, offline=False)
        return report(session, result, args, offline=False)


def progress_bar(stream: TextIO | None = None) -> Progress | None:
    """A one-line bar on stderr while repos are checked; None (quiet) when it is not a terminal."""
    out = stream or sys.stderr
    if not out.isatty():
        return None

    def show(done: int, total: int, repo: str) -> None:
        filled = done * 20 // max(total, 1)
        end = "\n" if done >= total else ""
        out.write(
            f"\r\x1b[2Kchecking repos [{'#' * filled}{'.' * (20 - filled)}] {done}/{total} {repo[-40:]}{end}"
        )
        out.flush()

    return show


def execute(session: Session, args: argparse.Namespace, *, offline: bool) -> SyncResult:
    options = SyncOptions(
        config=session.config,
        now=utc_now(),
        repo_slug=session.repo_slug,
        server_url=session.context.server_url,
        dry_run=args.dry_run,
        commit_message=args.commit_message,
        open_issues=args.open_issues,
    )
    with session.output.group("roadmap-bot sync"):
        return sync(
            session.workspace, session.tracker, session.providers, options, progress=session.progress
        )


def facts_of(session: Session, result: SyncResult, *, dry_run: bool, offline: bool) -> RunFacts:
    stats = session.stats()
    requests = {}
    quota = {}
    if stats is not None:
        requests = {
            "graphql": stats.graphql,
            "rest read": stats.rest_read,
            "rest write": stats.rest_write,
        }
        quota = {"core": stats.core_remaining, "graphql": stats.graphql_remaining}
    commit = getattr(session.workspace, "commit", None)
    return RunFacts(
        opened=result.applied.opened,
        closed=result.applied.closed,
        parked=result.applied.parked,
        reopened=result.applied.reopened,
        files_changed=result.files_changed,
        commit=commit,
        dry_run=dry_run,
        offline=offline,
        requests=requests,
        quota=quota,
        notes=result.collected.notes,
        delivery=result.delivery.sentence() if result.delivery else "",
        warnings=result.warnings,
    )


def report(session: Session, result: SyncResult, args: argparse.Namespace, *, offline: bool) -> int:
    facts = facts_of(session, result, dry_run=args.dry_run, offline=offline)
    if args.json:
        print(json.dumps(result_json(result, facts), indent=2, ensure_ascii=False))
    else:
        print(result.roadmap.title)
        print(terminal_report(result.plan, result.progress, facts), end="")
        if offline and result.plan.actions:
            print("(offline: the issue actions above are not carried out)")
    titles = {item.id: item.title for item in result.roadmap.items()}
    session.output.summary(job_summary(result.plan, result.progress, facts, titles=titles))
    session.output.set_output("progress", str(result.progress.percent))
    session.output.set_output("ticked", json.dumps(result.ticked))
    session.output.set_output("opened", json.dumps([n for _, n in facts.opened]))
    closed = sorted(n for _, n in (*facts.closed, *facts.parked))  # parked issues are closed too
    session.output.set_output("closed", json.dumps(closed))
    delivery = result.delivery
    session.output.set_output("delivery", delivery.how if delivery else "none")
    session.output.set_output("pull-request", (delivery.pull_url or "") if delivery else "")
    for regression in result.plan.regressions:
        session.output.annotate(
            "warning",
            f"{regression.item_id}: evidence fails now ({'; '.join(regression.failed)}); kept ticked",
        )
    sys.stdout.flush()
    return 0


def result_json(result: SyncResult, facts: RunFacts) -> dict[str, Any]:
    return {
        "progress": {
            "done": result.progress.done,
            "total": result.progress.total,
            "percent": result.progress.percent,
        },
        "ticked": [
            {"id": t.item_id, "repo": t.repo, "commit": t.commit, "reasons": list(t.reasons)}
            for t in result.plan.ticked
        ],
        "failing": [{"id": f.item_id, "failed": list(f.failed)} for f in result.plan.failing],
        "problems": [{"id": p.item_id, "problem": p.problem} for p in result.plan.problems],
        "regressions": [
            {"id": r.item_id, "failed": list(r.failed)} for r in result.plan.regressions
        ],
        "files_changed": list(facts.files_changed),
        "opened": [{"id": i, "number": n} for i, n in facts.opened],
        "closed": [{"id": i, "number": n} for i, n in facts.closed],
        "parked": [{"id": i, "number": n} for i, n in facts.parked],
        "reopened": [{"id": i, "number": n} for i, n in facts.reopened],
        "requests": dict(facts.requests),
    }
