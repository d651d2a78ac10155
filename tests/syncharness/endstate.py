"""What a run leaves behind on the fake, comparable across worlds; request and fault counts."""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from roadmap_bot.core.markers import END, START
from roadmap_bot.core.planning.text import tick_marker
from roadmap_bot.core.state_codec import state_from_json
from tests.fakegithub import FakeGitHub
from tests.support.markers import find_item_marker
from tests.syncharness.world import ROADMAP_REPO


@dataclass(frozen=True, slots=True)
class EndState:
    """What a run leaves behind, comparable across worlds (issue numbers left out)."""

    ticks: Mapping[str, Any]  # item id → the tick as stored in the state file
    state_text: str
    open_issues: Mapping[str, int]  # item id → open bot issues carrying its marker
    all_issues: Mapping[str, int]  # item id → bot issues (open or closed) carrying its marker
    tick_comments: Mapping[str, int]  # item id → tick comments on its issues (at most 1)
    closed_completed: frozenset[str]  # item ids whose issue is closed as completed
    readme: bytes
    files: Mapping[str, bytes]  # the roadmap repo's files, less what concurrent pushes added

    @property
    def readme_outside(self) -> bytes:
        """The README with the bot's block cut out: the user's bytes."""
        text = self.readme
        start, end = text.find(START.encode()), text.find(END.encode())
        if start < 0 or end < 0:
            return text
        return text[:start] + text[end + len(END.encode()) :]

    @property
    def duplicates(self) -> int:
        """Open issues beyond one per item (must be 0)."""
        return sum(max(0, n - 1) for n in self.open_issues.values())


def end_state(fake: FakeGitHub, repo: str = ROADMAP_REPO) -> EndState:
    """Snapshot the roadmap repo: state file (validated by the real codec), issues, README."""
    files = {p: b for p, b in fake.files(repo).items() if p != ".concurrent-push"}
    text = files.get("roadmap.state.json", b"{}").decode("utf-8")
    state_from_json(text, "roadmap.state.json")  # raises ConfigError when the file is not valid
    ticks = json.loads(text).get("ticks", {})
    open_count: dict[str, int] = {}
    all_count: dict[str, int] = {}
    comments: dict[str, int] = {}
    completed = set()
    for issue in fake.issues(repo):
        found = find_item_marker(issue.get("body"))
        if found is None:
            continue
        all_count[found] = all_count.get(found, 0) + 1
        open_count[found] = open_count.get(found, 0) + (issue["state"] == "open")
        if issue["state"] == "closed" and issue.get("state_reason") == "completed":
            completed.add(found)
        marker = tick_marker(found)
        marked = [c for c in fake.comments(repo, issue["number"]) if marker in (c["body"] or "")]
        comments[found] = comments.get(found, 0) + len(marked)
    return EndState(
        ticks=ticks,
        state_text=text,
        open_issues={k: v for k, v in open_count.items() if v},
        all_issues=all_count,
        tick_comments=comments,
        closed_completed=frozenset(completed),
        readme=files.get("README.md", b""),
        files=files,
    )


def fired_faults(fake: FakeGitHub) -> int:
    """How many times injected faults fired (the fault book counts them; no public API yet)."""
    book = fake._engine.faults
    with book._lock:
        return sum(int(slot[2]) for slot in book._faults)


def requests_by_kind(fake: FakeGitHub) -> dict[str, int]:
    counts = {"graphql": 0, "rest_read": 0, "rest_write": 0}
    for record in fake.requests:
        counts[record.kind] += 1
    return counts
