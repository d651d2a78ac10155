"""Issues of roadmap items closed or reopened by people: the change they mean, or a refusal."""

from __future__ import annotations

from roadmap_bot.core.commands import replies as rp
from roadmap_bot.core.commands.apply import Effects, apply_issue_event, event_command
from roadmap_bot.core.commands.events import (
    Ignored,
    IssueClosed,
    IssueEdited,
    IssueReopened,
    item_issue_event,
)
from roadmap_bot.core.commands.permissions import is_bot
from roadmap_bot.core.commands.spec import Origin
from roadmap_bot.core.issues import IssueInfo
from roadmap_bot.core.model import Roadmap, State
from roadmap_bot.core.planning.bot_issues import bot_item_id
from roadmap_bot.core.planning.dashboard import boxes, is_dashboard
from roadmap_bot.errors import GitHubError
from roadmap_bot.jobs.loading import load
from roadmap_bot.jobs.respond.run import Run


def issue_event(run: Run, event: IssueClosed | IssueReopened | IssueEdited) -> None:
    """Tick, skip or untick the item of a bot issue closed or reopened by someone allowed to;
    an edit of the dashboard: its boxes (``dashboard_edited``)."""
    if isinstance(event, IssueEdited):
        dashboard_edited(run, event)
        return
    login = run.tracker.identity()
    issue = run.issues.get(event.number)
    ids: list[str] = []
    if issue is not None and bot_item_id(issue, login) is not None:  # the roadmap tells its item
        ids = [item.id for item in load(run.session.workspace, run.session.config).roadmap.items()]
    found = item_issue_event(event, list(run.issues.values()), bot_login=login, item_ids=ids)
    if isinstance(found, Ignored):
        run.result.notes.append(f"{found.reason}: ignored")
        return
    name = event_command(found.change)
    if not run.decide(name, found.actor, found.actor_type).allowed:
        _refuse(run, found.issue, found.actor, found.item_id)
        return
    origin = Origin(found.actor, found.issue.url, run.now)

    def mutate(roadmap: Roadmap, state: State) -> Effects:
        return apply_issue_event(roadmap, state, found.item_id, found.change, origin=origin)

    what = f"issue #{found.issue.number} {found.change.value.replace('_', ' ')} by @{found.actor}"
    synced, _ = run.sync(mutate, what)
    if synced is not None and synced.effects is not None:
        run.record(synced.effects.outcomes, synced)


def _refuse(run: Run, issue: IssueInfo, login: str, item_id: str) -> None:
    """Say once per issue and person that their close or reopen changed nothing."""
    run.result.notes.append(f"@{login} may not change {item_id}: nothing changed")
    overrides = load(run.session.workspace, run.session.config).overrides  # the user's wording
    body = rp.render_event_refusal(
        login=login, item_id=item_id, number=issue.number, overrides=overrides
    )
    marker = body.rstrip().rsplit("\n", 1)[-1]
    earlier = run.tracker.list_comments(issue_number=issue.number)
    own = run.tracker.identity()  # with a personal token the bot's comments are the person's
    if run.dry or any(
        marker in c.body and is_bot(c.author, c.author_type, own_login=own) for c in earlier
    ):
        return
    try:
        run.tracker.comment(issue.number, body)
    except GitHubError as exc:
        run.fail(f"could not answer on issue #{issue.number}: {exc}")


def dashboard_edited(run: Run, event: IssueEdited) -> None:
    """Boxes ticked or unticked on the bot's dashboard: a sync reads them (the same code path as
    a scheduled run's, ``jobs/dashboard.py``: the body against the render of the stored state,
    who edited from GitHub, the commands' permission), applies what is allowed, answers a
    refusal once and re-renders the dashboard. An edit that changed no box is not read (no
    request): the text around the boxes is the bot's, rewritten on the next change."""
    if boxes(event.body_from) == boxes(event.body):
        run.result.notes.append(f"issue #{event.number} edited: no box changed, ignored")
        return
    issue = run.issues.get(event.number)
    if issue is None or not is_dashboard(issue, run.tracker.identity()):
        run.result.notes.append(f"issue #{event.number} is not the bot's dashboard: ignored")
        return

    def unchanged(roadmap: Roadmap, state: State) -> Effects:
        return Effects(state, (), False)

    synced, _ = run.sync(unchanged, f"dashboard #{event.number} edited by @{event.actor}")
    read = synced.dashboard if synced is not None else None
    if read is not None:
        run.result.notes.extend(read.lines)
        run.record(read.outcomes, synced)
    elif synced is not None:
        run.record((), synced)
