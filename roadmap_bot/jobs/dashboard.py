"""The dashboard's boxes in a sync: read them, ask who may, apply; the one path for both triggers
(the ``issues`` ``edited`` event and every scheduled run).

The boxes of the dashboard as read are compared with the record of the boxes the bot wrote
(``core/planning/dashboard.read_toggles``); who edited comes from GraphQL ``editor``.
The permission is the commands' (``permissions.decide`` for ``/done`` or ``/undo``: the owner, or
write access and more); allowed toggles run the ``/done`` and ``/undo`` effects, a refused one
changes nothing and the plan answers it once (``dashboard.Refusal``) and re-renders the boxes.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from roadmap_bot.core.commands.dashboard import apply_toggles, command_lines
from roadmap_bot.core.commands.permissions import decide, is_bot
from roadmap_bot.core.commands.spec import CommandName, Origin, Outcome
from roadmap_bot.core.issues import IssueInfo
from roadmap_bot.core.model import Roadmap, State
from roadmap_bot.core.planning.dashboard import (
    DashboardInputs,
    Refusal,
    body_hash,
    dashboards,
    read_toggles,
)
from roadmap_bot.jobs.apply import Tracker
from roadmap_bot.jobs.roles import role_of

MAX_NAMED = 20  # items a refusal names (a hostile edit may flip every box)


@dataclass(frozen=True, slots=True)
class DashboardRead:
    """The state with the allowed toggles, the planner's inputs, and what each toggle did."""

    state: State
    inputs: DashboardInputs
    outcomes: tuple[Outcome, ...] = ()
    lines: tuple[str, ...] = field(default_factory=tuple)  # for the summary and the log
    warnings: tuple[str, ...] = ()  # boxes refused or left for the next run: the run's warnings


def read_dashboard(
    tracker: Tracker,
    roadmap: Roadmap,
    state: State,
    issues: Sequence[IssueInfo],
    *,
    bot_login: str,
    repo_slug: str | None,
    now: str,
) -> DashboardRead:
    """Apply the boxes a person toggled on the bot's open dashboard to ``state`` (the run's
    state), when they may; the planner's dashboard inputs (a refusal to answer, or a body to
    leave as it is until the next run)."""
    inputs = DashboardInputs(commands=command_lines())
    own = dashboards(issues, bot_login)
    issue = own[0] if own else None
    if issue is None or issue.state != "open" or not roadmap.settings.dashboard:
        return DashboardRead(state, inputs)
    if is_bot(issue.editor, "User"):  # an app's edit (with a personal token, the person's counts)
        return DashboardRead(state, inputs)
    toggles = read_toggles(roadmap, issue, editor=issue.editor)
    if not toggles:
        return DashboardRead(state, inputs)
    shown = ", ".join([*toggles.ticked, *toggles.unticked])
    if not toggles.editor:  # read without ``editor`` (REST): judge it next run, keep the boxes
        return _held(state, inputs, f"dashboard boxes of {shown}: their editor is not known yet")
    name = CommandName.DONE if toggles.ticked else CommandName.UNDO
    owner = (repo_slug or "/").split("/")[0]
    owns = toggles.editor.lower() == owner.lower()
    role = None if owns else role_of(tracker, toggles.editor)
    if role is None and not owns:  # GitHub did not say: neither apply nor refuse, ask again
        why = f"dashboard boxes of {shown}: {toggles.editor}'s access could not be looked up"
        return _held(state, inputs, why)
    decision = decide(name, author=toggles.editor, author_type="User", repo_owner=owner, role=role)
    if not decision.allowed:
        named = (*toggles.ticked, *toggles.unticked)[:MAX_NAMED]
        refusal = Refusal(toggles.editor, named, body_hash(issue.body))
        line = f"dashboard boxes of {shown} changed by {toggles.editor}: refused, nothing changed"
        refused = DashboardInputs(commands=inputs.commands, refusal=refusal)
        return DashboardRead(state, refused, lines=(line,), warnings=(line,))
    origin = Origin(toggles.editor, issue.url, now)
    new, outcomes = apply_toggles(roadmap, state, toggles, origin)
    lines = tuple(
        f"dashboard {o.line.lstrip('/')} by {toggles.editor}: {o.result.value}" for o in outcomes
    )
    return DashboardRead(new, inputs, outcomes, lines)


def _held(state: State, inputs: DashboardInputs, why: str) -> DashboardRead:
    """The boxes left as the person set them, for the next run to judge; a warning says why."""
    held = DashboardInputs(commands=inputs.commands, hold=True)
    line = f"{why}, left for the next run"
    return DashboardRead(state, held, lines=(line,), warnings=(line,))
