"""The sync planner: ticks, reports and issue actions, run after run through the issue simulator."""

from __future__ import annotations

from dataclasses import replace

from roadmap_bot.core.issues import IssueInfo
from roadmap_bot.core.model import (
    MANUAL,
    Item,
    Phase,
    Section,
    SectionKind,
    Skip,
    State,
    TickSource,
)
from roadmap_bot.core.planning.plan import (
    CloseIssue,
    CloseReason,
    CommentIssue,
    DuplicateIssue,
    EditIssue,
    EnsureLabel,
    EnsureMilestone,
    OpenIssue,
    describe_plan,
)
from roadmap_bot.core.planning.text import tick_marker
from roadmap_bot.core.rules.syntax import parse_rule
from tests.support.markers import find_item_marker
from tests.support.planner import (
    IDS0,
    NOW,
    ROADMAP,
    _retitled,
    auto,
    bot_issue,
    changes_nothing,
    failed,
    make_roadmap,
    manual,
    open_items,
    opened,
    passed,
    plan,
    run,
)
from tests.support.planner_sim import IssueSim


def test_first_run_opens_exactly_n_issues_for_the_first_items_in_roadmap_order() -> None:
    p = plan()
    assert [o.item_id for o in opened(p)] == IDS0[:3]
    assert [o.title for o in opened(p)] == [
        "[phase0] Python: Syntax and core concepts",
        "[phase0] Python: Object-Oriented Programming (OOP)",
        "[phase0] Python: `virtualenv` for environment management",
    ]
    assert all(o.labels == ("roadmap", "phase0") for o in opened(p))
    assert all(o.milestone == "Phase 0: Foundations" for o in opened(p))


def test_labels_and_the_milestone_are_ensured_before_the_issues_that_use_them() -> None:
    kinds = [type(a) for a in plan().actions]
    assert kinds == [EnsureLabel, EnsureLabel, EnsureMilestone, OpenIssue, OpenIssue, OpenIssue]
    labels = [a for a in plan().actions if isinstance(a, EnsureLabel)]
    assert [label.name for label in labels] == ["roadmap", "phase0"]
    assert labels[1].description == "Phase 0: Foundations"


def test_the_milestone_is_due_at_the_upper_bound_of_the_phase_duration() -> None:
    milestones = [a for a in plan().actions if isinstance(a, EnsureMilestone)]
    assert milestones == [EnsureMilestone("Phase 0: Foundations", "2025-04-01T12:00:00Z")]


def test_without_a_start_date_the_milestone_has_no_due_date() -> None:
    p = plan(roadmap=make_roadmap(start=None))
    assert [a.due_on for a in p.actions if isinstance(a, EnsureMilestone)] == [None]


def test_the_issue_body_says_what_the_item_is_how_it_gets_ticked_and_the_commands() -> None:
    syntax, _, _ = opened(plan())
    body = syntax.body
    assert body.startswith("## Python: Syntax and core concepts")
    assert "Prepare programming, math, and data foundations." in body
    assert "Phase 0: Foundations** (due 2025-04-01)" in body
    assert "By hand: comment `/done`" in body
    for command in ("/done phase0.syntax", "/skip phase0.syntax", "/check phase0.syntax"):
        assert command in body
    assert "/link phase0.syntax octo/your-repo" in body
    assert "its item id, `phase0.syntax`, may be left out here" in body  # the README hides ids
    assert find_item_marker(body) == "phase0.syntax"


def test_an_item_with_a_rule_explains_it_in_plain_words_and_names_its_repos() -> None:
    roadmap = make_roadmap(open_issues=6)
    titanic = next(o for o in opened(plan(roadmap=roadmap)) if o.item_id == "phase0.titanic")
    assert "ticked automatically when a linked repo has" in titanic.body.lower()
    assert "Linked repo: `octo/titanic`." in titanic.body


