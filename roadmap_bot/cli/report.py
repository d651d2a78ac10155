"""What the commands print and write for people: terminal lines, JSON, step outputs, job summary.

The one home of the printers ``sync``, ``respond``, ``action`` and ``demo`` share."""

from __future__ import annotations

import json
import sys
from typing import Any, TextIO

from roadmap_bot.core.evidence.snapshot import Progress
from roadmap_bot.core.render.summary import RunFacts, job_summary, terminal_report
from roadmap_bot.jobs.respond.result import RespondResult
from roadmap_bot.jobs.session import Session
from roadmap_bot.jobs.sync import SyncResult


def progress_bar(stream: TextIO | None = None) -> Progress | None:
    """A one-line bar on stderr while repos are checked; None (quiet) when it is not a terminal."""
    out = stream or sys.stderr
    if not out.isatty():
        return None

    def show(done: int, total: int, repo: str) -> None:
        filled = done * 20 // max(total, 1)
        end = "\n" if done >= total else ""
        out.write(
            f"\r\x1b[2Kchecking repos [{'#' * filled}{'.' * (20 - filled)}] {done}/{total} "
            f"{repo[-40:]}{end}"
        )
        out.flush()

    return show


# -- a sync ------------------------------------------------------------------------------------


def sync_report(
    session: Session, result: SyncResult, *, as_json: bool, dry_run: bool, offline: bool
) -> int:
    """Print a sync's result (text or JSON), write its step outputs and job summary; exit 0."""
    facts = _facts(session, result, dry_run=dry_run, offline=offline)
    if as_json:
        print(json.dumps(_sync_json(result, facts), indent=2, ensure_ascii=False))
    else:
        print(result.roadmap.title)
        print(terminal_report(result.plan, result.progress, facts), end="")
        if offline and result.plan.actions:
            print("(offline: the issue actions above are not carried out)")
    titles = {item.id: item.title for item in result.roadmap.items()}
    session.output.summary(
        job_summary(result.plan, result.progress, facts, titles=titles, overrides=result.overrides)
    )
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
            f"{regression.item_id}: evidence fails now ({'; '.join(regression.failed)}); "
            "kept ticked",
        )
    sys.stdout.flush()
    return 0


def _facts(session: Session, result: SyncResult, *, dry_run: bool, offline: bool) -> RunFacts:
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
        from_readme=result.from_readme,
        from_dashboard=_from_dashboard(result),
    )


def _from_dashboard(result: SyncResult) -> tuple[str, ...]:
    """What the dashboard's boxes did (a refusal is among the run's warnings already)."""
    read = result.dashboard
    if read is None:
        return ()
    return tuple(line for line in read.lines if line not in read.warnings)


def _sync_json(result: SyncResult, facts: RunFacts) -> dict[str, Any]:
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
        "from_readme": list(facts.from_readme),
        "from_dashboard": list(facts.from_dashboard),
        "files_changed": list(facts.files_changed),
        "opened": [{"id": i, "number": n} for i, n in facts.opened],
        "closed": [{"id": i, "number": n} for i, n in facts.closed],
        "parked": [{"id": i, "number": n} for i, n in facts.parked],
        "reopened": [{"id": i, "number": n} for i, n in facts.reopened],
        "requests": dict(facts.requests),
    }


# -- answering commands and issue events ---------------------------------------------------------


def print_respond(result: RespondResult, *, as_json: bool, dry_run: bool) -> None:
    """The result as JSON, or one line per change (and the replies in a dry run)."""
    if as_json:
        print(json.dumps(result.as_json(), indent=2, ensure_ascii=False))
        return
    for label, ids in result.listed().items():
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


def respond_markdown(result: RespondResult, *, dry_run: bool) -> str:
    """What a comment or issue run changed and answered, as a job-summary list."""
    changes = result.listed()
    changes["ticked"] = list(dict.fromkeys(result.ticked))
    lines = [
        f"- {label}: " + ", ".join(f"`{i}`" for i in ids) for label, ids in changes.items() if ids
    ]
    lines += [f"- opened #{number} for `{item}`" for item, number in result.opened]
    lines += [f"- closed #{number} for `{item}`" for item, number in result.closed]
    lines += [
        f"- parked #{number} for `{item}` (the window of open issues is full)"
        for item, number in result.parked
    ]
    lines += [
        f"- reopened #{number} for `{item}` (a slot in the window freed)"
        for item, number in result.reopened
    ]
    lines += [f"- commit `{commit[:7]}`" for commit in result.commits]
    lines += [] if dry_run else [f"- replied: {url}" for url in result.replies]
    lines += [f"- deleted duplicate reply {comment_id}" for comment_id in result.deleted]
    lines += [f"- note: {note}" for note in result.notes]
    text = "\n".join(lines) or "Nothing to change or answer."
    for reply in result.replies if dry_run else []:
        text += f"\n\n<details><summary>reply (dry run)</summary>\n\n{reply}\n\n</details>"
    return text + "\n"
