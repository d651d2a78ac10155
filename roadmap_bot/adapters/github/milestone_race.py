"""Milestones when two runs create the same one at once.

GitHub answers the second ``POST /repos/{o}/{r}/milestones`` with 422 "Validation Failed" and
``errors: [{"resource": "Milestone", "field": "title", "code": "already_exists"}]``. The
milestone is there, which is all the run wanted: re-read the list and use it.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from roadmap_bot.errors import GitHubError

T = TypeVar("T")
Call = Callable[[str, Callable[[], T]], T]


def listed(call: Call[dict[str, int]], repo: Any) -> dict[str, int]:
    """Every milestone (open and closed), title → number, read now."""
    return call(
        "listing milestones",
        lambda: {str(m.title): int(m.number) for m in repo.get_milestones(state="all")},
    )


def existing(milestones: dict[str, int], title: str, error: GitHubError) -> int:
    """The number of ``title`` after a failed create: another run's, or the failure re-raised.

    GitHub compares milestone titles without regard to case, so a title differing only in case
    is the same milestone."""
    if title in milestones:
        return milestones[title]
    same = [number for name, number in milestones.items() if name.lower() == title.lower()]
    if len(same) == 1:
        return same[0]
    raise error
