"""The live "what is missing" checklist of project issues: rendered from verdicts and evidence,
the bot's own section only, one edit when a requirement flips, none when nothing changed."""

from __future__ import annotations

from dataclasses import replace

from roadmap_bot.core.evidence.result import CheckResult
from roadmap_bot.core.evidence.snapshot import RepoProblem
from roadmap_bot.core.issues import IssueInfo
from roadmap_bot.core.model import AnyOf, Check, Item, Rule, Scope, State, Uses
from roadmap_bot.core.planning.checklist import (
    Checklist,
    checklist,
    render,
    section_for,
)
from roadmap_bot.core.planning.hints import hint_for
from roadmap_bot.core.planning.plan import EditIssue, OpenIssue, Plan
from roadmap_bot.core.planning.planner import plan_sync
from roadmap_bot.core.planning.text import (
    CHECKLIST_END,
    CHECKLIST_START,
    section_of,
    with_section,
)
from roadmap_bot.core.rules.verdicts import evaluate_items
from roadmap_bot.core.safetext import ZWSP
from tests.support.planner import NOW, make_roadmap, plan
from tests.support.planner_sim import BOT, IssueSim

ROADMAP = make_roadmap(open_issues=10)  # every phase0 item gets an issue, the project too
PROJECT = "phase0.titanic"
REPO = "octo/titanic"
HEAD = "abc1234def5678"


def result(name: str, passed: bool, reason: str) -> CheckResult:
    return CheckResult(name, passed, (), reason)


def evidence(*, tests: bool = False, ci: bool = False) -> dict[str, dict[str, CheckResult]]:
    return {
        REPO: {
            "readme": result("readme", True, "readme: README.md has 120 words of prose"),
            "tests": result(
                "tests", tests, "tests: tests/test_x.py" if tests else "tests: no test files"
            ),
            "ci": result("ci", ci, "ci: a workflow runs pytest" if ci else "ci: no workflow"),
            "tracking": result("tracking", False, "tracking: no MLflow or W&B"),
        }
    }


def run(sim: IssueSim, found: dict[str, dict[str, CheckResult]], now: str = NOW) -> Plan:
    verdicts = evaluate_items(ROADMAP, sim.state, found, heads={REPO: HEAD})
    result = plan_sync(
        ROADMAP,
        sim.state,
        verdicts,
        sim.issue_list(),
        now=now,
        repo_slug="octo/roadmap",
        bot_login=BOT,
        comments=sim.bot_comments(),
        evidence=found,
        heads={REPO: HEAD},
    )
    sim.apply(result)
    return result


def project_issue(sim: IssueSim) -> IssueInfo:
    return next(i for i in sim.issues.values() if f"item={PROJECT} " in i.body)


def edits(p: Plan) -> list[EditIssue]:
    return [a for a in p.actions if isinstance(a, EditIssue)]


def test_a_project_issue_opens_with_a_line_per_requirement_and_a_hint_for_what_is_missing() -> None:
    sim = IssueSim()
    p = run(sim, evidence())
    body = next(o for o in p.actions if isinstance(o, OpenIssue) and o.item_id == PROJECT).body
    section = section_of(body)
    assert section is not None and section.startswith(CHECKLIST_START)
    assert section.endswith(CHECKLIST_END)
    assert "`octo/titanic` at `abc1234`:" in section
    assert "- ✅ readme: README.md has 120 words of prose" in section
    assert "- ⬜ tests: no test files — add a test file" in section
    assert "(https://docs.pytest.org/en/stable/getting-started.html)" in section
    # the any(tracking, ci) group: one line, both hints
    assert "needs one of these to pass" in section
    assert "https://mlflow.org/docs/latest/ml/tracking/tracking-api" in section
    assert "building-and-testing-python" in section
    assert "last changed on 2025-02-01" in section


