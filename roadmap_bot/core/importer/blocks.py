"""Read markdown into a flat list of events in source order: headings, tasks and kept prose.

markdown-it-py reads the file as CommonMark (with GFM tables); its block tokens carry the
source lines they span, so everything that is not a heading or a task is kept as the lines it
was written as. A task is a list item or a paragraph line that starts with ``[ ]``/``[x]``;
a legend line (``[ ] = to do``) is not a task, nor is a box inside code, HTML or a table.
Every event knows its 0-based source lines, so the import can say where each line went.

A line break written as two trailing spaces inside a paragraph is read as the backslash break
(``\\`` at the line's end) that means the same: roadmap.yaml keeps it visibly, where an editor
that trims trailing spaces would lose it. The bot's own block markers are not prose.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cache
from typing import TYPE_CHECKING

from roadmap_bot.core.markers import END, START

if TYPE_CHECKING:
    from markdown_it import MarkdownIt
    from markdown_it.token import Token

BOX = re.compile(r"\[([ xX])\](?:[ \t]+(.*))?$")
# what follows the box in a legend line: "[ ] = to do", "[x] = done"
LEGEND = re.compile(r"\s*=")
BARE_TEXT = re.compile(r"\S")  # a bare box needs a text after it; a list item's may be empty
CELL_BOX = re.compile(
    r"(?:[-*+][ \t]+)?\[([ xX])\]"
)  # "[x]", or "- [x]" as people write it in a cell
# a heading of rule characters only: a "# =====" banner, not a phase
BANNER = re.compile(r"[\s=\-_*#~+.:|/\\<>]*")
RENDERED_PROGRESS = re.compile(r"\*\*Progress:\*\*\s")
HARD_BREAK = re.compile(r"(?<![\s\\]) {2,}$")  # two or more trailing spaces after a character
MARKERS = (START, END)
_LIST_MARKER = re.compile(r"^[ \t>]*(?:[-*+]|\d{1,9}[.)])[ \t]+")  # a list item's marker
_LISTS = ("bullet_list", "ordered_list")


@dataclass(slots=True)
class Heading:
    level: int
    text: str
    lines: tuple[int, ...]


@dataclass(slots=True)
class Task:
    line: int
    column: int  # 0-based, where the box starts
    checked: bool
    title: str
    depth: int
    bare: bool  # a "[ ]" line without a list marker
    parent: Task | None = None
    notes: list[str] = field(default_factory=list)
    note_lines: list[int] = field(default_factory=list)


@dataclass(slots=True)
class Prose:
    lines: tuple[int, ...]
    indent: int = 0  # leading blanks to take off each line: text nested in a list, dedented
    rule: bool = False  # a thematic break (``---``): dropped where the render draws its own


@dataclass(slots=True)
class Dropped:
    line: int
    reason: str


Event = Heading | Task | Prose | Dropped


@dataclass(slots=True)
class _Block:
    type: str
    start: int
    end: int
    content: str = ""
    info: str = ""
    markup: str = ""
    children: list[_Block] = field(default_factory=list)


@cache
def _parser() -> MarkdownIt:
    from markdown_it import MarkdownIt

    md = MarkdownIt("commonmark").enable("table")
    md.core.ruler.disable(["inline"])  # only the block structure is read
    return md


def read_events(text: str) -> tuple[list[str], list[Event]]:
    """The source lines and the events of ``text``, in source order."""
    lines = text.split("\n")
    tokens = _parser().parse(text)
    if _hard_breaks(tokens, lines):
        text = "\n".join(lines)
        tokens = _parser().parse(text)
    blocks = _blocks(tokens, len(lines))
    out: list[Event] = []
    covered = 0
    for block in blocks:
        _gap(lines, covered, block.start, out)
        _top(block, lines, out)
        covered = max(covered, block.end)
    _gap(lines, covered, len(lines), out)
    return lines, out


def _hard_breaks(tokens: list[Token], lines: list[str]) -> bool:
    """Turn two-space line breaks inside paragraphs into backslash breaks, in place; whether
    any line changed. The last line of a paragraph breaks nothing: its spaces are left; nor
    does a task line or the line before one (the render puts each task on its own line, so
    such a break is only the author's way to keep boxes apart, not part of a title or prose)."""
    changed = False
    for token in tokens:
        if token.type != "paragraph_open" or token.map is None:
            continue
        start, end = token.map
        for number in range(start, min(end, len(lines)) - 1):
            line = lines[number]
            if not (line.endswith("  ") and HARD_BREAK.search(line)):
                continue
            if _task_source(line) or _task_source(lines[number + 1]):
                continue
            lines[number] = line.rstrip(" ") + "\\"
            changed = True
    return changed


def _task_source(line: str) -> bool:
    """Whether a source line is a task, with or without its list marker."""
    return _task_line(_LIST_MARKER.sub("", line, count=1)) is not None


def _gap(lines: list[str], start: int, end: int, out: list[Event]) -> None:
    """Lines no block holds (link reference definitions): kept as prose."""
    kept = tuple(n for n in range(start, end) if lines[n].strip())
    if kept:
        out.append(Prose(kept))


def _blocks(tokens: list[Token], count: int) -> list[_Block]:
    root = _Block("root", 0, count)
    stack = [root]
    for token in tokens:
        parent = stack[-1]
        where = token.map or [parent.start, parent.end]
        if token.nesting == 1:
            block = _Block(
                token.type.removesuffix("_open"), where[0], where[1], "", token.info, token.markup
            )
            parent.children.append(block)
            stack.append(block)
        elif token.nesting == -1:
            stack.pop()
        elif token.type == "inline":
            parent.content = token.content
        else:
            parent.children.append(_Block(token.type, where[0], where[1], token.content))
    return root.children


def _span(block: _Block) -> tuple[int, ...]:
    return tuple(range(block.start, block.end))


def _top(block: _Block, lines: list[str], out: list[Event]) -> None:
    if block.type == "heading":
        if BANNER.fullmatch(block.content):
            out.append(Prose(_span(block)))
        else:
            level = len(block.markup) if block.markup.startswith("#") else _setext(block)
            out.append(Heading(level, block.content.strip(), _span(block)))
        return
    if block.type == "html_block" and block.content.strip() in MARKERS:
        out.append(Dropped(block.start, "roadmap-bot's marker (the render writes its own)"))
        return
    if block.type == "hr":
        out.append(Prose(_span(block), rule=True))
        return
    if block.type == "paragraph" and RENDERED_PROGRESS.match(block.content):
        out.append(Dropped(block.start, "a progress line (the render writes it)"))
        return
    _any(block, lines, 0, None, None, out)


def _setext(block: _Block) -> int:
    return 1 if block.markup.startswith("=") else 2


def _any(
    block: _Block,
    lines: list[str],
    depth: int,
    parent: Task | None,
    notes_of: Task | None,
    out: list[Event],
) -> None:
    """Events of one block; with ``notes_of``, what is not a task becomes that task's notes."""
    if not _has_tasks(block):
        _keep(block, lines, notes_of, out, depth)
        return
    if block.type in _LISTS:
        for item in block.children:
            _list_item(item, lines, depth, parent, notes_of, out)
    elif block.type == "paragraph":
        _paragraph(block, lines, depth, parent, notes_of, out, first=None)
    elif block.type == "table":
        _table(block, lines, depth, parent, out)
    else:  # a block quote or another container holding tasks
        for child in block.children:
            _any(child, lines, depth, parent, notes_of, out)


def _keep(
    block: _Block, lines: list[str], notes_of: Task | None, out: list[Event], depth: int
) -> None:
    """A block without tasks: notes of the task it belongs to, else prose where it stands
    (dedented when it stood inside a list: at the top it would read as an indented code block)."""
    if notes_of is not None:
        _note(notes_of, block, lines)
    else:
        span = _span(block)
        out.append(Prose(span, _indent_of(lines, span) if depth else 0))


def _indent_of(lines: list[str], numbers: tuple[int, ...]) -> int:
    """The blanks every non-blank one of these lines starts with."""
    found = [
        len(line) - len(line.lstrip(" \t"))
        for line in (lines[n] for n in numbers if n < len(lines))
        if line.strip()
    ]
    return min(found, default=0)


def _list_item(
    item: _Block,
    lines: list[str],
    depth: int,
    parent: Task | None,
    notes_of: Task | None,
    out: list[Event],
) -> None:
    first = item.children[0] if item.children else None
    number = f"{item.info}{item.markup} " if item.info else ""
    if first is not None and first.type == "paragraph" and _task_line(_first_line(first)):
        task = _paragraph(first, lines, depth, parent, notes_of, out, first=number)
        rest = item.children[1:]
        for child in rest:
            _any(child, lines, depth + 1, task, task, out)
        return
    if not _has_tasks(item):
        _keep(item, lines, notes_of, out, depth)
        return
    for child in item.children:  # a group label over tasks: the label is kept as prose
        _any(child, lines, depth + 1, parent, None, out)


def _first_line(block: _Block) -> str:
    """A paragraph's first line: a list item's task is on it, notes may follow in the same
    paragraph (the render writes short notes right under their item)."""
    return block.content.split("\n", 1)[0]


def _paragraph(
    block: _Block,
    lines: list[str],
    depth: int,
    parent: Task | None,
    notes_of: Task | None,
    out: list[Event],
    *,
    first: str | None,
) -> Task | None:
    """Tasks of a paragraph's lines; with ``first``, its first line is a list item's (and
    ``first`` the item's number). Other lines are notes of the task above them, else prose."""
    last: Task | None = None
    prose: list[int] = []
    for offset, text in enumerate(block.content.split("\n")):
        number = block.start + offset
        box = _task_line(text)
        if box is not None and not (offset == 0 and first is not None):
            box = box if BARE_TEXT.match(box.group(2) or "") else None
        if box is None:
            target = last or notes_of
            if target is not None:
                target.notes.append(text.strip())
                target.note_lines.append(number)
            else:
                prose.append(number)
            continue
        if prose:
            out.append(Prose(tuple(prose), _indent_of(lines, tuple(prose)) if depth else 0))
            prose = []
        source = lines[number] if number < len(lines) else text
        bare = not (offset == 0 and first is not None)
        title = (box.group(2) or "").strip()
        if offset == 0 and first:
            title = f"{first}{title}"
        last = Task(
            line=number,
            column=max(source.find("["), 0),
            checked=box.group(1) in "xX",
            title=title,
            depth=depth,
            bare=bare,
            parent=parent,
        )
        out.append(last)
    if prose:
        out.append(Prose(tuple(prose), _indent_of(lines, tuple(prose)) if depth else 0))
    return last


def _table(
    block: _Block, lines: list[str], depth: int, parent: Task | None, out: list[Event]
) -> None:
    """A table whose cells hold boxes: each box cell is a task titled by its row (and by its
    column's header when the row has several); the other rows are kept as prose."""
    rows = [row for part in block.children for row in part.children if row.type == "tr"]
    header = [cell.content.strip() for cell in rows[0].children] if rows else []
    for row in rows:
        cells = [cell.content.strip() for cell in row.children]
        boxes = [i for i, cell in enumerate(cells) if CELL_BOX.fullmatch(cell)]
        if row is rows[0]:  # the header row and the delimiter row under it
            body = rows[1].start if len(rows) > 1 else block.end
            out.append(Prose(tuple(range(block.start, body))))
            continue
        if not boxes:
            out.append(Prose((row.start,)))
            continue
        label = " · ".join(c for i, c in enumerate(cells) if i not in boxes and c) or "row"
        source = lines[row.start] if row.start < len(lines) else ""
        for i in boxes:
            title = label
            if len(boxes) > 1 and i < len(header) and header[i]:
                title = f"{label} — {header[i]}"
            box = CELL_BOX.fullmatch(cells[i])
            assert box is not None
            column = max(source.find(cells[i]), 0)
            out.append(Task(row.start, column, box.group(1) in "xX", title, depth, False, parent))


def _task_line(text: str) -> re.Match[str] | None:
    box = BOX.match(text.strip())
    if box is None or LEGEND.match(box.group(2) or ""):
        return None
    return box


def _has_tasks(block: _Block) -> bool:
    if block.type == "paragraph":
        return any(_task_line(line) for line in block.content.split("\n"))
    if block.type == "table":
        return any(
            CELL_BOX.fullmatch(cell.content.strip())
            for part in block.children
            for row in part.children
            for cell in row.children
        )
    if block.type in ("heading", "fence", "code_block", "html_block"):
        return False
    return any(_has_tasks(child) for child in block.children)


def _note(task: Task, block: _Block, lines: list[str]) -> None:
    """A block under a task kept as its notes, as written: its lines without the indentation
    of its first line (the item's content column), a blank line apart from the block before."""
    span = [n for n in _span(block) if n < len(lines)]
    while span and not lines[span[-1]].strip():
        span.pop()
    first = next((n for n in span if lines[n].strip()), None)
    if first is None:
        return
    if task.note_lines and any(not lines[n].strip() for n in range(task.note_lines[-1] + 1, first)):
        task.notes.append("")
    head = lines[first]
    indent = head[: len(head) - len(head.lstrip())]
    for number in span[span.index(first) :]:
        text = lines[number].rstrip()
        task.notes.append(text.removeprefix(indent) if text.startswith(indent) else text.lstrip())
        if text:
            task.note_lines.append(number)
