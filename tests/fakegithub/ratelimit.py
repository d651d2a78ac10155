"""Primary rate-limit budgets per resource, and the ``x-ratelimit-*`` headers they produce."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

WINDOW_S = 3600
# GitHub's documented per-hour defaults for a user token (RATE_LIMITS.md).
DEFAULT_LIMITS = {
    "core": 5000,
    "graphql": 5000,
    "search": 30,
    "code_search": 10,
    "integration_manifest": 5000,
    "source_import": 100,
    "code_scanning_upload": 1000,
    "actions_runner_registration": 10000,
    "scim": 15000,
    "dependency_snapshots": 100,
    "code_scanning_autofix": 10,
}


@dataclass(slots=True)
class Budget:
    """One resource's window: ``remaining`` of ``limit`` until the epoch second ``reset``."""

    resource: str
    limit: int
    remaining: int
    reset: int

    @property
    def used(self) -> int:
        return self.limit - self.remaining

    def as_json(self) -> dict[str, int]:
        return {
            "limit": self.limit,
            "used": self.used,
            "remaining": self.remaining,
            "reset": self.reset,
        }


class RateLimits:
    """The budgets; a window whose reset time has passed refills on the next look."""

    def __init__(self, clock: Callable[[], float] = time.time) -> None:
        self._clock = clock
        self._lock = threading.Lock()
        reset = int(clock()) + WINDOW_S
        self._budgets = {r: Budget(r, n, n, reset) for r, n in DEFAULT_LIMITS.items()}

    def __getitem__(self, resource: str) -> Budget:
        with self._lock:
            return self._fresh(resource)

    def set(
        self,
        resource: str,
        *,
        limit: int | None = None,
        remaining: int | None = None,
        reset: int | None = None,
    ) -> Budget:
        """Change a budget, e.g. ``set("core", remaining=0)`` to exhaust REST."""
        with self._lock:
            budget = self._fresh(resource)
            if limit is not None:
                budget.limit = limit
                budget.remaining = min(budget.remaining, limit)
            if remaining is not None:
                budget.remaining = max(0, min(remaining, budget.limit))
            if reset is not None:
                budget.reset = reset
            return budget

    def charge(self, resource: str, points: int = 1) -> bool:
        """Spend points; False (nothing spent) if the budget cannot cover them."""
        with self._lock:
            budget = self._fresh(resource)
            if budget.remaining < points or budget.remaining == 0:
                return False
            budget.remaining -= points
            return True

    def headers(self, resource: str, *, exhausted: bool = False) -> dict[str, str]:
        """The five headers GitHub sends on every response."""
        budget = self[resource]
        remaining = 0 if exhausted else budget.remaining
        return {
            "x-ratelimit-limit": str(budget.limit),
            "x-ratelimit-remaining": str(remaining),
            "x-ratelimit-used": str(budget.limit - remaining),
            "x-ratelimit-reset": str(budget.reset),
            "x-ratelimit-resource": resource,
        }

    def overview(self) -> dict[str, Any]:
        """The ``GET /rate_limit`` body."""
        with self._lock:
            resources = {r: self._fresh(r).as_json() for r in self._budgets}
        return {"resources": resources, "rate": dict(resources["core"])}

    def _fresh(self, resource: str) -> Budget:
        budget = self._budgets.get(resource)
        if budget is None:
            raise KeyError(
                f"unknown rate-limit resource {resource!r}; known: {sorted(self._budgets)}"
            )
        now = int(self._clock())
        if now >= budget.reset:
            budget.remaining = budget.limit
            budget.reset = now + WINDOW_S
        return budget
