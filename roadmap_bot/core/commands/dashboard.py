"""Boxes ticked or unticked on the dashboard issue, carried out as ``/done`` and ``/undo``.

The same effects the comment commands run (``registry.SPECS``), with the provenance "ticked on
the dashboard" and the dashboard's URL; who may is the caller's ``permissions.decide`` for the
two commands, as for a comment. Pure.
"""

from __future__ import annotations

from dataclasses import replace

from roadmap_bot.core.commands.registry import SPECS
from roadmap_bot.core.commands.spec import CommandName, Origin, Outcome, Result
from roadmap_bot.core.model import Roadmap, State
from roadmap_bot.core.planning.dashboard import REASON, Toggles


def command_lines() -> tuple[tuple[str, str], ...]:
    """(usage, what it does) of every command, one line each on the dashboard."""
    return tuple((spec.usage, spec.summary) for spec in SPECS.values())


def apply_toggles(
    roadmap: Roadmap, state: State, toggles: Toggles, origin: Origin
) -> tuple[State, tuple[Outcome, ...]]:
    """Tick the ticked boxes' items, untick the unticked ones; one outcome each."""
    index = roadmap.item_index()
    outcomes: list[Outcome] = []
    for name, ids in ((CommandName.DONE, toggles.ticked), (CommandName.UNDO, toggles.unticked)):
        effect = SPECS[name].effect
        assert effect is not None  # both change the state
        for item_id in ids:
            item = index.get(item_id)
            if item is None:
                continue
            state, result, message = effect(item, state, origin, None)
            if result is Result.APPLIED and name is CommandName.DONE:
                mark = replace(state.ticks[item_id], reason=REASON)  # ``by`` says who
                state = replace(state, ticks={**state.ticks, item_id: mark})
            outcomes.append(Outcome(f"/{name} {item_id}", result, message, name, item_id))
    return state, tuple(outcomes)
