"""GitHub access: the one connection (config, HTTP, errors, GraphQL poster) and the client.

Nothing outside this package imports PyGithub or requests.
"""

from roadmap_bot.adapters.github.client import GitHubClient
from roadmap_bot.adapters.github.config import GitHubConfig, mask_token, scrub
from roadmap_bot.adapters.github.stats import ApiStats

__all__ = [
    "ApiStats",
    "GitHubClient",
    "GitHubConfig",
    "mask_token",
    "scrub",
]
