"""Turn a markdown roadmap (a README) into roadmap.yaml data, the ticked item ids and a report.

Any CommonMark/GFM file imports (``blocks.read_events`` reads it). Headings become phases and
sections: the shallowest heading level (below the title) that holds tasks is the phase level;
a heading at that level between phases is a phase (maybe of prose only), every deeper heading
inside a phase is a section (maybe of prose only). Text before the first phase is the intro,
after the last the outro; other non-task text is the prose of its phase or section, and a
task's sub-bullets its notes; a task nested under another is its child item (any depth; id
``phase1.parent.child``, slugs unique within the phase). Headings keep their text; ids follow the visible numbering
("Phase 1" → ``phase1``, "1.1.1.1 …" → ``1-1-1-1``) or slugs of the text, and a block rendered
by roadmap-bot (``<sub>`phase1.slug` …</sub>`` suffixes, a parent's `` · n/m`` in them) imports
back to the same ids, and its folds of resources under items (``settings.show_resources``) back
to the items' resources.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from roadmap_bot.core.fences import single_blanks
from roadmap_bot.core.importer.blocks import Dropped, Event, Heading, Prose, Task, read_events
from roadmap_bot.core.model import MAX_RESOURCES, Phase, phase_heading, visible_number
from roadmap_bot.core.planning import resources as shown_resources
from roadmap_bot.core.schema import https_url_problem

GOAL = re.compile(r"^\*\*Goal:?\*\*:?\s*(.*)$|^Goal:\s*(.*)$", re.IGNORECASE)
# what the bot renders after an item: <sub>`phase1.slug` · 2/3 · ✓ 2026-01-10 · skipped · [repo](url)</sub>
# (every part optional; the id is `phase1.parent.slug` for a child item, shown with show_ids)
RENDERED_ID = re.compile(
    r"`([a-z0-9][a-z0-9_-]*)\.(?:[a-z0-9][a-z0-9_-]*\.){0,64}([a-z0-9][a-z0-9_-]*)`"
)
# the id the render hides at the end of an item line when ids are not shown
HIDDEN_ID = re.compile(
    r"<!-- ([a-z0-9][a-z0-9_-]*)\.((?:[a-z0-9][a-z0-9_-]*\.){0,64}[a-z0-9][a-z0-9_-]*) -->"
)
COUNTS = re.compile(r"\d{1,9}/\d{1,9}")  # a parent's n/m
RENDERED_PART = re.compile(
    r"\d{1,9}/\d{1,9}|✓ \d{4}-\d{2}-\d{2}|skipped|\[[^\[\]\n]*\]\([^()\s]*\)"
)
META_SEP = " · "
# how the render folds long notes (core/render/readme.py)
NOTES_OPEN = "<details><summary>Notes</summary>"
NOTES_CLOSE = "</details>"
DEFUSED = ("@\u200b", "@")  # the render's defused mention (core/safetext.py), read back as typed
ITEM_NUMBER = re.compile(r"(\d{1,9}(?:\.\d{1,9}){1,8})\.?(?=\s)")  # "1.1.1.1 …", "2.3. …"
DURATION = re.compile(  # matched on the last "(...)" of a name only (see _duration)
    r"\(([^()]*\b(?:months?|weeks?|days?|years?|mo|wks?)\b[^()]*)\)", re.IGNORECASE
)
LEADING_EMOJI = re.compile(r"([^\w\s`*_\[(<]+) (\S.*)")
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
MAX_SLUG = 64


@dataclass(slots=True)
class _Node:
    level: int
    heading: Heading | None
    events: list[Event] = field(default_factory=list)
    children: list[_Node] = field(default_factory=list)

    def has_items(self) -> bool:
        return any(isinstance(e, Task) for e in self.events) or any(
            child.has_items() for child in self.children
        )

    @property
    def text(self) -> str:
        return self.heading.text if self.heading else ""


@dataclass(frozen=True, slots=True)
class Kept:
    """Source lines (1-based) kept as prose or notes, and where: ``intro``, ``phase1`` …"""

    where: str
    lines: tuple[int, ...]


@dataclass(frozen=True, slots=True)
class Unplaced:
    """A source line (1-based) the import did not keep, and why."""

    line: int
    text: str
    reason: str


@dataclass(frozen=True, slots=True)
class ImportResult:
    """roadmap.yaml data, the ids of the items ticked ([x]) and skipped in the markdown, and
    what became of the other lines. ``where`` locates data paths in the markdown (1-based line
    and column); ``parents`` maps a nested task's id to the id of the task it stood under."""

    data: dict[str, Any]
    ticked: tuple[str, ...]
    skipped: tuple[str, ...]
    kept: tuple[Kept, ...] = ()
    unplaced: tuple[Unplaced, ...] = ()
    bare: tuple[int, ...] = ()  # lines of tasks written without a list marker
    where: dict[tuple[str | int, ...], tuple[int, int]] = field(default_factory=dict)
    parents: dict[str, str] = field(default_factory=dict)


