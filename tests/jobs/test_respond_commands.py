"""respond(): every command end to end, from a real payload shape over the fake GitHub."""

from __future__ import annotations

from roadmap_bot.core.model import TickSource
from tests.fakegithub import FakeGitHub
from tests.support.respond import (
    OWNER,
    REPO,
    comment_event,
    new_issue,
    open_topic_issues,
    reactions,
    readme_of,
    replies_to,
    run,
    seed,
    state_of,
    writes,
)

COMMIT = f"PATCH /repos/{REPO}/git/refs/heads/main"


def ask(fake: FakeGitHub, env: dict[str, str], body: str, *, issue: int | None = None) -> str:
    """Comment ``body`` as the owner, run respond once, and return the one reply."""
    number = issue if issue is not None else new_issue(fake)
    event, comment_id = comment_event(fake, number, body)
    result = run(env, event)
    assert result.exit_code == 0, result.notes
    found = replies_to(fake, number, comment_id)
    assert len(found) == 1
    return found[0]


def test_done_reacts_commits_once_and_replies_once_with_its_marker(
    fake_github_checked: FakeGitHub, github_env: dict[str, str]
) -> None:
    fake = fake_github_checked
    seed(fake)
    number = new_issue(fake)
    event, comment_id = comment_event(fake, number, "/done phase0.python finished the course")
    fake.reset_requests()
    result = run(github_env, event)
    assert result.ticked == ["phase0.python"] and result.exit_code == 0
    assert reactions(fake, comment_id) == ["eyes", "+1"]
    (reply,) = replies_to(fake, number, comment_id)
    assert reply.startswith("@ada done.")
    assert "- ✅ `/done phase0.python finished the course` — ticked `phase0.python`" in reply
    assert result.replies and not result.replies[-1].endswith(f"/issues/{number}#issuecomment-")
    assert writes(fake).count(COMMIT) == 1 and len(result.commits) == 1
    assert f"/commit/{result.commits[0]})" in reply
    tick = state_of(fake).ticks["phase0.python"]
    assert (tick.source, tick.by, tick.reason) == (
        TickSource.MANUAL,
        OWNER,
        "`finished the course`",
    )
    assert tick.url and tick.url.endswith(f"/issues/{number}#issuecomment-{comment_id}")
    assert "- [x] Python basics" in readme_of(fake)


def test_done_without_an_id_in_a_bot_issue_ticks_its_item_and_closes_the_issue(
    fake: FakeGitHub, github_env: dict[str, str]
) -> None:
    opened = open_topic_issues(github_env)
    number = opened["phase0.python"]
    reply = ask(fake, github_env, "/done", issue=number)
    assert "ticked `phase0.python`; closed #" in reply
    issue = next(i for i in fake.issues(REPO) if i["number"] == number)
    assert (issue["state"], issue["state_reason"]) == ("closed", "completed")
    bodies = [c["body"] for c in fake.comments(REPO, number)]
    # the planner's tick comment (the login shown, not a live mention)
    assert any("was ticked by @" in b and "ada" in b for b in bodies)


def test_undo_takes_the_tick_back(fake: FakeGitHub, github_env: dict[str, str]) -> None:
    number = new_issue(fake)
    ask(fake, github_env, "/done phase0.git", issue=number)
    reply = ask(fake, github_env, "/undo phase0.git", issue=number)
    assert "took back the tick of `phase0.git` (by ada on 2026-03-02)" in reply
    assert "phase0.git" not in state_of(fake).ticks
    assert "- [ ] Git workflow" in readme_of(fake)


def test_skip_closes_the_issue_as_not_planned_and_unskip_plans_it_again(
    fake: FakeGitHub, github_env: dict[str, str]
) -> None:
    number = open_topic_issues(github_env)["phase0.git"]
    reply = ask(fake, github_env, "/skip know it already", issue=number)
    assert "skipped `phase0.git`: left out of progress" in reply
    skip = state_of(fake).skips["phase0.git"]
    assert (skip.by, skip.reason) == (OWNER, "`know it already`")
    issue = next(i for i in fake.issues(REPO) if i["number"] == number)
    assert issue["state_reason"] == "not_planned"
    assert "~~Git workflow~~" in readme_of(fake)
    assert "planned `phase0.git` again" in ask(fake, github_env, "/unskip phase0.git")
    assert state_of(fake).skips == {}


def test_link_stores_the_repo_and_checks_it_at_once(
    fake: FakeGitHub, github_env: dict[str, str]
) -> None:
    reply = ask(fake, github_env, "/link phase0.rag ada/rag-notes")
    assert "linked `ada/rag-notes` to `phase0.rag`; its evidence holds in [ada/rag-notes](" in reply
    state = state_of(fake)
    assert state.links == {"phase0.rag": ("ada/rag-notes",)}
    tick = state.ticks["phase0.rag"]
    assert (tick.source, tick.repo, tick.commit) == (
        TickSource.AUTO,
        "ada/rag-notes",
        fake.head("ada/rag-notes"),
    )


def test_link_to_a_repo_without_the_evidence_says_what_is_missing(
    fake: FakeGitHub, github_env: dict[str, str]
) -> None:
    reply = ask(fake, github_env, "/link phase0.rag https://github.com/ada/tiny")
    assert "linked `ada/tiny` to `phase0.rag`; not ticked yet: readme: README.md" in reply
    assert "phase0.rag" not in state_of(fake).ticks
    reply = ask(fake, github_env, "/unlink phase0.rag ada/tiny")
    assert "unlinked `ada/tiny` from `phase0.rag`" in reply
    assert state_of(fake).links == {}


