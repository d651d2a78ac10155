"""The dashboard issue: one pinned issue the bot keeps current, and the boxes a person ticks in it.

The body is a pure function of the roadmap, the state, the open topic issues after the plan, the
regressions and the commands (``dashboard_body``): progress per phase with the README's text bars,
what is next, the open topic issues, regressions, the last ticks, the commands, and a task list of
the current phase's items, each line ending in its hidden id (``<!-- phase1.x -->``, as the README
writes them). Nothing in it changes from run to run by itself (no clock), so a warm run plans no
edit. User text (titles, logins, reasons) goes through ``safetext`` (the template's filters); the
body is capped below GitHub's 65,536 characters.

The issue is the bot's when the token's account wrote it and ``DASHBOARD_MARKER`` stands alone on
a line of it (the trust rule of ``bot_issues``: a marker anyone else types means nothing). Of two
(two runs opened one each) the lowest is kept and the others are closed, through the same
duplicate actions item issues use (``issues.close_duplicate``). Plan actions name it by the
pseudo item id ``DASHBOARD_ID``, which no roadmap id can be (ids never hold ``:``).

Boxes: the body records, on a hidden line, which boxes the bot wrote ticked
(``written_marker``: a short digest per id). ``find_toggles`` compares the boxes of the body read
with that record, so a box whose tick differs is a person's edit (ticked: ``/done``, unticked:
``/undo``), never a change of roadmap.yaml or of the state since the bot wrote it. Only lines
ending in the hidden id of an item count; every other edit of the body is overwritten by the next
render (the footer says so). The bot's own render equals its record, so its edits never toggle.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from roadmap_bot.core.issues import CommentInfo, IssueInfo
from roadmap_bot.core.model import (
    Item,
    ItemStatus,
    Phase,
    Roadmap,
    State,
    Tick,
    TickSource,
    item_status,
)
from roadmap_bot.core.planning.bot_issues import same_login
from roadmap_bot.core.planning.issues import close_duplicate, index_issues
from roadmap_bot.core.planning.plan import (
    Action,
    CloseIssue,
    CloseReason,
    CommentIssue,
    DuplicateIssue,
    EditIssue,
    OpenIssue,
    Regression,
    ReopenIssue,
)
from roadmap_bot.core.progress import progress_bar, roadmap_progress
from roadmap_bot.core.repos import RepoKind, parse_repo
from roadmap_bot.core.safetext import cap, plain_title

if TYPE_CHECKING:  # type hints only: a no-op run never imports jinja2
    import jinja2

DASHBOARD_MARKER = "<!-- roadmap-bot:dashboard -->"
DASHBOARD_ID = "roadmap-bot:dashboard"  # the pseudo item id of its plan actions
DASHBOARD_TEMPLATE = "dashboard.md.j2"
REFUSAL_TEMPLATE = "dashboard_refusal.md.j2"
MAX_BODY = 60_000  # GitHub rejects bodies over 65,536 characters; room for the markers
MAX_READ = 262_144  # characters of a body read for boxes (GitHub's own limit is 65,536)
MAX_BOXES = 200  # task lines of the current phase shown; more are counted
MAX_ISSUES = 30  # open topic issues listed
MAX_REGRESSIONS = 20
MAX_TICKS = 10  # the last ticks listed
MAX_NEXT = 3  # the next open items named
MAX_TITLE = 200  # characters of an item title shown
REASON = "ticked on the dashboard"

_OWN_LINE = re.compile(r"(?m)^[ \t]*<!--[ \t]*roadmap-bot:dashboard[ \t]*-->[ \t]*\r?$")
_BOX = re.compile(r"[ \t]{0,8}[-*+][ \t]+\[([ xX])\][ \t]")
_HIDDEN_ID = re.compile(r"<!--[ \t]*([A-Za-z0-9][A-Za-z0-9_.-]{0,600})[ \t]*-->[ \t]*")
_PENDING = re.compile("\ue000issue:([A-Za-z0-9_.:-]{1,600})\ue001")
_DIGEST_CHARS = 8  # hex characters of an id's digest in the record of the boxes written
MAX_WRITTEN_READ = MAX_BOXES * _DIGEST_CHARS + 1_000  # the body's end holds the record
_WRITTEN = re.compile(
    rf"<!-- roadmap-bot:dashboard-ticked=((?:[0-9a-f]{{{_DIGEST_CHARS}}}){{0,{MAX_BOXES}}}) -->"
)


def pending(item_id: str) -> str:
    """The place of the number of an issue this plan opens, filled in once it is opened."""
    return f"\ue000issue:{item_id}\ue001"


def fill_pending(body: str, numbers: Mapping[str, int]) -> str:
    """``body`` with each pending issue (``pending``) as ``#N``; one not opened: a dash."""
    return _PENDING.sub(lambda m: f"#{numbers[m.group(1)]}" if m.group(1) in numbers else "—", body)


