"""apply_comment / apply_issue_event: what each command does to the State, and what it says."""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from roadmap_bot.core.commands.apply import Effects, apply_comment, apply_issue_event
from roadmap_bot.core.commands.effects import MAX_LINKS, quote_note
from roadmap_bot.core.commands.events import IssueChange
from roadmap_bot.core.commands.grammar import parse_comment
from roadmap_bot.core.commands.permissions import Access, Decision
from roadmap_bot.core.commands.spec import CommandName, Origin, Result
from roadmap_bot.core.model import Skip, State, Tick, TickSource
from roadmap_bot.core.safetext import md_code
from roadmap_bot.core.schema import load_roadmap

ROADMAP = load_roadmap(
    """\
version: 1
title: Effects
phases:
  - id: phase1
    title: One
    sections:
      - title: Topics
        kind: topic
        items:
          - {id: python, title: Python}
          - {id: git, title: Git}
          - {id: setup, title: Setup, done: true}
          - {id: rag, title: RAG, repos: [ada/rag-demo]}
""",
    "roadmap.yaml",
)
IDS = [item.id for item in ROADMAP.items()]
NOW = "2026-03-02T12:00:00Z"
URL = "https://github.com/ada/roadmap/issues/3#issuecomment-77"
ORIGIN = Origin("wendy", URL, NOW, comment_id=77)
LATER = Origin("wendy", URL, NOW, comment_id=78)  # another comment: not a replay of 77
ALLOW = {name: Decision(Access.ALLOW) for name in CommandName}


def run(body: str, state: State | None = None, **kwargs: object) -> Effects:
    parsed = parse_comment(body, known_ids=IDS)
    options = {"access": ALLOW, "origin": ORIGIN} | kwargs
    return apply_comment(ROADMAP, state or State(), parsed, **options)  # type: ignore[arg-type]


def only(effects: Effects) -> tuple[Result, str]:
    assert len(effects.outcomes) == 1
    return effects.outcomes[0].result, effects.outcomes[0].message


# --- /done and /undo ------------------------------------------------------------------------


def test_done_ticks_by_hand_with_who_when_and_the_comment_as_provenance() -> None:
    effects = run("/done phase1.python")
    tick = effects.state.ticks["phase1.python"]
    assert tick == Tick(TickSource.MANUAL, NOW, "wendy", "", url=URL)
    assert only(effects) == (Result.APPLIED, "ticked `phase1.python`")
    assert effects.changed and effects.state.handled_comments == (77,)


def test_done_keeps_a_note_as_code_and_a_bare_url_as_a_link() -> None:
    noted = run("/done phase1.python finished the `course` <b>today</b>")
    assert noted.state.ticks["phase1.python"].reason == "``finished the `course` <b>today</b>``"
    linked = run("/done phase1.python https://blog.example/post?x=1")
    assert linked.state.ticks["phase1.python"].reason == "<https://blog.example/post?x=1>"


def test_done_on_a_ticked_item_or_one_done_in_roadmap_yaml_changes_nothing() -> None:
    ticked = State(
        ticks={"phase1.python": Tick(TickSource.AUTO, "2026-01-02T00:00:00Z", "bot", "")}
    )
    effects = run("/done phase1.python", ticked)
    assert only(effects) == (
        Result.UNCHANGED,
        "`phase1.python` is already ticked (automatically on 2026-01-02)",
    )
    assert effects.state == ticked and not effects.changed
    assert only(run("/done phase1.setup"))[0] is Result.UNCHANGED


def test_done_lifts_a_skip() -> None:
    skipped = State(skips={"phase1.git": Skip(NOW, "ada")})
    effects = run("/done phase1.git", skipped)
    assert "phase1.git" in effects.state.ticks and effects.state.skips == {}
    assert only(effects)[1] == "ticked `phase1.git` (its skip is lifted)"


def test_undo_takes_back_a_tick_and_says_whose_it_was() -> None:
    state = State(ticks={"phase1.git": Tick(TickSource.MANUAL, "2026-02-01T09:00:00Z", "ada", "")})
    effects = run("/undo phase1.git", state)
    assert effects.state.ticks == {}
    assert only(effects) == (
        Result.APPLIED,
        "took back the tick of `phase1.git` (by ada on 2026-02-01)",
    )


