"""Which lines of a markdown comment GitHub shows as plain text, where commands may stand.

Block structure first, as CommonMark reads it (https://spec.commonmark.org/0.31.2/): fenced
and indented code, block quotes with their lazy continuation lines, headings and HTML blocks
are left out; then paragraph lines that start inside a code span, an HTML comment or a <code>
element. Containers are followed only as far as commands need; where unsure, a line is left
out rather than run.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Iterator
from dataclasses import dataclass

_LINE_BREAK = re.compile(r"\r\n|\r|\n")  # what markdown calls a line ending; not U+2028
_FENCE = re.compile(r" {0,3}(`{3,}|~{3,})(.*)")
_HEADING = re.compile(r" {0,3}#{1,6}(?:[ \t]|$)")
_BREAK = re.compile(r" {0,3}(?:(?:\*[ \t]*){3,}|(?:-[ \t]*){3,}|(?:_[ \t]*){3,})")
_SETEXT = re.compile(r" {0,3}(?:=+|-+)[ \t]*")  # underlines the paragraph above: a heading
_MARKER = re.compile(r" {0,3}(?:[-+*]|[0-9]{1,9}[.)])(?:[ \t]+|$)")
_CONTAINERS = re.compile(  # quote markers and list markers (nested lists may be indented more)
    r"(?: {0,3}>[ \t]?|[ \t]*(?:[-+*]|[0-9]{1,9}[.)])(?=[ \t]|$)[ \t]*)*"
)
_LATE_NUMBER = re.compile(r" {0,3}(?!1[.)])[0-9]")  # "2." cannot interrupt a paragraph
_HIDING_BLOCK = re.compile(  # HTML blocks of types 1 and 2: to their closer
    r" {0,3}(?:<!--|<(pre|script|style|textarea)(?=[\s>]|$))", re.IGNORECASE
)
_HIDING_END = re.compile(r"</(?:pre|script|style|textarea)>", re.IGNORECASE)
_BLOCK_TAGS = (  # HTML blocks of type 6: to the next blank line
    "address|article|aside|base|basefont|blockquote|body|caption|center|col|colgroup|dd|details|"
    "dialog|dir|div|dl|dt|fieldset|figcaption|figure|footer|form|frame|frameset|h[1-6]|head|"
    "header|hr|html|iframe|legend|li|link|main|menu|menuitem|nav|noframes|ol|optgroup|option|p|"
    "param|search|section|summary|table|tbody|td|tfoot|th|thead|title|tr|track|ul"
)
_RAW_BLOCK = re.compile(rf" {{0,3}}</?(?:{_BLOCK_TAGS})(?=[\s>]|/>|$)", re.IGNORECASE)
_LONE_TAG = re.compile(  # type 7: one whole tag alone on its line, to the next blank line
    r" {0,3}(?:<[A-Za-z][A-Za-z0-9-]*(?:\s+[A-Za-z_:][\w.:-]*(?:\s*=\s*(?:[^\s\"'=<>`]+"
    r"|'[^']*'|\"[^\"]*\"))?)*\s*/?>|</[A-Za-z][A-Za-z0-9-]*\s*>)\s*"
)
_BLANK = re.compile(r"^\s*$")
_COMMENTS = (  # an inline comment by CommonMark 0.29 (cmark-gfm) and by 0.31 rules
    re.compile(r"<!--(?!>|->)(?:[^-]|-(?!-))*?(?<!-)-->"),
    re.compile(r"<!---?>|<!--(?:[^-]|-[^-]|--[^>])*?-->"),
)
_INLINE = re.compile(r"`+|<!--|<(code|pre|script|style|textarea)(?=[\s/>]|$)", re.IGNORECASE)


@dataclass(slots=True)
class _Open:
    """A block that hides lines until ``end`` matches one (fence: a closing fence line)."""

    end: re.Pattern[str] | None  # None for a fence
    column: int  # the list item column it sits in; a line starting left of it ends it
    fence: tuple[str, int] = ("", 0)  # the fence's character and length


def visible_lines(body: str) -> Iterator[tuple[int, str]]:
    """Yield ``(line number, text)`` for each line shown as plain paragraph text.

    HTML comments inside a yielded line are cut out, as GitHub does not show them.
    """
    block: _Open | None = None
    in_comment = False  # raw HTML so far has left an HTML comment open (HTML parsing)
    lazy = False  # the last line was quoted text, so an unmarked line still belongs to the quote
    paragraph: list[tuple[int, str]] = []
    para_column = 0  # where the open paragraph's text starts
    in_quote = False  # the last line was quoted
    item_column = 0  # where the content of the last list item starts
    empty_item = False  # the last line was a list item with nothing in it
    for number, raw in enumerate(_LINE_BREAK.split(body), start=1):
        line = raw.expandtabs(4)  # tab stops of 4 columns, as CommonMark counts them
        if block is not None and not (block.column and line[: block.column].strip()):
            if block.end is None:
                block = None if _closes_fence(line, block) else block
                continue
            in_comment = _comment_open(line, in_comment)
            block = None if block.end.search(line) else block
            if block is None and in_comment:
                return  # an unclosed "<!--" in raw HTML hides the rest of the page
            continue
        if block is not None and in_comment:
            return
        block = None  # a line left of a list item's column ends the item's blocks
        column = containers.end() if (containers := _CONTAINERS.match(line)) else 0
        in_text = bool(paragraph) or lazy
        column = _item_column(line, column, paragraph=bool(paragraph), para_column=para_column)
        if lazy and _indent(line) >= 4:
            column = 0  # too far in to start a list: the quote's text goes on
        if ">" in line[:column] or (in_quote and line.lstrip().startswith(">")):
            yield from _outside_inline_code(paragraph)  # quoted, maybe in a list: never run
            quoted = line[line.rfind(">", 0, max(column, line.find(">") + 1)) + 1 :]
            paragraph, lazy = [], _is_text(quoted.removeprefix(" "), continuing=lazy)
            in_quote = True
            if _MARKER.match(line):
                item_column = line.find(">")  # the quote is the list item's content
            elif _indent(line) < item_column:
                item_column = 0
            continue
        in_quote = False
        if column:
            column = item_column = _content_column(line, column)
        elif line.strip() and not in_text and _indent(line) < item_column:
            item_column = 0  # left of the list item: the list is over
        elif not line.strip() and empty_item:
            item_column = 0  # an item may start with one blank line, not with a blank line
        empty_item = bool(column) and not line[column:].strip()
        column = column or (item_column if _indent(line) >= item_column else 0)
        inner = line[column:]  # fences and HTML blocks may sit in a list item
        block = _opens(inner, column, interrupting=in_text)
        if block and _indent(line) < item_column and not _MARKER.match(line):
            item_column = 0  # a block left of the list item ends the list
        underline = paragraph and _SETEXT.fullmatch(line) and _indent(line) >= para_column
        ends = _HEADING.match(inner) or _BREAK.fullmatch(line) or underline
        if block or ends or not inner.strip():  # blank, or an empty list item
            yield from _outside_inline_code(paragraph)
            paragraph, lazy = [], False
            if block is not None and block.end is not None:
                in_comment = _comment_open(inner, False)
                if block.end is not _BLANK and block.end.search(inner, _after_opener(inner)):
                    block = None
                    if in_comment:
                        return
        elif not lazy and (paragraph or _indent(inner) < 4):  # 4+ columns after a break: code
            if column and paragraph and _MARKER.match(line):  # a list item starts a paragraph
                yield from _outside_inline_code(paragraph)
                paragraph = []
            if not paragraph:
                para_column = column
            paragraph.append((number, line))
    yield from _outside_inline_code(paragraph)


def _is_text(content: str, *, continuing: bool) -> bool:
    """True when a quote's content is paragraph text, which later lines may continue lazily."""
    if continuing and _indent(content) >= 4:
        return True  # indented code cannot interrupt the quote's paragraph
    column = containers.end() if (containers := _CONTAINERS.match(content)) else 0
    inner = content[_item_column(content, column, paragraph=continuing, para_column=0) :]
    if not inner.strip() or _indent(inner) >= 4:
        return False
    ends = _HEADING.match(inner) or _BREAK.fullmatch(content)
    return not ends and _opens(inner, 0, interrupting=continuing) is None