def test_items_with_their_own_rules_explain_them_including_a_stack_over_ticked_projects() -> None:
    stack_rule = parse_rule({"require": [{"uses": "pytorch"}], "scope": "ticked-projects"})
    items = (
        Item("stack", "Master: PyTorch", "phase0", rule=stack_rule),
        Item("cli", "Linux CLI", "phase0", repos=("octo/dots",), rule=parse_rule(["readme"])),
        Item("oop", "OOP", "phase0", repos=("octo/oop",), rule=MANUAL),
    )
    roadmap = replace(
        ROADMAP,
        phases=(Phase("phase0", "Foundations", (Section("Stack", SectionKind.STACK, items),)),),
    )
    stack, cli, oop = (o.body for o in opened(plan(roadmap=roadmap)))
    assert "the repos of this phase's ticked projects together use" in stack
    assert "Each technology may come from a different project" in stack
    assert "No repo is linked yet" not in stack
    assert "when a linked repo has a README" in cli and "Linked repo: `octo/dots`." in cli
    assert "By hand: comment `/done`" in oop


def test_open_issues_zero_opens_nothing() -> None:
    assert plan(roadmap=make_roadmap(open_issues=0)).actions == ()


def test_a_second_run_changes_nothing() -> None:
    sim = IssueSim()
    run(sim)
    second = run(sim)
    assert changes_nothing(second)
    assert describe_plan(second) == "nothing to do"


def test_an_evidence_tick_records_provenance_and_closes_the_issue_with_one_comment() -> None:
    sim = IssueSim()
    run(sim, roadmap=make_roadmap(open_issues=6))
    number = next(i.number for i in sim.issue_list() if "phase0.titanic" in i.body)
    p = run(sim, {"phase0.titanic": passed("phase0.titanic")}, roadmap=make_roadmap(open_issues=6))
    tick = p.new_state.ticks["phase0.titanic"]
    assert (tick.source, tick.by, tick.at) == (TickSource.AUTO, "roadmap-bot", NOW)
    assert (tick.repo, tick.commit, tick.checks) == (
        "octo/titanic",
        "abc1234def5678",
        ("readme", "tests"),
    )
    assert "3 test files" in tick.reason
    assert [t.item_id for t in p.ticked] == ["phase0.titanic"]
    comment, close = p.actions
    assert isinstance(comment, CommentIssue) and comment.number == number
    assert close == CloseIssue(number, "phase0.titanic", CloseReason.COMPLETED)
    assert "- tests: 3 test files under tests/" in comment.body
    assert "[`abc1234`](https://github.com/octo/titanic/commit/abc1234def5678)" in comment.body
    assert tick_marker("phase0.titanic") in comment.body


def test_a_comment_already_posted_is_not_posted_again_after_a_crash() -> None:
    sim = IssueSim()
    run(sim)
    first = plan(State(ticks={"phase0.syntax": manual("x")}), issues=sim.issue_list())
    comment = next(a for a in first.actions if isinstance(a, CommentIssue))
    sim.apply(replace(first, actions=(comment,)))  # crashed right after commenting
    rerun = run(sim)
    assert not [a for a in rerun.actions if isinstance(a, CommentIssue)]
    assert [a for a in rerun.actions if isinstance(a, CloseIssue)] == [
        CloseIssue(1, "phase0.syntax")
    ]
    assert len([c for c in sim.comments if c.issue_number == 1]) == 1


def test_a_manual_tick_closes_with_who_ticked_it() -> None:
    p = plan(State(ticks={"phase0.syntax": manual("x")}), issues=[bot_issue(7, "phase0.syntax")])
    comment = next(a for a in p.actions if isinstance(a, CommentIssue))
    assert "was ticked by @octocat: finished the course" in comment.body


def test_done_in_roadmap_yaml_closes_the_issue_too() -> None:
    phase = ROADMAP.phases[0]
    topics = replace(phase.sections[0], items=(replace(phase.sections[0].items[0], done=True),))
    roadmap = replace(ROADMAP, phases=(replace(phase, sections=(topics,)), ROADMAP.phases[1]))
    p = plan(issues=[bot_issue(7, "phase0.syntax")], roadmap=roadmap)
    comment = next(a for a in p.actions if isinstance(a, CommentIssue))
    assert "is marked done in roadmap.yaml" in comment.body
    assert CloseIssue(7, "phase0.syntax") in p.actions


