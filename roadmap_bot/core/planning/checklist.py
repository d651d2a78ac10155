"""The live "what is missing" checklist of an item's issue, from the evidence the sync holds.

Every item whose rule needs evidence (``rules.verdicts.rule_for`` is not None: the planner asks) gets one in its
issue: a line per requirement of the rule for each linked repo, ✅ with the check's reason or ⬜
with what is missing, what to add and a link to how (``hints``); with no repo linked, how to link
one. Stack items (``scope: ticked-projects``) list each requirement over the ticked projects'
repos together, so the technologies still missing are the ⬜ lines.

Nothing is read for it: per repo it evaluates the rule over the check results the run already
collected (``evidence``), requirement by requirement (the same ``rules.evaluate``); without them
(a caller that has only verdicts) the item's verdict alone gives the lines of the repo it names.

The section is the bot's own, between ``text.CHECKLIST_START`` and ``text.CHECKLIST_END``
(``text.py`` splices it into a body without touching anything else). Its last line says the date the list last
changed: a run that finds the same lines keeps the old date, so an unchanged checklist never
causes an edit (``section_for``). Texts from repos and checks go through ``safetext`` only.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, replace

from roadmap_bot.core.evidence.engine import CheckResult
from roadmap_bot.core.evidence.snapshot import RepoProblem
from roadmap_bot.core.model import (
    Item,
    ItemStatus,
    Roadmap,
    Rule,
    Scope,
    SectionKind,
    State,
    item_status,
    linked_repos,
)
from roadmap_bot.core.planning.hints import Hint, hint_for
from roadmap_bot.core.planning.text import CHECKLIST_END, CHECKLIST_START
from roadmap_bot.core.rules.evaluate import evaluate
from roadmap_bot.core.rules.verdict import Verdict
from roadmap_bot.core.safetext import md_code, md_link, md_repo, md_text

Evidence = Mapping[str, Mapping[str, CheckResult] | RepoProblem]

HEADING = "### Checklist"
REASON_MAX = 300  # characters of one check's sentence
# linked repos listed one by one: with REASON_MAX, a section stays far under GitHub's
# 65,536-character issue body however many repos an item links
MAX_REPOS = 10
MAX_PROJECTS = 5  # a stack item's projects named in one line
SECTION_MAX = 20_000  # characters of lines: the rest is counted, not listed
_CHANGED = re.compile(r"this list last changed on (\d{4}-\d{2}-\d{2})")


@dataclass(frozen=True, slots=True)
class Project:
    """A project item of the stack item's phase: whose repos a stack item counts once ticked."""

    item_id: str
    title: str
    ticked: bool
    repos: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Line:
    """One requirement: met (``text`` is the reason) or not (``text`` says what is missing)."""

    done: bool
    text: str
    check: str = ""  # the failed check's key (``Verdict.failed_checks``), for its hint
    # a stack item's missing requirement: the projects not ticked yet whose repos meet it
    would: tuple[Project, ...] = ()


@dataclass(frozen=True, slots=True)
class RepoLines:
    """The lines of one linked repo (``repo`` None: the ticked projects' repos together)."""

    repo: str | None
    commit: str | None
    lines: tuple[Line, ...]


@dataclass(frozen=True, slots=True)
class Checklist:
    """An item's checklist; ``note`` when there is nothing to check yet (no repo linked).
    A stack item's has its phase's ``projects`` (what counts now, what would count)."""

    item_id: str
    repos: tuple[RepoLines, ...] = ()
    note: str | None = None
    stack: bool = False
    projects: tuple[Project, ...] = ()


def phase_projects(roadmap: Roadmap, item: Item, state: State) -> tuple[Project, ...]:
    """The project items of ``item``'s phase (children included), ticked or not, with their
    linked repos: the repos a stack item (``scope: ticked-projects``) counts once ticked."""
    for phase in roadmap.phases:
        if any(i.id == item.id for i in phase.items):
            return tuple(
                Project(
                    p.id,
                    p.title,
                    item_status(p, state) is ItemStatus.DONE,
                    linked_repos(p, state),
                )
                for section in phase.sections
                if section.kind is SectionKind.PROJECT
                for top in section.items
                for p in top.walk()
            )
    return ()


