"""What a run's snapshot providers are built from (each router entry's ``build`` takes it)."""

from __future__ import annotations

from collections.abc import Callable, Collection, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from roadmap_bot.adapters.github.http import Transport
from roadmap_bot.core.evidence.snapshot import TIME_BUDGET

DEFAULT_GIT_HOSTS = ("github.com", "gitlab.com", "bitbucket.org")
CACHE_ENV = "ROADMAP_BOT_CACHE_DIR"  # where the bot keeps what it may throw away (tests set it)


def git_cache_dir(env: Mapping[str, str]) -> Path:
    """Where git URLs are cloned: ``$ROADMAP_BOT_CACHE_DIR/git``, else
    ``$XDG_CACHE_HOME/roadmap-bot/git`` (``~/.cache/roadmap-bot/git``)."""
    own = env.get(CACHE_ENV)
    if own:
        return Path(own) / "git"
    base = env.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "roadmap-bot" / "git"


def offline() -> Transport | None:
    """No GitHub in this run (``sync --offline``)."""
    return None


@dataclass(frozen=True, slots=True)
class Setup:
    """The run's places, limits and connection; each provider's ``build`` takes what it needs."""

    base_dir: Path  # local paths are relative to it
    git_cache: Path  # where git URLs are cloned
    hosts: Collection[str] | None = DEFAULT_GIT_HOSTS  # hosts a git URL may name; None: any
    # ``file://`` URLs and git hosts on internal addresses too (``sync --offline``, ``check``)
    allow_local: bool = False
    budget: float | None = TIME_BUDGET  # seconds to read one repo
    connect: Callable[[], Transport | None] = field(default=offline)  # the run's GitHub, if any
