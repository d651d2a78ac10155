"""The one exception hierarchy of roadmap-bot; the CLI maps it to exit codes."""

from __future__ import annotations

from dataclasses import dataclass


class RoadmapBotError(Exception):
    """Base of every expected failure; the CLI prints it without a traceback (exit 1)."""

    exit_code = 1


@dataclass(frozen=True, slots=True)
class Problem:
    """One problem in an input file, located as ``file:line:column``."""

    file: str
    line: int
    column: int
    message: str

    def __str__(self) -> str:
        return f"{self.file}:{self.line}:{self.column}: {self.message}"


class ConfigError(RoadmapBotError):
    """Bad input (roadmap.yaml, the state file, a rule): one or more located problems; exit 2."""

    exit_code = 2

    def __init__(self, problems: list[Problem] | tuple[Problem, ...]) -> None:
        self.problems = tuple(problems)
        super().__init__("\n".join(str(p) for p in self.problems))


class UsageError(RoadmapBotError):
    """A command was called with arguments that cannot work; exit 2."""

    exit_code = 2


class GitHubError(RoadmapBotError):
    """GitHub answered with an error we cannot recover from in this run."""

    def __init__(self, message: str, *, status: int | None = None) -> None:
        self.status = status
        super().__init__(message)


class BranchProtectedError(GitHubError):
    """The default branch refused the bot's push (branch protection or a ruleset)."""


class RateLimitedError(GitHubError):
    """The rate limit is exhausted for longer than we are allowed to wait."""


class ConflictError(GitHubError):
    """A write lost a race (the branch moved); re-read, re-plan and retry."""


class EvidenceError(RoadmapBotError):
    """A repository could not be read to build a snapshot (the reason is user-facing)."""
