"""Turn a markdown checklist roadmap (a README) into roadmap.yaml data plus the ticked item ids.

Headings become phases and sections: the shallowest heading level (below the title) that holds
checklist items is the phase level, deeper headings holding items are sections. Text before the
first phase is the intro, headings after the last phase that hold no items are the outro. A block
rendered by roadmap-bot (``<sub>`phase0.slug` …</sub>`` suffixes) imports back to the same ids.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from roadmap_bot.core.fences import fence_step

# Every pattern here is linear in its line: no lazy group before a trailing ``\s*``-then-``$``
# (which retries the blank run from each position: cubic on a heading of 4,000 spaces, 51 s);
# trailing blanks and a heading's closing #s are stripped in Python instead.
HEADING = re.compile(r"^(#{1,6})\s+(.*)$")
CHECKBOX = re.compile(r"^(\s*)(?:[-*+]|\d{1,9}[.)])\s+\[([ xX])\]\s+(.*)$")
BULLET = re.compile(r"^(\s*)(?:[-*+]|\d{1,9}[.)])\s+(.*)$")
GOAL = re.compile(r"^\*\*Goal:?\*\*:?\s*(.*)$|^Goal:\s*(.*)$", re.IGNORECASE)
RENDERED_PROGRESS = re.compile(r"^\*\*Progress:\*\*\s")
RENDERED_SUFFIX = re.compile(r"<sub>`([a-z0-9][a-z0-9_-]*)\.([a-z0-9][a-z0-9_-]*)`(.*)</sub>")
PHASE_TITLE = re.compile(
    r"^(?:phase|stage|step|part|level|month|week)\s*(\d{1,9})(?!\d)\s*(?:[:.)–—-]\s*)?(.*)$",
    re.IGNORECASE,
)
DURATION = re.compile(  # matched on the last "(...)" of a name only (see _duration)
    r"\(([^()]*\b(?:months?|weeks?|days?|years?|mo|wks?)\b[^()]*)\)", re.IGNORECASE
)
LEADING_EMOJI = re.compile(r"^([^\w\s`*_\[(<]+)\s+(.*)$")
STOP_WORDS = frozenset("a an and the of for to in on with using your my via by basics".split())
KIND_WORDS = (
    ("project", "project"),
    ("stack", "stack"),
    ("skill", "stack"),
    ("tool", "stack"),
    ("action", "action"),
    ("checklist", "checklist"),
    ("portfolio", "checklist"),
    ("role", "role"),
    ("job", "role"),
    ("career", "role"),
)


@dataclass(slots=True)
class _Node:
    level: int
    text: str
    lines: list[str] = field(default_factory=list)
    children: list[_Node] = field(default_factory=list)

    def has_items(self) -> bool:
        return any(CHECKBOX.match(line) for line in self.lines) or any(
            child.has_items() for child in self.children
        )


@dataclass(frozen=True, slots=True)
class ImportResult:
    """roadmap.yaml data and the full ids of the items that were ticked ([x]) in the markdown."""

    data: dict[str, Any]
    ticked: tuple[str, ...]
    skipped: tuple[str, ...]


def import_markdown(text: str, *, default_title: str = "My Roadmap") -> ImportResult:
    """Parse a markdown checklist roadmap."""
    root = _tree(text.replace("\r\n", "\n"))
    title_node = next((c for c in root.children if c.level == 1), None)
    holder = title_node if title_node is not None else root
    title = _clean_heading(title_node.text) if title_node else default_title
    intro_lines = list(root.lines) if title_node is None else [*root.lines, *title_node.lines]
    if title_node is not None:
        others = [c for c in root.children if c is not title_node]
        holder = _Node(0, "", [], [*title_node.children, *others])
    phases_nodes, before, after = _split_phases(holder)
    if not phases_nodes:  # a flat checklist: one phase holding everything
        phases_nodes = [_Node(2, title, intro_lines, list(holder.children))]
        intro_lines, before, after = [], [], []
    ticked: list[str] = []
    skipped: list[str] = []
    phases = [_phase(node, index, ticked, skipped) for index, node in enumerate(phases_nodes)]
    _unique_phase_ids(phases)
    intro = _free_text([*intro_lines, *(_render_node(n) for n in before)])
    outro = _free_text([_render_node(n) for n in after])
    data: dict[str, Any] = {"version": 1, "title": title}
    if intro:
        data["intro"] = intro
    data["phases"] = phases
    if outro:
        data["outro"] = outro
    return ImportResult(data=data, ticked=tuple(ticked), skipped=tuple(skipped))


def slugify(title: str, *, max_words: int = 3, max_len: int = 32) -> str:
    """A short, deterministic slug: the first meaningful words of the title, whole words only."""
    plain = re.sub(r"\[([^\[\]]*)\]\([^()]*\)", r"\1", title)  # each scan stops at its next bracket
    words = [w for w in re.findall(r"[a-z0-9]+", plain.lower()) if w not in STOP_WORDS]
    if words and words[0] in {"project", "master", "prepare"} and len(words) > 1:
        words = words[1:]
    slug = ""
    for word in words[:max_words]:
        candidate = f"{slug}-{word}" if slug else word[:max_len]
        if len(candidate) > max_len:
            break
        slug = candidate
    return slug or "item"


def _tree(text: str) -> _Node:
    root = _Node(0, "")
    stack = [root]
    fence: str | None = None
    for line in text.split("\n"):
        fence, in_code = fence_step(line, fence)
        match = None if in_code else HEADING.match(line)
        if match:
            node = _Node(len(match.group(1)), _heading_text(match.group(2)))
            while stack[-1].level >= node.level:
                stack.pop()
            stack[-1].children.append(node)
            stack.append(node)
        else:
            stack[-1].lines.append(line)
    return root


def _split_phases(holder: _Node) -> tuple[list[_Node], list[_Node], list[_Node]]:
    with_items = [i for i, c in enumerate(holder.children) if c.has_items()]
    if not with_items:
        return [], [], []
    first, last = with_items[0], with_items[-1]
    phases = holder.children[first : last + 1]
    return phases, holder.children[:first], holder.children[last + 1 :]


def _phase(node: _Node, index: int, ticked: list[str], skipped: list[str]) -> dict[str, Any]:
    heading = _clean_heading(node.text)
    number = PHASE_TITLE.match(heading)
    name = heading
    phase_id = f"phase{index}"
    if number:
        phase_id, name = f"phase{int(number.group(1))}", number.group(2) or heading
    name, duration = _duration(name)
    phase: dict[str, Any] = {"id": phase_id, "title": name or heading}
    if duration:
        phase["duration"] = duration
    goal = next((g for g in (_goal(line) for line in node.lines) if g), None)
    if goal:
        phase["goal"] = goal
    sections: list[dict[str, Any]] = []
    slugs: set[str] = set()
    direct = _items(node.lines, phase_id, slugs, ticked, skipped)
    if direct:
        sections.append({"title": "Checklist", "kind": "topic", "items": direct})
    for child in node.children:
        sections.extend(_sections(child, phase_id, slugs, ticked, skipped))
    phase["sections"] = sections
    return phase


def _sections(
    node: _Node, phase_id: str, slugs: set[str], ticked: list[str], skipped: list[str]
) -> list[dict[str, Any]]:
    out: list[dict[str, Any]] = []
    items = _items(node.lines, phase_id, slugs, ticked, skipped)
    if items:
        heading = _clean_heading(node.text)
        emoji_match = LEADING_EMOJI.match(heading)
        section: dict[str, Any] = {"title": emoji_match.group(2) if emoji_match else heading}
        if emoji_match:
            section["emoji"] = emoji_match.group(1)
        section["kind"] = _kind(section["title"])
        section["items"] = items
        out.append(section)
    for child in node.children:
        out.extend(_sections(child, phase_id, slugs, ticked, skipped))
    return out


def _items(
    lines: list[str], phase_id: str, slugs: set[str], ticked: list[str], skipped: list[str]
) -> list[dict[str, Any]]:
    items: list[dict[str, Any]] = []
    fence: str | None = None
    for line in lines:
        fence, in_code = fence_step(line, fence)
        if in_code:
            continue
        box = CHECKBOX.match(line)
        if box:
            items.append(_item(box, phase_id, slugs, ticked, skipped))
            continue
        bullet = BULLET.match(line)
        if bullet and items and len(bullet.group(1)) > 0:
            notes = items[-1].get("notes")
            text = bullet.group(2).rstrip()
            items[-1]["notes"] = f"{notes}\n{text}" if notes else text
    return items


def _item(
    box: re.Match[str], phase_id: str, slugs: set[str], ticked: list[str], skipped: list[str]
) -> dict[str, Any]:
    title = box.group(3).rstrip()
    slug = None
    is_skipped = False
    start = title.rfind("<sub>`")
    rendered = RENDERED_SUFFIX.fullmatch(title, start) if start >= 0 else None
    if rendered and rendered.group(1) == phase_id:
        slug = rendered.group(2)
        is_skipped = "skipped" in rendered.group(3)
        title = title[:start].rstrip()
    if is_skipped and title.startswith("~~") and title.endswith("~~") and len(title) > 4:
        title = title[2:-2]
    if slug is None or slug in slugs:
        base = slug or slugify(title)
        slug, n = base, 2
        while slug in slugs:
            slug, n = f"{base}-{n}", n + 1
    slugs.add(slug)
    item: dict[str, Any] = {"id": slug, "title": title.strip() or slug}
    if box.group(2) in "xX":
        ticked.append(f"{phase_id}.{slug}")
    if is_skipped:
        skipped.append(f"{phase_id}.{slug}")
    return item


def _goal(line: str) -> str | None:
    match = GOAL.match(line.strip())
    if not match:
        return None
    return (match.group(1) or match.group(2) or "").strip() or None


def _kind(title: str) -> str:
    lowered = title.lower()
    return next((kind for word, kind in KIND_WORDS if word in lowered), "topic")


def _clean_heading(text: str) -> str:
    return text.strip()


def _heading_text(text: str) -> str:
    """An ATX heading's text without trailing blanks and its optional closing ``#``s (which
    CommonMark takes as closing only after a blank: ``C#`` keeps its ``#``)."""
    text = text.rstrip()
    bare = text.rstrip("#")
    if bare != text and (not bare or bare[-1] in " \t"):
        text = bare.rstrip()
    return text


