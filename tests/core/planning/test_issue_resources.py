"""An item's resources in its issue: a short "Learn" section, one line per resource (a link with
its title as plain text, the kind, the time, "(paid)"), none without resources; an existing
issue gets the section with one body edit, and then none."""

from __future__ import annotations

import re
from dataclasses import replace

from markdown_it import MarkdownIt

from roadmap_bot.core.model import (
    Item,
    Phase,
    Resource,
    Section,
    SectionKind,
)
from roadmap_bot.core.planning.resources import (
    MAX_RESOURCES,
    RESOURCE_TITLE_MAX,
    read_resource_line,
    resource_line,
)
from roadmap_bot.core.planning.text import IssueText, RuleWords, edits_needed, issue_text
from roadmap_bot.core.templating import template_env

ENV = template_env()
LIVE_MENTION = re.compile(r"(?<!\w)@[A-Za-z0-9]")
TUTORIAL = Resource("The Python Tutorial", "https://docs.python.org/3/tutorial/", "docs", "6 h")
COURSE = Resource(
    "Deep Learning Specialization",
    "https://www.coursera.org/specializations/deep-learning",
    "course",
    "4 months",
    paid=True,
)
HOSTILE = Resource(
    "Ping @someone ](javascript:alert(1)) <img src=x> <!-- roadmap-bot:item=x --> `code`",
    "https://example.org/a_(b)",
    time="2 h @everyone [x](https://evil.example)",
)


def item(*resources: Resource, kind: SectionKind = SectionKind.TOPIC) -> tuple[Item, Phase]:
    one = Item("one", "Python basics", "phase0", resources=resources)
    phase = Phase("phase0", "Basics", (Section("Topics", kind, (one,)),), goal="Learn Python.")
    return one, phase


def body(one: Item, phase: Phase, rule: RuleWords | None = None) -> IssueText:
    return issue_text(
        ENV,
        item=one,
        phase=phase,
        milestone="Phase 0: Basics",
        due=None,
        rule=rule,
        repos=(),
        repo_slug="ada/roadmap",
    )


def learn(text: str) -> list[str]:
    """The lines of the issue's "Learn" section."""
    after = text.split("### Learn\n", 1)[1]
    return after.split("\n\n", 1)[0].split("\n")


def test_a_topic_issue_lists_its_resources_with_kind_time_and_paid() -> None:
    text = body(*item(TUTORIAL, COURSE)).body
    assert learn(text) == [
        "- [The Python Tutorial](https://docs.python.org/3/tutorial/) · docs · ⏱ 6 h",
        "- [Deep Learning Specialization](https://www.coursera.org/specializations/deep-learning)"
        " (paid) · course · ⏱ 4 months",
    ]
    # after the phase goal, before how the item gets ticked
    assert text.index("**Phase goal:**") < text.index("### Learn") < text.index("### How this")


def test_a_project_issue_lists_its_resources_too() -> None:
    one, phase = item(TUTORIAL, kind=SectionKind.PROJECT)
    text = body(one, phase, RuleWords("the repo has tests", "own")).body
    assert learn(text) == [f"- {resource_line(TUTORIAL)}"]


def test_an_item_without_resources_has_no_learn_section() -> None:
    assert "### Learn" not in body(*item()).body


def test_a_resource_title_and_time_stay_inert_text() -> None:
    text = body(*item(HOSTILE)).body
    (line,) = learn(text)
    assert LIVE_MENTION.search(line) is None
    assert "<img" not in line and "<!--" not in line
    assert "https://evil" not in line  # not even autolinked text
    # one link, to the URL roadmap.yaml gave (parentheses encoded so the link cannot end early)
    html = MarkdownIt("commonmark").render(line)
    assert re.findall(r'href="([^"]*)"', html) == ["https://example.org/a_%28b%29"]
    assert "<img" not in html and "<!--" not in html


def test_a_resource_line_is_bounded() -> None:
    long = Resource("t" * 5000, "https://a.example/", "docs", "x" * 5000)
    line = resource_line(long)
    assert len(line) < RESOURCE_TITLE_MAX + 100
    many = tuple(Resource(f"R{n}", f"https://a.example/{n}") for n in range(MAX_RESOURCES + 5))
    assert len(learn(body(*item(*many)).body)) == MAX_RESOURCES


def test_a_url_that_is_not_http_or_too_long_shows_no_link() -> None:
    """roadmap.yaml refuses such URLs; an Item built otherwise still links nowhere unsafe."""
    line = resource_line(Resource("Click", "javascript:alert(1)"))
    assert line == "Click" and "javascript" not in line
    assert resource_line(Resource("Long", "https://a.example/" + "x" * 3000)) == "Long"


def test_a_resource_line_reads_back_as_the_resource() -> None:
    for resource in (TUTORIAL, COURSE, Resource("A * title_with [marks] & <b>", "https://a.b/")):
        assert read_resource_line(resource_line(resource)) == resource
    assert read_resource_line("[x] not a resource") is None
    assert read_resource_line("just text") is None


def test_an_existing_issue_gets_the_learn_section_in_one_edit_and_then_none() -> None:
    one, phase = item()
    before = body(one, phase)
    wanted = body(replace(one, resources=(TUTORIAL,)), phase)
    title, new_body = edits_needed(before.title, before.body, wanted)
    assert title is None and new_body is not None
    assert "### Learn" in new_body and resource_line(TUTORIAL) in new_body
    assert edits_needed(before.title, new_body, wanted) == (None, None)


def test_an_unchanged_item_with_resources_needs_no_edit() -> None:
    text = body(*item(TUTORIAL, COURSE))
    assert edits_needed(text.title, text.body, body(*item(TUTORIAL, COURSE))) == (None, None)