def _content_column(line: str, column: int) -> int:
    """Where a list item's content starts: after 1-4 spaces, else one past the marker."""
    marker_end = len(line[:column].rstrip(" "))
    if not line[column:].strip() or column - marker_end > 4:
        return marker_end + 1
    return column


def _item_column(line: str, column: int, *, paragraph: bool, para_column: int) -> int:
    """Return where a list item's content starts, or 0 when the line continues a paragraph.

    Only a bullet or "1." with text, not indented as code, may interrupt a paragraph.
    """
    stripped = line.lstrip(" \t")
    first = _MARKER.match(stripped)
    if not (paragraph and column and first) or _indent(line) < para_column:
        return column  # left of the paragraph's list item: a new item, whatever it holds
    empty = not stripped[first.end() :].strip()
    late = _LATE_NUMBER.match(stripped) is not None
    return 0 if empty or late or _indent(line) >= para_column + 4 else column


def _opens(inner: str, column: int, *, interrupting: bool) -> _Open | None:
    """Return the fence or HTML block ``inner`` opens, if any."""
    fence = _FENCE.fullmatch(inner)
    if fence and not (fence.group(1)[0] == "`" and "`" in fence.group(2)):
        return _Open(None, column, (fence.group(1)[0], len(fence.group(1))))
    hiding = _HIDING_BLOCK.match(inner)
    if hiding:
        return _Open(_HIDING_END if hiding.group(1) else _COMMENT_END, column)
    if _RAW_BLOCK.match(inner) or (not interrupting and _LONE_TAG.fullmatch(inner)):
        return _Open(_BLANK, column)  # raw HTML: what it shows is not plain text we can trust
    return None


