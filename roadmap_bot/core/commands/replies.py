"""The bot's one reply to a command comment: what changed, what did not, with links (pure).

Text lives in ``templates/reply.md.j2`` and the ``section`` templates of the commands' records
(``registry.SPECS``). User text reaches it only as code spans made by ``safetext.md_code``; evidence sentences and roadmap titles are HTML-escaped. The reply
always ends with ``reply_marker(comment_id)`` and stays under GitHub's 65,536-character limit.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass, field, replace

from roadmap_bot.core.commands.grammar import parse_comment
from roadmap_bot.core.commands.permissions import is_bot
from roadmap_bot.core.commands.registry import SPECS
from roadmap_bot.core.commands.spec import CommandName, Outcome, Result, Then
from roadmap_bot.core.issues import CommentInfo
from roadmap_bot.core.markers import find_reply_marker, reply_marker
from roadmap_bot.core.model import ItemStatus, Roadmap, State, item_status, linked_repos
from roadmap_bot.core.planning.plan import TickedItem
from roadmap_bot.core.progress import RoadmapProgress, progress_bar, roadmap_progress
from roadmap_bot.core.repos import RepoKind, parse_repo, strip_userinfo
from roadmap_bot.core.rules.evaluate import describe
from roadmap_bot.core.rules.verdict import Verdict
from roadmap_bot.core.rules.verdicts import rule_for
from roadmap_bot.core.safetext import md_code, md_inline, md_text
from roadmap_bot.core.templating import template_env

REPLY_TEMPLATE = "reply.md.j2"
REFUSAL_TEMPLATE = "event_refusal.md.j2"
REFUSED_MARKER = "<!-- roadmap-bot:refused={number}:{login} -->"
MAX_NEXT = 10  # open items /status lists by id
MAX_REPLY = 60_000  # GitHub refuses bodies over 65,536 characters; keep a margin for the marker
CUT_NOTE = "\n\n… (the rest of this reply was cut to fit GitHub's comment size limit)\n"
ICONS: Mapping[Result, str] = {
    Result.APPLIED: "✅",
    Result.UNCHANGED: "➖",
    Result.ANSWERED: "💬",
    Result.REFUSED: "🚫",
    Result.INVALID: "❓",
    Result.FAILED: "⚠️",
}


@dataclass(frozen=True, slots=True)
class CheckReport:
    """``/check ID``: the item's rule and each check's reason, evaluated now."""

    item_id: str
    title: str
    status: str
    rule: str | None  # the rule in words; None: ticked by hand only
    repos: tuple[str, ...]
    verdict: Verdict | None  # None: not evaluated (no rule, no repo, or done in roadmap.yaml)
    # the verdict only: a linked repo may be private and the reader may not see it, so its file
    # names, evidence sentences and commit stay out of a reply anyone can read
    details_hidden: bool = False


@dataclass(frozen=True, slots=True)
class ReplyFacts:
    """What the run did besides the commands' own outcomes, for follow-ups and links."""

    server_url: str = "https://github.com"
    repo_slug: str | None = None
    commit: str | None = None  # the commit this run wrote
    ticked: Mapping[str, TickedItem] = field(default_factory=dict)  # auto ticks of this run
    verdicts: Mapping[str, Verdict] = field(default_factory=dict)
    opened: Sequence[tuple[str, int]] = ()
    closed: Sequence[tuple[str, int]] = ()
    issues: Mapping[str, int] = field(default_factory=dict)  # item id → its bot issue
    open_limit: int = 0  # settings.open_issues, for the /next answer
    progress: RoadmapProgress | None = None
    # /status: the current phase's open items (id, safe title); the README may not show ids
    next_items: Sequence[tuple[str, str]] = ()
    checks: Sequence[CheckReport] = ()
    error: str | None = None  # the run failed: nothing below was written
    dry_run: bool = False


def _answers(comment: CommentInfo, trusted: Collection[str]) -> int | None:
    """The comment a reply answers, when ``comment`` is a reply a bot or a ``trusted`` login
    wrote (a bot posting with a personal token is a person to GitHub); else None."""
    target = find_reply_marker(comment.body)
    if target is None or not (
        is_bot(comment.author, comment.author_type) or comment.author in trusted
    ):
        return None
    return target


