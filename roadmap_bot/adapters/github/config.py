"""Where GitHub is and how we may talk to it: endpoints, token, limits; token masking."""

from __future__ import annotations

import logging
import sys
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import TextIO

from roadmap_bot.adapters.github.secret_forms import scrub_text
from roadmap_bot.errors import UsageError

PUBLIC_API_URL = "https://api.github.com"
PUBLIC_GRAPHQL_URL = "https://api.github.com/graphql"
# Action inputs reach the process as INPUT_<NAME> (name upper-cased, hyphens kept):
# https://docs.github.com/en/actions/sharing-automations/creating-actions/metadata-syntax-for-github-actions#inputs
TOKEN_VARIABLES = ("INPUT_TOKEN", "INPUT_GITHUB-TOKEN", "GITHUB_TOKEN", "GH_TOKEN")
MASK = "***"
# A testing knob: end-to-end tests run the CLI as a subprocess against the fake GitHub and set
# this to 0, so writes are not spaced by a second each. Real runs leave it unset.
MIN_WRITE_INTERVAL_VARIABLE = "ROADMAP_BOT_MIN_WRITE_INTERVAL"
DEFAULT_MIN_WRITE_INTERVAL = 1.0  # seconds between mutating requests (secondary-limit guidance)


@dataclass(frozen=True, slots=True)
class GitHubConfig:
    """Endpoints, the token and the limits of patience for one run."""

    api_url: str = PUBLIC_API_URL
    graphql_url: str = PUBLIC_GRAPHQL_URL
    token: str | None = field(default=None, repr=False)
    in_actions: bool = False
    timeout: float = 30.0  # seconds per HTTP request (GitHub stops GraphQL work itself at 10 s)
    max_retries: int = 4  # retries of one request after 5xx or connection failures
    max_rate_limit_wait: float = 300.0  # the ceiling on waiting for a rate limit, in seconds
    min_write_interval: float = DEFAULT_MIN_WRITE_INTERVAL
    user_agent: str = "roadmap-bot"

    @classmethod
    def from_env(cls, env: Mapping[str, str], *, token: str | None = None) -> GitHubConfig:
        """Read GITHUB_API_URL / GITHUB_GRAPHQL_URL (Actions and GHES set them) and the token."""
        api_url = (env.get("GITHUB_API_URL") or PUBLIC_API_URL).rstrip("/")
        graphql_url = env.get("GITHUB_GRAPHQL_URL") or graphql_url_for(api_url)
        found = token or next((env[name] for name in TOKEN_VARIABLES if env.get(name)), None)
        return cls(
            api_url=api_url,
            graphql_url=graphql_url.rstrip("/"),
            token=found.strip() if found else None,
            in_actions=env.get("GITHUB_ACTIONS") == "true",
            min_write_interval=_min_write_interval(env.get(MIN_WRITE_INTERVAL_VARIABLE)),
        )

    def scrub(self, text: str) -> str:
        """Return ``text`` with the token replaced by ``***``."""
        return scrub(text, self.token)


def _min_write_interval(value: str | None) -> float:
    """Seconds between writes: the default unless the testing knob sets a number >= 0."""
    if value is None or not value.strip():
        return DEFAULT_MIN_WRITE_INTERVAL
    try:
        seconds = float(value)
    except ValueError:
        seconds = -1.0
    if not 0 <= seconds <= 60:  # also rejects nan and inf
        raise UsageError(
            f"{MIN_WRITE_INTERVAL_VARIABLE}={value!r} is not a number of seconds between 0 and "
            "60; unset it (it is a testing knob) or set it to 0 for a fake GitHub"
        )
    return seconds


def graphql_url_for(api_url: str) -> str:
    """GitHub Enterprise Server serves REST at /api/v3 and GraphQL at /api/graphql."""
    if api_url.rstrip("/") == PUBLIC_API_URL:
        return PUBLIC_GRAPHQL_URL
    base = api_url.rstrip("/")
    if base.endswith("/api/v3"):
        return base.removesuffix("/v3") + "/graphql"
    return base + "/graphql"


def scrub(text: str, secret: str | None) -> str:
    """Mask every form of ``secret`` in ``text`` (base64 Basic, URL-encoded, any case) by ``***``,
    and any Authorization header value or URL password (see ``secret_forms``)."""
    return scrub_text(text, secret)


class _ScrubFilter(logging.Filter):
    """Rewrite log records of the HTTP libraries so no known token survives in them."""

    def __init__(self) -> None:
        super().__init__()
        self.secrets: set[str] = set()

    def filter(self, record: logging.LogRecord) -> bool:
        if self.secrets:
            text = clean = record.getMessage()
            for secret in self.secrets:
                clean = scrub(clean, secret)
            if clean != text:
                record.msg, record.args = clean, ()
        return True


_SCRUBBER = _ScrubFilter()
# The loggers that may see request or response text: ours, PyGithub's and urllib3's.
_LOGGERS = (
    "roadmap_bot.github",
    "github.Requester",
    "github.GithubRetry",
    "urllib3.connectionpool",
)


def scrub_logs(token: str | None) -> None:
    """Make sure ``token`` never appears in what these libraries log (idempotent)."""
    if not token or len(token) < 4 or token in _SCRUBBER.secrets:
        return
    _SCRUBBER.secrets.add(token)
    for name in _LOGGERS:
        logger = logging.getLogger(name)
        if _SCRUBBER not in logger.filters:
            logger.addFilter(_SCRUBBER)


def mask_token(config: GitHubConfig, *, out: TextIO | None = None) -> bool:
    """In Actions, ask the runner to hide the token in every log line; True if asked."""
    if not (config.in_actions and config.token):
        return False
    # https://docs.github.com/en/actions/reference/workflow-commands-for-github-actions#masking-a-value-in-a-log
    stream = out if out is not None else sys.stdout
    stream.write(f"::add-mask::{config.token}\n")
    stream.flush()
    return True


Sleep = Callable[[float], None]
Clock = Callable[[], float]
