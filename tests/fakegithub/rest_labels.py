"""REST operations on labels (repo and issue) and milestones."""

from __future__ import annotations

import re

from tests.fakegithub import payloads as p
from tests.fakegithub import tracker
from tests.fakegithub.protocol import HttpError, Response, invalid
from tests.fakegithub.rest_router import Ctx, Route, paginate

_COLOR = re.compile(r"^#?[0-9a-fA-F]{6}$")


def list_labels(ctx: Ctx) -> Response:
    labels = sorted(ctx.repo.labels.values(), key=lambda label: label.name.lower())
    return paginate(ctx, [p.label(ctx.urls, ctx.repo, label) for label in labels])


def create_label(ctx: Ctx) -> Response:
    body = ctx.req.fields()
    name, color = body.get("name"), body.get("color", "ededed")
    if not isinstance(name, str) or not name:
        raise invalid("Label", "name", "missing_field")
    if not isinstance(color, str) or not _COLOR.match(color):
        raise invalid("Label", "color", value=color)
    try:
        label = tracker.create_label(
            ctx.world, ctx.repo, name=name, color=color, description=body.get("description")
        )
    except tracker.Conflict as exc:
        raise invalid("Label", "name", "already_exists") from exc
    payload = p.label(ctx.urls, ctx.repo, label)
    return Response(201, payload, {"location": payload["url"]})


def add_labels(ctx: Ctx) -> Response:
    try:
        issue = ctx.repo.issues[int(ctx.params["issue_number"])]
    except (KeyError, ValueError) as exc:
        raise HttpError(404) from exc
    data = ctx.req.json()
    names = data.get("labels") if isinstance(data, dict) else data
    if not isinstance(names, list) or not names:
        raise invalid("Label", "labels", "missing_field")
    for raw in names:
        name = raw["name"] if isinstance(raw, dict) else str(raw)
        label = tracker.ensure_label(ctx.world, ctx.repo, name)
        if label.name not in issue.labels:
            issue.labels.append(label.name)
    issue.updated_at = ctx.world.now()
    labels = [ctx.repo.labels[n.lower()] for n in issue.labels]
    return Response(200, [p.label(ctx.urls, ctx.repo, label) for label in labels])


def list_milestones(ctx: Ctx) -> Response:
    state = ctx.req.query.get("state", "open")
    if state not in ("open", "closed", "all"):
        raise invalid("Milestone", "state", value=state)
    chosen = [m for m in ctx.repo.milestones.values() if state in ("all", m.state)]
    sort = ctx.req.query.get("sort", "due_on")
    chosen.sort(key=lambda m: (m.due_on or "9999", m.number) if sort == "due_on" else m.number)
    if ctx.req.query.get("direction", "asc") == "desc":
        chosen.reverse()
    return paginate(ctx, [p.milestone(ctx.world, ctx.urls, ctx.repo, m) for m in chosen])


def create_milestone(ctx: Ctx) -> Response:
    body = ctx.req.fields()
    title = body.get("title")
    if not isinstance(title, str) or not title:
        raise invalid("Milestone", "title", "missing_field")
    if body.get("state", "open") not in ("open", "closed"):
        raise invalid("Milestone", "state", value=body["state"])
    try:
        milestone = tracker.create_milestone(
            ctx.world,
            ctx.repo,
            title=title,
            creator=ctx.viewer,
            state=body.get("state", "open"),
            description=body.get("description"),
            due_on=body.get("due_on"),
        )
    except tracker.Conflict as exc:
        raise invalid("Milestone", "title", "already_exists") from exc
    payload = p.milestone(ctx.world, ctx.urls, ctx.repo, milestone)
    return Response(201, payload, {"location": payload["url"]})


ROUTES = [
    Route("GET", "/labels", "issues/list-labels-for-repo", list_labels),
    Route("POST", "/labels", "issues/create-label", create_label),
    Route("POST", "/issues/{issue_number}/labels", "issues/add-labels", add_labels),
    Route("GET", "/milestones", "issues/list-milestones", list_milestones),
    Route("POST", "/milestones", "issues/create-milestone", create_milestone),
]