def _duration(name: str) -> tuple[str, str | None]:
    """``"Foundations (2-3 months)"`` → ``("Foundations", "2-3 months")``; no duration: as is."""
    start = name.rfind("(")
    if start < 0 or not name.endswith(")"):
        return name, None
    match = DURATION.fullmatch(name, start)
    if match is None:
        return name, None
    return name[:start].strip(), match.group(1).strip()


def _unique_phase_ids(phases: list[dict[str, Any]]) -> None:
    seen: set[str] = set()
    for index, phase in enumerate(phases):
        if phase["id"] in seen:
            phase["id"] = f"phase{index}"
            while phase["id"] in seen:
                phase["id"] += "x"
        seen.add(phase["id"])


def _render_node(node: _Node) -> str:
    body = "\n".join(node.lines)
    children = "\n".join(_render_node(c) for c in node.children)
    return "\n".join(p for p in (f"{'#' * node.level} {node.text}", body, children) if p)


def _free_text(chunks: list[str]) -> str:
    lines = "\n".join(chunks).split("\n")
    kept = [
        line
        for line in lines
        if line.strip() not in {"---", "***", "___"} and not RENDERED_PROGRESS.match(line)
    ]
    text = "\n".join(kept).strip()
    return re.sub(r"\n{3,}", "\n\n", text)
