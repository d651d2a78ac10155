"""Load and save the bot-owned state file next to roadmap.yaml."""

from __future__ import annotations

from pathlib import Path

from roadmap_bot.adapters.files import write_atomic
from roadmap_bot.core.model import State
from roadmap_bot.core.state_codec import state_from_json, state_to_json
from roadmap_bot.errors import ConfigError, Problem


def load_state(path: Path) -> State:
    """Read the state; a missing file is an empty state."""
    if not path.is_file():
        return State()
    try:
        text = path.read_bytes().decode("utf-8")
    except UnicodeDecodeError as exc:
        message = f"not UTF-8 (byte {exc.start}); restore the file from git history"
        raise ConfigError([Problem(str(path), 1, 1, message)]) from None
    return state_from_json(text, str(path))


def save_state(path: Path, state: State) -> bool:
    """Write the state atomically when it changed; return whether it was written."""
    text = state_to_json(state).encode("utf-8")
    if path.is_file() and path.read_bytes() == text:
        return False
    write_atomic(path, text)
    return True