def test_topic_issues_ticked_by_hand_get_no_checklist() -> None:
    p = run(IssueSim(), evidence())
    topic = next(o for o in p.actions if isinstance(o, OpenIssue) and o.item_id != PROJECT)
    assert CHECKLIST_START not in topic.body


def test_no_edit_when_nothing_changed_even_on_a_later_day() -> None:
    sim = IssueSim()
    run(sim, evidence())
    assert run(sim, evidence(), now="2025-03-09T10:00:00Z").actions == ()


def test_one_edit_when_a_requirement_flips_and_the_date_moves_with_it() -> None:
    sim = IssueSim()
    run(sim, evidence())
    p = run(sim, evidence(tests=True), now="2025-03-09T10:00:00Z")
    [edit] = edits(p)
    assert edit.body is not None and edit.title is None
    section = section_of(edit.body) or ""
    assert "- ✅ tests: tests/test\\_x.py" in section
    assert "last changed on 2025-03-09" in section
    assert run(sim, evidence(tests=True), now="2025-03-10T10:00:00Z").actions == ()


def test_a_persons_text_outside_the_section_is_kept_and_the_section_still_updates() -> None:
    sim = IssueSim()
    run(sim, evidence())
    issue = project_issue(sim)
    mine = "My plan: finish the model first.\n\n"
    edited = issue.body.replace("### Commands", f"{mine}### Commands")
    sim.issues[issue.number] = replace(issue, body=edited)
    assert run(sim, evidence()).actions == ()  # a person's edit alone: nothing to do
    [edit] = edits(run(sim, evidence(tests=True)))
    assert edit.body is not None
    assert mine in edit.body
    assert edit.body == with_section(edited, section_of(edit.body) or "")  # only the section
    assert "- ✅ tests:" in edit.body
    assert run(sim, evidence(tests=True)).actions == ()


def test_the_rest_of_a_persons_body_is_never_refreshed_by_a_checklist_change() -> None:
    sim = IssueSim()
    run(sim, evidence())
    issue = project_issue(sim)
    edited = issue.body.replace("## Project: Titanic", "## My Titanic")
    sim.issues[issue.number] = replace(issue, body=edited)
    [edit] = edits(run(sim, evidence(tests=True)))
    assert edit.body is not None and "## My Titanic" in edit.body


def test_a_section_the_person_deleted_comes_back_before_the_item_marker_once() -> None:
    sim = IssueSim()
    run(sim, evidence())
    issue = project_issue(sim)
    gone = with_section(issue.body, "")
    sim.issues[issue.number] = replace(issue, body=gone.replace("## Project", "## Mine:"))
    [edit] = edits(run(sim, evidence()))
    assert edit.body is not None and section_of(edit.body) is not None
    assert edit.body.index(CHECKLIST_END) < edit.body.index(f"item={PROJECT}")
    assert run(sim, evidence()).actions == ()


def test_an_issue_from_before_the_checklist_gets_it_in_one_edit() -> None:
    sim = IssueSim()
    run(sim, evidence())
    issue = project_issue(sim)
    old = with_section(issue.body, "")
    # the stamp of a body without the section is the same as that of the body with it
    sim.issues[issue.number] = replace(issue, body=old)
    [edit] = edits(run(sim, evidence()))
    assert edit.body == issue.body
    assert run(sim, evidence()).actions == ()


def test_each_linked_repo_gets_its_own_lines() -> None:
    item = replace(ROADMAP.phases[0].sections[1].items[0], repos=(REPO, "octo/other"))
    found: dict[str, dict[str, CheckResult] | RepoProblem] = {
        **evidence(tests=True),
        "octo/other": RepoProblem(
            repo="octo/other", kind="missing", reason="octo/other: not found"
        ),
    }
    made = checklist(item, item.rule, State(), None, found, {REPO: HEAD})
    text = render(made, changed_on="2025-02-01")
    assert "`octo/titanic` at `abc1234`:" in text and "`octo/other`:" in text
    assert "- ⬜ octo/other: not found — add a linked repo that can be read" in text