class _Builder:
    def __init__(self, lines: list[str]) -> None:
        self.lines = lines
        self.ticked: list[str] = []
        self.skipped: list[str] = []
        self.kept: list[Kept] = []
        self.unplaced: list[Unplaced] = []
        self.bare: list[int] = []
        self.where: dict[tuple[str | int, ...], tuple[int, int]] = {}
        self.parents: dict[str, str] = {}
        self.placed: set[int] = set()
        self.task_ids: dict[int, str] = {}  # id(Task) → full id
        self.resources = False  # a fold of resources was read back (settings.show_resources)

    # --- prose -------------------------------------------------------------------------------

    def prose(self, events: list[Event], where: str) -> str:
        """The prose events' source lines as written (dedented where they stood in a list),
        blocks apart by one blank line, no run of blank lines outside code."""
        pieces: list[tuple[int, str]] = []
        for event in events:
            if isinstance(event, Prose):
                pieces += [(n, _dedent(self.lines[n], event.indent)) for n in event.lines]
            elif isinstance(event, Heading):
                pieces += [(n, self.lines[n]) for n in event.lines]
            elif isinstance(event, Dropped):
                self.drop(event)
        if not pieces:
            return ""
        chunks: list[list[tuple[int, str]]] = []
        for number, text in pieces:
            if chunks and number == chunks[-1][-1][0] + 1:
                chunks[-1].append((number, text))
            else:
                chunks.append([(number, text)])
        used = [n for n, _ in pieces]
        self.placed.update(used)
        self.kept.append(Kept(where, tuple(n + 1 for n in used)))
        text = "\n\n".join("\n".join(line.rstrip() for _, line in chunk) for chunk in chunks)
        return _single_blanks(text).strip("\n")

    def drop(self, event: Dropped) -> None:
        self.placed.add(event.line)
        self.unplaced.append(Unplaced(event.line + 1, self.lines[event.line], event.reason))

    # --- items -------------------------------------------------------------------------------

    def items(
        self, tasks: list[Task], phase_id: str, slugs: UniqueIds, path: tuple[str | int, ...]
    ) -> list[dict[str, Any]]:
        """The items of ``tasks`` (in source order); a task nested under another one of them
        becomes its child item (``items:`` of the parent), at any depth."""
        top: list[dict[str, Any]] = []
        made: dict[int, tuple[dict[str, Any], tuple[str | int, ...], str]] = {}
        for task in tasks:
            above = made.get(id(task.parent)) if task.parent is not None else None
            if above is None:
                at: tuple[str | int, ...] = (*path, len(top))
                item = self.item(task, phase_id, slugs, at)
                top.append(item)
            else:
                parent, parent_at, parent_id = above
                children = parent.setdefault("items", [])
                at = (*parent_at, "items", len(children))
                item = self.item(task, phase_id, slugs, at, under=parent_id)
                children.append(item)
            made[id(task)] = (item, at, self.task_ids[id(task)])
        return top

    def item(
        self,
        task: Task,
        phase_id: str,
        slugs: UniqueIds,
        path: tuple[str | int, ...],
        *,
        under: str | None = None,
    ) -> dict[str, Any]:
        title = task.title
        slug = None
        is_skipped = derived = False
        hidden_at = title.rfind("<!-- ")
        hidden = HIDDEN_ID.fullmatch(title, hidden_at) if hidden_at >= 0 else None
        if hidden is not None and hidden.group(1) == phase_id:  # else the author's comment
            slug = hidden.group(2).rsplit(".", 1)[-1]
            title = title[:hidden_at].rstrip()
        suffix = _rendered_suffix(title)
        if suffix is not None:
            start, shown_phase, shown_slug, parts = suffix
            if shown_phase == phase_id and shown_slug is not None:
                slug = shown_slug
            is_skipped = "skipped" in parts
            # a parent the bot showed ticked because its children are: no tick of its own
            derived = any(COUNTS.fullmatch(p) for p in parts) and not any(
                p.startswith("✓") for p in parts
            )
            title = title[:start].rstrip()
        if is_skipped and title.startswith("~~") and title.endswith("~~") and len(title) > 4:
            title = title[2:-2]
        title = _unescaped(_one_line(title))
        if slug is None or slug in slugs:
            number = ITEM_NUMBER.match(title)
            base = slug or (number.group(1).replace(".", "-") if number else slugify(title))
            if len(base) > MAX_SLUG - 8:  # room for a "-NN" suffix
                base = slugify(title)
            slug = slugs.fresh(base)
        slugs.add(slug)
        item: dict[str, Any] = {"id": slug, "title": title.strip() or slug}
        full = f"{under or phase_id}.{slug}"
        notes, resources = _resources_in(task.notes)
        notes = _unfolded(notes)
        if notes:
            item["notes"] = _unescaped("\n".join(notes))
        if resources:
            item["resources"] = resources
            self.resources = True
        if notes or resources:
            where = f"{full} (notes)" if notes else f"{full} (resources)"
            self.kept.append(Kept(where, tuple(n + 1 for n in task.note_lines)))
            self.placed.update(task.note_lines)
        self.placed.add(task.line)
        self.where[path] = (task.line + 1, task.column + 1)
        self.task_ids[id(task)] = full
        if task.parent is not None and id(task.parent) in self.task_ids:
            self.parents[full] = self.task_ids[id(task.parent)]
        if task.bare:
            self.bare.append(task.line + 1)
        if task.checked and not derived:
            self.ticked.append(full)
        if is_skipped:
            self.skipped.append(full)
        return item

    # --- phases and sections -----------------------------------------------------------------

    def phase(self, node: _Node, index: int, phase_ids: UniqueIds) -> dict[str, Any]:
        heading = _one_line(node.text) or "Untitled"
        name, duration = _duration(heading)
        number = visible_number(name)
        phase_id = f"phase{number}" if number is not None else _slug_id(name, "phase")
        shown = _shown_phase([*node.events, *_events_of(node.children)])
        if shown is not None and shown not in phase_ids:
            phase_id = shown  # a block the bot rendered: its items carry the phase's id
        phase_id = phase_ids.fresh(phase_id)
        phase_ids.add(phase_id)
        title = name
        prefix = f"Phase {number}: "
        if number is not None and name.startswith(prefix) and name != prefix:
            rest = name[len(prefix) :]
            if phase_heading(Phase(phase_id, rest, (), duration)) == heading:
                title = rest
        phase: dict[str, Any] = {"id": phase_id, "title": title}
        if duration:
            phase["duration"] = duration
        path: tuple[str | int, ...] = ("phases", index)
        if node.heading and node.heading.lines:
            self.placed.update(node.heading.lines)
            self.where[path] = (node.heading.lines[0] + 1, 1)
        events = list(node.events)
        for at, event in enumerate(events):
            if isinstance(event, Prose) and len(event.lines) == 1:
                goal = _goal(self.lines[event.lines[0]])
                if goal:
                    phase["goal"] = _unescaped(goal)
                    self.placed.add(event.lines[0])
                    self.where[(*path, "goal")] = (event.lines[0] + 1, 1)
                    del events[at]
                    break
        if node.level != 2:
            phase["level"] = node.level
        groups = _groups(events)
        prose = self.prose(groups[0][0], phase_id)
        if prose:
            phase["prose"] = prose
            self.where[(*path, "prose")] = self.where.get(path, (1, 1))
        sections: list[dict[str, Any]] = []
        slugs = UniqueIds()
        for at, (before, tasks) in enumerate(groups):
            if at == 0 and not tasks:
                continue
            section_path: tuple[str | int, ...] = (*path, "sections", len(sections))
            section: dict[str, Any] = {"kind": "topic"}
            if at:
                self.section_prose(section, before, phase_id)
            section["items"] = self.items(tasks, phase_id, slugs, (*section_path, "items"))
            sections.append(section)
        for child in _flatten(node.children):
            sections.extend(
                self.section(child, phase_id, node.level, slugs, (*path, "sections", len(sections)))
            )
        phase["sections"] = sections
        return phase

    def section(
        self,
        node: _Node,
        phase_id: str,
        phase_level: int,
        slugs: UniqueIds,
        path: tuple[str | int, ...],
    ) -> list[dict[str, Any]]:
        """The section of a heading inside a phase; prose after its items and the items after
        that prose continue it as sections without a heading (so the render keeps the order)."""
        heading = _one_line(node.text)
        section: dict[str, Any] = {}
        emoji = LEADING_EMOJI.fullmatch(heading)
        if emoji and len(emoji.group(1)) <= 16:
            section["emoji"], section["title"] = emoji.group(1), emoji.group(2)
        elif heading:
            section["title"] = heading
        kind = _kind(section.get("title", ""))
        section["kind"] = kind
        if node.level != phase_level + 1:
            section["level"] = node.level
        if node.heading and node.heading.lines:
            self.placed.update(node.heading.lines)
            self.where[path] = (node.heading.lines[0] + 1, 1)
        where = f"{phase_id} › {heading}" if heading else phase_id
        out: list[dict[str, Any]] = []
        for at, (before, tasks) in enumerate(_groups(node.events)):
            part: dict[str, Any] = section if at == 0 else {"kind": kind}
            self.section_prose(part, before, where)
            at_path = (*path[:-1], int(path[-1]) + len(out))
            part["items"] = self.items(tasks, phase_id, slugs, (*at_path, "items"))
            out.append(part)
        return out

    def section_prose(self, section: dict[str, Any], events: list[Event], where: str) -> None:
        prose = self.prose(events, where)
        if prose:
            section["prose"] = prose

    def leftovers(self) -> list[Unplaced]:
        """Lines nothing took (a safety net: every line should be placed or reported)."""
        return [
            Unplaced(n + 1, line, "not read")
            for n, line in enumerate(self.lines)
            if n not in self.placed and line.strip()
        ]


