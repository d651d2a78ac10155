"""Injected faults: what they are, and which ones fire for a request."""

from __future__ import annotations

import fnmatch
import threading
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True, slots=True)
class Fault:
    """Misbehaviour for requests matching ``match`` (fnmatch on ``"METHOD /path"``).

    Effects combine: ``delay`` then ``move_ref``/``truncate_tree`` side effects, then either
    ``drop`` (close the connection unanswered), a rate-limit exhaustion, an error ``status``,
    or the normal answer. It skips the first ``after`` matching requests, then fires ``times``
    times (-1: forever).
    """

    match: str = "*"
    status: int | None = None
    body: Any = None  # JSON to answer with; ``bytes`` are sent as they are (not JSON, cut off)
    headers: dict[str, str] | None = None
    retry_after: int | None = None
    rate_limit_exhausted: bool = False
    delay: float = 0.0
    drop: bool = False
    times: int = 1
    after: int = 0
    move_ref: bool = False
    truncate_tree: bool = False

    def matches(self, method: str, path: str) -> bool:
        verb, _, rest = self.match.partition(" ")
        pattern = f"{verb.upper()} {rest}" if rest else self.match
        return fnmatch.fnmatchcase(f"{method.upper()} {path}", pattern)


class FaultBook:
    """The injected faults and how often each has matched and fired."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._faults: list[list[Any]] = []  # [fault, seen, fired]

    def inject(self, fault: Fault) -> None:
        with self._lock:
            self._faults.append([fault, 0, 0])

    def clear(self) -> None:
        with self._lock:
            self._faults.clear()

    def take(self, method: str, path: str) -> list[Fault]:
        """Return the faults that fire for this request, counting it against each match."""
        fired = []
        with self._lock:
            for slot in self._faults:
                fault: Fault = slot[0]
                if not fault.matches(method, path):
                    continue
                slot[1] += 1
                if slot[1] <= fault.after or (fault.times >= 0 and slot[2] >= fault.times):
                    continue
                slot[2] += 1
                fired.append(fault)
        return fired

    @property
    def active(self) -> list[Fault]:
        with self._lock:
            return [s[0] for s in self._faults if s[0].times < 0 or s[2] < s[0].times]
