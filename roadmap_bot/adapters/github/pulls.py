"""The bot's one pull request, for a default branch that refuses its push (PyGithub's public API).

GitHub's shapes used here (https://docs.github.com/rest):
- ``GET /branches/{branch}`` (404 when absent) gives the branch's head commit;
- ``GET /pulls?state=open&head=owner:branch&base=main`` finds the open pull request;
- ``POST /git/refs`` creates the branch, ``PATCH /git/refs/heads/{branch}`` with ``force`` moves
  it to a new commit on top of the default branch;
- ``POST /pulls`` opens it (422 "A pull request already exists for owner:branch." when another
  run opened it meanwhile: then it is looked up again), ``PATCH /pulls/{n}`` edits or closes it.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any, Protocol, TypeVar

from github import GithubException, UnknownObjectException
from github.Repository import Repository

from roadmap_bot.adapters.github import git_data
from roadmap_bot.adapters.github.payloads import pull_data
from roadmap_bot.core.delivery import Pending, PullInfo

T = TypeVar("T")


class Call(Protocol):
    """``GitHubClient._call``: run one PyGithub action, its errors mapped and scrubbed."""

    def __call__(self, what: str, action: Callable[[], T]) -> T: ...


class PullRequests:
    """Branch and pull-request operations of one repository, each mapped like the client's."""

    def __init__(self, repo: Repository, owner: str, call: Call) -> None:
        self._repo, self._owner, self._call = repo, owner, call

    def default_branch(self) -> str:
        return str(self._call("reading the default branch", lambda: self._repo.default_branch))

    def pending(self, branch: str, base: str) -> Pending | None:
        """The branch's head and its open pull request into ``base`` (None: no such branch)."""

        def head() -> str | None:
            try:
                return str(self._repo.get_branch(branch).commit.sha)
            except UnknownObjectException:
                return None

        sha = self._call(f"reading branch {branch}", head)
        if sha is None:
            return None
        return Pending(sha, self.open_pull(branch, base))

    def open_pull(self, branch: str, base: str) -> PullInfo | None:
        def find() -> PullInfo | None:
            found = self._repo.get_pulls(state="open", head=f"{self._owner}:{branch}", base=base)
            for pull in found:
                return _info(pull_data(pull))
            return None

        return self._call(f"listing pull requests from {branch}", find)

    def blobs(self, commit: str) -> dict[str, str]:
        """path → blob id of every file at ``commit``."""
        return self._call(
            f"listing the files of {commit[:7]}", lambda: git_data.commit_blobs(self._repo, commit)
        )

    def read_file(self, path: str, ref: str) -> bytes | None:
        return self._call(
            f"reading {path} at {ref[:7]}", lambda: git_data.read_file(self._repo, path, ref)
        )

    def build_commit(
        self, files: Mapping[str, bytes | None], *, message: str, parent: str
    ) -> tuple[str | None, list[str]]:
        return self._call(
            "building a commit",
            lambda: git_data.build_commit(self._repo, files, message, parent),
        )

    def point_branch(self, branch: str, sha: str, *, exists: bool) -> None:
        """Create ``branch`` at ``sha``, or force it there (it is the bot's own branch)."""
        if exists:
            self._call(
                f"updating branch {branch}",
                lambda: git_data.move_branch(self._repo, branch, sha, force=True),
            )
        else:
            self._call(
                f"creating branch {branch}", lambda: git_data.create_branch(self._repo, branch, sha)
            )

    def ensure_pull(
        self,
        branch: str,
        base: str,
        *,
        title: str,
        body: str,
        known: PullInfo | None,
        keep: bool = False,
    ) -> tuple[PullInfo, bool]:
        """The one open pull request from ``branch`` into ``base``, opened if there is none,
        its title and body set (``keep``: an open one is left as it is); (pull request, True
        when this call opened it)."""
        if known is None:
            known = self.open_pull(branch, base)
        if known is None:

            def create() -> PullInfo | None:
                try:
                    made = self._repo.create_pull(base=base, head=branch, title=title, body=body)
                except GithubException as exc:
                    if exc.status == 422 and "already exists" in str(exc.data).lower():
                        return None  # another run opened it meanwhile: use that one
                    raise
                return _info(pull_data(made))

            opened = self._call(f"opening a pull request from {branch}", create)
            if opened is not None:
                return opened, True
            known = self.open_pull(branch, base)
            if known is None:
                raise AssertionError("GitHub said the pull request exists but lists none")
        if not keep and (known.title, known.body) != (title, body):
            number = known.number
            self._call(
                f"editing pull request #{number}",
                lambda: self._repo.get_pull(number).edit(title=title, body=body),
            )
            known = PullInfo(number, known.url, title, body)
        return known, False


def _info(data: Mapping[str, Any]) -> PullInfo:
    return PullInfo(
        number=int(data["number"]),
        url=str(data.get("html_url") or ""),
        title=str(data.get("title") or ""),
        body=str(data.get("body") or ""),
    )
