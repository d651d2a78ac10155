"""Ticks, skips and links that follow an item whose id changed by nesting or un-nesting.

Nesting ``phase1.resnet`` under a new parent ``cnn`` in roadmap.yaml (or a re-import that reads
it nested) makes its id ``phase1.cnn.resnet``; un-nesting does the reverse. The state keeps its
entries under the old id, which then names no item: ``follow_renames`` moves each such entry to
the one item of the same phase with the same last slug. An item's slug is unique within its
phase, children included, so the last slug names at most one item of a phase.

Nothing moves when no item (or more than one) of the phase has that slug, when the item already
has its own entry of that kind (never overwritten), or when two old ids of one kind would move
to the same item (which one is meant is not known). An entry that does not move stays as it was.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import replace
from itertools import chain
from typing import TypeVar

from roadmap_bot.core.model import State

V = TypeVar("V")

Move = tuple[str, str]  # (old id, new id)


def follow_renames(item_ids: Iterable[str], state: State) -> tuple[State, list[Move]]:
    """``state`` with each tick, skip, link and nudge record stored under an id no item has
    moved to the item it became (see the module's docstring), and the moves made, one per old
    id, in the order the state lists them. The same ``state`` object when nothing moves."""
    targets = renamed_ids(item_ids, chain(state.ticks, state.skips, state.links, state.nudged))
    if not targets:
        return state, []
    moves: dict[str, str] = {}
    ticks = _moved(state.ticks, targets, moves)
    skips = _moved(state.skips, targets, moves)
    links = _moved(state.links, targets, moves)
    nudged = _moved(state.nudged, targets, moves)
    if not moves:
        return state, []
    moved = replace(state, ticks=ticks, skips=skips, links=links, nudged=nudged)
    return moved, list(moves.items())


def renamed_ids(item_ids: Iterable[str], old_ids: Iterable[str]) -> dict[str, str]:
    """Each of ``old_ids`` that names no item → the one item of its phase with its last slug
    (none when no item or several have it). Whether an entry may move there is the caller's
    to judge (``follow_renames``: never over an entry of its own)."""
    ids = set(item_ids)
    by_last: dict[tuple[str, str], list[str]] = {}
    for item_id in ids:
        by_last.setdefault(_phase_and_last(item_id), []).append(item_id)
    found: dict[str, str] = {}
    for old in old_ids:
        if old in ids or "." not in old:
            continue
        same = by_last.get(_phase_and_last(old), [])
        if len(same) == 1:
            found[old] = same[0]
    return found


def _phase_and_last(item_id: str) -> tuple[str, str]:
    """``phase1.cnn.resnet`` → ``("phase1", "resnet")``."""
    phase, _, rest = item_id.partition(".")
    return phase, rest.rpartition(".")[2]


def _moved(
    entries: Mapping[str, V], targets: Mapping[str, str], moves: dict[str, str]
) -> Mapping[str, V]:
    """``entries`` with each key that moves replaced by its target, in the same order; records
    the moves in ``moves``. A target that has its own entry, or that two old keys claim, takes
    none."""
    claims: dict[str, list[str]] = {}
    for key in entries:
        new = targets.get(key)
        if new is not None and new not in entries:
            claims.setdefault(new, []).append(key)
    renamed = {olds[0]: new for new, olds in claims.items() if len(olds) == 1}
    if not renamed:
        return entries
    for old, new in renamed.items():
        moves.setdefault(old, new)
    return {renamed.get(key, key): value for key, value in entries.items()}