def test_with_verdicts_only_the_lines_come_from_the_verdict() -> None:
    item = ROADMAP.phases[0].sections[1].items[0]
    verdicts = evaluate_items(ROADMAP, State(), evidence(), heads={REPO: HEAD})
    made = checklist(item, item.rule, State(), verdicts[PROJECT])
    text = render(made, changed_on="2025-02-01")
    assert "- ✅ readme:" in text and "- ⬜ tests: no test files" in text


def test_with_no_repo_linked_it_says_how_to_link_one() -> None:
    item = replace(ROADMAP.phases[0].sections[1].items[0], repos=())
    text = render(checklist(item, item.rule, State(), None), changed_on="2025-02-01")
    assert "`/link phase0.titanic owner/repo`" in text


def test_a_stack_item_shows_which_technologies_are_still_missing() -> None:
    rule = Rule((Uses("pytorch", "PyTorch"), Uses("mlflow", "MLflow")), Scope.TICKED_PROJECTS)
    stack = Item("stack", "Master: PyTorch, MLflow", "phase0", rule=rule)
    from roadmap_bot.core.rules.evaluate import evaluate

    verdict = evaluate(
        "phase0.stack",
        rule,
        {REPO: {"uses:pytorch": result("uses:pytorch", True, "uses:pytorch: in requirements")}},
    )
    text = render(checklist(stack, rule, State(), verdict), changed_on="2025-02-01")
    assert "The ticked projects' repos together:" in text
    assert "- ✅ octo/titanic: uses:pytorch: in requirements" in text
    assert "- ⬜ no repo of a ticked project" in text and "MLflow" in text
    assert "requirements.txt" in text  # what to add
    empty = render(checklist(stack, rule, State(), None), changed_on="2025-02-01")
    assert "no ticked project of this phase has a linked repo" in empty


def test_repo_texts_are_plain_text_never_links_mentions_or_markers() -> None:
    hostile = "tests: see [x](https://evil.example) @octocat <!-- roadmap-bot:checklist-end -->"
    made = Checklist(
        PROJECT,
        (
            replace(
                checklist(
                    ROADMAP.phases[0].sections[1].items[0],
                    ROADMAP.phases[0].sections[1].items[0].rule,
                    State(),
                    None,
                    {REPO: {"tests": result("tests", False, hostile)}},
                ).repos[0],
            ),
        ),
    )
    text = render(made, changed_on="2025-02-01")
    assert "](https://evil" not in text and "\\[x\\]" in text
    assert f"@{ZWSP}octocat" in text
    assert text.count(CHECKLIST_END) == 1 and text.count("<!--") == 2


def test_section_for_keeps_the_old_date_only_when_the_lines_are_the_same() -> None:
    made = Checklist(PROJECT, note="nothing yet")
    old = render(made, changed_on="2025-01-01")
    assert section_for(made, old, today="2025-02-01") == old
    other = Checklist(PROJECT, note="something else")
    assert "2025-02-01" in section_for(other, old, today="2025-02-01")


def test_every_check_has_a_hint_with_an_https_link_and_groups_join_theirs() -> None:
    from roadmap_bot.core.evidence.registry import check_names

    hints = {name: hint_for(name) for name in check_names()}
    assert all(h is not None and h.todo and h.links for h in hints.values()), hints
    assert all(url.startswith("https://") for h in hints.values() if h for _, url in h.links)
    both = hint_for("any(tracking, ci)")
    assert both is not None and both.todo.startswith("one of: ")
    assert len(both.links) == 3  # MLflow, W&B, Actions
    assert hint_for("uses:pytorch") is not None and hint_for("nonsense") is None


def test_an_override_template_without_the_checklist_still_gets_it() -> None:
    p = plan(
        State(),
        evaluate_items(ROADMAP, State(), evidence(), heads={REPO: HEAD}),
        (),
        ROADMAP,
        evidence=evidence(),
        templates={"issue.md.j2": "Just {{ item.title }}\n"},
    )
    body = next(o for o in p.actions if isinstance(o, OpenIssue) and o.item_id == PROJECT).body
    assert body.startswith("Just Project")
    assert section_of(body) is not None


