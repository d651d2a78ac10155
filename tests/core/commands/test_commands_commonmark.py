"""Differential: every line run as a command is plain text a CommonMark renderer shows.

markdown-it-py is the reference. A command line is marked (``/done`` → ``/QQQdone``) and the
rendered tokens must show the mark as paragraph text at the start of a line, outside any
quote, code or HTML comment/<pre> block. Lines the bot leaves out although they are visible
are allowed: it errs on the side of not running.
"""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from roadmap_bot.core.commands.grammar import parse_comment

markdown_it = pytest.importorskip("markdown_it")
MD = markdown_it.MarkdownIt("commonmark")
IDS = ("phase2.rag",)
MARK = "/QQQ"
_HIDING_HTML = re.compile(r"\s*<(pre|script|style|textarea)(\s|>|$)", re.IGNORECASE)


def shown_at_line_start(body: str, line_number: int) -> bool:
    """Tell whether CommonMark shows the command on ``line_number`` as text starting a line."""
    lines = body.split("\n")
    lines[line_number - 1] = re.sub(r"/(?=done|status)", MARK, lines[line_number - 1])
    depth = 0
    for token in MD.parse("\n".join(lines)):
        if token.type == "blockquote_open":
            depth += 1
        elif token.type == "blockquote_close":
            depth -= 1
        elif token.type == "html_block" and MARK in token.content:
            if depth or _HIDING_HTML.match(token.content):
                return False
            if token.content.lstrip().startswith("<!--"):  # shown only after the comment
                return "-->" in token.content and MARK in token.content.rsplit("-->", 1)[-1]
            return True
        elif token.type == "inline" and MARK in token.content:
            return depth == 0 and _starts_a_line(token.children or [])
        elif MARK in token.content:
            return False  # fenced or indented code
    return False


def _starts_a_line(children: list) -> bool:
    at_start = True
    for child in children:
        if child.type == "text" and at_start and child.content.lstrip(" ").startswith(MARK):
            return True
        if child.type in {"softbreak", "hardbreak"}:
            at_start = True
        elif child.type != "html_inline":
            at_start = False
    return False


PIECES = [
    *["/done phase2.rag", "/status", "`/done phase2.rag`", "x", " ", "  ", "   ", "    ", "\t"],
    *["```", "````", "``` x", "~~~", "~~~~", "~~~ `", "`", "``", "\\", "\\`"],
    *["> ", ">", "- > ", "> - ", "-", "- ", "  - ", "+ ", "1. ", "1) ", "2) ", "10. ", "*", "_"],
    *["# ", "---", "===", "[a]: /x"],
    *["<!--", "-->", "<!-->", "<!---", "--->", "<!-- x -->", "<", "!--"],
    *["<pre>", "</pre>", "<code>", "</code>", "<code>x</code>", "<script>", "</script>"],
    *["<textarea>", "</textarea>", "<div>", "</div>", "<details>", "<br>", "<b>", "</b>"],
]
lines = st.lists(st.sampled_from(PIECES), max_size=4).map("".join)
bodies = st.lists(lines, max_size=25).map("\n".join)


@settings(max_examples=1500, deadline=None)
@given(bodies)
def test_every_command_run_is_text_commonmark_shows_at_a_line_start(body: str) -> None:
    for command in parse_comment(body, known_ids=IDS).commands:
        assert shown_at_line_start(body, command.line), (body, command.line)


@pytest.mark.parametrize(
    "body",
    [
        "/done phase2.rag",
        "text\n/done phase2.rag",
        "> quote\n\n/done phase2.rag",
        "```\ncode\n```\n/done phase2.rag",
        "- item\n\n/done phase2.rag",
        "<!-- hidden -->\n/done phase2.rag",
        "<details>\n\n/done phase2.rag\n\n</details>",
    ],
)
def test_plain_commands_are_shown_and_run(body: str) -> None:
    (command,) = parse_comment(body, known_ids=IDS).commands
    assert shown_at_line_start(body, command.line)


@pytest.mark.parametrize(
    "body",
    [
        "- > quoted in a list\n/done phase2.rag",
        "> text\n>     > still text\n/done phase2.rag",
        "1. \n</pre>\n```\n\n```\n/done phase2.rag",
        "+ item\n2) ```\n   /done phase2.rag",
        "a `\n- \n`\n/done phase2.rag`",
        "/done phase2.rag<!--```\n---> \n/done phase2.rag``` x",
        "<pre></textarea>\n```</pre>\n/done phase2.rag",
        "<!-- a --> <!--\n/done phase2.rag\n-->",
    ],
)
def test_tricky_containers_found_by_the_differential_stay_unrun(body: str) -> None:
    lines_run = [c.line for c in parse_comment(body, known_ids=IDS).commands]
    assert lines_run in ([], [1])
    assert all(shown_at_line_start(body, line) for line in lines_run)
