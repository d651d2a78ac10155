"""REST operations on repositories, commits, statuses, checks, Actions runs, users and rate limits."""

from __future__ import annotations

from tests.fakegithub import payloads as p
from tests.fakegithub import payloads_ci as pc
from tests.fakegithub import payloads_git as pg
from tests.fakegithub.protocol import HttpError, Response, invalid
from tests.fakegithub.records import Status
from tests.fakegithub.rest_router import Ctx, Route, paginate
from tests.fakegithub.world import resolve_commitish


def get_repo(ctx: Ctx) -> Response:
    role = ctx.world.permission(ctx.repo, ctx.viewer) or "read"
    return Response(200, p.full_repo(ctx.world, ctx.urls, ctx.repo, viewer_permission=role))


def collaborator_permission(ctx: Ctx) -> Response:
    """Legacy permission + role of a user.

    GitHub maps maintain→write and triage→read in ``permission``; a user who is no collaborator
    still gets 200 (``read`` on a public repository: everyone can read it, ``none`` on a private
    one); a login that is no GitHub user gets 404.
    https://docs.github.com/rest/collaborators/collaborators#get-repository-permissions-for-a-user
    """
    login = ctx.params["username"]
    user = ctx.world.users.get(login.lower())
    if user is None:
        raise HttpError(404)
    role = ctx.world.permission(ctx.repo, login) or ("none" if ctx.repo.private else "read")
    legacy = {"maintain": "write", "triage": "read"}.get(role, role)
    collaborator = p.user(ctx.urls, user) | {
        "permissions": p.role_flags(role),
        "role_name": role,
    }
    return Response(200, {"permission": legacy, "role_name": role, "user": collaborator})


def check_collaborator(ctx: Ctx) -> Response:
    if ctx.world.permission(ctx.repo, ctx.params["username"]) is None:
        raise HttpError(404)
    return Response(204)


def _commit_sha(ctx: Ctx, name: str = "ref") -> str:
    if ctx.repo.empty:
        raise HttpError(409, "Git Repository is empty.")
    sha = resolve_commitish(ctx.repo, ctx.params[name])
    if sha is None:
        raise HttpError(422, f"No commit found for SHA: {ctx.params[name]}")
    return sha


def get_branch(ctx: Ctx) -> Response:
    name = ctx.params["branch"]
    sha = ctx.repo.refs.get(f"refs/heads/{name}")
    if sha is None:
        raise HttpError(404, "Branch not found")
    return Response(200, pg.branch(ctx.world, ctx.urls, ctx.repo, name, sha))


def get_commit(ctx: Ctx) -> Response:
    return Response(200, pg.commit(ctx.world, ctx.urls, ctx.repo, _commit_sha(ctx)))


def _statuses(ctx: Ctx, sha: str) -> list[Status]:
    """Statuses of a commit, newest first."""
    return sorted((s for s in ctx.repo.statuses if s.sha == sha), key=lambda s: -s.id)


def combined_status(ctx: Ctx) -> Response:
    sha = _commit_sha(ctx)
    latest: dict[str, Status] = {}
    for status in _statuses(ctx, sha):
        latest.setdefault(status.context, status)
    chosen = list(latest.values())
    body = {
        "state": pc.combined_state([s.state for s in chosen]),
        "sha": sha,
        "total_count": len(chosen),
        "statuses": [pc.status(ctx.world, ctx.urls, ctx.repo, s, creator=False) for s in chosen],
        "repository": p.minimal_repo(ctx.world, ctx.urls, ctx.repo),
        "commit_url": f"{ctx.urls.repo(ctx.repo)}/commits/{sha}",
        "url": f"{ctx.urls.repo(ctx.repo)}/commits/{sha}/status",
    }
    return Response(200, body)


def list_statuses(ctx: Ctx) -> Response:
    chosen = _statuses(ctx, _commit_sha(ctx))
    return paginate(ctx, [pc.status(ctx.world, ctx.urls, ctx.repo, s) for s in chosen])


def list_check_runs(ctx: Ctx) -> Response:
    sha = _commit_sha(ctx)
    runs = [r for r in ctx.repo.check_runs if r.sha == sha]
    if name := ctx.req.query.get("check_name"):
        runs = [r for r in runs if r.name == name]
    if status := ctx.req.query.get("status"):
        runs = [r for r in runs if r.status == status]
    body = [pc.check_run(ctx.urls, ctx.repo, r) for r in reversed(runs)]
    return paginate(ctx, body, wrap="check_runs")


def list_check_suites(ctx: Ctx) -> Response:
    sha = _commit_sha(ctx)
    suites = [pc.check_suite(ctx.world, ctx.urls, ctx.repo, r) for r in ctx.repo.check_runs]
    return paginate(ctx, [s for s in suites if s["head_sha"] == sha], wrap="check_suites")


