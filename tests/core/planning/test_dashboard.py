"""The dashboard issue: its body, the actions that keep it, and the boxes a person toggles."""

from __future__ import annotations

import time

import yaml

from roadmap_bot.core.commands.dashboard import apply_toggles, command_lines
from roadmap_bot.core.commands.spec import Origin, Result
from roadmap_bot.core.issues import CommentInfo, IssueInfo
from roadmap_bot.core.model import Roadmap, State, Tick, TickSource
from roadmap_bot.core.planning.dashboard import (
    DASHBOARD_ID,
    DASHBOARD_MARKER,
    MAX_BODY,
    DashboardInputs,
    OpenTopic,
    Refusal,
    boxes,
    dashboard_actions,
    dashboard_body,
    fill_pending,
    find_toggles,
    pending,
    read_toggles,
    written_marker,
)
from roadmap_bot.core.planning.plan import (
    CloseIssue,
    CloseReason,
    CommentIssue,
    EditIssue,
    OpenIssue,
    Regression,
)
from roadmap_bot.core.schema import build_roadmap
from roadmap_bot.core.templating import template_env

BOT = "github-actions[bot]"
ROADMAP = """\
version: 1
title: Learning
phases:
  - id: phase0
    title: Basics
    sections:
      - title: Topics
        items:
          - id: python
            title: Python basics
          - id: git
            title: "Git <!-- phase0.python --> @octocat"
            items:
              - id: branches
                title: Branches
  - id: phase1
    title: Later
    sections:
      - title: Topics
        items:
          - id: docker
            title: Docker
"""
INPUTS = DashboardInputs(commands=command_lines())
EMPTY = State()


def roadmap(text: str = ROADMAP) -> Roadmap:
    return build_roadmap(yaml.safe_load(text))


def tick(by: str = "ada", at: str = "2026-01-02T00:00:00Z") -> Tick:
    return Tick(TickSource.MANUAL, at, by, "", url="https://github.com/ada/r/issues/9")


def body(state: State = EMPTY, topics: tuple[OpenTopic, ...] = ()) -> str:
    return dashboard_body(roadmap(), state, topics, (), INPUTS, template_env())


def board(text: str, number: int = 7, *, author: str = BOT, state: str = "open") -> IssueInfo:
    return IssueInfo(number, "Learning: dashboard", text, state, author=author, url=f"u/{number}")


def actions(
    issues: list[IssueInfo],
    state: State = EMPTY,
    *,
    inputs: DashboardInputs = INPUTS,
    comments: tuple[CommentInfo, ...] = (),
    road: Roadmap | None = None,
) -> tuple[object, ...]:
    return dashboard_actions(
        road or roadmap(),
        state,
        issues,
        (),
        (),
        bot_login=BOT,
        inputs=inputs,
        comments=comments,
        env=template_env(),
    )


def test_the_body_is_the_same_for_the_same_inputs_and_carries_no_clock() -> None:
    state = State(ticks={"phase0.python": tick()})
    first, second = body(state), body(state)
    assert first == second
    assert first.rstrip().endswith(DASHBOARD_MARKER)
    assert "2026-01-02" in first  # a tick's own date, never today's


def test_the_body_shows_progress_next_issues_ticks_commands_and_the_current_phases_boxes() -> None:
    state = State(ticks={"phase0.python": tick()})
    text = dashboard_body(
        roadmap(),
        state,
        (OpenTopic("phase0.git.branches", 3), OpenTopic("phase0.git", None)),
        (Regression("phase0.python", "Python basics", ("tests: none found",)),),
        INPUTS,
        template_env(),
    )
    assert "`█████░░░░░` 50%" in text
    assert "- #3 Branches" in text and pending("phase0.git") in text
    assert "Python basics: tests: none found" in text
    assert "by `ada`" in text and "@ada" not in text
    assert "- [x] Python basics <!-- phase0.python -->" in text
    assert "  - [ ] Branches <!-- phase0.git.branches -->" in text
    assert "Docker <!--" not in text
    assert "- `/undo ID`: take back a tick" in text


def test_a_title_cannot_smuggle_a_hidden_id_or_a_mention_into_a_box_line() -> None:
    text = body()
    [line] = [line for line in text.splitlines() if line.endswith("<!-- phase0.git -->")]
    assert line.count("<!--") == 1 and "@octocat" not in line
    assert boxes(text)["phase0.git"] is False


