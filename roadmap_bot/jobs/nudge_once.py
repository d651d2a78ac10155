"""After a run posted its nudge: the bot's nudges two runs at once posted twice are deleted.

The state commit that records a nudge comes before the comment, so of two runs at once the
second's commit conflicts and it re-plans over the first's record (``core/planning/nudges.py``),
except when both made byte-identical commits (same files, parent and second), which GitHub
takes twice. A run that posted a nudge therefore reads that issue's comments once more and
deletes the surplus (``nudges.surplus_nudges``: the oldest stays); the later of two runs always
sees the earlier's comment. One read per nudge, and nudges come at most once a week.
"""

from __future__ import annotations

from collections.abc import Sequence

from roadmap_bot.core.planning.nudges import nudged_issues, surplus_nudges
from roadmap_bot.core.planning.plan import Action
from roadmap_bot.errors import GitHubError
from roadmap_bot.jobs.apply import Applied, Tracker


def keep_one_nudge(
    tracker: Tracker, actions: Sequence[Action], bot_login: str, applied: Applied
) -> None:
    """Delete the surplus nudges on the issues ``actions`` nudged, logged in ``applied``; a read
    or delete that fails is logged too (the run's writes are done: no reason to fail it)."""
    for number in nudged_issues(actions):
        try:
            listed = tracker.list_comments(issue_number=number)
            for extra in surplus_nudges(listed, bot_login):
                if tracker.delete_comment(extra.id):
                    applied.log.append(f"delete duplicate nudge {extra.id} on issue #{number}")
        except GitHubError as exc:
            applied.log.append(f"could not check issue #{number} for a second nudge: {exc}")