def test_undo_of_an_unticked_item_changes_nothing_and_of_a_yaml_done_item_is_refused() -> None:
    assert only(run("/undo phase1.git"))[0] is Result.UNCHANGED
    result, message = only(run("/undo phase1.setup"))
    assert result is Result.INVALID and "roadmap.yaml" in message


# --- /skip and /unskip ----------------------------------------------------------------------


def test_skip_records_who_and_why_and_unskip_plans_it_again() -> None:
    effects = run("/skip phase1.git know it already")
    assert effects.state.skips["phase1.git"] == Skip(NOW, "wendy", "`know it already`", URL)
    back = run("/unskip phase1.git", effects.state, origin=LATER)
    assert back.state.skips == {} and only(back) == (Result.APPLIED, "planned `phase1.git` again")
    assert only(run("/unskip phase1.git"))[0] is Result.UNCHANGED


def test_a_ticked_item_cannot_be_skipped() -> None:
    state = State(ticks={"phase1.git": Tick(TickSource.MANUAL, NOW, "ada", "")})
    result, message = only(run("/skip phase1.git", state))
    assert result is Result.INVALID and "`/undo` it first" in message


# --- /link and /unlink ----------------------------------------------------------------------


def test_link_adds_a_repo_once_whatever_its_spelling() -> None:
    effects = run("/link phase1.python ada/py-notes")
    assert effects.state.links == {"phase1.python": ("ada/py-notes",)}
    assert effects.outcomes[0].message == "linked `ada/py-notes` to `phase1.python`"
    again = run("/link phase1.python https://github.com/Ada/Py-Notes", effects.state, origin=LATER)
    assert only(again)[0] is Result.UNCHANGED and again.state == effects.state
    assert only(run("/link phase1.rag ADA/rag-demo"))[0] is Result.UNCHANGED  # in roadmap.yaml


def test_link_stops_at_the_limit_of_repos_per_item() -> None:
    full = State(links={"phase1.python": tuple(f"ada/r{n}" for n in range(MAX_LINKS))})
    result, message = only(run("/link phase1.python ada/one-more", full))
    assert result is Result.INVALID and "`/unlink` one first" in message


def test_unlink_removes_only_links_made_with_link() -> None:
    state = State(links={"phase1.rag": ("ada/extra",)})
    effects = run("/unlink phase1.rag ADA/Extra", state)
    assert effects.state.links == {} and only(effects)[0] is Result.APPLIED
    result, message = only(run("/unlink phase1.rag ada/rag-demo", state))
    assert result is Result.INVALID and "roadmap.yaml" in message
    assert only(run("/unlink phase1.rag ada/never"))[0] is Result.UNCHANGED


# --- permissions, read-only commands, errors, order -----------------------------------------


def test_refused_commands_change_nothing_and_answer_with_the_policy() -> None:
    refuse = {name: Decision(Access.REFUSE, "no way") for name in CommandName}
    effects = run("/done phase1.python\n/status", access=refuse)
    assert effects.state == State() and not effects.changed
    assert [(o.result, o.message) for o in effects.outcomes] == [(Result.REFUSED, "no way")] * 2


def test_read_only_commands_and_next_are_answered_without_a_change() -> None:
    effects = run("/status\n/check phase1.git\n/help\n/next")
    assert [o.result for o in effects.outcomes] == [Result.ANSWERED] * 4
    assert effects.state == State() and not effects.changed and effects.ok


def test_every_command_line_is_answered_in_comment_order_errors_included() -> None:
    effects = run("/skip phase1.git\n/dnoe phase1.python\n/done phase9.nope\n/undo phase1.git")
    assert [o.result for o in effects.outcomes] == [
        Result.APPLIED,
        Result.INVALID,
        Result.INVALID,
        Result.UNCHANGED,
    ]
    assert "did you mean `/done`" in effects.outcomes[1].message
    assert not effects.ok


def test_commands_apply_in_order_so_a_later_one_sees_an_earlier_one() -> None:
    effects = run("/done phase1.git\n/undo phase1.git\n/done phase1.git note")
    assert [o.result for o in effects.outcomes] == [Result.APPLIED] * 3
    assert effects.state.ticks["phase1.git"].reason == "`note`"