def test_pending_issue_numbers_are_filled_in_once_opened() -> None:
    text = f"- {pending('phase0.git')} Git\n- {pending('phase0.sql')} SQL\n"
    assert fill_pending(text, {"phase0.git": 12}) == "- #12 Git\n- — SQL\n"


def test_only_task_lines_ending_in_an_id_of_the_roadmap_count_as_toggles() -> None:
    known = {"phase0.python", "phase0.git"}
    text = (
        "- [x] Python basics <!-- phase0.python -->\n"
        "- [ ] Git <!-- phase0.git --> trailing text\n"  # the id does not end the line
        "- [x] Docker <!-- phase1.docker -->\n"  # not an item of the roadmap: never counts
        "* [X] again <!-- phase0.python -->\n"  # a second line of an id: the first counts
        "text <!-- phase0.git -->\n"
        f"{written_marker(['phase0.git'])}\n"  # the bot wrote Git ticked, Python not
    )
    assert find_toggles(text, known) == (["phase0.python"], [])
    assert boxes("- [ ] a <!-- <!-- phase0.git --> -->") == {}  # nested: not an id at the end
    assert boxes("- [ ] a <!-- x --> <!-- phase0.git -->") == {"phase0.git": False}
    assert find_toggles(text.replace(written_marker(["phase0.git"]), ""), known) == ([], [])


def test_hostile_bodies_are_read_in_linear_time_and_bounded() -> None:
    known = {f"p.i{n}" for n in range(200)}
    record = "\n" + written_marker([])
    many = "".join(f"- [x] item <!-- p.i{n} -->\n" for n in range(100_000)) + record
    nested = "- [ ] " + "<!-- " * 200_000 + "\n" + record
    long_line = "- [x] " + "a" * 1_000_000 + " <!-- p.i1 -->\n" + record
    forged = "<!-- roadmap-bot:dashboard-ticked=" + "0" * 1_000_000 + " -->"
    for text in (many, nested, long_line, "<!--" * 300_000 + record, forged):
        start = time.perf_counter()
        ticked, _ = find_toggles(text, known)
        assert time.perf_counter() - start < 1.0
        assert len(ticked) <= len(known)
    assert find_toggles(long_line, known) == ([], [])  # past the bound that is read


def test_a_huge_roadmap_gives_a_body_under_githubs_limit() -> None:
    items = "\n".join(
        f"          - id: i{n}\n            title: {'Topic ' * 30}{n}" for n in range(600)
    )
    text = f"version: 1\ntitle: Big\nphases:\n  - id: phase0\n    title: All\n    sections:\n      - title: T\n        items:\n{items}\n"
    state = State(
        ticks={f"phase0.i{n}": tick(at=f"2026-01-{n % 28 + 1:02d}T00:00:00Z") for n in range(300)}
    )
    out = dashboard_body(roadmap(text), state, (), (), INPUTS, template_env())
    assert len(out) <= MAX_BODY + 200
    assert "more items" in out
    assert out.count("### Recent ticks") == 1


def test_the_boxes_compared_are_those_the_bot_wrote_not_a_render_of_the_state_now() -> None:
    stored = State(ticks={"phase0.python": tick()})
    written = body(stored)
    edited = written.replace("- [ ] Branches", "- [x] Branches")
    toggles = read_toggles(roadmap(), board(edited), editor="wendy")
    assert toggles.ticked == ("phase0.git.branches",) and toggles.editor == "wendy"
    assert not toggles.unticked
    # ticked since by a comment, or done: true in roadmap.yaml: the body is as the bot wrote it
    assert not read_toggles(roadmap(), board(written), editor="wendy")
    done = roadmap(
        ROADMAP.replace("title: Python basics", "title: Python basics\n            done: true")
    )
    assert not read_toggles(done, board(body(EMPTY)), editor="wendy")


def test_each_item_is_shown_once_children_included() -> None:
    text = body(EMPTY, (OpenTopic("phase0.git.branches", 3),))
    assert text.count("<!-- phase0.git.branches -->") == 1
    assert text.count("<!-- phase0.python -->") == 1
    assert text.count("- #3 Branches") == 1
    nexts = text.split("### Next")[1].split("###")[0]
    assert nexts.count("Branches") == 1