def reply_authors(comments: Sequence[CommentInfo]) -> set[str]:
    """People (not bots) whose comments carry a reply marker: their access decides if it counts."""
    return {
        c.author
        for c in comments
        if find_reply_marker(c.body) is not None and not is_bot(c.author, c.author_type)
    }


def replies_to(
    comments: Sequence[CommentInfo], comment_id: int, *, trusted: Collection[str]
) -> list[CommentInfo]:
    """The replies that answer ``comment_id`` (by a bot or a ``trusted`` login), oldest first."""
    found = {c.id: c for c in comments if _answers(c, trusted) == comment_id}
    return [found[i] for i in sorted(found)]


def surplus_replies(
    comments: Sequence[CommentInfo], *, trusted: Collection[str]
) -> list[CommentInfo]:
    """Replies that repeat an older reply to the same comment by the same author (two runs
    answered one comment at once): the ones to delete, so that the oldest reply stays."""
    by_target: dict[int, list[CommentInfo]] = {}
    for c in sorted({c.id: c for c in comments}.values(), key=lambda c: c.id):
        target = _answers(c, trusted)
        if target is not None:
            by_target.setdefault(target, []).append(c)
    return [
        later
        for first, *rest in by_target.values()
        for later in rest
        if later.author.lower() == first.author.lower()
    ]


def unanswered(
    comments: Sequence[CommentInfo], *, known_ids: Sequence[str], trusted: Collection[str]
) -> list[CommentInfo]:
    """The comments that ask the bot something and have no reply yet, oldest first.

    A reply counts when a bot wrote it or one of the ``trusted`` logins did (people with write
    access: a bot posting with a personal token is a person to GitHub); comments carrying a
    reply marker are replies, never questions.
    """
    answered = {target for c in comments if (target := _answers(c, trusted)) is not None}

    def asks(comment: CommentInfo) -> bool:
        parsed = parse_comment(comment.body, known_ids=known_ids)
        return bool(parsed.commands or parsed.errors)

    chosen = (
        c
        for c in {c.id: c for c in comments}.values()
        if c.id not in answered
        and not is_bot(c.author, c.author_type)
        and find_reply_marker(c.body) is None
        and asks(c)
    )
    return sorted(chosen, key=lambda c: (c.created_at, c.id))


def checked_items(outcomes: Sequence[Outcome]) -> list[str]:
    """The items the reply shows a ``/check`` section for, in order, once each."""
    wanted = (o.item_id for o in outcomes if o.name == CommandName.CHECK and o.result.ok)
    return list(dict.fromkeys(i for i in wanted if i))


def unsaved(outcomes: Sequence[Outcome]) -> tuple[Outcome, ...]:
    """The outcomes of a run that failed before writing: nothing applied was kept."""
    return tuple(
        replace(o, result=Result.FAILED, message=f"{o.message} — not saved")
        if o.result is Result.APPLIED
        else o
        for o in outcomes
    )


def render_event_refusal(
    *, login: str, item_id: str, number: int, overrides: Mapping[str, str] | None = None
) -> str:
    """The one answer to a person whose close or reopen of an item issue changed nothing."""
    text = (
        template_env(overrides).get_template(REFUSAL_TEMPLATE).render(login=login, item_id=item_id)
    )
    return fit(text.strip("\n"), REFUSED_MARKER.format(number=number, login=login.lower()))


def check_report(
    roadmap: Roadmap,
    state: State,
    item_id: str,
    verdict: Verdict | None,
    *,
    details_hidden: bool = False,
) -> CheckReport:
    """Describe ``item_id``'s rule and the verdict a dry run computed for it (if any);
    ``details_hidden``: say whether the rule holds, not which files or commit showed it."""
    item = roadmap.item_index()[item_id]
    rule = rule_for(item)
    return CheckReport(
        item_id=item_id,
        title=item.title,
        status=item_status(item, state).value,
        rule=describe(rule) if rule is not None else None,
        repos=linked_repos(item, state),
        verdict=verdict,
        details_hidden=details_hidden,
    )


