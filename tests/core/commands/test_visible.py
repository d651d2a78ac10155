"""visible_lines: markdown-it-py decides which comment lines are plain text, in linear time."""

from __future__ import annotations

import pytest

from roadmap_bot.core.commands.visible import visible_lines
from tests.support.linear import assert_linear


def shown(body: str) -> list[int]:
    return [number for number, _ in visible_lines(body)]


def test_a_line_in_a_setext_heading_is_not_plain_text() -> None:
    assert shown("text\n/done x\n---\n\n/undo y") == [5]
    assert shown("/done x\n===") == []


def test_a_line_in_an_image_description_is_not_shown() -> None:
    assert shown("![a\n/done x\n](https://e.x/a.png)") == []


def test_a_line_in_a_link_title_is_not_shown() -> None:
    assert shown("[a](/u 'b\n/done x\n')") == []


def test_a_line_in_a_link_text_is_shown() -> None:
    assert 2 in shown("[a\n/done x](/u)")


def test_a_code_element_left_open_hides_the_rest_of_its_paragraph() -> None:
    assert shown("a <code>\n/done x\n\n/undo y") == [1, 4]
    assert shown("a <code>\n/done x\n</code>\n/undo y") == [1, 4]


def test_a_comment_only_commonmark_031_reads_does_not_uncover_a_code_span() -> None:
    # cmark-gfm (CommonMark 0.29) does not read "<!-- -- ` -->" as a comment, so its backtick
    # opens a code span to the last line, and GitHub shows "/done x" as code.
    assert shown("a <!-- -- ` -->\n/done x\n`") == [1]
    assert shown("a <!-->`\n/done x\n`") == [1]


def test_comments_are_cut_from_a_shown_line_at_their_columns() -> None:
    assert list(visible_lines("- a\n  /done x <!-- c --> d")) == [(1, "- a"), (2, "  /done x  d")]
    assert list(visible_lines("x\n\t/done <!--c-->y  ")) == [(1, "x"), (2, "    /done y  ")]
    assert list(visible_lines("a\n/done x <!-- c\n-->")) == [(1, "a"), (2, "/done x ")]


def test_an_html_block_leaving_a_comment_open_hides_the_rest() -> None:
    assert shown("<div>\n<!--\n\n/done x\n\nmore") == []


@pytest.mark.parametrize(
    "unit",
    [
        "> ",
        "- > ",
        "1. ",
        "[",
        "[\n",
        "![",
        "[a](<",
        "`",
        "<!--",
        "<!-->`",
        "<![CDATA[",
        "<code>\n",
        "*a_",
        "a\n",
    ],
)
def test_visible_lines_is_linear_in_the_comment(unit: str) -> None:
    assert_linear(lambda body: list(visible_lines(body)), unit, size=8_000)