def _runs(ctx: Ctx, workflow_id: int | None) -> Response:
    q = ctx.req.query
    runs = [r for r in ctx.repo.workflow_runs if workflow_id in (None, r.workflow_id)]
    for key, attr in (("branch", "head_branch"), ("event", "event"), ("head_sha", "head_sha")):
        if key in q:
            runs = [r for r in runs if getattr(r, attr) == q[key]]
    if status := q.get("status"):
        runs = [r for r in runs if status in (r.status, r.conclusion)]
    body = [pc.workflow_run(ctx.world, ctx.urls, ctx.repo, r) for r in reversed(runs)]
    return paginate(ctx, body, wrap="workflow_runs")


def _workflow_id(ctx: Ctx) -> int:
    raw = ctx.params["workflow_id"]
    ids = ctx.repo.workflows
    if raw in ids:
        return ids[raw]
    if raw.isdigit() and int(raw) in ids.values():
        return int(raw)
    raise HttpError(404)


def list_repo_runs(ctx: Ctx) -> Response:
    return _runs(ctx, None)


def list_workflow_runs(ctx: Ctx) -> Response:
    return _runs(ctx, _workflow_id(ctx))


def get_run(ctx: Ctx) -> Response:
    run_id = int(ctx.params["run_id"]) if ctx.params["run_id"].isdigit() else -1
    for run in ctx.repo.workflow_runs:
        if run.id == run_id:
            return Response(200, pc.workflow_run(ctx.world, ctx.urls, ctx.repo, run))
    raise HttpError(404)


def dispatch_workflow(ctx: Ctx) -> Response:
    body = ctx.req.fields()
    ref = body.get("ref")
    if not isinstance(ref, str) or not ref:
        raise invalid("WorkflowDispatch", "ref", "missing_field")
    workflow_id = _workflow_id(ctx)
    name = next(n for n, i in ctx.repo.workflows.items() if i == workflow_id)
    sha = resolve_commitish(ctx.repo, ref)
    if sha is None:
        raise HttpError(422, f"No ref found for: {ref}")
    ctx.world.add_workflow_run(
        ctx.repo.full_name,
        workflow=name,
        sha=sha,
        status="queued",
        conclusion=None,
        event="workflow_dispatch",
    )
    return Response(204)


def rate_limit(ctx: Ctx) -> Response:
    return Response(200, ctx.rate.overview())


def get_viewer(ctx: Ctx) -> Response:
    if ctx.viewer.endswith("[bot]"):  # an installation token (GITHUB_TOKEN): GitHub refuses
        docs = "https://docs.github.com/rest/users/users#get-the-authenticated-user"
        raise HttpError(403, "Resource not accessible by integration", documentation_url=docs)
    return Response(200, _user_payload(ctx, ctx.viewer))


def get_user(ctx: Ctx) -> Response:
    if ctx.params["username"].lower() not in ctx.world.users:
        raise HttpError(404)
    return Response(200, _user_payload(ctx, ctx.params["username"]))


def _user_payload(ctx: Ctx, login: str) -> dict:
    """The public-user shape (what GitHub shows of any account)."""
    user = ctx.world.user(login)
    profile = dict.fromkeys(("name", "company", "blog", "location", "email", "hireable", "bio"))
    counts = dict.fromkeys(("public_repos", "public_gists", "followers", "following"), 0)
    stamps = {"created_at": "2020-01-01T00:00:00Z", "updated_at": "2020-01-01T00:00:00Z"}
    return p.user(ctx.urls, user) | profile | {"blog": ""} | counts | stamps


ROUTES = [
    Route("GET", "", "repos/get", get_repo),
    Route(
        "GET",
        "/collaborators/{username}/permission",
        "repos/get-collaborator-permission-level",
        collaborator_permission,
    ),
    Route("GET", "/collaborators/{username}", "repos/check-collaborator", check_collaborator),
    Route("GET", "/branches/{branch+}", "repos/get-branch", get_branch),
    Route("GET", "/commits/{ref+}/status", "repos/get-combined-status-for-ref", combined_status),
    Route("GET", "/commits/{ref+}/statuses", "repos/list-commit-statuses-for-ref", list_statuses),
    Route("GET", "/commits/{ref+}/check-runs", "checks/list-for-ref", list_check_runs),
    Route("GET", "/commits/{ref+}/check-suites", "checks/list-suites-for-ref", list_check_suites),
    Route("GET", "/commits/{ref+}", "repos/get-commit", get_commit),
    # PyGithub's Commit.get_statuses() uses this legacy path for the same list
    Route("GET", "/statuses/{ref+}", "repos/list-commit-statuses-for-ref", list_statuses),
    Route("GET", "/actions/runs", "actions/list-workflow-runs-for-repo", list_repo_runs),
    Route("GET", "/actions/runs/{run_id}", "actions/get-workflow-run", get_run),
    Route(
        "GET",
        "/actions/workflows/{workflow_id}/runs",
        "actions/list-workflow-runs",
        list_workflow_runs,
    ),
    Route(
        "POST",
        "/actions/workflows/{workflow_id}/dispatches",
        "actions/create-workflow-dispatch",
        dispatch_workflow,
    ),
    Route("GET", "/rate_limit", "rate-limit/get", rate_limit, in_repo=False),
    Route("GET", "/user", "users/get-authenticated", get_viewer, in_repo=False),
    Route("GET", "/users/{username}", "users/get-by-username", get_user, in_repo=False),
]
