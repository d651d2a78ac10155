"""Who may run which command: the role table, the role look-up answer, bots."""

from __future__ import annotations

import copy
from typing import Any

import pytest
import requests

from roadmap_bot.core.commands.permissions import (
    Access,
    Decision,
    Role,
    decide,
    is_bot,
    role_from_permission,
)
from roadmap_bot.core.commands.registry import SPECS
from roadmap_bot.core.commands.spec import CommandName
from tests.fakegithub import FakeGitHub

OWNER = "ada"
CHANGING = [name for name in CommandName if not SPECS[name].read_only]
READ_ONLY = [name for name in CommandName if SPECS[name].read_only]

# who → (login, user type, looked-up role, may change the roadmap)
PEOPLE: dict[str, tuple[str, str, Role | None, bool]] = {
    "owner": (OWNER, "User", Role.ADMIN, True),
    "owner, look-up failed": ("Ada", "User", None, True),
    "admin": ("alice", "User", Role.ADMIN, True),
    "maintain": ("max", "User", Role.MAINTAIN, True),
    "write": ("wendy", "User", Role.WRITE, True),
    "triage": ("tim", "User", Role.TRIAGE, False),
    "read": ("rita", "User", Role.READ, False),
    "none": ("stranger", "User", Role.NONE, False),
    "look-up failed": ("lou", "User", None, False),
}
BOTS: dict[str, tuple[str, str, Role | None]] = {
    "app bot": ("renovate[bot]", "Bot", Role.WRITE),
    "actions bot": ("github-actions[bot]", "Bot", Role.ADMIN),
    "[bot] login typed User": ("helper[bot]", "User", Role.ADMIN),
    "this bot on a personal token": ("roadmap-bot-account", "User", Role.ADMIN),
}


def decision(who: tuple[str, str, Role | None], command: CommandName) -> Decision:
    login, user_type, role = who
    return decide(
        command,
        author=login,
        author_type=user_type,
        repo_owner=OWNER,
        role=role,
        own_login="Roadmap-Bot-Account",
    )


@pytest.mark.parametrize("command", CHANGING)
@pytest.mark.parametrize("who", list(PEOPLE))
def test_changing_commands_need_ownership_or_write_maintain_admin(
    who: str, command: CommandName
) -> None:
    login, user_type, role, allowed = PEOPLE[who]
    result = decision((login, user_type, role), command)
    assert result.allowed is allowed
    assert result.access is (Access.ALLOW if allowed else Access.REFUSE)
    assert (result.message == "") is allowed


@pytest.mark.parametrize("command", READ_ONLY)
@pytest.mark.parametrize("who", list(PEOPLE))
def test_read_only_commands_are_answered_for_anyone(who: str, command: CommandName) -> None:
    login, user_type, role, _ = PEOPLE[who]
    assert decision((login, user_type, role), command) == Decision(Access.ALLOW)


@pytest.mark.parametrize("command", list(CommandName))
@pytest.mark.parametrize("who", list(BOTS))
def test_bots_are_ignored_whatever_their_role(who: str, command: CommandName) -> None:
    assert decision(BOTS[who], command) == Decision(Access.IGNORE)


@pytest.mark.parametrize(
    ("role", "has"),
    [(Role.TRIAGE, "the triage role"), (Role.READ, "the read role"), (Role.NONE, "no access")],
)
def test_a_refusal_says_who_may_run_it_and_what_the_person_has(role: Role, has: str) -> None:
    message = decision(("tim", "User", role), CommandName.DONE).message
    assert message == (
        "`/done` changes the roadmap, so only the repository owner and people with write, "
        f"maintain or admin access can run it; you have {has}. "
        "`/check`, `/status` and `/help` work for everyone."  # the read-only records, in order
    )


def test_a_failed_look_up_refuses_and_says_nothing_changed() -> None:
    message = decision(("lou", "User", None), CommandName.SKIP).message
    assert "could not look up your access" in message
    assert "`/skip`" in message
    assert "nothing changed" in message


def test_is_bot_knows_apps_actions_and_the_bots_own_account() -> None:
    assert is_bot("dependabot[bot]", "Bot")
    assert is_bot("Some[BOT]", "User")
    assert is_bot("whoever", "bot")
    assert is_bot("roadmap-bot", "User", own_login="Roadmap-Bot")
    assert not is_bot("roadmap-bot", "User")
    assert not is_bot("botanist", "User", own_login="roadmap-bot")
    assert not is_bot("octocat", "Organization")