def details_shown(
    repos: Collection[str], visibility: Mapping[str, str | None], *, roadmap_public: bool
) -> bool:
    """Whether a ``/check`` reply may show the evidence of ``repos`` to a reader without write
    access: always in a private roadmap repo (only its members read the reply), otherwise only
    when every repo is known to be public. ``visibility`` maps a GitHub ``owner/name`` (as
    written) to what GitHub says (``public``, ``private``, ``internal``, None: unknown); a git URL
    is public unless it carries credentials; a local path is not known to be public."""
    if not roadmap_public:
        return True
    for repo in repos:
        ref = parse_repo(repo)
        if ref is None or ref.kind is RepoKind.LOCAL:
            return False
        if ref.kind is RepoKind.GIT:
            scheme, _, rest = ref.value.partition("://")
            if scheme.lower() not in {"https", "http", "git"} or "@" in rest.split("/", 1)[0]:
                return False  # ssh, file, or user:token@host: may not be public
        elif visibility.get(ref.value) != "public":
            return False
    return True


def github_repos(repos: Collection[str]) -> list[str]:
    """The ``owner/name`` of each GitHub repo among ``repos``, as ``details_shown`` looks them up."""
    refs = (parse_repo(r) for r in repos)
    return list(dict.fromkeys(r.value for r in refs if r is not None and r.kind is RepoKind.GITHUB))


def render_reply(
    outcomes: Sequence[Outcome],
    facts: ReplyFacts,
    *,
    author: str,
    comment_id: int,
    example_id: str,
    default_item: str | None = None,
    overrides: Mapping[str, str] | None = None,
) -> str:
    """Render the reply to comment ``comment_id``; its hidden marker is always the last line."""
    env = template_env(overrides)
    env.filters["code"] = md_code
    env.filters["cell"] = _cell
    env.filters["fenced"] = fenced
    names = {o.name for o in outcomes}
    shown = [s for s in SPECS.values() if s.name in names]
    context = {"specs": list(SPECS.values()), "example_id": example_id, "item_id": default_item}
    sections = [
        env.get_template(spec.section).render(
            **context, facts=facts, outcomes=[o for o in outcomes if o.name == spec.name]
        )
        for spec in shown
        if spec.section
    ]
    text = env.get_template(REPLY_TEMPLATE).render(
        author=author,
        ok=all(o.result.ok for o in outcomes),
        lines=[(ICONS[o.result], o, follow_up(o, facts)) for o in outcomes],
        answers={spec.name: spec.said for spec in shown},
        facts=facts,
        commit_url=_commit_url(facts),
        status=facts.progress if CommandName.STATUS in names else None,
        next_items=facts.next_items if CommandName.STATUS in names else (),
        bar=progress_bar,
        checks=[_check_view(c, facts) for c in facts.checks],
        sections=sections,
    )
    return fit(text.strip("\n"), reply_marker(comment_id))


def next_open(roadmap: Roadmap, state: State, limit: int = MAX_NEXT) -> tuple[tuple[str, str], ...]:
    """The current phase's open items without children, in README order: (id, title as safe
    markdown). ``/status`` lists them, so the ids commands take are at hand even when the README
    does not show them."""
    current = roadmap_progress(roadmap, state).current_phase_id
    phase = next((p for p in roadmap.phases if p.id == current), None)
    if phase is None:
        return ()
    found = (
        (item.id, md_inline(item.title, 200))
        for item in phase.items
        if not item.children and item_status(item, state) is ItemStatus.OPEN
    )
    return tuple(found)[:limit]


def fit(text: str, marker: str, limit: int = MAX_REPLY) -> str:
    """``text`` and the marker, cut at a line break when too long for one comment."""
    if len(text) > limit:
        cut = text.rfind("\n", 0, limit - len(CUT_NOTE))
        text = text[: cut if cut > 0 else limit - len(CUT_NOTE)] + CUT_NOTE
    return f"{text.rstrip()}\n\n{marker}\n"


def follow_up(outcome: Outcome, facts: ReplyFacts) -> str:
    """What the rest of the run made of a command: a tick from evidence, an issue closed..."""
    if facts.error is not None or not outcome.result.ok:
        return ""
    item_id = outcome.item_id
    spec = SPECS.get(outcome.name or "")
    then = spec.then if spec is not None else Then.ISSUES
    if then is Then.NEXT:
        return _next_answer(facts)
    if item_id is None or then is Then.NOTHING:
        return ""
    parts: list[str] = []
    if then in {Then.EVIDENCE, Then.LINKED}:
        parts.append(_evidence_answer(item_id, facts, linked=then is Then.LINKED))
    closed = [n for i, n in facts.closed if i == item_id]
    if closed:
        parts.append(f"closed #{closed[0]}")
    opened = [n for i, n in facts.opened if i == item_id]
    if opened:
        parts.append(f"opened #{opened[0]}")
    if not (closed or opened) and item_id in facts.issues and outcome.result is Result.APPLIED:
        parts.append(f"its issue: #{facts.issues[item_id]}")
    return "; ".join(p for p in parts if p)


