"""The GraphQL Query root: ``repository``, ``rateLimit``, ``viewer`` and ``user``."""

from __future__ import annotations

from typing import Any

from graphql import GraphQLError

from tests.fakegithub.graphql_data import Node, RepoGraph
from tests.fakegithub.payloads import Urls, node_id
from tests.fakegithub.world import World


def not_found(message: str) -> GraphQLError:
    return GraphQLError(message, extensions={"type": "NOT_FOUND"})


def root(world: World, urls: Urls, *, viewer: str, rate_limit: Node) -> Node:
    """The Query root: ``repository``, ``rateLimit``, ``viewer``, ``user``."""

    def repository(info: Any, owner: str, name: str, followRenames: bool = True) -> Node:
        repo, renamed = world.lookup(owner, name)
        if repo is None or not repo.visible or (renamed and not followRenames):
            raise not_found(f"Could not resolve to a Repository with the name '{owner}/{name}'.")
        if repo.blocked:
            raise GraphQLError("Repository access blocked", extensions={"type": "FORBIDDEN"})
        return RepoGraph(world, urls, repo).repository()

    def user(info: Any, login: str) -> Node:
        record = world.users.get(login.lower())
        if record is None:
            raise not_found(f"Could not resolve to a User with the login of '{login}'.")
        return _user(urls, record)

    def pin_issue(info: Any, input: dict[str, Any]) -> Node:
        """``pinIssue``: as GitHub, at most three pinned issues per repository (the fake
        records them in ``Repo.pinned``, in pin order)."""
        for repo in world.repos.values():
            for record in repo.issues.values():
                if node_id("Issue", record.id) != input.get("issueId"):
                    continue
                if record.number not in repo.pinned:
                    if len(repo.pinned) >= MAX_PINNED:
                        raise GraphQLError(
                            "You can't pin more than 3 issues", extensions={"type": "UNPROCESSABLE"}
                        )
                    repo.pinned.append(record.number)
                graph = RepoGraph(world, urls, repo).repository()
                return {
                    "clientMutationId": input.get("clientMutationId"),
                    "issue": _issue(graph, record.number),
                }
        raise not_found(
            f"Could not resolve to a node with the global id of '{input.get('issueId')}'"
        )

    return {
        "repository": repository,
        "rateLimit": lambda info, dryRun=False: rate_limit,
        "viewer": lambda info: _user(urls, world.user(viewer)),
        "user": user,
        "pinIssue": pin_issue,
        "__mutations__": ("pinIssue",),
    }


MAX_PINNED = 3  # GitHub pins at most three issues per repository


def _issue(graph: Node, number: int) -> Any:
    field = graph["issue"]
    return field(None, number) if callable(field) else field


def _user(urls: Urls, record: Any) -> Node:
    return {
        "__typename": "Bot" if record.type == "Bot" else "User",
        "id": node_id(record.type, record.id),
        "databaseId": record.id,
        "login": record.login,
        "url": f"{urls.html}/{record.login}",
        "name": None,
    }
