"""Helpers shared by the tests/test_github_*.py files (this module holds no tests itself)."""

from __future__ import annotations

from dataclasses import dataclass, field

from roadmap_bot.adapters.github import GitHubConfig


@dataclass
class FakeTime:
    """A clock that only moves when the code under test sleeps: tests never really wait."""

    now: float = 1000.0
    sleeps: list[float] = field(default_factory=list)

    def sleep(self, seconds: float) -> None:
        self.sleeps.append(seconds)
        self.now += seconds

    def clock(self) -> float:
        return self.now

    @staticmethod
    def rand() -> float:
        return 0.5


def config_for(github_env: dict[str, str], **overrides: object) -> GitHubConfig:
    """A config pointing at the fake, read the way the action reads it."""
    config = GitHubConfig.from_env(github_env)
    if not overrides:
        return config
    fields = {f: getattr(config, f) for f in config.__dataclass_fields__}
    fields.update(overrides)
    return GitHubConfig(**fields)  # type: ignore[arg-type]
