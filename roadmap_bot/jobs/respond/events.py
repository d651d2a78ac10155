"""Issues of roadmap items closed or reopened by people: the change they mean, or a refusal."""

from __future__ import annotations

from typing import TYPE_CHECKING

from roadmap_bot.core.commands import effects as fx
from roadmap_bot.core.commands import replies as rp
from roadmap_bot.core.commands.events import (
    Ignored,
    IssueChange,
    IssueClosed,
    IssueReopened,
    item_issue_event,
)
from roadmap_bot.core.commands.grammar import CommandName
from roadmap_bot.core.commands.permissions import is_bot
from roadmap_bot.core.issues import IssueInfo
from roadmap_bot.core.model import Roadmap, State
from roadmap_bot.errors import GitHubError

if TYPE_CHECKING:
    from roadmap_bot.jobs.respond.comments import _Run as Run

_EVENT_AS = {IssueChange.COMPLETED: CommandName.DONE, IssueChange.NOT_PLANNED: CommandName.SKIP}


def issue_event(run: Run, event: IssueClosed | IssueReopened) -> None:
    """Tick, skip or untick the item of a bot issue closed or reopened by someone allowed to."""
    found = item_issue_event(event, list(run.issues.values()), bot_login=run.tracker.identity())
    if isinstance(found, Ignored):
        run.result.notes.append(f"{found.reason}: ignored")
        return
    name = _EVENT_AS.get(found.change, CommandName.UNDO)
    if not run.decide(name, found.actor, found.actor_type).allowed:
        _refuse(run, found.issue, found.actor, found.item_id)
        return
    origin = fx.Origin(found.actor, found.issue.url, run.now)
    effects: list[fx.Effects] = []

    def mutate(roadmap: Roadmap, state: State) -> State:
        changed = fx.apply_issue_event(roadmap, state, found.item_id, found.change, origin=origin)
        effects[:] = [changed]
        return changed.state

    what = f"issue #{found.issue.number} {found.change.value.replace('_', ' ')} by @{found.actor}"
    synced, _ = run.run_sync(mutate, what)
    if synced is not None:
        run.record(effects[0].outcomes, synced)


def _refuse(run: Run, issue: IssueInfo, login: str, item_id: str) -> None:
    """Say once per issue and person that their close or reopen changed nothing."""
    run.result.notes.append(f"@{login} may not change {item_id}: nothing changed")
    body = rp.render_event_refusal(login=login, item_id=item_id, number=issue.number)
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
