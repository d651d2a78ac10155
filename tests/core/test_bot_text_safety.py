"""Every text the bot writes from roadmap.yaml and linked repos: no live mention, HTML or link.

Issue titles and bodies, tick comments, label descriptions, the job summary and the README block
all carry the owner's titles and the evidence found in linked repos; a title with ``@everyone``
or a linked repo's file named ``[x](https://evil)`` must not ping anyone or become a link.
"""

from __future__ import annotations

import re

from roadmap_bot.core.markers import END, START, find_block, replace_block
from roadmap_bot.core.model import State, Tick, TickSource
from roadmap_bot.core.planning.plan import Plan, TickedItem
from roadmap_bot.core.planning.text import (
    RuleWords,
    issue_text,
    issue_title,
    label_description,
    tick_comment,
)
from roadmap_bot.core.progress import roadmap_progress
from roadmap_bot.core.render.readme import render_block
from roadmap_bot.core.render.summary import RunFacts, job_summary
from roadmap_bot.core.schema import build_roadmap
from roadmap_bot.core.templating import template_env
from roadmap_bot.core.yamlloc import load_located

LIVE_MENTION = re.compile(r"(?<!\w)@[A-Za-z0-9]")
LIVE_HTML = re.compile(r"<(?:[A-Za-z/!])")
EVIL_FILE = "[x](https://evil.example/steal)"

HOSTILE = f"""\
version: 1
title: "Road @everyone <img src=x.png>"
intro: "Hi @octocat"
phases:
  - id: phase0
    title: "Basics @org/team"
    goal: "Ping @everyone <script>x</script>"
    sections:
      - title: "Topics @someone"
        items:
          - id: one
            title: "Learn @everyone <b>now</b> {END}"
            notes: "Ask @octocat <img src=x>"
            repos: ["https://me:ghp_SECRETTOKEN123@gitlab.com/me/proj.git"]
"""


def hostile_roadmap():  # type: ignore[no-untyped-def]
    """Built without validation: ``validate`` refuses the URL's credentials now, but a URL with
    them can still reach the texts (a state file linked before that, a provider's message), so
    every text must stay safe on its own."""
    return build_roadmap(load_located(HOSTILE, "roadmap.yaml").data)


def assert_safe(text: str) -> None:
    assert LIVE_MENTION.search(text) is None, text
    assert "ghp_SECRETTOKEN123" not in text
    assert "https://evil.example" not in text


def test_an_issue_title_pings_nobody() -> None:
    item = hostile_roadmap().item_index()["phase0.one"]
    title = issue_title(item)
    assert LIVE_MENTION.search(title) is None
    assert "<!--" not in title
    assert "\n" not in title
    assert LIVE_MENTION.search(label_description("Phase 0: Basics @org/team")) is None


def test_an_issue_body_has_no_live_mention_html_or_credentials() -> None:
    roadmap = hostile_roadmap()
    item = roadmap.item_index()["phase0.one"]
    text = issue_text(
        template_env(),
        item=item,
        phase=roadmap.phases[0],
        milestone="Phase 0: Basics @org/team",
        due=None,
        rule=RuleWords(f"the repo has a file named {EVIL_FILE} by @someone", "own"),
        repos=item.repos,
        repo_slug="ada/roadmap",
    )
    body = text.body.split("<!-- roadmap-bot:item=")[0]  # the bot's own markers come after
    assert_safe(body)
    assert LIVE_HTML.search(body) is None, body
    assert "`https://gitlab.com/me/proj.git`" in body


