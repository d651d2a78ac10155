"""ApiStats: what a run cost in requests, retries, waiting and quota."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class ApiStats:
    """What a run cost: requests by kind, retries, seconds waited and the quota left."""

    graphql: int = 0
    rest_read: int = 0
    rest_write: int = 0
    retries: int = 0
    waited: float = 0.0
    graphql_cost: int = 0
    core_remaining: int | None = None
    graphql_remaining: int | None = None

    @property
    def requests(self) -> int:
        return self.graphql + self.rest_read + self.rest_write

    def __add__(self, other: ApiStats) -> ApiStats:
        return ApiStats(
            graphql=self.graphql + other.graphql,
            rest_read=self.rest_read + other.rest_read,
            rest_write=self.rest_write + other.rest_write,
            retries=self.retries + other.retries,
            waited=self.waited + other.waited,
            graphql_cost=self.graphql_cost + other.graphql_cost,
            core_remaining=_lowest(self.core_remaining, other.core_remaining),
            graphql_remaining=_lowest(self.graphql_remaining, other.graphql_remaining),
        )


def _lowest(a: int | None, b: int | None) -> int | None:
    return b if a is None else a if b is None else min(a, b)
