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


class RepoPathError(RoadmapBotError, ValueError):
    """A configured path the bot may not use; ``str(exc)`` says, in words for the person who
    wrote the path, what is wrong with it (the caller turns it into a located problem)."""

    exit_code = 2


class BoundedYamlError(RoadmapBotError, ValueError):
    """A YAML document was not loaded (too large, too deep, self-referring or not YAML);
    ``str(exc)`` says why in words a user understands."""

    exit_code = 2


class UserRegexError(RoadmapBotError, ValueError):
    """An owner's pattern cannot be used; ``str(exc)`` says why and what to write instead."""

    exit_code = 2


class TemplateLimitError(RoadmapBotError):
    """A user template went over one of the sandbox's bounds (the message says which)."""


class PayloadError(RoadmapBotError):
    """The event payload lacks a field every GitHub delivery of that event carries."""


class Refused(EvidenceError):
    """A git URL the bot will not hand to git; ``str(exc)`` says why, in words."""


class GitFailed(EvidenceError):
    """A git command failed; ``stderr`` has no URL credentials in it."""

    def __init__(self, stderr: str) -> None:
        super().__init__(stderr)
        self.stderr = stderr


class OverBudget(EvidenceError):
    """The checks of one repo ran past its deadline (``Expired`` said so); the caller records the
    repo as "too large to check", cached by its HEAD."""
