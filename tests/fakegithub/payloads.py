"""REST JSON shapes for users, repositories and the issue tracker, as GitHub's OpenAPI describes them."""

from __future__ import annotations

import base64
from dataclasses import dataclass
from typing import Any

from tests.fakegithub.records import Comment, Issue, Label, Milestone, Reaction, Repo, User
from tests.fakegithub.tracker import comment_count, reactions_of
from tests.fakegithub.world import World


@dataclass(frozen=True, slots=True)
class Urls:
    """Where the fake serves: ``api`` is the REST root, ``html`` the web host in links."""

    api: str
    html: str

    def repo(self, repo: Repo) -> str:
        return f"{self.api}/repos/{repo.full_name}"


def node_id(kind: str, number: int) -> str:
    """Return a GitHub-style legacy global node id, e.g. ``MDQ6VXNlcjE=`` for User 1."""
    return base64.b64encode(f"0{len(kind)}:{kind}{number}".encode()).decode()


def user(u: Urls, record: User) -> dict[str, Any]:
    base = f"{u.api}/users/{record.login}"
    return {
        "login": record.login,
        "id": record.id,
        "node_id": node_id(record.type, record.id),
        "avatar_url": f"{u.html}/avatars/u/{record.id}?v=4",
        "gravatar_id": "",
        "url": base,
        "html_url": f"{u.html}/{record.login}",
        "followers_url": f"{base}/followers",
        "following_url": f"{base}/following{{/other_user}}",
        "gists_url": f"{base}/gists{{/gist_id}}",
        "starred_url": f"{base}/starred{{/owner}}{{/repo}}",
        "subscriptions_url": f"{base}/subscriptions",
        "organizations_url": f"{base}/orgs",
        "repos_url": f"{base}/repos",
        "events_url": f"{base}/events{{/privacy}}",
        "received_events_url": f"{base}/received_events",
        "type": record.type,
        "user_view_type": "public",
        "site_admin": False,
    }


def login(world: World, u: Urls, name: str) -> dict[str, Any]:
    return user(u, world.user(name))


_REPO_LINKS = {
    "archive_url": "/{archive_format}{/ref}",
    "assignees_url": "/assignees{/user}",
    "blobs_url": "/git/blobs{/sha}",
    "branches_url": "/branches{/branch}",
    "collaborators_url": "/collaborators{/collaborator}",
    "comments_url": "/comments{/number}",
    "commits_url": "/commits{/sha}",
    "compare_url": "/compare/{base}...{head}",
    "contents_url": "/contents/{+path}",
    "contributors_url": "/contributors",
    "deployments_url": "/deployments",
    "downloads_url": "/downloads",
    "events_url": "/events",
    "forks_url": "/forks",
    "git_commits_url": "/git/commits{/sha}",
    "git_refs_url": "/git/refs{/sha}",
    "git_tags_url": "/git/tags{/sha}",
    "hooks_url": "/hooks",
    "issue_comment_url": "/issues/comments{/number}",
    "issue_events_url": "/issues/events{/number}",
    "issues_url": "/issues{/number}",
    "keys_url": "/keys{/key_id}",
    "labels_url": "/labels{/name}",
    "languages_url": "/languages",
    "merges_url": "/merges",
    "milestones_url": "/milestones{/number}",
    "notifications_url": "/notifications{?since,all,participating}",
    "pulls_url": "/pulls{/number}",
    "releases_url": "/releases{/id}",
    "stargazers_url": "/stargazers",
    "statuses_url": "/statuses/{sha}",
    "subscribers_url": "/subscribers",
    "subscription_url": "/subscription",
    "tags_url": "/tags",
    "teams_url": "/teams",
    "trees_url": "/git/trees{/sha}",
}


def minimal_repo(world: World, u: Urls, repo: Repo) -> dict[str, Any]:
    base = u.repo(repo)
    out: dict[str, Any] = {
        "id": repo.id,
        "node_id": node_id("Repository", repo.id),
        "name": repo.name,
        "full_name": repo.full_name,
        "private": repo.private,
        "owner": login(world, u, repo.owner),
        "html_url": f"{u.html}/{repo.full_name}",
        "description": repo.description,
        "fork": repo.parent is not None,
        "url": base,
    }
    out.update({key: base + suffix for key, suffix in _REPO_LINKS.items()})
    return out


def full_repo(world: World, u: Urls, repo: Repo, *, viewer_permission: str) -> dict[str, Any]:
    open_issues = sum(i.state == "open" for i in repo.issues.values())
    size = sum(len(b) for b in repo.git.blobs.values()) // 1024
    host = u.html.split("://", 1)[-1]
    out = minimal_repo(world, u, repo)
    out.update(
        {
            "clone_url": f"{u.html}/{repo.full_name}.git",
            "git_url": f"git://{host}/{repo.full_name}.git",
            "ssh_url": f"git@{host}:{repo.full_name}.git",
            "svn_url": f"{u.html}/{repo.full_name}",
            "mirror_url": None,
            "homepage": None,
            "language": None,
            "forks_count": 0,
            "forks": 0,
            "stargazers_count": 0,
            "watchers_count": 0,
            "watchers": 0,
            "subscribers_count": 1,
            "network_count": 0,
            "size": size,
            "default_branch": repo.default_branch,
            "open_issues_count": open_issues,
            "open_issues": open_issues,
            "is_template": repo.is_template,
            "topics": [],
            "has_issues": True,
            "has_projects": True,
            "has_wiki": True,
            "has_pages": False,
            "has_downloads": True,
            "has_discussions": False,
            "archived": repo.archived,
            "disabled": False,
            "visibility": "private" if repo.private else "public",
            "pushed_at": repo.pushed_at or repo.created_at,
            "created_at": repo.created_at,
            "updated_at": repo.updated_at,
            "permissions": role_flags(viewer_permission),
            "allow_forking": True,
            "web_commit_signoff_required": False,
            "license": None,
        }
    )
    return out


