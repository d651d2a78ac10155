"""Carry out parsed comment commands and issue events on the State: the change, and what happened.

Pure: the caller looks up who may do what (``permissions.decide``) and passes the answers in;
the time comes in as ``Origin.at``. Each command's effect is the one its record in
``registry.SPECS`` names.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace

from roadmap_bot.core.commands.events import IssueChange
from roadmap_bot.core.commands.grammar import Command, ParseResult
from roadmap_bot.core.commands.permissions import Access, Decision
from roadmap_bot.core.commands.registry import SPECS
from roadmap_bot.core.commands.spec import CommandName, Origin, Outcome, Result
from roadmap_bot.core.model import Roadmap, State
from roadmap_bot.core.safetext import md_code


@dataclass(frozen=True, slots=True)
class Effects:
    """The state after the commands, and one outcome per command line, in comment order."""

    state: State
    outcomes: tuple[Outcome, ...]
    changed: bool

    @property
    def ok(self) -> bool:
        return all(o.result.ok for o in self.outcomes)


def apply_comment(
    roadmap: Roadmap,
    state: State,
    parsed: ParseResult,
    *,
    access: Mapping[str, Decision],
    origin: Origin,
) -> Effects:
    """Run the allowed commands in order over ``state``; answer every command line.

    ``access`` holds the policy's decision for each command name in ``parsed``. A comment
    whose id is already in ``state.handled_comments`` was carried out by an earlier run: its
    changing commands change nothing again.
    """
    index = roadmap.item_index()
    replayed = origin.comment_id is not None and origin.comment_id in state.handled_comments
    entries: list[tuple[int, int, Outcome]] = []
    new = state
    for order, command in enumerate(parsed.commands):
        spec = SPECS[command.name]
        decision = access.get(command.name, Decision(Access.REFUSE, "not allowed"))
        if decision.access is not Access.ALLOW:
            outcome = _outcome(command, Result.REFUSED, decision.message)
        elif spec.effect is None:
            outcome = _outcome(command, Result.ANSWERED, "")
        elif replayed:
            message = "already carried out by an earlier run"
            outcome = _outcome(command, Result.UNCHANGED, message)
        else:
            item = index[command.item_id or ""]
            new, result, message = spec.effect(item, new, origin, command.arg)
            outcome = _outcome(command, result, message)
        entries.append((command.line, order, outcome))
    for order, error in enumerate(parsed.errors, start=len(entries)):
        entries.append((error.line, order, Outcome(error.raw, Result.INVALID, error.message)))
    outcomes = tuple(o for _, _, o in sorted(entries, key=lambda e: (e[0], e[1])))
    changed = new != state
    if changed and origin.comment_id is not None:
        new = replace(new, handled_comments=(*new.handled_comments, origin.comment_id))
    return Effects(new, outcomes, changed)


def _outcome(command: Command, result: Result, message: str) -> Outcome:
    return Outcome(command.raw, result, message, command.name, command.item_id)


# what closing or reopening an item's issue means, as the commands that do the same
_BY_EVENT = {
    IssueChange.COMPLETED: (CommandName.DONE,),
    IssueChange.NOT_PLANNED: (CommandName.SKIP,),
    IssueChange.REOPENED: (CommandName.UNDO, CommandName.UNSKIP),
}


def event_command(change: IssueChange) -> str:
    """The command whose permission an issue close or reopen needs (a reopen: /undo's)."""
    return _BY_EVENT[change][0]


def apply_issue_event(
    roadmap: Roadmap, state: State, item_id: str, change: IssueChange, *, origin: Origin
) -> Effects:
    """Tick or skip the item whose issue was closed; undo both when it was reopened."""
    item = roadmap.item_index().get(item_id)
    if item is None:
        message = f"{md_code(item_id, 60)} is no longer in the roadmap; nothing changed"
        return Effects(state, (Outcome("", Result.INVALID, message, None, item_id),), False)
    new, outcomes = state, []
    names = _BY_EVENT[change]
    for name in names:
        effect = SPECS[name].effect
        assert effect is not None  # the commands above all change the state
        new, result, message = effect(item, new, origin, None)
        if result is not Result.UNCHANGED or len(names) == 1:
            outcomes.append(Outcome("", result, message, name, item.id))
    if not outcomes:
        message = f"`{item.id}` was neither ticked nor skipped; nothing to undo"
        outcomes.append(Outcome("", Result.UNCHANGED, message, CommandName.UNDO, item.id))
    return Effects(new, tuple(outcomes), new != state)