def is_dashboard(issue: IssueInfo, bot_login: str) -> bool:
    """Whether ``issue`` is the bot's dashboard: written by the token's account, the marker
    alone on a line."""
    return same_login(issue.author, bot_login) and _OWN_LINE.search(issue.body or "") is not None


def dashboards(issues: Sequence[IssueInfo], bot_login: str) -> tuple[IssueInfo, ...]:
    """The bot's dashboards, lowest number first (the first is the one; others are duplicates)."""
    return tuple(sorted((i for i in issues if is_dashboard(i, bot_login)), key=lambda i: i.number))


@dataclass(frozen=True, slots=True)
class Toggles:
    """Boxes of the dashboard a person ticked or unticked since the bot last wrote it, and who
    edited the body last (GraphQL ``editor``; "" when not known)."""

    ticked: tuple[str, ...] = ()
    unticked: tuple[str, ...] = ()
    editor: str = ""

    def __bool__(self) -> bool:
        return bool(self.ticked or self.unticked)


def boxes(body: str) -> dict[str, bool]:
    """Task lines ending in a hidden id: id → ticked, the first line of an id only. One pass
    over at most ``MAX_READ`` characters, no backtracking: linear in the body."""
    found: dict[str, bool] = {}
    for raw in body[:MAX_READ].split("\n"):
        line = raw.rstrip("\r")
        box = _BOX.match(line)
        if box is None:
            continue
        start = line.rfind("<!--")  # the last comment of the line, and only when it ends it
        hidden = _HIDDEN_ID.fullmatch(line, start) if start >= box.end() else None
        if hidden is not None:
            found.setdefault(hidden.group(1), box.group(1) != " ")
    return found


def written_marker(ticked: Iterable[str]) -> str:
    """The hidden line recording which boxes the bot wrote ticked: each id's short digest, so
    a later read tells a person's toggle from a change of roadmap.yaml or of the state."""
    digests = "".join(sorted({_digest(item_id) for item_id in ticked}))
    return f"<!-- roadmap-bot:dashboard-ticked={digests} -->"


def written_ticks(body: str) -> frozenset[str] | None:
    """The digests of the boxes the bot wrote ticked (``written_marker``), or None when the
    body carries no such line (then no box counts as toggled)."""
    found = _WRITTEN.search(body[-MAX_WRITTEN_READ:])
    if found is None:
        return None
    digests = found.group(1)
    return frozenset(digests[i : i + _DIGEST_CHARS] for i in range(0, len(digests), _DIGEST_CHARS))


def find_toggles(body: str, known: Collection[str]) -> tuple[list[str], list[str]]:
    """(ticked, unticked): ids of ``known`` (the roadmap's items) whose box in ``body`` differs
    from how the bot wrote it (``written_marker``), in the body's order. A body without that
    record has no toggles."""
    written = written_ticks(body)
    if written is None:
        return [], []
    seen = [(i, done) for i, done in boxes(body).items() if i in known]
    ticked = [i for i, done in seen if done and _digest(i) not in written]
    unticked = [i for i, done in seen if not done and _digest(i) in written]
    return ticked, unticked


def shown_items(roadmap: Roadmap, state: State) -> tuple[Phase | None, tuple[Item, ...]]:
    """The current phase and its items (children included, in roadmap order): the boxes the
    dashboard shows are the first ``MAX_BOXES`` of them."""
    current = roadmap_progress(roadmap, state).current_phase_id
    phase = next((p for p in roadmap.phases if p.id == current), None)
    return phase, phase.items if phase is not None else ()


def read_toggles(roadmap: Roadmap, issue: IssueInfo, *, editor: str) -> Toggles:
    """The boxes ``issue`` (the dashboard) shows otherwise than the bot wrote them. Whether
    ``editor`` may (and is a person at all) is the caller's to judge."""
    known = roadmap.item_index()
    ticked, unticked = find_toggles(issue.body or "", known)
    return Toggles(tuple(ticked), tuple(unticked), editor)