def import_markdown(text: str, *, default_title: str = "My Roadmap") -> ImportResult:
    """Parse a markdown roadmap; any markdown imports."""
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace(*DEFUSED)
    lines, events = read_events(text)
    build = _Builder(lines)
    root = _tree(events)
    title_node = next((c for c in root.children if c.level == 1), None)
    title = default_title
    preamble = list(root.events)
    others = list(root.children)
    if title_node is not None:
        title = title_node.text or default_title
        if title_node.heading and title_node.heading.lines:
            build.placed.update(title_node.heading.lines)
            build.where[("title",)] = (title_node.heading.lines[0] + 1, 1)
        index = others.index(title_node)
        others[index : index + 1] = title_node.children
        preamble += title_node.events
    holder = _Node(0, None, [], others)
    phases_nodes, before, after = _split_phases(holder)
    while len(phases_nodes) == 1 and phases_nodes[0].level == 1:
        # a second top heading around the phases (a block rendered under the README's own
        # title): its heading and text join the intro, its headings are the phases
        wrapper = phases_nodes[0]
        if any(isinstance(e, Task) for e in wrapper.events):
            break
        inner, inner_before, inner_after = _split_phases(_Node(0, None, [], wrapper.children))
        wrapper_text = _Node(1, wrapper.heading, wrapper.events, inner_before)
        phases_nodes, before, after = inner, [*before, wrapper_text], [*inner_after, *after]
    if not phases_nodes and not any(isinstance(e, Task) for e in preamble):
        # no tasks at all: the headings are phases of prose, or the whole text is one
        phases_nodes, before, after = list(before), [], []
        if not phases_nodes:
            phases_nodes = [_Node(2, Heading(2, title, ()), preamble)]
            preamble = []
    if any(isinstance(e, Task) for e in preamble):
        lead = _Node(2, Heading(2, title, ()), [e for e in preamble if isinstance(e, Task)])
        preamble = [e for e in preamble if not isinstance(e, Task)]
        if not phases_nodes:
            lead.children, before, after = list(holder.children), [], []
        phases_nodes = [lead, *before, *phases_nodes]
        before = []
    # thematic breaks where the render draws its own (closing the intro and each phase) are its;
    # the others (between the weeks of a phase, say) are kept where they stand
    intro_events = [*preamble, *_events_of(before)]
    _drop_rules(intro_events, reversed(range(len(intro_events))))
    for node in phases_nodes:
        _drop_trailing_rules(node)
    outro_events = _events_of(after)
    _drop_rules(outro_events, range(len(outro_events)))
    phase_ids = UniqueIds()
    intro = build.prose(intro_events, "intro")
    phases = [build.phase(node, i, phase_ids) for i, node in enumerate(phases_nodes)]
    outro = build.prose(outro_events, "outro")
    data: dict[str, Any] = {"version": 1, "title": title}
    if intro:
        data["intro"] = intro
    data["phases"] = phases
    if outro:
        data["outro"] = outro
    if title_node is None:  # the README shows no title heading: the render adds none
        data["settings"] = {"show_title": False}
    if build.resources:  # the README showed items' resources: the render keeps showing them
        data.setdefault("settings", {})["show_resources"] = True
    unplaced = sorted([*build.unplaced, *build.leftovers()], key=lambda u: u.line)
    return ImportResult(
        data=data,
        ticked=tuple(build.ticked),
        skipped=tuple(build.skipped),
        kept=tuple(build.kept),
        unplaced=tuple(unplaced),
        bare=tuple(build.bare),
        where=build.where,
        parents=build.parents,
    )