def test_a_comment_already_handled_changes_nothing_again() -> None:
    first = run("/done phase1.git\n/undo phase1.git\n/skip phase1.python")
    replay = run("/done phase1.git\n/undo phase1.git\n/skip phase1.python", first.state)
    assert replay.state == first.state and not replay.changed
    assert {o.result for o in replay.outcomes} == {Result.UNCHANGED}


def test_the_comment_id_is_recorded_only_when_something_changed() -> None:
    assert run("/undo phase1.git").state.handled_comments == ()
    assert run("/skip phase1.git").state.handled_comments == (77,)


@settings(max_examples=60, deadline=None)
@given(
    st.lists(
        st.tuples(
            st.sampled_from(["done", "undo", "skip", "unskip", "link", "unlink", "status"]),
            st.sampled_from(IDS),
            st.sampled_from(["", "ada/x", "ada/y"]),
        ),
        max_size=8,
    )
)
def test_replaying_any_comment_is_a_no_op(commands: list[tuple[str, str, str]]) -> None:
    body = "\n".join(f"/{name} {item} {arg}".rstrip() for name, item, arg in commands)
    first = run(body)
    replay = run(body, first.state)
    assert replay.state == first.state
    parsed = parse_comment(body, known_ids=IDS)
    assert len(first.outcomes) == len(parsed.commands) + len(parsed.errors)


# --- issue events ---------------------------------------------------------------------------

ISSUE = Origin("ada", "https://github.com/ada/roadmap/issues/5", NOW)


def test_closing_as_completed_ticks_with_the_closer_and_the_issue_as_provenance() -> None:
    effects = apply_issue_event(ROADMAP, State(), "phase1.git", IssueChange.COMPLETED, origin=ISSUE)
    assert effects.state.ticks["phase1.git"] == Tick(
        TickSource.MANUAL, NOW, "ada", "", url=ISSUE.url
    )
    assert effects.outcomes[0].name is CommandName.DONE and effects.changed


def test_closing_as_not_planned_skips_and_reopening_undoes_either() -> None:
    skipped = apply_issue_event(
        ROADMAP, State(), "phase1.git", IssueChange.NOT_PLANNED, origin=ISSUE
    )
    assert skipped.state.skips["phase1.git"].url == ISSUE.url
    reopened = apply_issue_event(
        ROADMAP, skipped.state, "phase1.git", IssueChange.REOPENED, origin=ISSUE
    )
    assert reopened.state == State() and reopened.outcomes[0].name is CommandName.UNSKIP
    ticked = apply_issue_event(ROADMAP, State(), "phase1.git", IssueChange.COMPLETED, origin=ISSUE)
    undone = apply_issue_event(
        ROADMAP, ticked.state, "phase1.git", IssueChange.REOPENED, origin=ISSUE
    )
    assert undone.state == State() and undone.outcomes[0].name is CommandName.UNDO


def test_issue_events_for_settled_or_vanished_items_change_nothing() -> None:
    nothing = apply_issue_event(ROADMAP, State(), "phase1.git", IssueChange.REOPENED, origin=ISSUE)
    assert not nothing.changed and nothing.outcomes[0].result is Result.UNCHANGED
    gone = apply_issue_event(ROADMAP, State(), "phase1.gone", IssueChange.COMPLETED, origin=ISSUE)
    assert not gone.changed and gone.outcomes[0].result is Result.INVALID


# --- quoting user text ----------------------------------------------------------------------


@given(st.text(max_size=300))
def test_user_text_in_a_reply_is_one_code_span_nothing_inside_can_close(text: str) -> None:
    span = md_code(text, 500)
    fence = re.match(r"`+", span)
    assert fence is not None and span.endswith(fence.group())
    inner = span[len(fence.group()) : -len(fence.group())]
    assert fence.group() not in re.findall(r"`+", inner)  # no run of the fence's length inside
    assert "\n" not in span and "\r" not in span


@pytest.mark.parametrize(
    ("note", "stored"),
    [
        (None, ""),
        ("https://x.dev/a_b", "<https://x.dev/a_b>"),
        ("javascript:alert(1)", "`javascript:alert(1)`"),
        ("https://x.dev/<script>", "`https://x.dev/<script>`"),
        ("see @octocat", "`see @octocat`"),
    ],
)
def test_notes_are_stored_as_a_safe_link_or_as_code(note: str | None, stored: str) -> None:
    assert quote_note(note) == stored
