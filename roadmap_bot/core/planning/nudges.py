"""Nudges that respect the learner (opt-in, ``settings.nudge_after_days``): a short comment with
the next smallest step on a bot issue that went quiet, or whose phase is past its milestone.

The policy, for a run at ``now`` with ``N = settings.nudge_after_days`` (None: never a nudge, and
the record is left as it is):

- Which issues: the open bot issue of an open item that this run's plan does not close or park
  (``with_nudges`` reads the plan's actions), found by marker (``issues.index_issues``).
- Its activity: the issue's ``updated_at`` (any comment, edit, label or state change). That
  includes the bot's own edits of the body (a checklist that changed because the learner
  pushed, an item retitled in roadmap.yaml): they follow the learner's work, and a doubt costs
  a nudge, never an extra one. An issue whose ``updated_at`` is unknown is never "quiet".
- The record: ``State.nudged`` (item id → when the bot last nudged it). It is written with the
  run's other state, in the same commit, *before* the comment is posted (``jobs/sync.py`` writes
  files, then applies issue actions): a crash between the two loses a nudge rather than doubling
  it, and of two runs at once only one commit lands; the other re-plans over the newer state
  and sees the nudge on record.
- An item is **quiet** when its issue's last activity is at least N days old and its last nudge
  too. The bot's own nudge is no learner activity, but it starts a new period: the comment moves
  ``updated_at``, and the record counts even when the comment never got posted.
- An item is **overdue** when its phase's milestone due date (``milestones.phase_due_dates``)
  is before today (UTC) and its last nudge is at least N days old (or there is none): activity
  does not hold it off, the period does (one nudge per N days per issue, however busy).
- At most **one nudge a week per repository**: none at all while the newest nudge on record
  is less than 7 days old; otherwise the most neglected candidate (the oldest of its last
  activity and last nudge; then the one nudged longest ago or never; then roadmap order) gets
  the one nudge of this run.

Two runs at once: the second's state commit normally conflicts (above). Only when both build
byte-identical commits (same content, parent and second: GitHub stamps a commit with the time
it is made) does the second ref update succeed as well, and both post. So a run that posted a
nudge re-reads that issue's comments (``jobs/nudge_once.py``): of the bot's nudges there less
than a week apart the oldest stays, the others are deleted (``surplus_nudges``).

The comment (``nudge.md.j2``, overridable like every template) names the next smallest step:
for an item with an evidence rule, the first ⬜ line of its checklist (``checklist.py``) or how
to link a repo; otherwise its first resource when it lists one, else ``/done``. It says how to
turn nudges off and mentions no one; it carries ``NUDGE_MARKER``.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime, timedelta
from typing import TYPE_CHECKING

from roadmap_bot.core.issues import CommentInfo, IssueInfo
from roadmap_bot.core.model import (
    Item,
    ItemStatus,
    Phase,
    Roadmap,
    Scope,
    State,
    item_status,
    linked_repos,
)
from roadmap_bot.core.planning.bot_issues import is_parked, same_login
from roadmap_bot.core.planning.checklist import REASON_MAX, Evidence, checklist
from roadmap_bot.core.planning.hints import hint_for
from roadmap_bot.core.planning.milestones import milestone_title, phase_due_dates
from roadmap_bot.core.planning.plan import Action, CloseIssue, CommentIssue
from roadmap_bot.core.planning.resources import resource_line
from roadmap_bot.core.rules.verdict import Verdict
from roadmap_bot.core.rules.verdicts import rule_for
from roadmap_bot.core.safetext import md_code, md_link, md_text

if TYPE_CHECKING:  # type hints only: a no-op run never imports jinja2
    import jinja2

NUDGE_TEMPLATE = "nudge.md.j2"
NUDGE_MARKER = "<!-- roadmap-bot:nudge -->"
REPO_GAP = timedelta(days=7)  # at most one nudge a week per repository
STAMP = "%Y-%m-%dT%H:%M:%SZ"  # how the record stores a moment (the run's ``now``)


@dataclass(frozen=True, slots=True)
class NudgeFacts:
    """What the step of a nudge reads besides the roadmap and the state: all plain values."""

    now: str  # the run's ISO-8601 UTC time
    verdicts: Mapping[str, Verdict]
    evidence: Evidence | None = None
    heads: Mapping[str, str] | None = None


@dataclass(frozen=True, slots=True)
class Candidate:
    """An open item's open issue and why it may be nudged now."""

    phase: Phase
    item: Item
    issue: IssueInfo
    overdue: date | None  # the phase's due date when it is past, else None
    quiet_since: datetime | None  # the issue's last activity (None: unknown)
    last_nudge: datetime | None
    quiet_days: int | None  # whole days without activity when quiet, else None


def with_nudges(
    roadmap: Roadmap,
    state: State,
    issues: Mapping[str, IssueInfo],
    actions: Sequence[Action],
    facts: NudgeFacts,
    env: jinja2.Environment,
) -> tuple[State, tuple[Action, ...]]:
    """``actions`` with this run's nudge (at most one) after them, and ``state`` with it on
    record; both as they are when nothing is due (or nudges are off).

    ``issues``: the bot's issues by item id (``IssueIndex.by_item``)."""
    after = roadmap.settings.nudge_after_days
    now = parse_moment(facts.now)
    if after is None or now is None or not _week_is_over(state, now):
        return state, tuple(actions)
    closing = {a.number for a in actions if isinstance(a, CloseIssue)}
    found = [
        c for c in candidates(roadmap, state, issues, now, after) if c.issue.number not in closing
    ]
    if not found:
        return state, tuple(actions)
    chosen = min(found, key=_neglect)
    body = nudge_comment(env, chosen, step=next_step(chosen.item, state, facts), after=after)
    nudged = {**state.nudged, chosen.item.id: now.strftime(STAMP)}
    comment = CommentIssue(chosen.issue.number, chosen.item.id, body)
    return replace(state, nudged=nudged), (*actions, comment)