def _dedent(line: str, indent: int) -> str:
    """``line`` without up to ``indent`` leading blanks."""
    return line[min(indent, len(line) - len(line.lstrip(" \t"))) :]


def _single_blanks(text: str) -> str:
    """Runs of blank lines as one, outside fenced code (whose blank lines are its content)."""
    return "\n".join(single_blanks(text.split("\n")))


def _unescaped(text: str) -> str:
    """Text the render escapes for markdown without HTML (titles, notes, goals): ``<`` is written
    ``&lt;``; read back as typed."""
    return text.replace("&lt;", "<")


def _rendered_suffix(title: str) -> tuple[int, str | None, str | None, list[str]] | None:
    """The bot's ``<sub>…</sub>`` at the end of an item line: where it starts, the phase and
    slug of the id it shows (None without one), and its other parts; None when the title ends
    in no such suffix (a ``<sub>`` of the owner's own is title text)."""
    start = title.rfind("<sub>")
    if start < 0 or not title.endswith("</sub>"):
        return None
    parts = title[start + len("<sub>") : -len("</sub>")].split(META_SEP)
    shown = RENDERED_ID.fullmatch(parts[0])
    if shown is not None:  # an id: the rest is the bot's (older renders showed more)
        return start, shown.group(1), shown.group(2), parts[1:]
    if all(RENDERED_PART.fullmatch(part) for part in parts):
        return start, None, None, parts
    return None