def test_when_one_closes_the_next_opens_in_the_same_run() -> None:
    sim = IssueSim()
    run(sim)
    sim.state = State(ticks={"phase0.syntax": manual("x")})  # e.g. /done from a comment
    p = run(sim)
    assert [o.item_id for o in opened(p)] == ["phase0.modules"]
    assert open_items(sim) == ["phase0.oop", "phase0.venv", "phase0.modules"]
    kinds = [type(a) for a in p.actions]
    assert kinds == [EnsureLabel, EnsureLabel, EnsureMilestone, CommentIssue, CloseIssue, OpenIssue]


def test_phase_completion_moves_the_next_topics_to_the_next_phase() -> None:
    sim = IssueSim()
    run(sim)
    sim.state = State(ticks={item_id: manual(item_id) for item_id in IDS0[:-1]})
    p = run(sim, {"phase0.titanic": passed("phase0.titanic")})
    assert [o.item_id for o in opened(p)] == ["phase1.supervised", "phase1.metrics"]
    assert {a.title for a in p.actions if isinstance(a, EnsureMilestone)} == {"Phase 1: Core ML"}
    assert open_items(sim) == ["phase1.supervised", "phase1.metrics"]
    assert changes_nothing(run(sim, {"phase0.titanic": passed("phase0.titanic")}))


def test_when_every_phase_is_complete_nothing_opens() -> None:
    ids = [item.id for item in ROADMAP.items()]
    assert plan(State(ticks={i: manual(i) for i in ids})).actions == ()


def test_a_manual_tick_is_kept_and_not_judged_when_evidence_fails() -> None:
    state = State(ticks={"phase0.titanic": manual("phase0.titanic")})
    p = plan(state, {"phase0.titanic": failed("phase0.titanic")})
    assert p.new_state == state
    assert (p.regressions, p.failing, p.problems) == ((), (), ())


def test_a_regression_is_flagged_and_the_auto_tick_kept() -> None:
    state = State(ticks={"phase0.titanic": auto("phase0.titanic")})
    p = plan(state, {"phase0.titanic": failed("phase0.titanic")})
    assert p.new_state == state
    assert [(r.item_id, r.failed) for r in p.regressions] == [
        ("phase0.titanic", ("tests: no test files",))
    ]
    assert "regression phase0.titanic (kept ticked): tests: no test files" in describe_plan(p)


def test_an_already_ticked_item_is_not_ticked_again() -> None:
    state = State(ticks={"phase0.titanic": auto("phase0.titanic")})
    p = plan(state, {"phase0.titanic": passed("phase0.titanic")})
    assert p.ticked == ()
    assert p.new_state.ticks["phase0.titanic"] == auto("phase0.titanic")


def test_failing_and_unreadable_open_items_are_reported_not_acted_on() -> None:
    verdicts = {
        "phase0.titanic": failed("phase0.titanic"),
        "phase0.git": failed("phase0.git", problem="octo/gone was not found: check the name"),
    }
    p = plan(State(), verdicts)
    assert [(f.item_id, f.failed) for f in p.failing] == [
        ("phase0.titanic", ("tests: no test files",))
    ]
    assert [(x.item_id, x.problem) for x in p.problems] == [
        ("phase0.git", "octo/gone was not found: check the name")
    ]
    assert "cannot check phase0.git: octo/gone was not found" in describe_plan(p)
    assert p.new_state == State()


def test_verdicts_for_unknown_items_are_ignored() -> None:
    p = plan(State(), {"phase9.nope": passed("phase9.nope")})
    assert p.ticked == () and p.new_state == State()


