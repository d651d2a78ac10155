"""GraphQL objects over the world: lazy dicts whose callables are field resolvers."""

from __future__ import annotations

import base64
from typing import Any

from tests.fakegithub.graphql_connection import connection
from tests.fakegithub.graphql_issues import IssueGraph
from tests.fakegithub.payloads import Urls, node_id
from tests.fakegithub.records import Repo
from tests.fakegithub.world import World, resolve_commitish

Node = dict[str, Any]


class RepoGraph:
    """Builds the GraphQL view of one repository."""

    def __init__(self, world: World, urls: Urls, repo: Repo) -> None:
        self.world, self.urls, self.repo = world, urls, repo
        self.html = f"{urls.html}/{repo.full_name}"

    def repository(self) -> Node:
        repo, head = self.repo, self.repo.head()
        owner = self.world.user(repo.owner)
        return {
            "__typename": "Repository",
            "id": node_id("Repository", repo.id),
            "databaseId": repo.id,
            "name": repo.name,
            "nameWithOwner": repo.full_name,
            "owner": {
                "__typename": "Organization" if owner.type == "Organization" else "User",
                "id": node_id(owner.type, owner.id),
                "login": owner.login,
                "url": f"{self.urls.html}/{owner.login}",
            },
            "description": repo.description,
            "url": self.html,
            "homepageUrl": None,
            "isPrivate": repo.private,
            "isArchived": repo.archived,
            "isEmpty": repo.empty,
            "isFork": repo.parent is not None,
            "parent": lambda info: self._related(repo.parent),
            "templateRepository": lambda info: self._related(repo.template),
            "isDisabled": False,
            "isLocked": False,
            "isMirror": False,
            "isTemplate": repo.is_template,
            "visibility": "PRIVATE" if repo.private else "PUBLIC",
            "createdAt": repo.created_at,
            "updatedAt": repo.updated_at,
            "pushedAt": repo.pushed_at,
            "stargazerCount": 0,
            "forkCount": 0,
            "primaryLanguage": None,
            "defaultBranchRef": self.ref(f"refs/heads/{repo.default_branch}") if head else None,
            "ref": lambda info, qualifiedName: self.ref(_qualify(qualifiedName)),
            "object": lambda info, expression=None, oid=None: self.object(expression, oid),
            **IssueGraph(self.world, self.urls, repo, self.repository).fields(),
        }

    def _related(self, repo_id: int | None) -> Node | None:
        """A fork's parent or a generated repo's template, as the viewer may see it (GitHub
        answers null for one the viewer cannot read)."""
        other = self.world.repos_by_id.get(repo_id) if repo_id is not None else None
        if other is None or not other.visible or other.blocked:
            return None
        return RepoGraph(self.world, self.urls, other).repository()

    def ref(self, name: str) -> Node | None:
        sha = self.repo.refs.get(name)
        if sha is None:
            return None
        prefix, _, short = name.rpartition("/") if name.count("/") == 2 else (name, "", name)
        return {
            "__typename": "Ref",
            "id": node_id("Ref", abs(hash((self.repo.id, name))) % 10**9),
            "name": short,
            "prefix": prefix + "/",
            "target": lambda info: self.node(sha),
        }

    def object(self, expression: str | None, oid: str | None) -> Node | None:
        if oid is not None:
            return self.node(oid) if self.repo.git.kind(oid) else None
        if expression is None:
            return None
        rev, colon, path = expression.partition(":")
        sha = resolve_commitish(self.repo, rev or "HEAD")
        if sha is None:
            return None
        if not colon:
            return self.commit(sha)
        entry = self.repo.git.lookup(self.repo.git.commits[sha].tree, path)
        return self.node(entry.sha, path.strip("/")) if entry else None

    def node(self, sha: str, path: str = "") -> Node | None:
        kind = self.repo.git.kind(sha)
        if kind == "commit":
            return self.commit(sha)
        if kind == "tree":
            return self.tree(sha, path)
        return self.blob(sha) if kind == "blob" else None

    def _common(self, typename: str, sha: str) -> Node:
        return {
            "__typename": typename,
            "id": node_id(typename, int(sha[:8], 16)),
            "oid": sha,
            "abbreviatedOid": sha[:7],
            "repository": lambda info: self.repository(),
        }

    def blob(self, sha: str) -> Node:
        data = self.repo.git.blobs[sha]
        binary = _is_binary(data)
        text = None if binary else data.decode("utf-8")
        return self._common("Blob", sha) | {
            "byteSize": len(data),
            "isBinary": binary,
            "isTruncated": False,
            "text": text,
            "commitUrl": f"{self.html}/blob/{sha}",
        }

    def tree(self, sha: str, path: str = "") -> Node:
        return self._common("Tree", sha) | {
            "commitUrl": f"{self.html}/tree/{sha}",
            "entries": lambda info: [self.entry(e, path) for e in self.repo.git.trees[sha]],
        }

    def entry(self, entry: Any, parent: str) -> Node:
        path = f"{parent}/{entry.name}" if parent else entry.name
        data = self.repo.git.blobs.get(entry.sha) if entry.type == "blob" else None
        lines = _line_count(data) if data is not None and not _is_binary(data) else None
        return {
            "__typename": "TreeEntry",
            "name": entry.name,
            "path": path,
            "nameRaw": base64.b64encode(entry.name.encode()).decode(),
            "pathRaw": base64.b64encode(path.encode()).decode(),
            "type": entry.type,
            "mode": int(entry.mode, 8),
            "oid": entry.sha,
            "size": len(data) if data is not None else 0,
            "extension": ("." + entry.name.rsplit(".", 1)[1]) if "." in entry.name else None,
            "isGenerated": False,
            "language": None,
            "lineCount": lines,
            "submodule": None,
            "object": lambda info: self.node(entry.sha, path),
        }

    def commit(self, sha: str) -> Node:
        record = self.repo.git.commits[sha]
        headline, _, rest = record.message.partition("\n")
        return self._common("Commit", sha) | {
            "message": record.message,
            "messageHeadline": headline,
            "messageBody": rest.strip("\n"),
            "committedDate": record.committer.date,
            "authoredDate": record.author.date,
            "pushedDate": None,
            "url": f"{self.html}/commit/{sha}",
            "commitUrl": f"{self.html}/commit/{sha}",
            "treeUrl": f"{self.html}/tree/{sha}",
            "tree": lambda info: self.tree(record.tree),
            "author": self._actor(record.author),
            "committer": self._actor(record.committer),
            "additions": 0,
            "deletions": 0,
            "changedFilesIfAvailable": 0,
            "parents": lambda info, **page: connection(record.parents, self.commit, **page),
            "history": lambda info, path=None, **page: connection(
                self._history(sha, path), self.commit, **_page(page)
            ),
            "status": lambda info: self._status(sha),
            "statusCheckRollup": lambda info: self._rollup(sha),
        }

    def _actor(self, sig: Any) -> Node:
        user = self.world.users.get(sig.name.lower())
        return {
            "name": sig.name,
            "email": sig.email,
            "date": sig.date,
            "user": {"__typename": "User", "login": user.login} if user else None,
        }

    def _history(self, head: str, path: str | None) -> list[str]:
        shas = self.repo.git.history(head)
        if not path:
            return shas
        git = self.repo.git

        def at(sha: str | None) -> str | None:
            entry = git.lookup(git.commits[sha].tree, path) if sha else None
            return entry.sha if entry else None

        return [s for s in shas if at(s) != at(next(iter(git.commits[s].parents), None))]

    def _contexts(self, sha: str) -> tuple[list[Node], list[Node]]:
        latest: dict[str, Any] = {}
        for status in sorted(self.repo.statuses, key=lambda s: -s.id):
            if status.sha == sha:
                latest.setdefault(status.context, status)
        statuses = [
            {
                "__typename": "StatusContext",
                "id": node_id("StatusContext", s.id),
                "context": s.context,
                "state": s.state.upper(),
                "description": s.description,
                "targetUrl": s.target_url,
                "createdAt": s.created_at,
            }
            for s in latest.values()
        ]
        checks = [
            {
                "__typename": "CheckRun",
                "id": node_id("CheckRun", r.id),
                "databaseId": r.id,
                "name": r.name,
                "status": r.status.upper(),
                "conclusion": r.conclusion.upper() if r.conclusion else None,
                "startedAt": r.started_at,
                "completedAt": r.completed_at,
                "detailsUrl": f"{self.html}/runs/{r.id}",
            }
            for r in self.repo.check_runs
            if r.sha == sha
        ]
        return statuses, checks

    def _status(self, sha: str) -> Node | None:
        statuses, _ = self._contexts(sha)
        if not statuses:
            return None
        return {"state": rollup_state([s["state"] for s in statuses]), "contexts": statuses}

    def _rollup(self, sha: str) -> Node | None:
        statuses, checks = self._contexts(sha)
        if not statuses and not checks:
            return None
        states = [s["state"] for s in statuses] + [_check_state(c) for c in checks]
        contexts = statuses + checks
        return {
            "state": rollup_state(states),
            "contexts": lambda info, **page: connection(contexts, lambda n: n, **_page(page)),
        }


def rollup_state(states: list[str]) -> str:
    """Combine StatusState values: any failure/error fails, then pending, else success."""
    if "ERROR" in states:
        return "ERROR"
    if "FAILURE" in states:
        return "FAILURE"
    if "PENDING" in states or "EXPECTED" in states:
        return "PENDING"
    return "SUCCESS"


def _check_state(check: Node) -> str:
    if check["status"] != "COMPLETED":
        return "PENDING"
    if check["conclusion"] in ("SUCCESS", "NEUTRAL", "SKIPPED"):
        return "SUCCESS"
    return "FAILURE"


def _page(args: dict[str, Any]) -> dict[str, Any]:
    return {k: args.get(k) for k in ("first", "last", "after", "before")}


def _qualify(name: str) -> str:
    return name if name.startswith("refs/") else f"refs/heads/{name}"


def _line_count(data: bytes) -> int:
    return data.count(b"\n") + (bool(data) and not data.endswith(b"\n"))


def _is_binary(data: bytes) -> bool:
    if b"\0" in data[:8000]:
        return True
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return True
    return False