def checklist(
    item: Item,
    rule: Rule,
    state: State,
    verdict: Verdict | None,
    evidence: Evidence | None = None,
    heads: Mapping[str, str] | None = None,
    *,
    projects: tuple[Project, ...] = (),
) -> Checklist:
    """One item's checklist (see the module docstring); ``projects``: a stack item's phase's
    project items (``phase_projects``), to say which ticked project counts and which would."""
    stack = rule.scope is Scope.TICKED_PROJECTS
    repos = linked_repos(item, state)
    if stack:
        if verdict is None or (verdict.problem is not None and not verdict.failed):
            return Checklist(item.id, note=_STACK_NOTE, stack=True, projects=projects)
        lines = _verdict_lines(verdict)
        if evidence is not None:
            lines = _stack_lines(item.id, rule, evidence, projects)
        return Checklist(item.id, (RepoLines(None, None, lines),), stack=True, projects=projects)
    if not repos:
        return Checklist(item.id, note=_link_note(item.id))
    if evidence is not None and all(r in evidence for r in repos):
        return Checklist(
            item.id, tuple(_repo_lines(item.id, rule, r, evidence, heads) for r in repos)
        )
    if verdict is None:
        return Checklist(item.id, note=_PENDING)
    if verdict.problem is not None and not verdict.failed:
        return Checklist(item.id, (RepoLines(None, None, (Line(False, verdict.problem, "repo"),)),))
    return Checklist(item.id, (RepoLines(verdict.repo, verdict.commit, _verdict_lines(verdict)),))


def _repo_lines(
    item_id: str, rule: Rule, repo: str, evidence: Evidence, heads: Mapping[str, str] | None
) -> RepoLines:
    found = evidence[repo]
    commit = (heads or {}).get(repo)
    if isinstance(found, RepoProblem):
        return RepoLines(repo, commit, (Line(False, found.reason, "repo"),))
    lines: list[Line] = []
    for requirement in rule.require:
        one = replace(rule, require=(requirement,))
        lines += _verdict_lines(evaluate(item_id, one, {repo: found}))
    return RepoLines(repo, commit, tuple(lines))


def _verdict_lines(verdict: Verdict) -> tuple[Line, ...]:
    done = tuple(Line(True, reason) for reason in verdict.reasons)
    checks = verdict.failed_checks or ("",) * len(verdict.failed)
    missing = tuple(
        Line(False, text, check) for text, check in zip(verdict.failed, checks, strict=False)
    )
    return done + missing


def _stack_lines(
    item_id: str, rule: Rule, evidence: Evidence, projects: tuple[Project, ...]
) -> tuple[Line, ...]:
    """A stack item's lines, requirement by requirement over the ticked projects' repos (as its
    verdict reads them); each missing one names the projects not ticked yet whose own repos
    meet it (the same ``evaluate``, so ``any:`` groups and ``own_work: false`` hold as well)."""
    ticked = [r for p in projects if p.ticked for r in p.repos]
    lines: list[Line] = []
    for requirement in rule.require:
        one = replace(rule, require=(requirement,))
        found = evaluate(item_id, one, _evidence_of(ticked, evidence))
        alone = replace(one, scope=Scope.OWN)
        would = tuple(
            p
            for p in projects
            if not p.ticked
            and p.repos
            and any(evaluate(item_id, alone, _evidence_of([r], evidence)).passed for r in p.repos)
        )
        lines += [replace(line, would=() if line.done else would) for line in _verdict_lines(found)]
    return tuple(lines)


def _evidence_of(repos: list[str], evidence: Evidence) -> Evidence:
    return {repo: evidence[repo] for repo in dict.fromkeys(repos) if repo in evidence}


_STACK_NOTE = (
    "Nothing to check yet: no ticked project of this phase has a linked repo. Once a project "
    "is ticked, its repos count here."
)
_PENDING = "Not checked yet: the next run reads the linked repos."