def _shown_phase(events: list[Event]) -> str | None:
    """The phase id the tasks' rendered ids agree on (a block the bot rendered), else None.

    The bot writes a distinct id on every task of a phase; an author's own trailing comment
    that looks like one (``<!-- see.later -->``, the same ``<!-- v1.2 -->`` on two lines) is
    not taken for it: more than half of the tasks must carry one, all of one phase, no two
    the same (a task someone added under the bot's lines keeps the block recognised)."""
    phases: set[str] = set()
    ids: set[str] = set()
    tasks = shown = 0
    for event in events:
        if not isinstance(event, Task):
            continue
        tasks += 1
        hidden_at = event.title.rfind("<!-- ")
        hidden = HIDDEN_ID.fullmatch(event.title, hidden_at) if hidden_at >= 0 else None
        suffix = _rendered_suffix(event.title) if hidden is None else None
        phase = hidden.group(1) if hidden else suffix[1] if suffix else None
        if phase is None:
            continue
        item = hidden.group(2) if hidden else (suffix[2] if suffix else None) or ""
        if f"{phase}.{item}" in ids:
            return None
        ids.add(f"{phase}.{item}")
        phases.add(phase)
        shown += 1
    return phases.pop() if len(phases) == 1 and shown * 2 > tasks else None


