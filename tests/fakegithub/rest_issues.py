"""REST operations on issues, issue comments and reactions."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from tests.fakegithub import payloads as p
from tests.fakegithub import tracker
from tests.fakegithub.protocol import HttpError, Response, invalid
from tests.fakegithub.records import REACTIONS, Comment, Issue
from tests.fakegithub.rest_router import Ctx, Route, paginate
from tests.fakegithub.world import iso


def since_filter(ctx: Ctx) -> str | None:
    """Return the ``since`` query as GitHub's timestamp format, or 422 if it is not ISO 8601."""
    raw = ctx.req.query.get("since")
    if raw is None:
        return None
    try:
        return iso(datetime.fromisoformat(raw.replace("Z", "+00:00")))
    except ValueError as exc:
        raise invalid("Issue", "since", "invalid", value=raw) from exc


def _issue(ctx: Ctx) -> Issue:
    try:
        return ctx.repo.issues[int(ctx.params["issue_number"])]
    except (KeyError, ValueError) as exc:
        raise HttpError(404) from exc


def _comment(ctx: Ctx) -> Comment:
    try:
        return ctx.repo.comments[int(ctx.params["comment_id"])]
    except (KeyError, ValueError) as exc:
        raise HttpError(404) from exc


def list_issues(ctx: Ctx) -> Response:
    q = ctx.req.query
    state = q.get("state", "open")
    if state not in ("open", "closed", "all"):
        raise invalid("Issue", "state", value=state)
    wanted = {n.strip().lower() for n in q.get("labels", "").split(",") if n.strip()}
    since = since_filter(ctx)
    issues = []
    for issue in ctx.repo.issues.values():
        if state != "all" and issue.state != state:
            continue
        if wanted and not wanted <= {n.lower() for n in issue.labels}:
            continue
        if since and issue.updated_at < since:
            continue
        if q.get("creator") and issue.user.lower() != q["creator"].lower():
            continue
        issues.append(issue)
    sort = q.get("sort", "created")
    key = {
        "created": lambda i: (i.created_at, i.number),
        "updated": lambda i: (i.updated_at, i.number),
        "comments": lambda i: (tracker.comment_count(ctx.repo, i.number), i.number),
    }.get(sort)
    if key is None:
        raise invalid("Issue", "sort", value=sort)
    issues.sort(key=key, reverse=q.get("direction", "desc") != "asc")
    return paginate(ctx, [p.issue(ctx.world, ctx.urls, ctx.repo, i) for i in issues])


def _labels_of(body: dict[str, Any]) -> list[str] | None:
    labels = body.get("labels")
    if labels is None:
        return None
    if not isinstance(labels, list):
        raise invalid("Issue", "labels")
    return [x["name"] if isinstance(x, dict) else str(x) for x in labels]


def create_issue(ctx: Ctx) -> Response:
    body = ctx.req.fields()
    title = body.get("title")
    if title is None or title == "":
        raise invalid("Issue", "title", "missing_field")
    issue = tracker.add_issue(
        ctx.world,
        ctx.repo,
        title=str(title),
        body=body.get("body"),
        user=ctx.viewer,
        labels=_labels_of(body) or (),
        milestone=body.get("milestone"),
        assignees=body.get("assignees") or ([body["assignee"]] if body.get("assignee") else []),
    )
    return Response(
        201, p.issue(ctx.world, ctx.urls, ctx.repo, issue), _location(issue_url(ctx, issue))
    )


def issue_url(ctx: Ctx, issue: Issue) -> str:
    return f"{ctx.urls.repo(ctx.repo)}/issues/{issue.number}"


def _location(url: str) -> dict[str, str]:
    return {"location": url}


def get_issue(ctx: Ctx) -> Response:
    return Response(200, p.issue(ctx.world, ctx.urls, ctx.repo, _issue(ctx)))


def update_issue(ctx: Ctx) -> Response:
    issue, body = _issue(ctx), ctx.req.fields()
    if body.get("state") not in (None, "open", "closed"):
        raise invalid("Issue", "state", value=body["state"])
    if body.get("state_reason") not in (None, *tracker.STATE_REASONS):
        raise invalid("Issue", "state_reason", value=body["state_reason"])
    if "labels" in body:
        body["labels"] = _labels_of(body)
    tracker.update_issue(ctx.world, ctx.repo, issue, body, actor=ctx.viewer)
    return Response(200, p.issue(ctx.world, ctx.urls, ctx.repo, issue))


def _comments(ctx: Ctx, comments: list[Comment]) -> Response:
    since = since_filter(ctx)
    chosen = [c for c in comments if since is None or c.updated_at >= since]
    return paginate(ctx, [p.comment(ctx.world, ctx.urls, ctx.repo, c) for c in chosen])


def list_comments(ctx: Ctx) -> Response:
    number = _issue(ctx).number
    return _comments(ctx, [c for c in ctx.repo.comments.values() if c.issue_number == number])