def test_toggles_run_the_done_and_undo_effects_with_the_dashboard_as_provenance() -> None:
    stored = State(ticks={"phase0.python": tick()})
    edited = body(stored).replace("- [ ] Branches", "- [x] Branches")
    edited = edited.replace("- [x] Python basics", "- [ ] Python basics")
    toggles = read_toggles(roadmap(), board(edited), editor="wendy")
    origin = Origin("wendy", "https://github.com/ada/r/issues/7", "2026-03-01T00:00:00Z")
    state, outcomes = apply_toggles(roadmap(), stored, toggles, origin)
    assert "phase0.python" not in state.ticks
    mark = state.ticks["phase0.git.branches"]
    assert (mark.by, mark.reason, mark.url) == (
        "wendy",
        "ticked on the dashboard",
        "https://github.com/ada/r/issues/7",
    )
    assert [o.result for o in outcomes] == [Result.APPLIED, Result.APPLIED]
    after = boxes(body(state))  # the next render shows the person's boxes (and the parent
    assert after["phase0.python"] is False and after["phase0.git.branches"] is True
    assert after["phase0.git"] is True  # done through its only child)


def test_no_dashboard_opens_one_pinned_and_an_equal_one_is_not_edited() -> None:
    [opened] = actions([])
    assert isinstance(opened, OpenIssue) and opened.pin and opened.item_id == DASHBOARD_ID
    assert actions([board(opened.body)]) == ()
    [edit] = actions([board(opened.body)], State(ticks={"phase0.python": tick()}))
    assert isinstance(edit, EditIssue) and edit.number == 7


def test_a_strangers_issue_with_the_marker_is_not_the_dashboard() -> None:
    [opened] = actions([board(body(), 3, author="mallory")])
    assert isinstance(opened, OpenIssue)


def test_of_two_dashboards_the_lowest_is_kept_and_the_other_closed_once() -> None:
    text = body()
    found = actions([board(text, 5), board(text, 9)])
    assert [type(a) for a in found] == [CommentIssue, CloseIssue]
    said = CommentInfo(1, 9, found[0].body, BOT, "Bot")  # type: ignore[attr-defined]
    again = actions([board(text, 5), board(text, 9)], comments=(said,))
    assert again == (CloseIssue(9, DASHBOARD_ID, CloseReason.NOT_PLANNED),)


def test_dashboard_false_closes_the_open_dashboard_once_and_a_closed_one_stays_closed() -> None:
    off = roadmap(
        ROADMAP.replace("title: Learning\n", "title: Learning\nsettings:\n  dashboard: false\n")
    )
    assert actions([board(body())], road=off) == (
        CloseIssue(7, DASHBOARD_ID, CloseReason.NOT_PLANNED),
    )
    assert actions([board(body(), state="closed")], road=off) == ()
    assert actions([], road=off) == ()
    assert actions([board(body(), state="closed")]) == ()  # closed by a person: left closed


def test_a_refusal_is_answered_once_per_edit_and_the_boxes_are_rendered_back() -> None:
    text = body()
    edited = text.replace("- [ ] Branches", "- [x] Branches")
    refusal = Refusal("rita", ("phase0.git.branches",), "abc123")
    inputs = DashboardInputs(commands=INPUTS.commands, refusal=refusal)
    comment, edit = actions([board(edited)], inputs=inputs)
    assert isinstance(comment, CommentIssue) and "`rita`" in comment.body
    assert "@rita" not in comment.body
    assert isinstance(edit, EditIssue) and edit.body == text
    said = CommentInfo(1, 7, comment.body, BOT, "Bot")
    assert actions([board(edited)], inputs=inputs, comments=(said,)) == (edit,)


def test_a_held_edit_is_left_for_the_next_run() -> None:
    edited = body().replace("- [ ] Branches", "- [x] Branches")
    held = DashboardInputs(commands=INPUTS.commands, hold=True)
    assert actions([board(edited)], inputs=held) == ()


def test_a_renamed_roadmap_retitles_the_dashboard_once() -> None:
    renamed = roadmap(ROADMAP.replace("title: Learning\n", "title: My path\n", 1))
    [edit] = actions([board(body())], road=renamed)
    assert isinstance(edit, EditIssue) and edit.title == "My path: dashboard"
    assert edit.body is not None and "## My path: dashboard" in edit.body
    done = IssueInfo(7, "My path: dashboard", edit.body, "open", author=BOT)
    assert actions([done], road=renamed) == ()
