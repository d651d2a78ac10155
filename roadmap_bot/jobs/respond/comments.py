"""Answer comment commands and issue events end to end: react, sync with the change, reply once.

Each command comment gets 👀 when read, one sync run (one commit) that applies its changes, one
reply carrying ``reply_marker(comment.id)``, then 👍 or 😕. A comment is answered when a trusted
reply with its marker exists (written by a bot, or by someone with write access when the bot
posts with a personal token); replaying an event therefore changes nothing and replies nothing.

No command is ever lost: every run first answers earlier unanswered command comments written
in the last LOOKBACK_DAYS days, oldest first (MAX_PER_RUN comments per run). The scan reads every
comment of that window, page by page; it stops only after SCAN_PAGES requests, and then says so
in the run's notes (the job summary and log) instead of acting as if it saw everything.

Edits: a comment written in the window is answered once, with the text it has when a run first
answers it (so an edit made before the answer counts); once answered, its edits change nothing.
A comment written before the window is never obeyed, even when edited within it (the scan sees
it because listings filter by last update): the run's notes name it, and nothing else happens.

Runs at the same time (a workflow without the shipped ``concurrency:`` group) write each reply
once: a run re-reads the comment's issue just before replying and does not reply when a reply
is there; after replying it reads again and deletes its reply when an older one exists (two runs
that replied at the same moment keep the older reply). A run also deletes such duplicate
replies when its scan finds them. The state's handled comments keep the changes themselves from
being applied twice, and GitHub keeps one reaction per user and content.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import replace
from datetime import UTC, datetime, timedelta

from roadmap_bot.core.commands import replies as rp
from roadmap_bot.core.commands.apply import Effects, apply_comment
from roadmap_bot.core.commands.events import (
    CommentCreated,
    Event,
    Ignored,
    IssueClosed,
    IssueEdited,
    IssueReopened,
)
from roadmap_bot.core.commands.grammar import parse_comment
from roadmap_bot.core.commands.registry import SPECS
from roadmap_bot.core.commands.spec import Origin
from roadmap_bot.core.issues import CommentInfo
from roadmap_bot.core.model import Roadmap, State
from roadmap_bot.core.planning.bot_issues import bot_item_id
from roadmap_bot.core.planning.issues import index_issues
from roadmap_bot.core.progress import roadmap_progress
from roadmap_bot.core.renames import renamed_ids
from roadmap_bot.core.rules.verdict import Verdict
from roadmap_bot.errors import GitHubError
from roadmap_bot.jobs.loading import load
from roadmap_bot.jobs.respond.events import issue_event
from roadmap_bot.jobs.respond.result import RespondResult
from roadmap_bot.jobs.respond.run import Run, commit_of
from roadmap_bot.jobs.session import Session
from roadmap_bot.jobs.sync import Overrides, SyncResult

__all__ = ["RespondResult", "handle_pending", "respond"]

_COMMAND_LINE = re.compile(r"(?m)^[ \t>]*/[A-Za-z]")  # a cheap pre-filter; the parser decides
LOOKBACK_DAYS = 7
SCAN_PAGES = 30  # requests (of 100 comments) the scan of the window may make
REPLY_PAGES = 10  # requests (of 100 comments) a re-read of one issue before a reply may make
MAX_PER_RUN = 10
MAX_RECHECKS = 3 * MAX_PER_RUN  # comments a run may find answered meanwhile before it stops
EPOCH = "1970-01-01T00:00:00Z"


def respond(
    session: Session,
    event: Event,
    *,
    now: str,
    dry_run: bool = False,
    settings: Overrides | None = None,
) -> RespondResult:
    """Handle one webhook event (and the unanswered commands before it); see the module doc.

    ``settings`` overrides roadmap.yaml's settings in every sync it runs (the action's
    ``open-issues`` / ``badges-dir`` inputs), as they do in scheduled runs."""
    result = RespondResult()
    if isinstance(event, Ignored):
        result.notes.append(event.reason)
        return result
    repo = getattr(event, "repo", None)
    if repo and session.repo_slug and repo.lower() != session.repo_slug.lower():
        result.notes.append(f"the event is about {repo}, not {session.repo_slug}: ignored")
        return result
    assert session.tracker is not None, "comments are answered in a GitHub session only"
    run = _CommentRun(
        session, session.tracker, now=now, dry_run=dry_run, result=result, settings=settings
    )
    current = event.comment if isinstance(event, CommentCreated) else None
    run.answer(run.pending(current), current)
    if isinstance(event, IssueClosed | IssueReopened | IssueEdited):
        issue_event(run, event)
    return result


def handle_pending(
    session: Session,
    *,
    now: str,
    dry_run: bool = False,
    settings: Overrides | None = None,
) -> RespondResult:
    """Answer the unanswered command comments, oldest first."""
    result = RespondResult()
    assert session.tracker is not None, "comments are answered in a GitHub session only"
    run = _CommentRun(
        session, session.tracker, now=now, dry_run=dry_run, result=result, settings=settings
    )
    run.answer(run.pending(None), None)
    return result


class _CommentRun(Run):
    """A run that answers command comments (issue events need only Run's part)."""

    def answer(self, queue: list[CommentInfo], current: CommentInfo | None) -> None:
        """Answer ``queue`` in order, at most MAX_PER_RUN besides ``current`` (never left)."""
        own = current is not None and any(c.id == current.id for c in queue)
        limit = MAX_PER_RUN - 1 if own else MAX_PER_RUN
        done = checked = 0
        for comment in queue:
            is_own = current is not None and comment.id == current.id
            if not is_own and (done >= limit or checked >= MAX_RECHECKS):
                continue
            checked += 0 if is_own else 1
            if self.answered_meanwhile(comment):
                continue  # another run answered it, or its reply is older than the scan saw
            self.comment(comment)
            done += 0 if is_own else 1

    # -- which comments ----------------------------------------------------------------------

    def pending(self, current: CommentInfo | None) -> list[CommentInfo]:
        """Every comment the scan shows unanswered, oldest first (see the module doc)."""
        stamp = datetime.fromisoformat(self.now.replace("Z", "+00:00"))
        since = (stamp - timedelta(days=LOOKBACK_DAYS)).strftime("%Y-%m-%dT%H:%M:%SZ")
        scan = self.tracker.scan_comments(since=since, max_pages=SCAN_PAGES)
        comments = list(scan.comments)
        if not scan.complete:
            self.result.scan_complete = False
            self.result.notes.append(
                f"the comment scan stopped at its bound of {SCAN_PAGES} requests "
                f"({len(comments)} comments since {since}): commands written after "
                f"{_newest(comments)} were not read this run"
            )
        if current is not None and all(c.id != current.id for c in comments):
            comments.append(current)
        if not any(_COMMAND_LINE.search(c.body or "") for c in comments):
            return []  # nothing that can be a command: no need to read the roadmap
        trusted = {a for a in rp.reply_authors(comments) if self.may_change(a)}
        self._delete_surplus(rp.surplus_replies(comments, trusted=trusted))
        ids = [i.id for i in load(self.session.workspace, self.session.config).roadmap.items()]
        found = rp.unanswered(comments, known_ids=ids, trusted=trusted)
        stale = [
            c
            for c in found
            if _written_before(c, since) and (current is None or c.id != current.id)
        ]
        if stale:
            self.result.notes.append(
                f"{len(stale)} comment(s) written before the {LOOKBACK_DAYS}-day window were "
                "edited within it; edits to old comments are not carried out (post a new "
                "comment instead): " + ", ".join(c.url or f"comment {c.id}" for c in stale[:10])
            )
        return [c for c in found if c not in stale]

    def answered_meanwhile(self, comment: CommentInfo) -> bool:
        """Re-read the comment's issue: True when a reply to it exists already."""
        try:
            return bool(self._replies(comment))
        except GitHubError as exc:
            self.fail(f"could not re-read the replies to comment {comment.id}: {exc}")
            return True  # unsure: leave it to the next run rather than risk a second reply

    def _replies(self, comment: CommentInfo) -> list[CommentInfo]:
        """The trusted replies to ``comment``, oldest first, read afresh from its issue."""
        scan = self.tracker.scan_comments(
            since=_moment(comment.created_at) or EPOCH,  # unknown: the whole issue
            issue_number=comment.issue_number,
            max_pages=REPLY_PAGES,
        )
        if not scan.complete:
            self.result.notes.append(
                f"issue #{comment.issue_number} has more than {REPLY_PAGES * 100} comments "
                f"after comment {comment.id}; only those were searched for its reply"
            )
        listed = scan.comments
        trusted = {a for a in rp.reply_authors(listed) if self.may_change(a)}
        return rp.replies_to(listed, comment.id, trusted=trusted)

    def _delete_surplus(self, surplus: Sequence[CommentInfo]) -> bool:
        """Delete duplicate replies (the older reply stays); False if one could not be."""
        if self.dry:
            return True
        for extra in surplus:
            try:
                self.tracker.delete_comment(extra.id)
            except GitHubError as exc:
                self.result.notes.append(f"could not delete the duplicate reply {extra.id}: {exc}")
                return False
            self.result.deleted.append(extra.id)
        return True

    def comment(self, comment: CommentInfo) -> None:
        self._react(comment.id, "eyes")
        loaded = load(self.session.workspace, self.session.config)
        ids = [i.id for i in loaded.roadmap.items()]
        issue = self.issues.get(comment.issue_number)
        # the item of the bot's own issue (its token's account wrote it), whichever token
        marker = bot_item_id(issue, self.tracker.identity()) if issue is not None else None
        if marker is not None and marker not in ids:  # an id nesting changed
            marker = renamed_ids(ids, [marker]).get(marker)
        default = marker if marker in ids else None
        parsed = parse_comment(comment.body, known_ids=ids, default_item=default)
        access = {
            c.name: self.decide(c.name, comment.author, comment.author_type)
            for c in parsed.commands
        }
        origin = Origin(comment.author, comment.url, self.now, comment.id)

        def mutate(roadmap: Roadmap, state: State) -> Effects:
            known = [i.id for i in roadmap.items()]
            again = parse_comment(comment.body, known_ids=known, default_item=default)
            return apply_comment(roadmap, state, again, access=access, origin=origin)

        synced, error = None, None
        if any(d.allowed and not SPECS[name].read_only for name, d in access.items()):
            synced, error = self.sync(
                mutate, f"commands of comment {comment.id} by @{comment.author}"
            )
        done = synced.effects if synced is not None else None
        if done is None:  # the outcomes, against the state as read
            done = mutate(loaded.roadmap, loaded.state)
        outcomes = done.outcomes
        if error is not None:
            outcomes = rp.unsaved(outcomes)
        roadmap = synced.roadmap if synced else loaded.roadmap
        state = synced.state if synced else loaded.state
        body = rp.render_reply(
            outcomes,
            self._facts(synced, error, roadmap, state, rp.checked_items(outcomes), comment.author),
            author=comment.author,
            comment_id=comment.id,
            example_id=ids[0] if ids else "phase1.topic",
            default_item=default,
            overrides=loaded.overrides,
        )
        self.record(outcomes, synced)
        if self.dry:
            self.result.answered.append(comment.id)
            self.result.replies.append(body)
            return
        if self.answered_meanwhile(comment):  # another run replied while this one worked
            self.result.notes.append(f"comment {comment.id} was answered by another run")
            return
        try:
            posted = self.tracker.comment(comment.issue_number, body)
        except GitHubError as exc:
            self.fail(f"could not reply to comment {comment.id}: {exc}")
            return
        if not self._kept(comment, posted):
            return
        self.result.answered.append(comment.id)
        self.result.replies.append(posted.url)
        ok = error is None and all(o.result.ok for o in outcomes)
        self._react(comment.id, "+1" if ok else "confused")

    def _kept(self, comment: CommentInfo, posted: CommentInfo) -> bool:
        """After replying, read again: when another run replied too, only the oldest reply
        stays. True when ours is the one kept."""
        try:
            replies = self._replies(comment)
        except GitHubError as exc:
            self.result.notes.append(f"could not re-read the replies to {comment.id}: {exc}")
            return True  # ours is posted; a later run deletes a duplicate if there is one
        if not replies or replies[0].id == posted.id or all(r.id != posted.id for r in replies):
            return True
        self._delete_surplus([posted])  # an older reply exists: it stays, ours goes
        self.result.notes.append(
            f"comment {comment.id} was answered by another run at the same time; "
            "this run's reply was deleted"
        )
        return False

    def _facts(
        self,
        synced: SyncResult | None,
        error: str | None,
        roadmap: Roadmap,
        state: State,
        checked: list[str],
        reader: str,
    ) -> rp.ReplyFacts:
        verdicts = self._check(checked) if checked and error is None else {}
        reports = [rp.check_report(roadmap, state, i, verdicts.get(i)) for i in checked]
        applied = synced.applied if synced else None
        return rp.ReplyFacts(
            server_url=self.session.context.server_url,
            repo_slug=self.session.repo_slug,
            commit=commit_of(self.session, synced),
            ticked={t.item_id: t for t in synced.plan.ticked} if synced else {},
            verdicts=synced.verdicts if synced else {},
            opened=list(applied.opened) if applied else [],
            closed=list(applied.closed) if applied else [],
            issues={
                i: n.number
                for i, n in index_issues(
                    list(self.issues.values()),
                    bot_login=self.tracker.identity(),
                    item_ids=[i.id for i in roadmap.items()],
                ).by_item.items()
            },
            open_limit=roadmap.settings.open_issues,
            progress=roadmap_progress(roadmap, state),
            next_items=rp.next_open(roadmap, state),
            checks=[replace(r, details_hidden=self._hidden(reader, r)) for r in reports],
            error=error,
            dry_run=self.dry,
        )

    def _hidden(self, reader: str, report: rp.CheckReport) -> bool:
        """Whether ``reader`` gets only the verdict of ``report``: the roadmap repo is not
        private (anyone may read the reply), a linked repo is not known to be public, and the
        reader has no write access (the owner and collaborators with write see everything)."""
        verdict = report.verdict
        repos = [*report.repos, *([verdict.repo] if verdict and verdict.repo else [])]
        if verdict is None or not repos or self.may_change(reader):
            return False
        slug = self.session.repo_slug
        if slug and self._visibility(slug) == "private":
            return False  # only people with access to the roadmap repo read the reply
        names = rp.github_repos(repos)
        seen = {name: self._visibility(name) for name in names}
        return not rp.details_shown(repos, seen, roadmap_public=True)

    def _visibility(self, repo: str) -> str | None:
        key = repo.lower()
        if key not in self.visibility:
            try:
                self.visibility[key] = self.tracker.repo_visibility(repo)
            except GitHubError:
                self.visibility[key] = None  # unknown counts as not public
        return self.visibility[key]

    def _check(self, item_ids: list[str]) -> dict[str, Verdict]:
        """Evaluate the items now in a dry run, as if open, so every rule gets a verdict."""

        def opened(roadmap: Roadmap, state: State) -> Effects:
            ticks = {k: v for k, v in state.ticks.items() if k not in item_ids}
            skips = {k: v for k, v in state.skips.items() if k not in item_ids}
            new = replace(state, ticks=ticks, skips=skips)
            return Effects(new, (), new != state)

        synced, _ = self.sync(opened, "check", dry_run=True)
        return dict(synced.verdicts) if synced else {}

    def _react(self, comment_id: int, content: str) -> None:
        if self.dry:
            return
        try:
            self.tracker.add_reaction(comment_id, content)
        except GitHubError as exc:
            self.result.notes.append(f"could not react to comment {comment_id}: {exc}")


def _moment(stamp: str) -> str | None:
    """``stamp`` as GitHub's ISO-8601 UTC form; None when it is not a timestamp."""
    try:
        moment = datetime.fromisoformat(stamp.replace("Z", "+00:00"))
    except ValueError:
        return None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def _written_before(comment: CommentInfo, since: str) -> bool:
    """Whether ``comment`` was written before ``since`` (ISO-8601 UTC); unknown: no."""
    created = _moment(comment.created_at)
    return created is not None and created < since


def _newest(comments: Sequence[CommentInfo]) -> str:
    return max((c.created_at for c in comments if c.created_at), default="the window's start")