def _resources_in(notes: list[str]) -> tuple[list[str], list[dict[str, Any]]]:
    """The notes without the render's fold of resources at their end, and the resources it
    shows (``planning.resources``), as roadmap.yaml writes them. A fold with a line that is not
    a resource line, a URL ``validate`` would refuse, a URL twice or more than the schema
    allows stays notes, as written."""
    end = len(notes)
    while end and not notes[end - 1].strip():
        end -= 1
    if not end or notes[end - 1].strip() != shown_resources.CLOSE:
        return notes, []
    start = end - 1
    while start > 0 and notes[start - 1].strip() != shown_resources.SUMMARY:
        start -= 1
    if start == 0:
        return notes, []
    found: list[dict[str, Any]] = []
    urls: set[str] = set()
    for line in notes[start : end - 1]:
        if not line.strip():
            continue
        resource = shown_resources.read_resource_line(line[2:]) if line.startswith("- ") else None
        if resource is None or https_url_problem(resource.url) or resource.url in urls:
            return notes, []
        urls.add(resource.url)
        entry: dict[str, Any] = {"title": resource.title, "url": resource.url}
        if resource.kind:
            entry["kind"] = resource.kind
        if resource.time:
            entry["time"] = resource.time
        if resource.paid:
            entry["paid"] = True
        found.append(entry)
    if not found or len(found) > MAX_RESOURCES:
        return notes, []
    kept = notes[: start - 1]
    while kept and not kept[-1].strip():
        kept = kept[:-1]
    return kept, found


def _unfolded(notes: list[str]) -> list[str]:
    """Notes as written: the render's ``<details>`` fold around long notes taken off."""
    if len(notes) >= 2 and notes[0].strip() == NOTES_OPEN and notes[-1].strip() == NOTES_CLOSE:
        notes = notes[1:-1]
    while notes and not notes[0].strip():
        notes = notes[1:]
    while notes and not notes[-1].strip():
        notes = notes[:-1]
    return notes


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


# what roadmap.yaml refuses in a title: line breaks markdown does not break on (a space), and
# control characters such as a terminal's colour escapes (dropped: they show nothing)
_LINE_BREAKS = re.compile("[\x0a-\x0d\x85\u2028\u2029]")
_CONTROLS = re.compile("[\x00-\x08\x0e-\x1f\x7f-\x84\x86-\x9f]")


def _one_line(text: str) -> str:
    """A title as roadmap.yaml takes it: one line, without control characters (tab aside)."""
    return _CONTROLS.sub("", _LINE_BREAKS.sub(" ", text)).strip()


def _slug_id(text: str, fallback: str) -> str:
    slug = slugify(text)
    return fallback if slug == "item" else slug


