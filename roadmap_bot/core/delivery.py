"""How a run's file change reached the repository: a commit, a pull request, or nothing."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

WriteMode = Literal["commit", "pull-request"]
WRITE_MODES: tuple[WriteMode, ...] = ("commit", "pull-request")
UPDATE_BRANCH = "roadmap-bot/update"  # the one branch the bot's pull request comes from
PULL_MARKER = "<!-- roadmap-bot:update -->"  # in the pull request's body
PULL_TITLE = "roadmap-bot: update roadmap progress"
COMMIT_MESSAGE = "roadmap-bot: update roadmap progress [skip ci]"  # a sync's commit, by default
MAX_REASON_CHARS = 500  # of GitHub's refusal, quoted in the pull request


@dataclass(frozen=True, slots=True)
class PullInfo:
    """The bot's open pull request as GitHub lists it."""

    number: int
    url: str
    title: str
    body: str


@dataclass(frozen=True, slots=True)
class Pending:
    """The update branch as found: its head commit and the open pull request from it, if any."""

    head: str
    pull: PullInfo | None


@dataclass(frozen=True, slots=True)
class Delivery:
    """What ``write`` did with a change, and why.

    ``how``: "commit" (pushed to the default branch), "pull-request" (the change is in the one
    open pull request from ``UPDATE_BRANCH``) or "none" (nothing differed). ``pull_action``:
    "opened", "updated" (its branch got a new commit) or "unchanged" (it already held this).
    """

    how: Literal["commit", "pull-request", "none"]
    reason: str = ""
    commit: str | None = None
    pull_number: int | None = None
    pull_url: str | None = None
    pull_action: Literal["opened", "updated", "unchanged", ""] = ""

    def sentence(self) -> str:
        """One line for the terminal, the job summary and the step output's reader."""
        if self.how == "commit":
            sha = f" ({self.commit[:7]})" if self.commit else ""
            return f"committed to the default branch{sha}"
        if self.how == "pull-request":
            pull = f"pull request #{self.pull_number} from `{UPDATE_BRANCH}`"
            if self.pull_action == "unchanged":
                return f"nothing new: {pull} already holds this change"
            verb = {"opened": "opened", "updated": "updated"}.get(self.pull_action, "kept")
            why = f" because {self.reason}" if self.reason else ""
            return f"{verb} {pull}{why}"
        return "nothing to write"


def pull_body(*, reason: str, branch: str, base: str) -> str:
    """The pull request's description (bot-written: no mentions, GitHub's reason quoted)."""
    said = reason[:MAX_REASON_CHARS].replace("@", "@\u200b").replace("<", "&lt;")  # GitHub's words
    return (
        f"{PULL_MARKER}\n"
        f"roadmap-bot could not commit to `{base}`: {said}\n\n"
        "This pull request carries the same change instead (README block, state file, badges). "
        f"Merge it to publish the progress. While it is open, roadmap-bot keeps it current by "
        f"replacing the commit on `{branch}` (a force update on top of `{base}`), so don't "
        "push your own commits to that branch. Set `settings.write_mode: pull-request` to "
        "always work this way, or let the bot push to the default branch to stop it.\n"
    )