def test_a_tick_comment_shows_evidence_file_names_as_text() -> None:
    item = hostile_roadmap().item_index()["phase0.one"]
    auto = Tick(
        TickSource.AUTO,
        "2026-01-01T00:00:00Z",
        "roadmap-bot",
        "ok",
        repo="https://me:ghp_SECRETTOKEN123@gitlab.com/me/proj.git",
        commit="abcdef1234",
    )
    reasons = [f"tests: 1 test file, e.g. {EVIL_FILE}", "readme: @someone wrote README.md"]
    body = tick_comment(template_env(), item=item, tick=auto, reasons=reasons)
    assert_safe(body.split("<!-- roadmap-bot:tick=")[0])
    assert LIVE_HTML.search(body.split("<!-- roadmap-bot:tick=")[0]) is None
    manual = Tick(
        TickSource.MANUAL,
        "2026-01-01T00:00:00Z",
        "octocat",
        "`done @everyone`",
        url="https://github.com/ada/roadmap/issues/1#issuecomment-9",
    )
    body = tick_comment(template_env(), item=item, tick=manual, reasons=[])
    visible = body.split("<!-- roadmap-bot:tick=")[0]
    assert "`done @everyone`" in visible  # the note as the bot stored it: a code span
    assert "was ticked by @octocat: " in visible  # the one mention the bot makes on purpose
    outside_code = re.sub(r"`[^`]*`", "", visible).replace("@octocat", "")
    assert LIVE_MENTION.search(outside_code) is None
    forged = Tick(TickSource.MANUAL, "2026-01-01T00:00:00Z", "octocat @everyone", "x")
    body = tick_comment(template_env(), item=item, tick=forged, reasons=[])
    assert LIVE_MENTION.search(body) is None  # a hand-edited state file names no one
    assert "[source](https://github.com/ada/roadmap/issues/1#issuecomment-9)" in visible


def test_the_readme_block_has_no_live_mention_html_marker_or_credentials() -> None:
    roadmap = hostile_roadmap()
    state = State(links={"phase0.one": ("https://u:ghp_SECRETTOKEN123@gitlab.com/me/other.git",)})
    block = render_block(roadmap, state)
    assert_safe(block)
    assert START not in block and END not in block
    assert "<img" not in block and "<script" not in block and "<b>" not in block
    assert "[gitlab.com/me/proj](" not in block
    assert "(https://gitlab.com/me/proj)" in block


def test_an_end_marker_in_a_title_does_not_grow_the_readme() -> None:
    block = render_block(hostile_roadmap(), State())
    once = replace_block("# Mine\n", block)
    twice = replace_block(once, render_block(hostile_roadmap(), State()))
    assert twice == once
    assert find_block(once) is not None


def test_the_job_summary_shows_titles_and_evidence_as_text() -> None:
    roadmap = hostile_roadmap()
    progress = roadmap_progress(roadmap, State())
    ticked = TickedItem(
        item_id="phase0.one",
        title="Learn @everyone <b>now</b>",
        repo="https://me:ghp_SECRETTOKEN123@gitlab.com/me/proj.git",
        commit="abcdef1",
        reasons=(f"tests: 1 test file, e.g. {EVIL_FILE}",),
    )
    plan = Plan(new_state=State(), ticked=(ticked,))
    text = job_summary(plan, progress, RunFacts(), titles={"phase0.one": "x"})
    assert_safe(text)
    assert LIVE_HTML.search(text) is None, text


def test_the_job_summary_lists_warnings_as_text() -> None:
    roadmap = hostile_roadmap()
    facts = RunFacts(warnings=(f"README.md: line 3 has {START} but no end marker @someone",))
    text = job_summary(
        Plan(new_state=State()), roadmap_progress(roadmap, State()), facts, titles={}
    )
    assert "### ⚠️ Warnings\n- README.md: line 3 has &lt;!-- roadmap:start --&gt; but" in text
    assert LIVE_MENTION.search(text) is None


def test_a_check_reply_shows_linked_repo_file_names_as_text_and_urls_without_credentials() -> None:
    from roadmap_bot.core.commands.replies import ReplyFacts, check_report, render_reply
    from roadmap_bot.core.rules.verdict import Verdict

    roadmap = hostile_roadmap()
    verdict = Verdict(
        "phase0.one",
        False,
        repo="https://me:ghp_SECRETTOKEN123@gitlab.com/me/proj.git",
        failed=(f"tests: only {EVIL_FILE}, which is not a test",),
    )
    facts = ReplyFacts(checks=[check_report(roadmap, State(), "phase0.one", verdict)])
    text = render_reply((), facts, author="ada", comment_id=7, example_id="phase0.one")
    assert_safe(text.replace("@ada", ""))
    assert "tests: only \\[x\\](https" in text
