"""REST operations on pull requests (same-repository heads only): list, create, get, update.

What GitHub does and the fake follows (https://docs.github.com/rest/pulls/pulls):
- ``GET /pulls`` lists open ones by default (``state=open|closed|all``), newest first;
  ``head=owner:branch`` and ``base=branch`` filter.
- ``POST /pulls`` answers 422 "Validation Failed" when ``head`` or ``base`` is missing or no
  branch, when there are no commits between them, and when an open pull request from the same
  head into the same base exists ("A pull request already exists for owner:branch.").
- Issues and pull requests share one number sequence. (Unlike GitHub, the fake's issue
  listings do not include pull requests.)
- Merging is a test-side action: ``world.merge_pull``.
"""

from __future__ import annotations

from typing import Any

from tests.fakegithub import payloads as p
from tests.fakegithub.payloads import Urls
from tests.fakegithub.protocol import HttpError, Response, invalid
from tests.fakegithub.records import PullRequest, Repo
from tests.fakegithub.rest_router import Ctx, Route, paginate
from tests.fakegithub.world import World

_STATES = ("open", "closed", "all")


def _pull(ctx: Ctx, *, full: bool, record: PullRequest) -> dict[str, Any]:
    return pull_payload(ctx.world, ctx.urls, ctx.repo, record, viewer=ctx.viewer, full=full)


def pull_payload(
    world: World,
    u: Urls,
    repo: Repo,
    record: PullRequest,
    *,
    viewer: str | None = None,
    full: bool = True,
) -> dict[str, Any]:
    """The ``pull-request`` shape (``full``) or the ``pull-request-simple`` one of listings."""
    base_url = u.repo(repo)
    url = f"{base_url}/pulls/{record.number}"
    html = f"{u.html}/{repo.full_name}/pull/{record.number}"
    issue_url = f"{base_url}/issues/{record.number}"
    head_sha = repo.refs.get(f"refs/heads/{record.head}") or record.merge_commit_sha or "0" * 40
    out: dict[str, Any] = {
        "url": url,
        "id": record.id,
        "node_id": p.node_id("PullRequest", record.id),
        "html_url": html,
        "diff_url": f"{html}.diff",
        "patch_url": f"{html}.patch",
        "issue_url": issue_url,
        "commits_url": f"{url}/commits",
        "review_comments_url": f"{url}/comments",
        "review_comment_url": f"{base_url}/pulls/comments{{/number}}",
        "comments_url": f"{issue_url}/comments",
        "statuses_url": f"{base_url}/statuses/{head_sha}",
        "number": record.number,
        "state": record.state,
        "locked": False,
        "title": record.title,
        "user": p.login(world, u, record.user),
        "body": record.body,
        "labels": [],
        "milestone": None,
        "active_lock_reason": None,
        "created_at": record.created_at,
        "updated_at": record.updated_at,
        "closed_at": record.closed_at,
        "merged_at": record.merged_at,
        "merge_commit_sha": record.merge_commit_sha,
        "assignee": None,
        "assignees": [],
        "requested_reviewers": [],
        "requested_teams": [],
        "head": _end(world, u, repo, viewer, record.head, head_sha),
        "base": _end(
            world, u, repo, viewer, record.base, repo.refs.get(f"refs/heads/{record.base}", "")
        ),
        "_links": {
            name: {"href": href}
            for name, href in (
                ("self", url),
                ("html", html),
                ("issue", issue_url),
                ("comments", f"{issue_url}/comments"),
                ("review_comments", f"{url}/comments"),
                ("review_comment", f"{base_url}/pulls/comments{{/number}}"),
                ("commits", f"{url}/commits"),
                ("statuses", f"{base_url}/statuses/{head_sha}"),
            )
        },
        "author_association": p.association(world, repo, record.user),
        "auto_merge": None,
        "draft": False,
    }
    if full:
        out.update(
            {
                "merged": record.merged_at is not None,
                "mergeable": None,
                "rebaseable": None,
                "mergeable_state": "unknown",
                "merged_by": p.login(world, u, record.merged_by) if record.merged_by else None,
                "comments": 0,
                "review_comments": 0,
                "maintainer_can_modify": False,
                "commits": 1,
                "additions": 0,
                "deletions": 0,
                "changed_files": 0,
            }
        )
    return out


def _end(
    world: World, u: Urls, repo: Repo, viewer: str | None, branch: str, sha: str
) -> dict[str, Any]:
    role = (world.permission(repo, viewer) if viewer else None) or "read"
    return {
        "label": f"{repo.owner}:{branch}",
        "ref": branch,
        "sha": sha,
        "user": p.login(world, u, repo.owner),
        "repo": p.full_repo(world, u, repo, viewer_permission=role),
    }