def list_repo_comments(ctx: Ctx) -> Response:
    comments = list(ctx.repo.comments.values())
    sort = ctx.req.query.get("sort", "created")
    if sort not in ("created", "updated"):
        raise invalid("IssueComment", "sort", value=sort)
    comments.sort(key=lambda c: (c.created_at if sort == "created" else c.updated_at, c.id))
    if "sort" in ctx.req.query and ctx.req.query.get("direction", "desc") == "desc":
        comments.reverse()  # direction is ignored without sort
    return _comments(ctx, comments)


def _comment_body(ctx: Ctx) -> str:
    body = ctx.req.fields().get("body")
    if not isinstance(body, str) or not body:
        raise invalid("IssueComment", "body", "missing_field")
    return body


def create_comment(ctx: Ctx) -> Response:
    issue = _issue(ctx)
    comment = tracker.add_comment(
        ctx.world, ctx.repo, issue, body=_comment_body(ctx), user=ctx.viewer
    )
    payload = p.comment(ctx.world, ctx.urls, ctx.repo, comment)
    return Response(201, payload, _location(payload["url"]))


def get_comment(ctx: Ctx) -> Response:
    return Response(200, p.comment(ctx.world, ctx.urls, ctx.repo, _comment(ctx)))


def update_comment(ctx: Ctx) -> Response:
    comment = _comment(ctx)
    tracker.update_comment(ctx.world, comment, _comment_body(ctx))
    return Response(200, p.comment(ctx.world, ctx.urls, ctx.repo, comment))


def delete_comment(ctx: Ctx) -> Response:
    """Delete a comment and its reactions (204; a second delete is 404, as on GitHub)."""
    comment = _comment(ctx)
    del ctx.repo.comments[comment.id]
    for reaction in tracker.reactions_of(ctx.repo, ("comment", comment.id)):
        del ctx.repo.reactions[reaction.id]
    return Response(204)


def list_comment_reactions(ctx: Ctx) -> Response:
    reactions = tracker.reactions_of(ctx.repo, ("comment", _comment(ctx).id))
    content = ctx.req.query.get("content")
    chosen = [r for r in reactions if content is None or r.content == content]
    return paginate(ctx, [p.reaction(ctx.world, ctx.urls, r) for r in chosen])


def _react(ctx: Ctx, subject: tuple[str, int]) -> Response:
    content = ctx.req.fields().get("content")
    if content not in REACTIONS:
        raise invalid("Reaction", "content", value=content)
    reaction, created = tracker.add_reaction(
        ctx.world, ctx.repo, subject, content=content, user=ctx.viewer
    )
    return Response(201 if created else 200, p.reaction(ctx.world, ctx.urls, reaction))


def create_comment_reaction(ctx: Ctx) -> Response:
    return _react(ctx, ("comment", _comment(ctx).id))


def create_issue_reaction(ctx: Ctx) -> Response:
    return _react(ctx, ("issue", _issue(ctx).number))


def delete_comment_reaction(ctx: Ctx) -> Response:
    comment = _comment(ctx)
    reaction = ctx.repo.reactions.get(int(ctx.params["reaction_id"]))
    if reaction is None or reaction.subject != ("comment", comment.id):
        raise HttpError(404)
    del ctx.repo.reactions[reaction.id]
    return Response(204)


ROUTES = [
    Route("GET", "/issues", "issues/list-for-repo", list_issues),
    Route("POST", "/issues", "issues/create", create_issue),
    Route("GET", "/issues/comments", "issues/list-comments-for-repo", list_repo_comments),
    Route("GET", "/issues/comments/{comment_id}", "issues/get-comment", get_comment),
    Route("PATCH", "/issues/comments/{comment_id}", "issues/update-comment", update_comment),
    Route("DELETE", "/issues/comments/{comment_id}", "issues/delete-comment", delete_comment),
    Route(
        "GET",
        "/issues/comments/{comment_id}/reactions",
        "reactions/list-for-issue-comment",
        list_comment_reactions,
    ),
    Route(
        "POST",
        "/issues/comments/{comment_id}/reactions",
        "reactions/create-for-issue-comment",
        create_comment_reaction,
    ),
    Route(
        "DELETE",
        "/issues/comments/{comment_id}/reactions/{reaction_id}",
        "reactions/delete-for-issue-comment",
        delete_comment_reaction,
    ),
    Route("GET", "/issues/{issue_number}", "issues/get", get_issue),
    Route("PATCH", "/issues/{issue_number}", "issues/update", update_issue),
    Route("GET", "/issues/{issue_number}/comments", "issues/list-comments", list_comments),
    Route("POST", "/issues/{issue_number}/comments", "issues/create-comment", create_comment),
    Route(
        "POST",
        "/issues/{issue_number}/reactions",
        "reactions/create-for-issue",
        create_issue_reaction,
    ),
]
