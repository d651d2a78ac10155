"""Who may change the roadmap: a login's collaborator role, asked of GitHub once per login.

Comment commands (``respond/run.Run``) and the dashboard's boxes (``dashboard``) ask the same
question, so the answer and its failure mode live here: GitHub not answering is no role, and
the policy (``core/commands/permissions.decide``) fails closed on it.
"""

from __future__ import annotations

from roadmap_bot.core.commands.permissions import Role, role_from_label
from roadmap_bot.errors import GitHubError
from roadmap_bot.jobs.apply import Tracker


def role_of(tracker: Tracker, login: str) -> Role | None:
    """``login``'s role in the roadmap repo, or None when GitHub does not say."""
    try:
        return role_from_label(tracker.permission(login))
    except GitHubError:
        return None
