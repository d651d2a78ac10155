"""Which lines of a markdown comment GitHub shows as plain text, where commands may stand.

markdown-it-py reads the comment as CommonMark (https://spec.commonmark.org/0.31.2/). A line is
shown as plain text when it starts a line of a paragraph outside any block quote: fenced and
indented code, quotes with their lazy continuation lines, headings and HTML blocks are left out,
and so are paragraph lines that start inside a code span, an HTML comment, an image, raw HTML or
a ``<code>``, ``<pre>``, ``<script>``, ``<style>`` or ``<textarea>`` element. GitHub renders
with cmark-gfm, which reads inline HTML comments by the older CommonMark 0.29 rule: a line is
shown only when both readings show it. Where unsure, a line is left out rather than run.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from functools import cache
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # markdown-it-py is imported on the first comment read, not with the CLI
    from markdown_it import MarkdownIt
    from markdown_it.rules_inline import StateInline
    from markdown_it.token import Token

    _Rule = Callable[[StateInline, bool], bool]

_LINE_BREAK = re.compile(r"\r\n|\r|\n")  # what markdown calls a line ending; not U+2028
_COMMENT_029 = re.compile(r"<!--(?!>|->)(?:[^-]|-(?!-))*?(?<!-)-->")  # CommonMark 0.29
_HIDING_TAG = re.compile(r"<(code|pre|script|style|textarea)(?=[\s/>])", re.IGNORECASE)
_CLOSING_TAG = re.compile(r"</([A-Za-z][A-Za-z0-9-]*)\s*>")
_SPAN = "roadmap_bot.span"  # Token.meta key: where an inline token starts and ends in its source


def visible_lines(body: str) -> Iterator[tuple[int, str]]:
    """Yield ``(line number, text)`` for each line shown as plain paragraph text.

    The text is the line as written, tabs expanded to 4 columns, with the HTML comments that
    start on it cut out, as GitHub does not show them.
    """
    current, older = _parsers()
    lines = _LINE_BREAK.split(body)
    shown = _shown_lines(current, body, lines)
    if _comments_differ(body):
        also = {number for number, _ in _shown_lines(older, body, lines)}
        shown = [(number, cuts) for number, cuts in shown if number in also]
    for number, cuts in shown:
        line = lines[number - 1]
        for start, end in reversed(cuts):
            line = line[:start] + line[end:]
        yield number, line.expandtabs(4)


def _comments_differ(body: str) -> bool:
    """True when CommonMark 0.29 may read an inline comment in ``body`` otherwise than 0.31.

    A comment valid by 0.29 is one by 0.31 too, with the same end, so when every ``<!--`` opens
    a 0.29 comment, both read the body the same and one parse is enough.
    """
    starts = (found.start() for found in re.finditer("<!--", body))
    return any(_COMMENT_029.match(body, start) is None for start in starts)


@cache
def _parsers() -> tuple[MarkdownIt, MarkdownIt]:
    """CommonMark as markdown-it-py reads it, and the same with CommonMark 0.29's comments."""
    from markdown_it import MarkdownIt
    from markdown_it.rules_inline import escape, html_inline, newline

    def older_comments(state: StateInline, silent: bool) -> bool:
        at = state.pos
        if state.src.startswith("<!--", at) and _COMMENT_029.match(state.src, at) is None:
            return False  # "<!-->", or "--" inside: text by CommonMark 0.29
        return html_inline(state, silent)

    parsers = []
    for html in (html_inline, older_comments):
        md = MarkdownIt("commonmark")
        md.inline.ruler.at("newline", _recording(newline))
        md.inline.ruler.at("escape", _recording(escape))
        md.inline.ruler.at("html_inline", _recording(html))
        parsers.append(md)
    return parsers[0], parsers[1]


