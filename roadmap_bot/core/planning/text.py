"""What the planner writes on GitHub: issue titles and bodies, tick comments and their markers.

Bodies come from templates (``issue.md.j2``, ``tick_comment.md.j2``, overridable); the hidden
markers are appended here, after rendering, so an override that forgets them cannot make the bot
lose track of its issues and open them again on every run.

Each issue body ends with a stamp, ``<!-- roadmap-bot:rev=T.B -->``: short hashes of the title and
body the bot wrote. An edit is planned only where the bot's own text is still there (the current
title or body hashes to the stamp) and the roadmap now renders something else: a title or body a
person changed is never overwritten.

The checklist section (``checklist.py``, between ``CHECKLIST_START`` and ``CHECKLIST_END``) is the
bot's own in any body: the body hash of the stamp leaves it out, so a changed checklist alone does
not make the bot's text look like a person's, and it is replaced on its own where a person edited
the rest (their text is kept as it is; a body without the section gets it before the item marker).
An override template that does not print ``checklist`` gets it appended after its text.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from roadmap_bot.core.issues import CommentInfo
from roadmap_bot.core.markers import item_marker
from roadmap_bot.core.model import Item, Phase, Tick, TickSource
from roadmap_bot.core.planning.bot_issues import own_marker_line, with_own_item_marker
from roadmap_bot.core.planning.resources import resource_lines
from roadmap_bot.core.repos import RepoKind, parse_repo, strip_userinfo
from roadmap_bot.core.safetext import plain_title

if TYPE_CHECKING:  # type hints only: a no-op run never imports jinja2
    import jinja2

ISSUE_TEMPLATE = "issue.md.j2"
TICK_COMMENT_TEMPLATE = "tick_comment.md.j2"
BOT_LOGIN = "roadmap-bot"
TITLE_MAX = 256  # GitHub rejects longer issue titles
LABEL = "roadmap"
LABEL_COLOR = "1d76db"
PHASE_COLORS = ("0e8a16", "5319e7", "fbca04", "d93f0b", "006b75", "b60205", "c5def5", "f9d0c4")
LABEL_DESCRIPTION_MAX = 100  # GitHub's limit for label descriptions
CHECKLIST_START = "<!-- roadmap-bot:checklist -->"  # the bot's own section of a body (checklist.py)
CHECKLIST_END = "<!-- roadmap-bot:checklist-end -->"

_REV = re.compile(r"\n?<!--\s*roadmap-bot:rev=([0-9a-f]+)\.([0-9a-f]+)\s*-->[ \t]*\n?")
_START_LINE = re.compile(rf"(?m)^[ \t]*({re.escape(CHECKLIST_START)})[ \t]*\r?$")
_END_LINE = re.compile(rf"(?m)^[ \t]*({re.escape(CHECKLIST_END)})[ \t]*\r?$")


@dataclass(frozen=True, slots=True)
class RuleWords:
    """An item's rule as its issue explains it."""

    text: str  # the rule in plain words (rules.describe)
    scope: str  # "own" or "ticked-projects" (rules.rule_scope)


@dataclass(frozen=True, slots=True)
class IssueText:
    """The title and stamped body the bot wants an item's issue to have."""

    title: str
    body: str


def issue_title(item: Item) -> str:
    """``[phase0] Python: Syntax and core concepts``, cut to GitHub's 256 characters.

    One line, with mentions and HTML comments defused (``safetext.plain_title``).
    """
    return plain_title(f"[{item.phase_id}] {item.title}", TITLE_MAX)


def issue_text(
    env: jinja2.Environment,
    *,
    item: Item,
    phase: Phase,
    milestone: str,
    due: str | None,
    rule: RuleWords | None,
    repos: Sequence[str],
    repo_slug: str | None,
    checklist: str = "",
) -> IssueText:
    """Render an item's issue and stamp it (see the module docstring); ``checklist`` is the
    section ``checklist.section_for`` made (markers included), or empty."""
    owner = repo_slug.split("/", 1)[0] if repo_slug and "/" in repo_slug else "owner"
    rendered = env.get_template(ISSUE_TEMPLATE).render(
        item=item,
        phase=phase,
        milestone=milestone,
        due=due,
        rule_text=rule.text if rule else None,
        ticked_projects=rule is not None and rule.scope == "ticked-projects",
        repos=tuple(strip_userinfo(r) for r in repos),
        commands=_commands(item.id, owner),
        repo_slug=repo_slug,
        checklist=checklist,
        resources=resource_lines(item),
    )
    rendered = rendered.rstrip()
    if checklist and find_section(rendered) is None:
        rendered = f"{rendered}\n\n{checklist}"  # an override that does not print it
    title = issue_title(item)
    body = f"{rendered}\n\n{item_marker(item.id)}"
    return IssueText(title=title, body=f"{body}\n{_stamp(title, body)}\n")


def edits_needed(
    current_title: str, current_body: str, wanted: IssueText
) -> tuple[str | None, str | None]:
    """The (title, body) to send for an open issue; None where nothing should change.

    Only text the stamp shows as the bot's own is replaced; the stamp is refreshed with it, so
    the next run judges against what was written last (and a person's changes stay theirs).
    """
    stamp = _REV.search(current_body)
    if stamp is None:
        return None, None  # not written by this bot version: leave it alone
    old_title_hash, old_body_hash = stamp.groups()
    title_ours = current_title == wanted.title or _hash(current_title) == old_title_hash
    content = _unstamp(current_body)
    body_ours = _body_hash(content) == old_body_hash
    if body_ours:
        content = _unstamp(wanted.body)
    else:
        content = with_section(content, section_of(wanted.body) or "")
    title_hash = _hash(wanted.title) if title_ours else old_title_hash
    body_hash = _body_hash(content) if body_ours else old_body_hash
    body = f"{content}\n<!-- roadmap-bot:rev={title_hash}.{body_hash} -->\n"
    return (
        wanted.title if title_ours and current_title != wanted.title else None,
        body if _norm(body) != _norm(current_body) else None,
    )