# --- reading the collaborator-permission answer ------------------------------------------------


def permission_answer(
    permission: str, role_name: str, flags: dict[str, bool] | None
) -> dict[str, Any]:
    """GitHub's published example answer, changed to the given role."""
    from tests.support.refdata import rest_openapi

    examples = rest_openapi()["components"]["examples"]
    name = "repository-collaborator-permission-response-if-user-has-admin-permissions"
    answer = copy.deepcopy(examples[name]["value"])
    answer.update(permission=permission, role_name=role_name)
    if flags is not None:
        answer["user"]["permissions"] = flags
    return answer


def flags(role: str) -> dict[str, bool]:
    order = ["pull", "triage", "push", "maintain", "admin"]
    rank = {"read": 0, "triage": 1, "write": 2, "maintain": 3, "admin": 4}.get(role, -1)
    return {flag: index <= rank for index, flag in enumerate(order)}


@pytest.mark.parametrize(
    ("permission", "role_name", "expected"),
    [
        ("admin", "admin", Role.ADMIN),
        ("write", "maintain", Role.MAINTAIN),  # the legacy field says write for maintain
        ("write", "write", Role.WRITE),
        ("read", "triage", Role.TRIAGE),  # ... and read for triage
        ("read", "read", Role.READ),
        ("none", "none", Role.NONE),
    ],
)
def test_the_role_comes_from_role_name_not_the_legacy_permission(
    permission: str, role_name: str, expected: Role
) -> None:
    answer = permission_answer(permission, role_name, flags(role_name))
    assert role_from_permission(answer) is expected


def test_a_custom_role_falls_back_to_the_permission_flags() -> None:
    answer = permission_answer("write", "security-reviewer", flags("maintain"))
    assert role_from_permission(answer) is Role.MAINTAIN
    answer = permission_answer("read", "auditor", {"pull": True, "push": False, "admin": False})
    assert role_from_permission(answer) is Role.READ
    answer = permission_answer("read", "nobody", dict.fromkeys(flags("read"), False))
    assert role_from_permission(answer) is Role.NONE


def test_without_flags_the_legacy_permission_is_the_last_resort() -> None:
    answer = permission_answer("write", "custom", None)
    assert "permissions" not in answer["user"]  # GitHub's own example has no flags
    assert role_from_permission(answer) is Role.WRITE
    answer["user"] = None  # nullable-collaborator
    assert role_from_permission(answer) is Role.WRITE


@pytest.mark.parametrize(
    "answer",
    [None, {}, [], "admin", {"permission": "superuser"}, {"role_name": 5, "user": "x"}],
)
def test_an_answer_that_says_nothing_usable_is_a_failed_look_up(answer: Any) -> None:
    assert role_from_permission(answer) is None


def test_a_failed_look_up_lets_no_one_but_the_owner_change_anything() -> None:
    stranger = decide(
        CommandName.DONE, author="eve", author_type="User", repo_owner=OWNER, role=None
    )
    owner = decide(CommandName.DONE, author="ada", author_type="User", repo_owner=OWNER, role=None)
    assert (stranger.access, owner.access) == (Access.REFUSE, Access.ALLOW)


@pytest.mark.parametrize(
    ("permission", "expected"),
    [
        ("admin", Role.ADMIN),
        ("maintain", Role.MAINTAIN),
        ("write", Role.WRITE),
        ("triage", Role.TRIAGE),
        ("read", Role.READ),
    ],
)
def test_answers_served_over_http_read_as_the_granted_role(
    fake_github_checked: FakeGitHub, permission: str, expected: Role
) -> None:
    fake = fake_github_checked
    fake.add_user(OWNER)
    fake.add_user("pat")
    fake.add_repo(f"{OWNER}/roadmap", files={"README.md": "# r\n"})
    fake.add_collaborator(f"{OWNER}/roadmap", "pat", permission)
    url = f"{fake.api_url}/repos/{OWNER}/roadmap/collaborators/pat/permission"
    response = requests.get(url, headers={"Authorization": f"token {fake.token}"}, timeout=10)
    assert response.status_code == 200
    assert role_from_permission(response.json()) is expected
