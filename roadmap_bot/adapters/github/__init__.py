"""GitHub access: batched GraphQL evidence reads and the narrow REST write client.

Nothing outside this package imports PyGithub or requests.
"""

from roadmap_bot.adapters.github.client import GitHubClient
from roadmap_bot.adapters.github.config import GitHubConfig, mask_token, scrub
from roadmap_bot.adapters.github.graphql_provider import GraphQLSnapshotProvider
from roadmap_bot.adapters.github.stats import ApiStats

__all__ = [
    "ApiStats",
    "GitHubClient",
    "GitHubConfig",
    "GraphQLSnapshotProvider",
    "mask_token",
    "scrub",
]
