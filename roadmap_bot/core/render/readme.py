"""Render the README block (and the whole roadmap document) from the roadmap and its state."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass

from roadmap_bot.core.fences import single_blanks
from roadmap_bot.core.markers import block_problem, replace_block
from roadmap_bot.core.model import (
    Item,
    ItemStatus,
    Roadmap,
    State,
    child_counts,
    item_status,
    linked_repos,
    phase_heading,
)
from roadmap_bot.core.planning.resources import resource_lines
from roadmap_bot.core.progress import PhaseProgress, progress_bar, roadmap_progress
from roadmap_bot.core.repos import RepoKind, parse_repo, strip_userinfo
from roadmap_bot.core.safetext import md_block, md_inline, md_link, md_text
from roadmap_bot.core.templating import template_env

README_TEMPLATE = "readme.md.j2"
# notes longer than this fold into a <details> under their item
FOLD_LINES = 6
FOLD_CHARS = 600


@dataclass(frozen=True, slots=True)
class ItemView:
    """One checklist line as the template shows it; every text is safe markdown (``safetext``)."""

    id: str
    title: str  # md_inline: the owner's markdown, without HTML, mentions or comments
    status: str
    checked: bool
    date: str | None
    evidence: str | None  # markdown link to the proof (repo or comment)
    notes: str | None  # md_block
    depth: int = 0  # 0 for an item of a section, 1 for its children, …
    counts: str | None = None  # a parent's leaves done / not skipped: "2/3"
    meta: tuple[str, ...] = ()  # what the line's <sub> shows: id (show_ids), n/m, ✓ date, …
    indent: str = ""  # the line's indentation: two spaces per depth
    folded: bool = False  # notes long enough to fold into a <details>
    resources: tuple[str, ...] = ()  # settings.show_resources: one safe markdown line each


def render_block(
    roadmap: Roadmap,
    state: State,
    *,
    server_url: str = "https://github.com",
    badges: str | None = None,
    overrides: Mapping[str, str] | None = None,
) -> str:
    """Render the markdown that stands between the README markers."""
    progress = roadmap_progress(roadmap, state)
    by_phase: dict[str, PhaseProgress] = {p.id: p for p in progress.phases}
    phases = [
        {
            "phase": phase,
            "heading": md_inline(phase_heading(phase)),
            "level": phase.level,
            "goal": md_inline(phase.goal) if phase.goal else None,
            "prose": md_block(phase.prose.strip("\n"), html=True) if phase.prose else None,
            "progress": by_phase[phase.id],
            "bar": progress_bar(by_phase[phase.id].done, by_phase[phase.id].total),
            "current": phase.id == progress.current_phase_id,
            "sections": [
                {
                    "section": section,
                    "heading": md_inline(section.heading) if section.title else None,
                    "level": section.level or phase.level + 1,
                    "prose": md_block(section.prose.strip("\n"), html=True)
                    if section.prose
                    else None,
                    "entries": [
                        _view(
                            i,
                            state,
                            server_url,
                            depth,
                            show_id=roadmap.settings.show_ids,
                            show_resources=roadmap.settings.show_resources,
                        )
                        for top in section.items
                        for i, depth in _tree(top)
                    ],
                }
                for section in phase.sections
            ],
        }
        for phase in roadmap.phases
    ]
    template = template_env(overrides).get_template(README_TEMPLATE)
    text = template.render(
        roadmap=roadmap,
        title=md_inline(roadmap.title),
        intro=md_block(roadmap.intro.strip("\n"), html=True) if roadmap.intro else None,
        outro=md_block(roadmap.outro.strip("\n"), html=True) if roadmap.outro else None,
        progress=progress,
        overall_bar=progress_bar(progress.done, progress.total),
        phases=phases,
        badges=badges,
        show_ids=roadmap.settings.show_ids,
        show_title=roadmap.settings.show_title,
    )
    return _tidy(text)


def render_readme(existing: str, block: str) -> str:
    """Put the block into the existing README; everything outside the markers is kept.

    When the README's markers do not pair up, it is returned unchanged (see ``readme_warning``).
    """
    return replace_block(existing, block)


def readme_warning(path: str, existing: str) -> str | None:
    """Why the README at ``path`` was left unchanged (its markers do not pair up), or None."""
    problem = block_problem(existing)
    return f"{path}: {problem}" if problem else None


def _tree(item: Item, depth: int = 0) -> Iterator[tuple[Item, int]]:
    """The item and its children's trees with their depth, parents first."""
    yield item, depth
    for child in item.children:
        yield from _tree(child, depth + 1)


def _view(
    item: Item,
    state: State,
    server_url: str,
    depth: int = 0,
    *,
    show_id: bool = False,
    show_resources: bool = False,
) -> ItemView:
    status = item_status(item, state)
    tick = state.ticks.get(item.id)
    date = tick.at[:10] if tick and status is ItemStatus.DONE else None
    evidence = None
    if tick and tick.repo:
        evidence = repo_link(tick.repo, server_url)
    elif tick and tick.url:
        evidence = md_link("note", tick.url)
    elif status is ItemStatus.OPEN and linked_repos(item, state):
        evidence = repo_link(linked_repos(item, state)[0], server_url)
    counts = "{}/{}".format(*child_counts(item, state)) if item.children else None
    skipped = status is ItemStatus.SKIPPED
    meta = (
        *([f"`{item.id}`"] if show_id else []),
        *([counts] if counts else []),
        *([f"✓ {date}"] if date else []),
        *(["skipped"] if skipped else []),
        *([evidence] if evidence else []),
    )
    notes = md_block(item.notes.strip("\n")) if item.notes and item.notes.strip() else None
    return ItemView(
        id=item.id,
        title=md_inline(item.title),
        status=status.value,
        checked=status is ItemStatus.DONE,
        date=date,
        evidence=evidence,
        notes=notes,
        depth=depth,
        counts=counts,
        meta=meta,
        indent="  " * depth,
        folded=notes is not None and _long(notes),
        resources=resource_lines(item) if show_resources else (),
    )


def _long(notes: str) -> bool:
    return notes.count("\n") + 1 > FOLD_LINES or len(notes) > FOLD_CHARS


def repo_link(repo: str, server_url: str = "https://github.com") -> str:
    """A linked repo as markdown: a link with its name, never with credentials or live markup."""
    ref = parse_repo(repo)
    if ref is not None and ref.kind is RepoKind.GITHUB:
        return f"[{ref.value}]({server_url.rstrip('/')}/{ref.value})"
    shown = strip_userinfo(ref.value if ref is not None else repo)
    if ref is not None and ref.kind is RepoKind.GIT:
        return md_link(shown, shown.removesuffix(".git"))
    target = _relative_url(shown)
    return f"[{md_text(shown)}]({target})" if target else md_text(shown)


def _relative_url(path: str) -> str | None:
    """A local path as a relative link target, or None when it could not be one safely."""
    if not path or any(c in path for c in "<>\"'`\n\r\\"):
        return None
    return path.replace(" ", "%20").replace("(", "%28").replace(")", "%29")


def _tidy(text: str) -> str:
    """Strip trailing spaces and collapse runs of blank lines so output is stable; a fenced
    code block keeps its blank lines (they are its content)."""
    lines = single_blanks(line.rstrip() for line in text.splitlines())
    return "\n".join(lines).strip("\n") + "\n"