def _evidence_answer(item_id: str, facts: ReplyFacts, *, linked: bool) -> str:
    ticked = facts.ticked.get(item_id)
    if ticked is not None:
        where = _repo_link(ticked.repo, facts) if ticked.repo else "its linked repos"
        at = f" at {_commit_link(ticked.repo, ticked.commit, facts)}" if ticked.commit else ""
        return f"its evidence holds in {where}{at}, so this run ticked it"
    verdict = facts.verdicts.get(item_id)
    if verdict is None:
        return "nothing to check yet (no evidence rule or no linked repo)" if linked else ""
    if verdict.problem:
        return f"could not be checked: {_escape(verdict.problem)}"
    if verdict.failed:
        return "not ticked yet: " + "; ".join(_escape(f) for f in verdict.failed)
    return ""


def _next_answer(facts: ReplyFacts) -> str:
    if facts.opened:
        return "opened " + ", ".join(f"#{n} (`{i}`)" for i, n in facts.opened)
    return f"no new issue to open: up to {facts.open_limit} stay open for the current phase"


def _check_view(report: CheckReport, facts: ReplyFacts) -> dict[str, object]:
    verdict = report.verdict
    if report.details_hidden and verdict is not None:
        return {
            "report": report,
            "issue": facts.issues.get(report.item_id),
            "repos": [_repo_link(r, facts) for r in report.repos],
            "rule": _escape(report.rule) if report.rule else None,
            "passed": [],
            "failed": [],
            "problem": "its evidence could not be read." if verdict.problem else None,
            "holds": verdict.passed,
            "at": None,
            "source": None,
            "hidden": True,
        }
    return {
        "report": report,
        "issue": facts.issues.get(report.item_id),
        "repos": [_repo_link(r, facts) for r in report.repos],
        "rule": _escape(report.rule) if report.rule else None,
        "passed": [_escape(r) for r in verdict.reasons] if verdict else [],
        "failed": [_escape(r) for r in verdict.failed] if verdict else [],
        "problem": _escape(verdict.problem) if verdict and verdict.problem else None,
        "holds": bool(verdict and verdict.passed),
        "at": _commit_link(verdict.repo, verdict.commit, facts)
        if verdict and verdict.commit
        else None,
        "source": _repo_link(verdict.repo, facts) if verdict and verdict.repo else None,
        "hidden": False,
    }


def _repo_link(repo: str | None, facts: ReplyFacts) -> str:
    ref = parse_repo(repo or "")
    if ref is not None and ref.kind is RepoKind.GITHUB:
        return f"[{ref.value}]({facts.server_url.rstrip('/')}/{ref.value})"
    return md_code(strip_userinfo(repo or ""), 120)  # no user:token@ in a reply


def _commit_link(repo: str | None, commit: str | None, facts: ReplyFacts) -> str:
    short = md_code((commit or "")[:7])
    ref = parse_repo(repo or "")
    if commit and ref is not None and ref.kind is RepoKind.GITHUB:
        return f"[{short}]({facts.server_url.rstrip('/')}/{ref.value}/commit/{commit})"
    return short


def _commit_url(facts: ReplyFacts) -> str | None:
    if not facts.commit or not facts.repo_slug:
        return None
    return f"{facts.server_url.rstrip('/')}/{facts.repo_slug}/commit/{facts.commit}"


def fenced(text: str) -> str:
    """``text`` as a fenced block that nothing inside can close."""
    longest = max((len(run) for run in re.findall(r"`+", text)), default=0)
    fence = "`" * max(3, longest + 1)
    return f"{fence}text\n{text.rstrip()}\n{fence}"


def _escape(text: str) -> str:
    """Evidence and roadmap text as plain text: no HTML, mention, link or table break."""
    return md_text(text)  # a linked repo's file named [x](https://…) stays text


def _cell(text: object) -> str:
    return md_text(str(text))  # "|" is escaped too
