"""Read a text file the user names on the command line (a README to import)."""

from __future__ import annotations

from pathlib import Path

from roadmap_bot.errors import ConfigError, Problem, UsageError


def read_text(path: Path) -> str:
    """Read a UTF-8 text file; a missing or undecodable file is bad input (exit 2)."""
    if not path.is_file():
        raise UsageError(f"{path}: no such file")
    try:
        return path.read_bytes().decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        message = f"not UTF-8 (byte {exc.start}): save the file as UTF-8"
        raise ConfigError([Problem(str(path), 1, 1, message)]) from exc