def test_check_replies_with_each_checks_reason_and_writes_nothing(
    fake: FakeGitHub, github_env: dict[str, str]
) -> None:
    ask(fake, github_env, "/link phase0.rag ada/tiny")
    number = new_issue(fake)
    event, comment_id = comment_event(fake, number, "/check phase0.rag")
    fake.reset_requests()
    run(github_env, event)
    (reply,) = replies_to(fake, number, comment_id)
    assert "### `/check phase0.rag` — Retrieval-augmented generation" in reply
    assert "The rule does **not hold yet** ([ada/tiny](" in reply
    assert "- ✖️ readme: README.md" in reply
    assert COMMIT not in writes(fake)
    assert sorted(writes(fake)) == sorted(
        [f"POST /repos/{REPO}/issues/comments/{comment_id}/reactions"] * 2
        + [f"POST /repos/{REPO}/issues/{number}/comments"]
    )


def test_check_evaluates_a_ticked_item_too(fake: FakeGitHub, github_env: dict[str, str]) -> None:
    ask(fake, github_env, "/link phase0.rag ada/rag-notes")
    reply = ask(fake, github_env, "/check phase0.rag")
    assert "Status: **done**" in reply and "The rule **holds** in [ada/rag-notes](" in reply
    assert "- ✔️ readme: README.md has" in reply


def test_status_replies_with_the_progress_table(
    fake: FakeGitHub, github_env: dict[str, str]
) -> None:
    ask(fake, github_env, "/done phase0.python")
    reply = ask(fake, github_env, "/status")
    assert "| ▶ Basics <sub>`phase0`</sub> | 1/3 | `███░░░░░░░` | 33% |" in reply
    assert "| **Total** | 1/4 |" in reply


def test_next_opens_the_next_issues_now(fake: FakeGitHub, github_env: dict[str, str]) -> None:
    reply = ask(fake, github_env, "/next")
    titles = sorted(
        i["title"]
        for i in fake.issues(REPO)
        if i["user"]["type"] == "Bot"
        and "roadmap-bot:item=" in (i["body"] or "")  # not the dashboard
    )
    assert titles == ["[phase0] Git workflow", "[phase0] Python basics"]
    assert "`/next` — opened #" in reply and "(`phase0.python`)" in reply
    again = ask(fake, github_env, "/next")
    assert "no new issue to open: up to 2 stay open for the current phase" in again


def test_help_lists_every_command(fake: FakeGitHub, github_env: dict[str, str]) -> None:
    reply = ask(fake, github_env, "/help")
    for usage in ("/done ID [note or URL]", "/unlink ID REPO", "/next", "/status"):
        assert f"`{usage}`" in reply
    assert "`phase0.python`" in reply


def test_several_commands_make_one_commit_and_one_reply(
    fake: FakeGitHub, github_env: dict[str, str]
) -> None:
    number = new_issue(fake)
    body = "Progress!\n/done phase0.python\n/skip phase1.torch not for me\n/status"
    event, comment_id = comment_event(fake, number, body)
    fake.reset_requests()
    result = run(github_env, event)
    assert writes(fake).count(COMMIT) == 1
    assert len(replies_to(fake, number, comment_id)) == 1
    assert (result.ticked, result.changed("skipped")) == (["phase0.python"], ["phase1.torch"])
    assert reactions(fake, comment_id) == ["eyes", "+1"]


def test_commands_in_code_blocks_and_quotes_are_not_run(
    fake: FakeGitHub, github_env: dict[str, str]
) -> None:
    number = new_issue(fake)
    body = "Try this:\n```\n/done phase0.python\n```\n> /skip phase0.git\n\n    /undo phase0.git\n`/next`"
    event, comment_id = comment_event(fake, number, body)
    fake.reset_requests()
    result = run(github_env, event)
    assert writes(fake) == [] and result.answered == []
    assert reactions(fake, comment_id) == [] and replies_to(fake, number, comment_id) == []


def test_unknown_ids_get_a_did_you_mean_and_change_nothing(
    fake: FakeGitHub, github_env: dict[str, str]
) -> None:
    number = new_issue(fake)
    event, comment_id = comment_event(fake, number, "/done phase0.pyhton\n/skip phase7.nothing")
    fake.reset_requests()
    run(github_env, event)
    (reply,) = replies_to(fake, number, comment_id)
    assert "no item `phase0.pyhton` — did you mean `phase0.python`?" in reply
    assert "no item `phase7.nothing`" in reply
    assert reactions(fake, comment_id) == ["eyes", "confused"]
    assert COMMIT not in writes(fake)


def test_a_dry_run_returns_the_reply_and_writes_nothing(
    fake: FakeGitHub, github_env: dict[str, str]
) -> None:
    number = new_issue(fake)
    event, comment_id = comment_event(fake, number, "/done phase0.python")
    fake.reset_requests()
    result = run(github_env, event, dry_run=True)
    assert writes(fake) == [] and result.answered == [comment_id]
    assert "would do (dry run: nothing was written)" in result.replies[0]
    assert result.replies[0].rstrip().endswith(f"<!-- roadmap-bot:reply-to={comment_id} -->")
