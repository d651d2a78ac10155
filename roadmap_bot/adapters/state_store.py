"""Load and save the bot-owned state file next to roadmap.yaml."""

from __future__ import annotations

from pathlib import Path

from roadmap_bot.adapters.files import write_atomic
from roadmap_bot.core.model import State
from roadmap_bot.core.state_codec import state_from_json, state_to_json


def load_state(path: Path) -> State:
    """Read the state; a missing file is an empty state."""
    if not path.is_file():
        return State()
    return state_from_json(path.read_text(encoding="utf-8"), str(path))


def save_state(path: Path, state: State) -> bool:
    """Write the state atomically when it changed; return whether it was written."""
    text = state_to_json(state).encode("utf-8")
    if path.is_file() and path.read_bytes() == text:
        return False
    write_atomic(path, text)
    return True