def _branch_of(repo: Repo, head: str) -> str:
    """``owner:branch`` or ``branch`` → the branch (heads in other repositories: not modelled)."""
    owner, sep, branch = head.partition(":")
    if not sep:
        return head
    return branch if owner.lower() == repo.owner.lower() else f"\0{head}"  # never a branch


def list_pulls(ctx: Ctx) -> Response:
    q, repo = ctx.req.query, ctx.repo
    state = q.get("state", "open")
    if state not in _STATES:
        raise invalid("PullRequest", "state", value=state)
    found = [r for r in repo.pulls.values() if state in ("all", r.state)]
    head = q.get("head") or ""
    if ":" in head:  # GitHub ignores a head filter without the owner: part
        found = [r for r in found if r.head == _branch_of(repo, head)]
    if base := q.get("base"):
        found = [r for r in found if r.base == base]
    found.sort(key=lambda r: r.number, reverse=q.get("direction", "desc") != "asc")
    return paginate(ctx, [_pull(ctx, full=False, record=r) for r in found])


def create_pull(ctx: Ctx) -> Response:
    body, repo = ctx.req.fields(), ctx.repo
    for name in ("head", "base"):
        if not isinstance(body.get(name), str) or not body[name]:
            raise invalid("PullRequest", name, "missing_field")
    title = body.get("title")
    if not isinstance(title, str) or not title.strip():
        raise invalid("PullRequest", "title", "missing_field")
    head, base = _branch_of(repo, body["head"]), str(body["base"])
    base_sha = repo.refs.get(f"refs/heads/{base}")
    if base_sha is None:
        raise invalid("PullRequest", "base", "invalid")
    head_sha = repo.refs.get(f"refs/heads/{head}")
    if head_sha is None:
        raise invalid("PullRequest", "head", "invalid")
    for other in repo.pulls.values():
        if other.state == "open" and other.head == head and other.base == base:
            message = f"A pull request already exists for {repo.owner}:{head}."
            raise HttpError(
                422, "Validation Failed", errors=[_custom(message)], documentation_url=_DOCS
            )
    if repo.git.is_ancestor(head_sha, base_sha):
        message = f"No commits between {base} and {head}"
        raise HttpError(
            422, "Validation Failed", errors=[_custom(message)], documentation_url=_DOCS
        )
    now = ctx.world.now()
    text = body.get("body")
    record = PullRequest(
        ctx.world.new_id(),
        repo.next_number,
        title,
        text if isinstance(text, str) else None,
        ctx.viewer,
        head,
        base,
        now,
        now,
    )
    repo.next_number += 1
    repo.pulls[record.number] = record
    ctx.world.user(ctx.viewer)
    payload = _pull(ctx, full=True, record=record)
    return Response(201, payload, {"location": payload["url"]})


_DOCS = "https://docs.github.com/rest/pulls/pulls#create-a-pull-request"


def _custom(message: str) -> dict[str, str]:
    return {"resource": "PullRequest", "code": "custom", "message": message}


def _find(ctx: Ctx) -> PullRequest:
    raw = ctx.params["pull_number"]
    record = ctx.repo.pulls.get(int(raw)) if raw.isdigit() else None
    if record is None:
        raise HttpError(404)
    return record


def get_pull(ctx: Ctx) -> Response:
    return Response(200, _pull(ctx, full=True, record=_find(ctx)))


def update_pull(ctx: Ctx) -> Response:
    body, record, repo = ctx.req.fields(), _find(ctx), ctx.repo
    state = body.get("state")
    if state is not None and state not in ("open", "closed"):
        raise invalid("PullRequest", "state", value=state)
    if "base" in body and f"refs/heads/{body['base']}" not in repo.refs:
        raise invalid("PullRequest", "base", "invalid")
    gone = record.merged_at is not None or f"refs/heads/{record.head}" not in repo.refs
    if state == "open" and record.state == "closed" and gone:
        raise HttpError(422, "Validation Failed", errors=[_custom("state cannot be changed.")])
    now = ctx.world.now()
    if isinstance(body.get("title"), str):
        record.title = body["title"]
    if "body" in body:
        record.body = body["body"] if isinstance(body["body"], str) else None
    if "base" in body:
        record.base = str(body["base"])
    if state is not None and state != record.state:
        record.state = state
        record.closed_at = now if state == "closed" else None
    record.updated_at = now
    return Response(200, _pull(ctx, full=True, record=record))


ROUTES = [
    Route("GET", "/pulls", "pulls/list", list_pulls),
    Route("POST", "/pulls", "pulls/create", create_pull),
    Route("GET", "/pulls/{pull_number}", "pulls/get", get_pull),
    Route("PATCH", "/pulls/{pull_number}", "pulls/update", update_pull),
]