def role_flags(permission: str) -> dict[str, bool]:
    """Return GitHub's ``permissions`` object for a role ("none" gives all False)."""
    order = ["read", "triage", "write", "maintain", "admin"]
    rank = order.index(permission) if permission in order else -1
    keys = ["pull", "triage", "push", "maintain", "admin"]
    return {key: rank >= i for i, key in enumerate(keys)}


def label(u: Urls, repo: Repo, record: Label) -> dict[str, Any]:
    return {
        "id": record.id,
        "node_id": node_id("Label", record.id),
        "url": f"{u.repo(repo)}/labels/{record.name}",
        "name": record.name,
        "color": record.color,
        "default": record.default,
        "description": record.description,
    }


def milestone(world: World, u: Urls, repo: Repo, record: Milestone) -> dict[str, Any]:
    issues = [i for i in repo.issues.values() if i.milestone == record.number]
    return {
        "url": f"{u.repo(repo)}/milestones/{record.number}",
        "html_url": f"{u.html}/{repo.full_name}/milestone/{record.number}",
        "labels_url": f"{u.repo(repo)}/milestones/{record.number}/labels",
        "id": record.id,
        "node_id": node_id("Milestone", record.id),
        "number": record.number,
        "state": record.state,
        "title": record.title,
        "description": record.description,
        "creator": login(world, u, record.creator),
        "open_issues": sum(i.state == "open" for i in issues),
        "closed_issues": sum(i.state == "closed" for i in issues),
        "created_at": record.created_at,
        "updated_at": record.updated_at,
        "closed_at": record.closed_at,
        "due_on": record.due_on,
    }


def reaction_rollup(u: Urls, url: str, reactions: list[Reaction]) -> dict[str, Any]:
    counts = {key: sum(r.content == key for r in reactions) for key in _ROLLUP_KEYS}
    return {"url": f"{url}/reactions", "total_count": len(reactions), **counts}


_ROLLUP_KEYS = ("+1", "-1", "laugh", "confused", "heart", "hooray", "eyes", "rocket")


def issue(world: World, u: Urls, repo: Repo, record: Issue) -> dict[str, Any]:
    url = f"{u.repo(repo)}/issues/{record.number}"
    mile = repo.milestones.get(record.milestone) if record.milestone else None
    assignees = [login(world, u, a) for a in record.assignees]
    out = {
        "id": record.id,
        "node_id": node_id("Issue", record.id),
        "url": url,
        "repository_url": u.repo(repo),
        "labels_url": f"{url}/labels{{/name}}",
        "comments_url": f"{url}/comments",
        "events_url": f"{url}/events",
        "html_url": f"{u.html}/{repo.full_name}/issues/{record.number}",
        "number": record.number,
        "state": record.state,
        "state_reason": record.state_reason,
        "title": record.title,
        "body": record.body,
        "user": login(world, u, record.user),
        "labels": [label(u, repo, repo.labels[n.lower()]) for n in record.labels],
        "assignee": assignees[0] if assignees else None,
        "assignees": assignees,
        "milestone": milestone(world, u, repo, mile) if mile else None,
        "locked": record.locked,
        "active_lock_reason": None,
        "comments": comment_count(repo, record.number),
        "closed_at": record.closed_at,
        "created_at": record.created_at,
        "updated_at": record.updated_at,
        "closed_by": login(world, u, record.closed_by) if record.closed_by else None,
        "author_association": association(world, repo, record.user),
        "reactions": reaction_rollup(u, url, reactions_of(repo, ("issue", record.number))),
        "timeline_url": f"{url}/timeline",
        "performed_via_github_app": None,
    }
    return out


def comment(world: World, u: Urls, repo: Repo, record: Comment) -> dict[str, Any]:
    url = f"{u.repo(repo)}/issues/comments/{record.id}"
    html = f"{u.html}/{repo.full_name}/issues/{record.issue_number}#issuecomment-{record.id}"
    return {
        "id": record.id,
        "node_id": node_id("IssueComment", record.id),
        "url": url,
        "html_url": html,
        "body": record.body,
        "user": login(world, u, record.user),
        "created_at": record.created_at,
        "updated_at": record.updated_at,
        "issue_url": f"{u.repo(repo)}/issues/{record.issue_number}",
        "author_association": association(world, repo, record.user),
        "performed_via_github_app": None,
        "reactions": reaction_rollup(u, url, reactions_of(repo, ("comment", record.id))),
    }


def reaction(world: World, u: Urls, record: Reaction) -> dict[str, Any]:
    return {
        "id": record.id,
        "node_id": node_id("Reaction", record.id),
        "user": login(world, u, record.user),
        "content": record.content,
        "created_at": record.created_at,
    }


def association(world: World, repo: Repo, name: str) -> str:
    """Return GitHub's ``author_association`` of a user to a repository."""
    if name.lower() == repo.owner.lower():
        return "OWNER"
    if name.lower() in repo.collaborators:
        return "COLLABORATOR"
    return "NONE"