def nudged_issues(actions: Sequence[Action]) -> tuple[int, ...]:
    """The issues ``actions`` post a nudge on (at most one)."""
    return tuple(
        sorted(
            {a.number for a in actions if isinstance(a, CommentIssue) and NUDGE_MARKER in a.body}
        )
    )


def surplus_nudges(comments: Sequence[CommentInfo], bot_login: str) -> list[CommentInfo]:
    """The bot's nudges in ``comments`` posted less than ``REPO_GAP`` after the one kept before
    them (oldest first: the first is kept): what two runs at once posted twice. Only comments
    ``bot_login`` wrote count (a marker anyone else types means nothing)."""
    own = sorted(
        (c for c in comments if same_login(c.author, bot_login) and NUDGE_MARKER in c.body),
        key=lambda c: (c.created_at, c.id),
    )
    surplus: list[CommentInfo] = []
    kept: datetime | None = None
    for comment in own:
        moment = parse_moment(comment.created_at)
        if kept is not None and (moment is None or moment - kept < REPO_GAP):
            surplus.append(comment)
        elif moment is not None:
            kept = moment
    return surplus


def candidates(
    roadmap: Roadmap,
    state: State,
    issues: Mapping[str, IssueInfo],
    now: datetime,
    after: int,
) -> Iterator[Candidate]:
    """The open items' open issues that are quiet or overdue now (see the module docstring),
    in roadmap order; the week's rule is the caller's."""
    period = timedelta(days=after)
    due = phase_due_dates(roadmap)
    for phase in roadmap.phases:
        day = due.get(phase.id)
        overdue = day if day is not None and now.date() > day else None
        for item in phase.items:
            issue = issues.get(item.id)
            if (
                issue is None
                or issue.state != "open"
                or is_parked(issue.body)
                or item.children
                or item_status(item, state) is not ItemStatus.OPEN
            ):
                continue
            last_nudge = parse_moment(state.nudged.get(item.id))
            if last_nudge is not None and now - last_nudge < period:
                continue  # one nudge per period per issue, overdue or not
            active = parse_moment(issue.updated_at)
            quiet = active is not None and now - active >= period
            if quiet or overdue is not None:
                days = (now - active).days if quiet and active is not None else None
                yield Candidate(phase, item, issue, overdue, active, last_nudge, days)


def _week_is_over(state: State, now: datetime) -> bool:
    """No nudge on record less than ``REPO_GAP`` old (one in the future counts as recent)."""
    moments = [m for m in map(parse_moment, state.nudged.values()) if m is not None]
    return not moments or now - max(moments) >= REPO_GAP


def _neglect(candidate: Candidate) -> tuple[datetime, datetime]:
    """The most neglected first: the newer of last activity and last nudge is the oldest
    (unknown: oldest of all); between equals, the one nudged longest ago (or never)."""
    oldest = datetime.min.replace(tzinfo=UTC)
    known = [m for m in (candidate.quiet_since, candidate.last_nudge) if m is not None]
    return (max(known) if known else oldest, candidate.last_nudge or oldest)


def parse_moment(text: str | None) -> datetime | None:
    """An ISO-8601 UTC timestamp (``2026-03-02T12:00:00Z``) as an aware datetime; None when
    absent or unreadable."""
    if not text:
        return None
    try:
        moment = datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        return None
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=UTC)


# --- the text --------------------------------------------------------------------------------


def next_step(item: Item, state: State, facts: NudgeFacts) -> str:
    """The next smallest step as one line of safe markdown (the bot's words, user and repo text
    through ``safetext``)."""
    done = f"comment {md_code(f'/done {item.id}')} when you have learned it"
    rule = rule_for(item)
    if rule is None:
        if item.resources:  # a resource line is safe markdown (resources.resource_line)
            return f"start with {resource_line(item.resources[0])}, then {done}"
        return done
    if rule.scope is not Scope.TICKED_PROJECTS and not linked_repos(item, state):
        return (
            f"link the repo you work in: comment {md_code(f'/link {item.id} owner/repo')} "
            "and the next run checks it"
        )
    made = checklist(item, rule, state, facts.verdicts.get(item.id), facts.evidence, facts.heads)
    for block in made.repos:
        for line in block.lines:
            if not line.done:
                return _missing_step(line.text, line.check)
    return done


def _missing_step(text: str, check: str) -> str:
    step = md_text(text, REASON_MAX)
    hint = hint_for(check) if check else None
    if hint is None:
        return step
    links = ", ".join(md_link(label, url) for label, url in hint.links)
    return f"{step} — add {hint.todo}" + (f" ({links})" if links else "")


def nudge_comment(env: jinja2.Environment, candidate: Candidate, *, step: str, after: int) -> str:
    """The nudge's text from ``nudge.md.j2``, with ``NUDGE_MARKER`` after it."""
    rendered = env.get_template(NUDGE_TEMPLATE).render(
        item=candidate.item,
        phase=candidate.phase,
        milestone=milestone_title(candidate.phase),
        overdue=candidate.overdue.isoformat() if candidate.overdue else None,
        quiet_days=candidate.quiet_days,
        step=step,
        after=after,
    )
    return f"{rendered.rstrip()}\n\n{NUDGE_MARKER}\n"
