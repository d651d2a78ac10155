"""REST JSON shapes for CI results: commit statuses, check runs and suites, Actions runs."""

from __future__ import annotations

from typing import Any

from tests.fakegithub.gitstore import CommitObject
from tests.fakegithub.payloads import Urls, login, minimal_repo, node_id, user
from tests.fakegithub.records import CheckRun, Repo, Status, User, WorkflowRun
from tests.fakegithub.world import World


def status(world: World, u: Urls, repo: Repo, record: Status, *, creator: bool = True) -> dict:
    out: dict[str, Any] = {
        "url": f"{u.repo(repo)}/statuses/{record.sha}",
        "avatar_url": None,
        "id": record.id,
        "node_id": node_id("StatusContext", record.id),
        "state": record.state,
        "description": record.description,
        "target_url": record.target_url,
        "context": record.context,
        "created_at": record.created_at,
        "updated_at": record.created_at,
    }
    if creator:
        out["creator"] = login(world, u, record.creator)
    return out


def combined_state(states: list[str]) -> str:
    """GitHub's combined state: failure if any error/failure, pending if any pending or none."""
    if any(s in ("error", "failure") for s in states):
        return "failure"
    if not states or any(s == "pending" for s in states):
        return "pending"
    return "success"


_GITHUB_ORG = User(9919, "github", "Organization")


def _app(u: Urls) -> dict[str, Any]:
    return {
        "id": 15368,
        "slug": "github-actions",
        "node_id": node_id("App", 15368),
        "owner": user(u, _GITHUB_ORG),
        "name": "GitHub Actions",
        "description": "Automate your workflow from idea to production",
        "external_url": "https://help.github.com/en/actions",
        "html_url": f"{u.html}/apps/github-actions",
        "created_at": "2018-07-30T09:30:17Z",
        "updated_at": "2019-12-10T19:04:12Z",
        "permissions": {"checks": "write", "contents": "write", "issues": "write"},
        "events": ["check_run", "check_suite", "push"],
    }


def check_run(u: Urls, repo: Repo, record: CheckRun) -> dict[str, Any]:
    url = f"{u.repo(repo)}/check-runs/{record.id}"
    return {
        "id": record.id,
        "node_id": node_id("CheckRun", record.id),
        "head_sha": record.sha,
        "external_id": "",
        "url": url,
        "html_url": f"{u.html}/{repo.full_name}/runs/{record.id}",
        "details_url": f"{u.html}/{repo.full_name}/runs/{record.id}",
        "status": record.status,
        "conclusion": record.conclusion,
        "started_at": record.started_at,
        "completed_at": record.completed_at,
        "output": {
            "title": None,
            "summary": None,
            "text": None,
            "annotations_count": 0,
            "annotations_url": f"{url}/annotations",
        },
        "name": record.name,
        "check_suite": {"id": record.suite_id},
        "app": _app(u),
        "pull_requests": [],
    }


def check_suite(world: World, u: Urls, repo: Repo, record: CheckRun) -> dict[str, Any]:
    head = repo.git.commits.get(record.sha)
    return {
        "id": record.suite_id,
        "node_id": node_id("CheckSuite", record.suite_id),
        "head_branch": repo.default_branch,
        "head_sha": record.sha,
        "status": record.status,
        "conclusion": record.conclusion,
        "url": f"{u.repo(repo)}/check-suites/{record.suite_id}",
        "before": None,
        "after": record.sha,
        "pull_requests": [],
        "app": _app(u),
        "repository": minimal_repo(world, u, repo),
        "created_at": record.started_at,
        "updated_at": record.completed_at or record.started_at,
        "head_commit": _simple_commit(record.sha, head),
        "latest_check_runs_count": 1,
        "check_runs_url": f"{u.repo(repo)}/check-suites/{record.suite_id}/check-runs",
    }


def _simple_commit(sha: str, record: CommitObject | None) -> dict[str, Any] | None:
    if record is None:
        return None
    return {
        "id": sha,
        "tree_id": record.tree,
        "message": record.message,
        "timestamp": record.committer.date,
        "author": {"name": record.author.name, "email": record.author.email},
        "committer": {"name": record.committer.name, "email": record.committer.email},
    }


def workflow_run(world: World, u: Urls, repo: Repo, run: WorkflowRun) -> dict[str, Any]:
    base = f"{u.repo(repo)}/actions/runs/{run.id}"
    mini = minimal_repo(world, u, repo)
    return {
        "id": run.id,
        "name": run.name,
        "node_id": node_id("WorkflowRun", run.id),
        "check_suite_id": run.check_suite_id,
        "check_suite_node_id": node_id("CheckSuite", run.check_suite_id),
        "head_branch": run.head_branch,
        "head_sha": run.head_sha,
        "path": run.path,
        "run_number": run.run_number,
        "run_attempt": 1,
        "event": run.event,
        "display_title": run.name,
        "status": run.status,
        "conclusion": run.conclusion,
        "workflow_id": run.workflow_id,
        "url": base,
        "html_url": f"{u.html}/{repo.full_name}/actions/runs/{run.id}",
        "pull_requests": [],
        "created_at": run.created_at,
        "updated_at": run.updated_at,
        "run_started_at": run.created_at,
        "jobs_url": f"{base}/jobs",
        "logs_url": f"{base}/logs",
        "check_suite_url": f"{u.repo(repo)}/check-suites/{run.check_suite_id}",
        "artifacts_url": f"{base}/artifacts",
        "cancel_url": f"{base}/cancel",
        "rerun_url": f"{base}/rerun",
        "workflow_url": f"{u.repo(repo)}/actions/workflows/{run.workflow_id}",
        "head_commit": _simple_commit(run.head_sha, repo.git.commits.get(run.head_sha)),
        "repository": mini,
        "head_repository": mini,
    }
