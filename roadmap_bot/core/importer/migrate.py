"""Migration in one command: which part of a README the import takes over, and the README with
that part replaced by the bot's markers and block (``roadmap-bot import README.md --in-place``).

The span (1-based lines, both included):

- A README that already holds the bot's markers: the markers' block. Only the text between
  the markers is imported; the text around them is the owner's and stays as it is.
- Otherwise, from the first line the import turns into structure (the title heading, or
  without one the first phase heading or task) to the last line of the last phase (its last
  task, note, prose or rule line). Text before the span (a banner, badges, a logo above the
  title) and after it (the sections after the last phase: links, licence, closing words) is
  not imported, so it is not rendered a second time: it stays outside the markers byte for byte.

The import of the span reads the same headings and tasks as an import of the whole file (the
text around the span holds no task: before it comes no structure, after it the outro), so the
items and ticks are the same; lines are numbered as in the README.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass

from roadmap_bot.core.importer.markdown import ImportResult
from roadmap_bot.core.markers import END, START, block_problem, find_block

_NEWLINE = re.compile(r"\r\n|\r|\n")
_SHOWN_TICK = re.compile(r"<sub>[^<]*?✓ (\d{4}-\d{2}-\d{2})\b")
BOM = "\ufeff"


@dataclass(frozen=True, slots=True)
class Span:
    """The README lines the migration replaces (1-based, both included); ``marked``: the
    bot's markers' block (the marker lines included)."""

    first: int
    last: int
    marked: bool


def marked_span(text: str) -> Span | None:
    """The bot's block of ``text`` as a span, None when it has no markers.

    Markers that do not pair up raise ValueError with the reason (nothing is replaced then).
    """
    problem = block_problem(text)
    if problem is not None:
        raise ValueError(problem)
    block = find_block(text)
    if block is None:
        return None
    first = _line_of(text, block.start)
    return Span(first, _line_of(text, block.end - 1), marked=True)


def imported_span(text: str, result: ImportResult) -> Span:
    """The span of an unmarked README, from ``result`` (its import as a whole)."""
    lines = _lines(text)
    structural = [line for line, _ in result.where.values()]
    outro = [n for k in result.kept if k.where == "outro" for n in k.lines]
    if not structural:  # nothing imported: the whole text
        return Span(1, max(len(lines), 1), marked=False)
    first = min(structural)
    stop = min(outro) - 1 if outro else len(lines)
    last = max(first, *structural)
    for n in range(stop, last, -1):
        if lines[n - 1].strip():
            last = n
            break
    return Span(first, last, marked=False)


def span_source(text: str, span: Span) -> str:
    """What the import reads of ``text``: the span's lines (inside the markers of a marked one),
    after blank lines that keep the README's line numbers."""
    lines = _lines(text)
    first, last = (span.first + 1, span.last - 1) if span.marked else (span.first, span.last)
    return "\n" * (first - 1) + "\n".join(lines[first - 1 : last])


def with_markers(raw: str, span: Span) -> str:
    """``raw`` (the README as stored: BOM and line endings as they are) with the span replaced
    by an empty pair of markers, for ``render`` to fill; the rest byte for byte. A marked span
    is the bot's block already: ``raw`` as it is."""
    if span.marked:
        return raw
    bom = BOM if raw.startswith(BOM) else ""
    body = raw[len(bom) :]
    starts = _line_starts(body)
    start = starts[span.first - 1]
    end = _line_end(body, starts, span.last - 1)
    return f"{bom}{body[:start]}{START}\n{END}{body[end:]}"


def without_chunk(text: str, chunk: str) -> str:
    """``text`` with the whole lines of ``chunk`` (the badges the bot renders into its block)
    blanked out, line numbers kept; as it is when it does not hold them."""
    chunk = chunk.strip("\n")
    if not chunk:
        return text
    at = text.find(f"\n{chunk}\n")
    if at < 0:
        return text
    return text[: at + 1] + "\n" * chunk.count("\n") + text[at + 1 + len(chunk) :]


def unified_diff(old: str, new: str, path: str) -> str:
    """A unified diff of a file's text (empty when they are equal)."""
    return "".join(
        difflib.unified_diff(
            old.splitlines(keepends=True),
            new.splitlines(keepends=True),
            fromfile=f"a/{path}",
            tofile=f"b/{path}",
        )
    )


def shown_tick_dates(text: str, result: ImportResult) -> dict[str, str]:
    """Item id → the day its line shows as ticked in a block the bot rendered
    (``<sub>✓ 2026-01-10</sub>``, after the id when ids are shown), for the items ``result``
    has as ticked."""
    lines = _lines(text)
    ticked = set(result.ticked)
    out: dict[str, str] = {}
    for path, (line, _) in result.where.items():
        item_id = _item_id(result, path)
        if item_id not in ticked or not 0 < line <= len(lines):
            continue
        match = _SHOWN_TICK.search(lines[line - 1])
        if match:
            out[item_id] = match.group(1)
    return out


def _item_id(result: ImportResult, path: tuple[str | int, ...]) -> str | None:
    """The full id of the item at a data path (``("phases", 0, "sections", 1, "items", 2)``,
    a child item's path going on with ``"items", n`` pairs)."""
    if len(path) < 6 or len(path) % 2 or path[0] != "phases" or path[2] != "sections":
        return None
    phase_at, section_at, steps = path[1], path[3], path[5::2]
    if not (
        isinstance(phase_at, int)
        and isinstance(section_at, int)
        and all(isinstance(n, int) for n in steps)
        and all(key == "items" for key in path[4::2])
    ):
        return None
    phase = result.data["phases"][phase_at]
    found = [str(phase["id"])]
    holder = phase["sections"][section_at]
    for n in steps:
        holder = holder["items"][n]
        found.append(str(holder["id"]))
    return ".".join(found)


def _lines(text: str) -> list[str]:
    return _NEWLINE.split(text)


def _line_starts(text: str) -> list[int]:
    return [0, *(m.end() for m in _NEWLINE.finditer(text))]


def _line_end(text: str, starts: list[int], index: int) -> int:
    """Offset of the end of line ``index`` (0-based), before its line break."""
    if index + 1 >= len(starts):
        return len(text)
    after = starts[index + 1]
    return after - 2 if text[after - 2 : after] == "\r\n" else after - 1


def _line_of(text: str, offset: int) -> int:
    """The 1-based line holding ``offset``."""
    return len(_NEWLINE.findall(text, 0, offset)) + 1