def with_marker(current_body: str, item_id: str) -> str:
    """``current_body`` with the bot's item marker naming ``item_id`` (an item whose id nesting
    changed) and nothing else of it changed. A stamp that vouched for the body still does (its
    body hash follows the new marker), so a later refresh still sees the text as the bot's; one
    that did not (a person's text) is left as it was."""
    body = with_own_item_marker(current_body, item_id)
    stamp = _REV.search(current_body)
    if body == current_body or stamp is None:
        return body
    title_hash, body_hash = stamp.groups()
    if _body_hash(_unstamp(current_body)) != body_hash:
        return body
    content = _unstamp(body)
    return f"{content}\n<!-- roadmap-bot:rev={title_hash}.{_body_hash(content)} -->\n"


def tick_marker(item_id: str) -> str:
    """The hidden marker of the comment posted when an item's issue closes on its tick."""
    return f"<!-- roadmap-bot:tick={item_id} -->"


def has_tick_comment(comments: Sequence[CommentInfo], number: int, item_id: str) -> bool:
    """Whether the tick comment for ``item_id`` is already on issue ``number``."""
    marker = tick_marker(item_id)
    return any(c.issue_number == number and marker in c.body for c in comments)


def tick_comment(
    env: jinja2.Environment, *, item: Item, tick: Tick | None, reasons: Sequence[str]
) -> str:
    """The comment that closes an item's issue: who or what ticked it, and the evidence."""
    commit_url = None
    if tick is not None and tick.repo and tick.commit:
        ref = parse_repo(tick.repo)
        if ref is not None and ref.kind is RepoKind.GITHUB:
            commit_url = f"https://github.com/{ref.value}/commit/{tick.commit}"
    rendered = env.get_template(TICK_COMMENT_TEMPLATE).render(
        item=item,
        tick=tick,
        auto=tick is not None and tick.source is TickSource.AUTO,
        reasons=tuple(reasons),
        commit_url=commit_url,
        short_commit=tick.commit[:7] if tick is not None and tick.commit else None,
    )
    return f"{rendered.rstrip()}\n\n{tick_marker(item.id)}\n"


def phase_label_color(index: int) -> str:
    """A stable color per phase position."""
    return PHASE_COLORS[index % len(PHASE_COLORS)]


def label_description(text: str) -> str:
    """Cut a description to GitHub's 100 characters (one line, mentions and comments defused)."""
    return plain_title(text, LABEL_DESCRIPTION_MAX)


def _commands(item_id: str, owner: str) -> tuple[tuple[str, str], ...]:
    return (
        (f"/done {item_id}", "tick it by hand (add a note or a link after the id)"),
        (f"/skip {item_id} [reason]", "mark it not planned"),
        (f"/link {item_id} {owner}/your-repo", "add a repo whose evidence counts"),
        (f"/check {item_id}", "check the evidence now and reply with the result"),
    )


def find_section(body: str) -> tuple[int, int] | None:
    """Where the checklist section is in ``body`` (start of its first marker, end of the first
    end marker after it), each marker alone on its line; None without one."""
    start = _START_LINE.search(body)
    if start is None:
        return None
    end = _END_LINE.search(body, start.end())
    if end is None:
        return None
    return start.start(1), end.end(1)


def section_of(body: str | None) -> str | None:
    """The checklist section of ``body``, markers included, or None."""
    span = find_section(body or "")
    return None if span is None else (body or "")[span[0] : span[1]]


def with_section(body: str, section: str) -> str:
    """``body`` with its checklist section replaced by ``section`` (removed when empty), or
    ``section`` added before the item marker's line (else at the end); nothing else changes."""
    span = find_section(body)
    if span is not None and not section:  # the blank lines around it go with it
        return f"{body[: span[0]].rstrip(chr(10))}\n\n{body[span[1] :].lstrip(chr(10))}"
    if span is not None:
        return body[: span[0]] + section + body[span[1] :]
    if not section:
        return body
    start = own_marker_line(body)
    if start is None:
        return f"{body.rstrip()}\n\n{section}"
    head = body[:start].rstrip("\n")
    return f"{head}\n\n{section}\n\n{body[start:]}"


def _without_section(body: str) -> str:
    return with_section(body, "")


def _body_hash(content: str) -> str:
    """The stamp's body hash: of the text without the checklist section (the bot's own always)."""
    return _hash(_without_section(content))


def _stamp(title: str, body: str) -> str:
    return f"<!-- roadmap-bot:rev={_hash(title)}.{_body_hash(body)} -->"


def _unstamp(body: str) -> str:
    return _REV.sub("\n", body, count=1).rstrip()


def _norm(text: str) -> str:
    """Line endings and trailing blanks a browser edit may change do not count as a change."""
    return "\n".join(line.rstrip() for line in text.replace("\r\n", "\n").split("\n")).strip()


def _hash(text: str) -> str:
    return hashlib.sha256(_norm(text).encode("utf-8")).hexdigest()[:12]