def test_skipped_items_get_no_issue_and_no_tick() -> None:
    skip = Skip("2025-01-02T00:00:00Z", "octocat", "already know it")
    state = State(skips={"phase0.syntax": skip, "phase0.titanic": skip})
    p = plan(state, {"phase0.titanic": passed("phase0.titanic")})
    assert [o.item_id for o in opened(p)] == ["phase0.oop", "phase0.venv", "phase0.modules"]
    assert p.ticked == () and p.new_state == state


def test_the_open_issue_of_a_skipped_item_closes_as_not_planned_without_a_comment() -> None:
    state = State(skips={"phase0.syntax": Skip("2025-01-02T00:00:00Z", "octocat")})
    p = plan(state, issues=[bot_issue(3, "phase0.syntax")])
    assert CloseIssue(3, "phase0.syntax", CloseReason.NOT_PLANNED) in p.actions
    assert not [a for a in p.actions if isinstance(a, CommentIssue)]


def test_a_retitled_and_relabelled_issue_is_still_found_by_its_marker() -> None:
    sim = IssueSim()
    run(sim)
    sim.issues[1] = replace(sim.issues[1], title="my own title", labels=("learning",))
    p = run(sim)
    assert changes_nothing(p)
    assert sim.issues[1].title == "my own title"


def test_an_issue_titled_like_a_bot_issue_without_the_marker_is_not_the_bot_s() -> None:
    lookalike = IssueInfo(1, "[phase0] Python: Syntax and core concepts", "no marker", "open")
    assert [o.item_id for o in opened(plan(issues=[lookalike]))] == IDS0[:3]


def test_duplicate_markers_keep_the_lowest_number_and_report_the_others() -> None:
    issues = [bot_issue(9, "phase0.syntax"), bot_issue(4, "phase0.syntax")]
    p = plan(State(ticks={"phase0.syntax": manual("x")}), issues=issues)
    assert p.duplicates == (DuplicateIssue("phase0.syntax", kept=4, duplicate=9),)
    assert [(a.number, a.reason) for a in p.actions if isinstance(a, CloseIssue)] == [
        (9, CloseReason.NOT_PLANNED),  # the open duplicate is closed, with a comment saying so
        (4, CloseReason.COMPLETED),
    ]
    assert "Duplicate of #4" in next(
        a.body for a in p.actions if isinstance(a, CommentIssue) and a.number == 9
    )
    assert "duplicate issue #9 for phase0.syntax (acting on #4 only)" in describe_plan(p)


def test_an_open_duplicate_is_closed_and_takes_no_slot_of_the_window() -> None:
    issues = [bot_issue(1, "phase0.syntax", state="closed"), bot_issue(2, "phase0.syntax")]
    sim = IssueSim.with_issues(issues)
    p = run(sim)
    assert [o.item_id for o in opened(p)] == ["phase0.oop", "phase0.venv", "phase0.modules"]
    assert CloseIssue(2, "phase0.syntax", CloseReason.NOT_PLANNED) in p.actions
    assert not [a for a in p.actions if getattr(a, "number", 0) == 1]
    assert run(sim).actions == ()


def test_a_closed_issue_is_never_reopened_nor_recreated_and_the_next_item_takes_its_place() -> None:
    closed = bot_issue(2, "phase0.syntax", state="closed", state_reason="not_planned")
    p = plan(issues=[closed])
    assert [o.item_id for o in opened(p)] == ["phase0.oop", "phase0.venv", "phase0.modules"]
    assert not [a for a in p.actions if getattr(a, "number", None) == 2]


def test_a_closed_issue_of_a_ticked_item_gets_no_comment() -> None:
    closed = bot_issue(2, "phase0.syntax", state="closed")
    p = plan(State(ticks={"phase0.syntax": manual("x")}), issues=[closed])
    assert not [a for a in p.actions if getattr(a, "number", None) == 2]


def test_the_input_order_of_issues_does_not_change_the_plan() -> None:
    issues = [bot_issue(5, "phase0.oop"), bot_issue(3, "phase0.oop"), bot_issue(8, "phase0.git")]
    assert plan(issues=issues) == plan(issues=list(reversed(issues)))