def test_a_rule_group_top_level_keeps_requirement_order() -> None:
    rule = Rule((AnyOf((Check("ci"), Check("tracking"))), Check("readme")))
    item = replace(ROADMAP.phases[0].sections[1].items[0], rule=rule)
    text = render(
        checklist(item, rule, State(), None, evidence(ci=True), {REPO: HEAD}),
        changed_on="2025-02-01",
    )
    assert text.index("ci: a workflow") < text.index("readme: README.md")


def test_before_the_first_read_or_when_no_repo_could_be_read_it_says_so() -> None:
    item = ROADMAP.phases[0].sections[1].items[0]
    pending = render(checklist(item, item.rule, State(), None), changed_on="2025-02-01")
    assert "Not checked yet" in pending
    unread = replace(
        evaluate_items(ROADMAP, State(), {}, heads={})[PROJECT], failed=(), failed_checks=()
    )
    text = render(checklist(item, item.rule, State(), unread), changed_on="2025-02-01")
    assert "- ⬜ octo/titanic: its evidence was not collected" in text


def test_the_other_requirements_get_hints_from_what_they_name() -> None:
    for key in ("path:notebooks/*.ipynb", "contains:src/*.py:import mlflow", "demo:https://x.y"):
        assert hint_for(key) is not None
    both = hint_for("all(docker, license)")
    assert both is not None and "Dockerfile" in both.todo and "LICENSE" in both.todo
    assert hint_for("any(nonsense)") is None


def test_the_section_is_found_only_between_markers_alone_on_their_lines() -> None:
    inline = f"See {CHECKLIST_START} here\n{CHECKLIST_END}\n"
    assert section_of(inline) is None
    assert section_of(f"{CHECKLIST_START}\nno end\n") is None
    crlf = f"a\r\n{CHECKLIST_START}\r\nx\r\n{CHECKLIST_END}\r\nb"
    assert section_of(crlf) == f"{CHECKLIST_START}\r\nx\r\n{CHECKLIST_END}"


def test_with_section_adds_removes_and_leaves_a_body_without_one_alone() -> None:
    part = f"{CHECKLIST_START}\nS\n{CHECKLIST_END}"
    assert with_section("Just text.\n", "") == "Just text.\n"
    assert with_section("Just text.\n", part) == f"Just text.\n\n{part}"
    added = with_section("Text.\n\n<!-- roadmap-bot:item=p.x -->\n", part)
    assert added == f"Text.\n\n{part}\n\n<!-- roadmap-bot:item=p.x -->\n"
    assert with_section(added, "") == "Text.\n\n<!-- roadmap-bot:item=p.x -->\n"


def test_nested_groups_split_at_their_own_commas() -> None:
    hint = hint_for("any(all(docker, license), ci)")
    assert hint is not None and "Dockerfile" in hint.todo and "workflow" in hint.todo


def test_an_item_linking_many_repos_lists_the_first_ones_and_stays_under_githubs_body_limit() -> (
    None
):
    from roadmap_bot.core.planning.checklist import MAX_REPOS, Line, RepoLines

    long = "x" * 10_000
    repos = tuple(
        RepoLines(f"octo/r{n}", "abc1234", tuple(Line(False, long, "tests") for _ in range(20)))
        for n in range(MAX_REPOS + 40)
    )
    text = render(Checklist("phase0.titanic", repos), changed_on="2025-02-01")
    assert "`octo/r0`" in text and f"`octo/r{MAX_REPOS - 1}`" in text
    assert f"`octo/r{MAX_REPOS}`" not in text
    assert "… and 40 more linked repos" in text
    assert "more lines, cut to keep the issue readable" in text
    assert len(text) < 65_536
