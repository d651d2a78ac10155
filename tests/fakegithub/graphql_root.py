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

    return {
        "repository": repository,
        "rateLimit": lambda info, dryRun=False: rate_limit,
        "viewer": lambda info: _user(urls, world.user(viewer)),
        "user": user,
    }


def _user(urls: Urls, record: Any) -> Node:
    return {
        "__typename": "Bot" if record.type == "Bot" else "User",
        "id": node_id(record.type, record.id),
        "databaseId": record.id,
        "login": record.login,
        "url": f"{urls.html}/{record.login}",
        "name": None,
    }