def _link_note(item_id: str) -> str:
    return (
        f"No repo is linked yet: comment {md_code(f'/link {item_id} owner/repo')} (your "
        "repo's owner and name) and the next run checks it."
    )


# --- the section ---------------------------------------------------------------------------


def render(checklist: Checklist, *, changed_on: str) -> str:
    """The section, markers included: the bot's markdown, repo and check texts as plain text."""
    out = [CHECKLIST_START, HEADING, ""]
    if checklist.note is not None:
        out.append(checklist.note)  # the bot's own text (an item id in a code span)
    size, cut = 0, 0
    for block in checklist.repos[:MAX_REPOS]:
        if block.repo is not None or checklist.stack:
            out.append(_block_title(block, checklist))
        for line in block.lines:
            text = _line(line) + (_would_count(line, checklist) if checklist.stack else "")
            size += len(text) + 1
            if size > SECTION_MAX:
                cut += 1
            else:
                out.append(text)
        out.append("")
    if len(checklist.repos) > MAX_REPOS:
        more = len(checklist.repos) - MAX_REPOS
        out += [f"… and {more} more linked repos (`/check` tells each one's evidence).", ""]
    if cut:
        out += [f"… and {cut} more lines, cut to keep the issue readable (`/check` lists all).", ""]
    if out[-1] != "":
        out.append("")
    out.append(
        f"<sub>Checked on every run from the linked repos; this list last changed on "
        f"{changed_on}.</sub>"
    )
    out.append(CHECKLIST_END)
    return "\n".join(out)


def _block_title(block: RepoLines, checklist: Checklist) -> str:
    if checklist.stack:
        counted = [p for p in checklist.projects if p.ticked and p.repos][:MAX_PROJECTS]
        if not counted:
            return "The ticked projects' repos together:"
        names = ", ".join(_project(p) for p in counted)
        return f"The ticked projects' repos together ({names}):"
    at = f" at {md_code(block.commit[:7])}" if block.commit else ""
    return f"{md_repo(block.repo)}{at}:"


def _project(project: Project) -> str:
    repos = ", ".join(md_repo(r) for r in project.repos[:3])
    more = f" and {len(project.repos) - 3} more" if len(project.repos) > 3 else ""
    return f"{md_text(project.title, 80)} ({repos}{more})"


def _would_count(line: Line, checklist: Checklist) -> str:
    """For a stack item's missing requirement: the projects not ticked yet whose repos meet it
    ("it would count once … is ticked"), else where to add it (a ticked project's repo)."""
    if line.done or not line.check or line.check == "repo":
        return ""
    if line.would:
        would = line.would[:MAX_PROJECTS]
        names = ", ".join(
            f"{md_text(p.title, 80)} ({md_code(p.item_id)}, {md_repo(p.repos[0])})" for p in would
        )
        which = names if len(would) == 1 else f"one of {names}"
        return f"; it would count once {which} is ticked"
    if any(p.ticked and p.repos for p in checklist.projects):
        return "; in a ticked project's repo"
    return ""


def _line(line: Line) -> str:
    text = md_text(line.text, REASON_MAX)
    if line.done:
        return f"- ✅ {text}"
    hint = hint_for(line.check) if line.check else None
    return f"- ⬜ {text}{_hint_text(hint)}"


def _hint_text(hint: Hint | None) -> str:
    if hint is None:
        return ""
    links = ", ".join(md_link(label, url) for label, url in hint.links)
    return f" — add {hint.todo}" + (f" ({links})" if links else "")


def changed_on(section: str) -> str | None:
    """The date a rendered section says the list last changed, or None."""
    found = _CHANGED.search(section)
    return found.group(1) if found else None


def section_for(checklist: Checklist, current: str | None, *, today: str) -> str:
    """The section to write: ``current`` (the issue's section now) unchanged when only the date
    would differ, else rendered with ``today``."""
    old = changed_on(current) if current else None
    if current is not None and old is not None:
        same = render(checklist, changed_on=old)
        if _norm(same) == _norm(current):
            return same
    return render(checklist, changed_on=today)


def _norm(text: str) -> str:
    return "\n".join(line.rstrip() for line in text.replace("\r\n", "\n").split("\n")).strip()