class UniqueIds:
    """Ids taken so far, and for each base the next ``-N`` suffix to try: a thousand items titled
    alike get ``a``, ``a-2`` … ``a-1000`` in linear time (trying from ``-2`` each time was
    quadratic)."""

    def __init__(self) -> None:
        self._taken: set[str] = set()
        self._next: dict[str, int] = {}

    def __contains__(self, candidate: object) -> bool:
        return candidate in self._taken

    def add(self, taken: str) -> None:
        self._taken.add(taken)

    def fresh(self, base: str) -> str:
        """``base``, or ``base-N`` with the smallest N not taken since the last call for it."""
        if base not in self._taken:
            return base
        n = self._next.get(base, 2)
        while f"{base}-{n}" in self._taken:
            n += 1
        self._next[base] = n + 1
        return f"{base}-{n}"


def _tree(events: list[Event]) -> _Node:
    root = _Node(0, None)
    stack = [root]
    for event in events:
        if isinstance(event, Heading):
            node = _Node(event.level, event)
            while stack[-1].level >= node.level:
                stack.pop()
            stack[-1].children.append(node)
            stack.append(node)
        else:
            stack[-1].events.append(event)
    return root


def _split_phases(holder: _Node) -> tuple[list[_Node], list[_Node], list[_Node]]:
    with_items = [i for i, c in enumerate(holder.children) if c.has_items()]
    if not with_items:
        return [], list(holder.children), []
    first, last = with_items[0], with_items[-1]
    phases = holder.children[first : last + 1]
    return phases, holder.children[:first], holder.children[last + 1 :]


def _flatten(nodes: list[_Node]) -> list[_Node]:
    """Every heading under a phase, in source order (deeper ones become sections too)."""
    out: list[_Node] = []
    for node in nodes:
        out.append(node)
        out.extend(_flatten(node.children))
    return out


RENDERED_RULE = "a thematic break (the render draws its own)"


def _drop_rules(events: list[Event], order: Iterable[int]) -> bool:
    """Turn the thematic breaks met first in ``order`` into Dropped, up to the first other
    prose or task (dropped lines are skipped); whether such an event stopped it."""
    for at in order:
        event = events[at]
        if isinstance(event, Prose) and event.rule:
            events[at] = Dropped(event.lines[0], RENDERED_RULE)
        elif not isinstance(event, Dropped):
            return True
    return False


def _drop_trailing_rules(node: _Node) -> bool:
    """The breaks at the end of a phase's text (its last section's included) are the render's."""
    for child in reversed(node.children):
        if _drop_trailing_rules(child):
            return True
    return _drop_rules(node.events, reversed(range(len(node.events))))


def _groups(events: list[Event]) -> list[tuple[list[Event], list[Task]]]:
    """The events as (prose, tasks) pairs in source order: a new pair starts at prose that
    follows tasks (the first pair may hold no tasks, the last no prose after them)."""
    groups: list[tuple[list[Event], list[Task]]] = [([], [])]
    for event in events:
        if isinstance(event, Task):
            groups[-1][1].append(event)
        elif isinstance(event, Dropped) or not groups[-1][1]:
            groups[-1][0].append(event)
        else:
            groups.append(([event], []))
    return groups


def _events_of(nodes: list[_Node]) -> list[Event]:
    out: list[Event] = []
    for node in nodes:
        if node.heading:
            out.append(node.heading)
        out.extend(node.events)
        out.extend(_events_of(node.children))
    return out


def _goal(line: str) -> str | None:
    match = GOAL.match(line.strip())
    if not match:
        return None
    return (match.group(1) or match.group(2) or "").strip() or None


def _kind(title: str) -> str:
    lowered = title.lower()
    return next((kind for word, kind in KIND_WORDS if word in lowered), "topic")


def _duration(name: str) -> tuple[str, str | None]:
    """``"Foundations (2-3 months)"`` → ``("Foundations", "2-3 months")``; no duration: as is."""
    start = name.rfind("(")
    if start < 0 or not name.endswith(")"):
        return name, None
    match = DURATION.fullmatch(name, start)
    if match is None:
        return name, None
    title, duration = name[:start].strip(), match.group(1).strip()
    if not title or f"{title} ({duration})" != name:  # the render would not write it back
        return name, None
    return title, duration