def _digest(item_id: str) -> str:
    return hashlib.blake2b(item_id.encode("utf-8"), digest_size=_DIGEST_CHARS // 2).hexdigest()


@dataclass(frozen=True, slots=True)
class Refusal:
    """Boxes a person without write access toggled: nothing changed, one comment says why."""

    login: str
    items: tuple[str, ...]
    body_hash: str  # of the body they edited: the same edit is answered once


@dataclass(frozen=True, slots=True)
class DashboardInputs:
    """What the planner needs for the dashboard besides the roadmap, state and issues."""

    commands: tuple[tuple[str, str], ...]  # (usage, what it does), from the command registry
    refusal: Refusal | None = None
    hold: bool = False  # boxes changed by someone not known: leave the body for the next run
    overrides: Mapping[str, str] = field(default_factory=dict)


def body_hash(body: str) -> str:
    return hashlib.sha256(body.encode("utf-8", "surrogatepass")).hexdigest()[:12]


def refusal_marker(refusal: Refusal) -> str:
    login = re.sub(r"[^A-Za-z0-9_.\[\]-]", "", refusal.login)[:60]
    return f"<!-- roadmap-bot:dashboard-refused={login}:{refusal.body_hash} -->"


def dashboard_actions(
    roadmap: Roadmap,
    state: State,
    issues: Sequence[IssueInfo],
    planned: Sequence[Action],
    regressions: Sequence[Regression],
    *,
    bot_login: str,
    inputs: DashboardInputs,
    comments: Sequence[CommentInfo],
    env: jinja2.Environment,
    by_item: Mapping[str, IssueInfo] | None = None,
) -> tuple[Action, ...]:
    """Open the dashboard when the bot has none (and ``settings.dashboard``), edit it when its
    body is not what it should be, close duplicates; with ``settings.dashboard: false`` close
    an open one (a closed dashboard is left closed: reopen it by hand to have it back).

    ``planned``: the plan's other actions, so the topic issues listed are those open after it
    (one this plan opens is filled in with its number by the executor: ``fill_pending``).
    ``by_item``: the planner's index of the bot's item issues (``issues.index_issues``), if
    it has one."""
    own = dashboards(issues, bot_login)
    kept = own[0] if own else None
    actions: list[Action] = []
    if kept is not None:
        for duplicate in own[1:]:
            if duplicate.state == "open":
                found = DuplicateIssue(DASHBOARD_ID, kept.number, duplicate.number)
                actions.extend(close_duplicate(found, comments))
    if not roadmap.settings.dashboard:
        if kept is not None and kept.state == "open":
            actions.append(CloseIssue(kept.number, DASHBOARD_ID, CloseReason.NOT_PLANNED))
        return tuple(actions)
    if kept is not None and kept.state != "open":
        return tuple(actions)  # closed by a person (or the setting): left closed
    if by_item is None:
        ids = [item.id for item in roadmap.items()]
        by_item = index_issues(issues, bot_login=bot_login, item_ids=ids).by_item
    topics = _open_after(roadmap, by_item, planned)
    body = dashboard_body(roadmap, state, topics, regressions, inputs, env)
    title = plain_title(f"{roadmap.title}: dashboard", 256)
    if kept is None:
        actions.append(OpenIssue(DASHBOARD_ID, title, body, labels=(), milestone=None, pin=True))
        return tuple(actions)
    if inputs.refusal is not None:
        marker = refusal_marker(inputs.refusal)
        if not any(c.issue_number == kept.number and marker in c.body for c in comments):
            text = env.get_template(REFUSAL_TEMPLATE).render(
                login=inputs.refusal.login, items=inputs.refusal.items
            )
            actions.append(
                CommentIssue(kept.number, DASHBOARD_ID, f"{text.rstrip()}\n\n{marker}\n")
            )
    if not inputs.hold:
        new_body = body if _norm(kept.body) != _norm(body) else None
        new_title = title if kept.title != title else None
        if new_body is not None or new_title is not None:
            actions.append(EditIssue(kept.number, DASHBOARD_ID, title=new_title, body=new_body))
    return tuple(actions)


@dataclass(frozen=True, slots=True)
class OpenTopic:
    """A topic issue open after the plan; ``number`` None: the plan opens it."""

    item_id: str
    number: int | None


def _open_after(
    roadmap: Roadmap, by_item: Mapping[str, IssueInfo], planned: Sequence[Action]
) -> list[OpenTopic]:
    """The bot's item issues open once ``planned`` is carried out, in roadmap order (an issue
    whose marker names an id nesting changed counts for its item, as the planner reads it)."""
    closing = {a.number for a in planned if isinstance(a, CloseIssue)}
    reopening = {a.number for a in planned if isinstance(a, ReopenIssue)}
    opening = {a.item_id for a in planned if isinstance(a, OpenIssue)}
    topics: list[OpenTopic] = []
    for item_id in (item.id for item in roadmap.items()):
        issue = by_item.get(item_id)
        if issue is not None and issue.number not in closing:
            if issue.state == "open" or issue.number in reopening:
                topics.append(OpenTopic(item_id, issue.number))
        elif issue is None and item_id in opening:
            topics.append(OpenTopic(item_id, None))
    return topics


def dashboard_body(
    roadmap: Roadmap,
    state: State,
    topics: Sequence[OpenTopic],
    regressions: Sequence[Regression],
    inputs: DashboardInputs,
    env: jinja2.Environment,
) -> str:
    """The dashboard's body: the template's text, capped, then the hidden marker."""
    progress = roadmap_progress(roadmap, state)
    index = roadmap.item_index()
    phase, phase_items = shown_items(roadmap, state)
    shown = phase_items[:MAX_BOXES]
    open_items = [
        i for i in phase_items if not i.children and item_status(i, state) is ItemStatus.OPEN
    ]
    listed = [t for t in topics if t.item_id in index][:MAX_ISSUES]
    rendered = env.get_template(DASHBOARD_TEMPLATE).render(
        title=roadmap.title,
        phases=[
            {
                "title": p.title,
                "done": p.done,
                "total": p.total,
                "percent": p.percent,
                "bar": progress_bar(p.done, p.total),
                "current": p.id == progress.current_phase_id,
            }
            for p in progress.phases
        ],
        overall={"done": progress.done, "total": progress.total, "percent": progress.percent},
        phase=phase,
        next_items=[_title(i) for i in open_items[:MAX_NEXT]],
        issues=[
            {
                "title": _title(index[t.item_id]),
                "ref": f"#{t.number}" if t.number else pending(t.item_id),
            }
            for t in listed
        ],
        more_issues=max(0, len([t for t in topics if t.item_id in index]) - len(listed)),
        regressions=[
            {"title": cap(r.title, MAX_TITLE), "failed": tuple(cap(f, 200) for f in r.failed[:5])}
            for r in regressions[:MAX_REGRESSIONS]
        ],
        more_regressions=max(0, len(regressions) - MAX_REGRESSIONS),
        ticks=_recent_ticks(state, index),
        commands=inputs.commands,
        boxes=[
            {
                "id": i.id,
                "title": _title(i),
                "checked": item_status(i, state) is ItemStatus.DONE,
                "skipped": item_status(i, state) is ItemStatus.SKIPPED,
                "indent": "  " * _depth(i),
            }
            for i in shown
        ],
        more_boxes=len(phase_items) - len(shown),
    )
    text = rendered.rstrip()
    if len(text) > MAX_BODY:
        text = text[:MAX_BODY].rsplit("\n", 1)[0] + "\n\n… (cut to GitHub's size limit)"
    written = written_marker(i.id for i in shown if item_status(i, state) is ItemStatus.DONE)
    return f"{text}\n\n{written}\n{DASHBOARD_MARKER}\n"


def _recent_ticks(state: State, index: Mapping[str, Item]) -> list[dict[str, str | None]]:
    ticks = sorted(
        ((item_id, t) for item_id, t in state.ticks.items() if item_id in index),
        key=lambda pair: (pair[1].at, pair[0]),
        reverse=True,
    )[:MAX_TICKS]
    return [
        {
            "title": _title(index[item_id]),
            "by": tick.by,
            "auto": "yes" if tick.source is TickSource.AUTO else "",
            "source": str(tick.source),
            "reason": tick.reason,
            "when": tick.at[:10],
            "url": _tick_url(tick),
        }
        for item_id, tick in ticks
    ]


def _tick_url(tick: Tick) -> str | None:
    if tick.url:
        return tick.url
    if tick.repo and tick.commit:
        ref = parse_repo(tick.repo)
        if ref is not None and ref.kind is RepoKind.GITHUB:
            return f"https://github.com/{ref.value}/commit/{tick.commit}"
    return None


def _depth(item: Item) -> int:
    return item.parent.count(".") + 1 if item.parent else 0


def _title(item: Item) -> str:
    return cap(item.title, MAX_TITLE)


def _norm(text: str) -> str:
    """Line endings and trailing blanks a browser edit may change do not count as a change."""
    return "\n".join(line.rstrip() for line in text.replace("\r\n", "\n").split("\n")).strip()
