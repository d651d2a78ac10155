"""Save the bot-owned state file next to roadmap.yaml (jobs/loading.py reads it)."""

from __future__ import annotations

from pathlib import Path

from roadmap_bot.adapters.files import write_atomic
from roadmap_bot.core.model import State
from roadmap_bot.core.state_codec import state_to_json


def save_state(path: Path, state: State) -> bool:
    """Write the state atomically when it changed; return whether it was written."""
    text = state_to_json(state).encode("utf-8")
    if path.is_file() and path.read_bytes() == text:
        return False
    write_atomic(path, text)
    return True
