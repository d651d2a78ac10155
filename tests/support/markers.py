"""Reading the bot's item markers in tests: which item an issue body names, wherever it stands.

The bot itself trusts only its own marker on its own line (``core.planning.bot_issues``); the
tests look for any marker, to count the issues anyone made to look like the bot's.
"""

from __future__ import annotations

import re

ITEM_MARKER = re.compile(r"<!--\s*roadmap-bot:item=([A-Za-z0-9_.-]+)\s*-->")


def find_item_marker(body: str | None) -> str | None:
    """The item id of the first item marker in ``body``, if any."""
    match = ITEM_MARKER.search(body or "")
    return match.group(1) if match else None
