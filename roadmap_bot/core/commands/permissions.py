"""Who may run which command: repository roles in, allow / refuse / ignore out."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from enum import IntEnum, StrEnum
from typing import Any

from roadmap_bot.core.commands.registry import SPECS, read_only_usage


class Role(IntEnum):
    """A person's base role on the repository, ordered by what it may do."""

    NONE = 0
    READ = 1
    TRIAGE = 2
    WRITE = 3
    MAINTAIN = 4
    ADMIN = 5

    @property
    def label(self) -> str:
        return self.name.lower()


CHANGING_ROLE = Role.WRITE  # the least role that may run a changing command


class Access(StrEnum):
    """What to do with one command from one person."""

    ALLOW = "allow"
    REFUSE = "refuse"  # answer with Decision.message, run nothing
    IGNORE = "ignore"  # say nothing: bots, including this bot's own replies


@dataclass(frozen=True, slots=True)
class Decision:
    """The policy's answer; ``message`` is the refusal sentence when ``access`` is REFUSE."""

    access: Access
    message: str = ""

    @property
    def allowed(self) -> bool:
        return self.access is Access.ALLOW


# The collaborator-permission API's flags, strongest first. GitHub documents `permission` as the
# legacy base role (maintain → write, triage → read) and `role_name` as the assigned role, which
# may be a custom one: https://docs.github.com/rest/collaborators/collaborators
_FLAGS = (
    ("admin", Role.ADMIN),
    ("maintain", Role.MAINTAIN),
    ("push", Role.WRITE),
    ("triage", Role.TRIAGE),
    ("pull", Role.READ),
)
_NAMES = {role.label: role for role in Role} | {"push": Role.WRITE, "pull": Role.READ}


def role_from_permission(response: Mapping[str, Any] | None) -> Role | None:
    """Read the base role from a ``GET /repos/{o}/{r}/collaborators/{user}/permission`` answer.

    ``role_name`` is used when it names a base role; a custom role falls back to the
    ``user.permissions`` flags, then to the legacy ``permission``. Returns None when the
    answer says nothing usable, which the policy treats as a failed look-up.
    """
    if not isinstance(response, Mapping):
        return None
    role_name = response.get("role_name")
    if isinstance(role_name, str) and role_name.lower() in _NAMES:
        return _NAMES[role_name.lower()]
    user = response.get("user")
    flags = user.get("permissions") if isinstance(user, Mapping) else None
    if isinstance(flags, Mapping) and any(isinstance(v, bool) for v in flags.values()):
        return next((role for flag, role in _FLAGS if flags.get(flag) is True), Role.NONE)
    permission = response.get("permission")
    if isinstance(permission, str) and permission.lower() in _NAMES:
        return _NAMES[permission.lower()]
    return None


def role_from_label(label: str) -> Role | None:
    """The Role for a role name as a client reports it ("admin", "write", "push", "none")."""
    return _NAMES.get(label.strip().lower())


def is_bot(login: str, user_type: str, *, own_login: str | None = None) -> bool:
    """True for GitHub Apps and Actions (type "Bot" or a ``[bot]`` login) and for this bot.

    ``own_login`` is the account the bot posts as when it runs with a personal token, whose
    replies come from a "User". Never pass it where a person's own action must count (closing
    an item's issue, a command): with a personal token the bot and that person share the login;
    the bot's own issues are told apart by author and marker instead (``core.bot_issues``).
    """
    if user_type.lower() == "bot" or login.lower().endswith("[bot]"):
        return True
    return own_login is not None and login.lower() == own_login.lower()


def decide(
    command: str,
    *,
    author: str,
    author_type: str,
    repo_owner: str,
    role: Role | None,
    own_login: str | None = None,
) -> Decision:
    """Decide whether ``author`` may run ``command`` on a repository owned by ``repo_owner``.

    ``role`` is the looked-up role (a 404 from the look-up means Role.NONE), or None when the
    look-up failed: then only the owner and read-only commands are served (fail closed).
    ``author_association`` from the payload is deliberately not an input: it is not a grant.
    """
    if is_bot(author, author_type, own_login=own_login):
        return Decision(Access.IGNORE)
    if SPECS[command].read_only or author.lower() == repo_owner.lower():
        return Decision(Access.ALLOW)
    if role is None:
        return Decision(
            Access.REFUSE,
            f"I could not look up your access to this repository, so I did not run "
            f"`/{command}`; nothing changed. Please try again in a few minutes.",
        )
    if role >= CHANGING_ROLE:
        return Decision(Access.ALLOW)
    have = "no access" if role is Role.NONE else f"the {role.label} role"
    return Decision(
        Access.REFUSE,
        f"`/{command}` changes the roadmap, so only the repository owner and people "
        f"with write, maintain or admin access can run it; you have {have}. "
        f"{read_only_usage()} work for everyone.",
    )