_COMMENT_END = re.compile("-->")


def _after_opener(inner: str) -> int:
    """Where a block's closer may start: ``<!-->`` is a whole comment (CommonMark 0.31)."""
    opener = _HIDING_BLOCK.match(inner)
    assert opener is not None
    return opener.end() - 2 if opener.group(1) is None else opener.end()


def _closes_fence(line: str, block: _Open) -> bool:
    """True when ``line`` closes the fence, at the column of the list item it is in."""
    closing = _FENCE.fullmatch(line[block.column :])
    if closing is None or closing.group(2).strip():
        return False
    run = closing.group(1)
    return run[0] == block.fence[0] and len(run) >= block.fence[1]


def _comment_open(text: str, inside: bool) -> bool:
    """Return whether an HTML comment is open after ``text``, read as raw HTML."""
    pos = 0
    while True:
        if inside:
            end = text.find("-->", pos)
            if end < 0:
                return True
            pos, inside = end + 3, False
        else:
            start = text.find("<!--", pos)
            if start < 0:
                return False
            pos, inside = start + 2, True  # "<!-->" opens and closes at once


def _indent(line: str) -> int:
    """Return the columns of leading whitespace, a tab reaching the next multiple of 4."""
    width = 0
    for char in line:
        if char == " ":
            width += 1
        elif char == "\t":
            width += 4 - width % 4
        else:
            break
    return width


def _outside_inline_code(paragraph: list[tuple[int, str]]) -> Iterator[tuple[int, str]]:
    """Yield the paragraph's lines that do not start inside a code span, comment or <code>.

    Comments are read by both CommonMark 0.29 and 0.31 rules (renderers differ), and a line
    hidden by either reading is left out. Comments are cut out of the lines yielded.
    """
    text = "\n".join(line for _, line in paragraph)
    if "`" not in text and "<" not in text:
        yield from paragraph
        return
    readings = [_hidden_spans(text, comment) for comment in _COMMENTS]
    at = [0] * len(readings)  # per reading, the first span that does not end before this line
    offset = 0
    for number, line in paragraph:
        start, end = offset + len(line) - len(line.lstrip()), offset + len(line)
        for index, spans in enumerate(readings):
            while at[index] < len(spans) and spans[at[index]][1] <= start:
                at[index] += 1
        if not any(k < len(sp) and sp[k][0] < start for k, sp in zip(at, readings, strict=True)):
            cuts, spans, k = [], readings[-1], at[-1]
            while k < len(spans) and spans[k][0] < end:
                if spans[k][2]:  # a comment that starts on this line
                    cuts.append(spans[k][:2])
                k += 1
            for a, b in reversed(cuts):
                line = line[: a - offset] + line[min(b, end) - offset :]
            yield number, line
        offset = end + 1


def _hidden_spans(text: str, comment: re.Pattern[str]) -> list[tuple[int, int, bool]]:
    """Return ``(start, end, is_comment)`` of each code span, HTML comment and code element.

    Left to right, as CommonMark reads inlines: a backtick run opens a code span only when a
    later run of the same length closes it; ``<!--`` or a tag without its closer is plain text.
    """
    starts: dict[int, list[int]] = {}  # run length → start of each backtick run
    for run in re.finditer(r"`+", text):
        starts.setdefault(run.end() - run.start(), []).append(run.start())
    spans: list[tuple[int, int, bool]] = []
    unclosed: set[str] = set()
    pos = 0
    while (token := _INLINE.search(text, pos)) is not None:
        pos, start = token.end(), token.start()
        before = start
        while before and text[before - 1] == "\\":
            before -= 1
        escaped = (start - before) % 2 == 1  # after an odd run of backslashes
        if token.group(0)[0] == "`":
            start += escaped  # "\`" is a literal backtick; the rest of the run may still open
            same = starts.get(token.end() - start, [])
            later = bisect_right(same, start)
            end = same[later] + token.end() - start if later < len(same) else None
        elif escaped:
            continue
        else:
            tag = token.group(1) and token.group(1).lower()
            if tag in unclosed:
                continue  # no closer after an earlier opener, so none after this one
            found = (
                re.compile(f"</{tag}>", re.IGNORECASE).search(text, token.end())
                if tag
                else comment.match(text, start)
            )
            if found is None and tag:
                unclosed.add(tag)
            end = found.end() if found else None
        if end is not None and start < token.end():
            spans.append((start, end, token.group(0) == "<!--"))
            pos = end
    return spans
