"""parse_comment: commands shown as code, quotes or hidden HTML are never run."""

from __future__ import annotations

import pytest

from roadmap_bot.core.commands.grammar import CommandName, parse_comment
from roadmap_bot.core.commands.visible import visible_lines

IDS = ("phase1.python", "phase2.rag")


def lines_run(body: str) -> list[int]:
    """Return the line numbers of the commands parse_comment would run."""
    result = parse_comment(body, known_ids=IDS)
    assert result.errors == ()
    return [command.line for command in result.commands]


@pytest.mark.parametrize(
    "body",
    [
        "```\n/done phase2.rag\n```",
        "~~~\n/done phase2.rag\n~~~",
        "```bash title=x\n/done phase2.rag\n```",
        "~~~~ {.md}\n/done phase2.rag\n~~~~",
        "   ```\n/done phase2.rag\n   ```",
        "````\n```\n/done phase2.rag\n```\n/done phase2.rag\n````",
        "```\n/done phase2.rag",  # an unclosed fence runs to the end
        "~~~\n```\n/done phase2.rag\n```\n/done phase2.rag",
        "```\n~~~\n/done phase2.rag",
        "text\n```\n/done phase2.rag\n```",
    ],
)
def test_commands_in_fenced_code_are_not_run(body: str) -> None:
    assert lines_run(body) == []


def test_the_command_after_a_closed_fence_is_run() -> None:
    assert lines_run("```\n/done phase2.rag\n```\n/undo phase2.rag") == [4]
    assert lines_run("~~~~\n~~~\n/x\n~~~~~\n/undo phase2.rag") == [5]


def test_a_backtick_fence_closed_by_tildes_stays_open() -> None:
    assert lines_run("```\n/done phase2.rag\n~~~\n/undo phase2.rag") == []


def test_a_backtick_line_with_a_backtick_in_its_info_is_not_a_fence() -> None:
    assert lines_run("``` a`b\n\n/done phase2.rag") == [3]


def test_a_closing_fence_needs_nothing_after_it() -> None:
    assert lines_run("```\n/done phase2.rag\n``` not closed\n/undo phase2.rag") == []


@pytest.mark.parametrize(
    "body",
    [
        "\n    /done phase2.rag",
        "text\n\n    /done phase2.rag",
        "\t/done phase2.rag",
        "para\n\n\t/done phase2.rag\n\n      /undo phase2.rag",
    ],
)
def test_commands_in_indented_code_are_not_run(body: str) -> None:
    assert lines_run(body) == []


@pytest.mark.parametrize(
    "body",
    [
        "> /done phase2.rag",
        ">/done phase2.rag",
        "   > /done phase2.rag",
        "> > /done phase2.rag",
        ">>> /done phase2.rag",
        "> quoted words\n/done phase2.rag",  # a lazy continuation belongs to the quote
        "> a\n> b\n/done phase2.rag\n/undo phase2.rag",
    ],
)
def test_commands_in_quotes_are_not_run(body: str) -> None:
    assert lines_run(body) == []


def test_a_blank_line_ends_the_quote() -> None:
    assert lines_run("> /done phase2.rag\n\n/undo phase2.rag") == [3]
    assert lines_run(">\n/undo phase2.rag") == [2]


def test_the_usual_quote_reply_then_command_runs_the_command_only() -> None:
    body = "> @octocat wrote: please /done phase2.rag\n> /done phase2.rag\n\n/done phase1.python"
    result = parse_comment(body, known_ids=IDS)
    assert [(c.name, c.item_id) for c in result.commands] == [(CommandName.DONE, "phase1.python")]


@pytest.mark.parametrize(
    "body",
    [
        "`/done phase2.rag`",
        "see `\n/done phase2.rag\n` here",
        "a ``two ` ticks\n/done phase2.rag\n`` b",
    ],
)
def test_commands_in_inline_code_spans_are_not_run(body: str) -> None:
    assert lines_run(body) == []


def test_an_unmatched_backtick_does_not_hide_the_next_line() -> None:
    assert lines_run("a ` lone tick\n/done phase2.rag") == [2]
    assert lines_run("a `` run\n/done phase2.rag\n` single") == [2]


def test_a_closed_code_span_before_the_command_line_hides_nothing() -> None:
    assert lines_run("use `x` and `y`\n/done phase2.rag") == [2]


def test_a_code_span_does_not_reach_across_a_blank_line() -> None:
    assert lines_run("a `\n\n/done phase2.rag\n`") == [3]


@pytest.mark.parametrize(
    "body",
    [
        "<!-- /done phase2.rag -->",
        "<!--\n/done phase2.rag\n-->",
        "<!-- a --> <!--\n/done phase2.rag\n-->",
        "<!-- never closed\n/done phase2.rag",
        "<!--\n```\n-->\n<!--\n/done phase2.rag\n-->",
        "<pre>\n/done phase2.rag\n</pre>",
        "<PRE>\n/done phase2.rag\n</PRE>",
        "<code>\n/done phase2.rag\n</code>",
        "<script>\n/done phase2.rag\n</script>",
        "-->\n<!--\n/done phase2.rag\n--> /undo phase2.rag",
    ],
)
def test_commands_in_html_comments_and_code_elements_are_not_run(body: str) -> None:
    assert lines_run(body) == []


def test_a_comment_closed_mid_line_hides_only_itself() -> None:
    result = parse_comment("/done phase2.rag <!-- hidden -->visible note", known_ids=IDS)
    assert result.commands[0].arg == "visible note"
    assert lines_run("<!--\nx\n-->\n/done phase2.rag") == [4]


def test_a_fence_inside_a_comment_does_not_open_code() -> None:
    assert lines_run("<!--\n```\n-->\n/done phase2.rag") == [4]


def test_html_inside_fenced_code_hides_nothing_after_the_fence() -> None:
    assert lines_run("```\n<!--\n```\n/done phase2.rag") == [4]


def test_a_heading_is_not_a_command_and_does_not_start_a_code_span() -> None:
    assert lines_run("# `title\n/done phase2.rag\n`") == [2]


def test_visible_lines_numbers_lines_across_all_line_endings() -> None:
    lines = list(visible_lines("a\r\nb\rc\nd"))
    assert lines == [(1, "a"), (2, "b"), (3, "c"), (4, "d")]


def test_a_unicode_line_separator_does_not_start_a_line() -> None:
    assert lines_run("hello\u2028/done phase2.rag") == []
    assert lines_run("hello\x85/done phase2.rag") == []