def _recording(rule: _Rule) -> _Rule:
    """``rule``, noting in the token it makes where that token starts and ends in the source."""

    def run(state: StateInline, silent: bool) -> bool:
        start, count = state.pos, len(state.tokens)
        if not rule(state, silent):
            return False
        if not silent and len(state.tokens) > count:
            state.tokens[-1].meta[_SPAN] = (start, state.pos)
        return True

    return run


def _shown_lines(
    md: MarkdownIt, body: str, lines: list[str]
) -> list[tuple[int, list[tuple[int, int]]]]:
    """Return each shown line's number and the comments to cut from it (columns in the line)."""
    tokens = md.parse(body)
    shown: list[tuple[int, list[tuple[int, int]]]] = []
    quotes = 0
    for index, token in enumerate(tokens):
        if token.type == "blockquote_open":
            quotes += 1
        elif token.type == "blockquote_close":
            quotes -= 1
        elif token.type == "html_block" and _comment_open(token.content):
            break  # the page's HTML stays inside that comment: nothing after it is shown
        elif token.type == "inline" and not quotes and tokens[index - 1].type == "paragraph_open":
            shown.extend(_paragraph_lines(token, lines))
    return shown


def _paragraph_lines(
    paragraph: Token, lines: list[str]
) -> Iterator[tuple[int, list[tuple[int, int]]]]:
    """Yield the paragraph's lines that start with text, and the comments starting on each.

    The paragraph's source is its lines with indentation taken off (and trailing space off the
    last), so an offset counted from a line's end is the same in the source and in the line.
    """
    assert paragraph.map is not None
    src = paragraph.content
    number = paragraph.map[0] + 1  # the line the children read now
    line_start = 0  # where that line starts in src
    line_end = _line_end(src, 0)
    at_start = True  # no token but comments read yet on this line
    shown = False
    hiding: str | None = None  # the element open since a <code>, <pre>, … tag
    cuts: list[tuple[int, int]] = []  # comments in src that start on this line
    for child in [*(paragraph.children or []), None]:
        if child is None or child.type in ("softbreak", "hardbreak"):
            if shown:
                yield number, _columns(cuts, src, line_end, lines[number - 1])
            if child is None:
                return
            newline = src.index("\n", child.meta[_SPAN][0])
            number += src.count("\n", line_start, newline + 1)
            line_start, at_start, shown, cuts = newline + 1, True, False, []
            line_end = _line_end(src, line_start)
            continue
        if child.type == "html_inline":
            if child.content.startswith("<!--"):
                start, end = child.meta[_SPAN]
                if line_start <= start < line_end:
                    cuts.append((start, end))
                continue  # not shown: the line may still start with text after it
            hiding = _tags(child.content, hiding)
        elif at_start and hiding is None and child.type == "text":
            shown = True
        at_start = False


def _tags(tag: str, hiding: str | None) -> str | None:
    """Return the code-like element open after ``tag``, given the one open before it."""
    if hiding is None:
        opened = _HIDING_TAG.match(tag)
        return opened.group(1).lower() if opened else None
    closed = _CLOSING_TAG.fullmatch(tag)
    return None if closed and closed.group(1).lower() == hiding else hiding


def _line_end(src: str, start: int) -> int:
    end = src.find("\n", start)
    return len(src) if end < 0 else end


def _columns(
    cuts: list[tuple[int, int]], src: str, line_end: int, line: str
) -> list[tuple[int, int]]:
    """Map comments from offsets in ``src`` (its line ending at ``line_end``) to columns of
    ``line``, the whole source line."""
    shift = len(line if line_end < len(src) else line.rstrip()) - line_end
    return [(start + shift, min(end, line_end) + shift) for start, end in cuts]


def _comment_open(html: str) -> bool:
    """Return whether raw HTML leaves an HTML comment open at its end."""
    pos = 0
    while (start := html.find("<!--", pos)) >= 0:
        end = html.find("-->", start + 2)  # "<!-->" opens and closes at once
        if end < 0:
            return True
        pos = end + 3
    return False