def test_a_roadmap_change_updates_the_bot_s_own_title_and_body() -> None:
    sim = IssueSim()
    run(sim)
    p = run(sim, roadmap=_retitled("Python: Syntax, semantics and idioms"))
    (edit,) = p.actions
    assert isinstance(edit, EditIssue) and edit.number == 1
    assert edit.title == "[phase0] Python: Syntax, semantics and idioms"
    assert edit.body is not None and edit.body.startswith("## Python: Syntax, semantics and idioms")
    assert changes_nothing(run(sim, roadmap=_retitled("Python: Syntax, semantics and idioms")))


def test_a_title_a_person_changed_is_kept_when_the_roadmap_changes() -> None:
    sim = IssueSim()
    run(sim)
    sim.issues[1] = replace(sim.issues[1], title="Learning Python basics")
    (edit,) = run(sim, roadmap=_retitled("Python: Syntax, semantics and idioms")).actions
    assert isinstance(edit, EditIssue) and edit.title is None and edit.body is not None
    assert sim.issues[1].title == "Learning Python basics"
    assert changes_nothing(run(sim, roadmap=_retitled("Python: Syntax, semantics and idioms")))
    run(sim, roadmap=_retitled("Python: Syntax, once more"))  # the body follows the roadmap again
    assert sim.issues[1].body.startswith("## Python: Syntax, once more")
    assert sim.issues[1].title == "Learning Python basics"


def test_a_body_a_person_edited_is_not_overwritten() -> None:
    sim = IssueSim()
    run(sim)
    body = sim.issues[1].body.replace("## Python", "## My notes on Python")
    sim.issues[1] = replace(sim.issues[1], body=body)
    p = run(sim, roadmap=_retitled("Python: Syntax, semantics and idioms"))
    assert all(
        a.body is None or a.body.startswith("## My notes")
        for a in p.actions
        if isinstance(a, EditIssue)
    )
    assert sim.issues[1].body.startswith("## My notes on Python")
    assert sim.issues[1].title == "[phase0] Python: Syntax, semantics and idioms"
    assert changes_nothing(run(sim, roadmap=_retitled("Python: Syntax, semantics and idioms")))


def test_line_ending_changes_from_a_browser_edit_do_not_count_as_a_change() -> None:
    sim = IssueSim()
    run(sim)
    sim.issues[1] = replace(sim.issues[1], body=sim.issues[1].body.replace("\n", "\r\n"))
    assert changes_nothing(run(sim))


def test_an_issue_without_the_bot_s_stamp_is_never_edited() -> None:
    p = plan(issues=[bot_issue(1, "phase0.syntax")])
    assert not [a for a in p.actions if isinstance(a, EditIssue)]


def test_user_template_overrides_are_used_and_the_marker_is_added_anyway() -> None:
    p = plan(templates={"issue.md.j2": "Study {{ item.title }}!"})
    assert opened(p)[0].body.startswith("Study Python: Syntax and core concepts!")
    assert find_item_marker(opened(p)[0].body) == "phase0.syntax"


def test_the_same_inputs_give_the_same_plan() -> None:
    verdicts = {"phase0.titanic": passed("phase0.titanic")}
    assert plan(State(), verdicts) == plan(State(), verdicts)


def test_describe_plan_lists_ticks_and_actions_one_per_line() -> None:
    text = describe_plan(plan(State(), {"phase0.titanic": passed("phase0.titanic")}))
    lines = text.splitlines()
    assert lines[0].startswith("tick phase0.titanic: readme: README.md has 40 lines of text")
    assert "ensure label 'roadmap' (#1d76db)" in lines
    assert "ensure milestone 'Phase 0: Foundations' due 2025-04-01" in lines
    assert (
        "open issue for phase0.syntax: '[phase0] Python: Syntax and core concepts' "
        "(labels roadmap, phase0; milestone 'Phase 0: Foundations')"
    ) in lines
