"""The fake's in-memory world: users, repositories, commits, refs, access, statuses and checks."""

from __future__ import annotations

import itertools
import threading
from collections.abc import Callable
from datetime import UTC, datetime

from tests.fakegithub.gitstore import CommitObject, Signature
from tests.fakegithub.records import PERMISSIONS, CheckRun, Repo, Status, User, WorkflowRun

STATUS_STATES = ("error", "failure", "pending", "success")
# How a protected branch refuses an API update (rest_git.py answers each as GitHub does).
PROTECTIONS = ("pull-request", "status-checks", "ruleset")
CHECK_STATUSES = ("queued", "in_progress", "completed", "waiting", "requested", "pending")
CHECK_CONCLUSIONS = (
    "success",
    "failure",
    "neutral",
    "cancelled",
    "skipped",
    "timed_out",
    "action_required",
    "stale",
)


def iso(moment: datetime) -> str:
    """Format a datetime the way GitHub does: ``2024-05-01T12:00:00Z``."""
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


class World:
    """Everything the fake knows; every read and write happens under ``lock``."""

    def __init__(self, clock: Callable[[], datetime] | None = None) -> None:
        self.lock = threading.RLock()
        self.clock: Callable[[], datetime] = clock or (lambda: datetime.now(UTC))
        self._ids = itertools.count(1_000_001)
        self.users: dict[str, User] = {}
        self.repos: dict[str, Repo] = {}  # lower-cased full name -> repo
        self.repos_by_id: dict[int, Repo] = {}
        self.renames: dict[str, int] = {}  # lower-cased old full name -> repo id

    def now(self) -> str:
        return iso(self.clock())

    def new_id(self) -> int:
        return next(self._ids)

    # -- users -------------------------------------------------------------------------------
    def add_user(self, login: str, *, type: str = "User") -> User:
        with self.lock:
            user = self.users.get(login.lower())
            if user is None:
                user = self.users[login.lower()] = User(self.new_id(), login, type)
            return user

    def user(self, login: str) -> User:
        """Return a user, creating a plain one on first mention (comments by strangers, ...)."""
        kind = "Bot" if login.endswith("[bot]") else "User"
        return self.users.get(login.lower()) or self.add_user(login, type=kind)

    # -- repositories ------------------------------------------------------------------------
    def add_repo(
        self,
        full_name: str,
        *,
        files: dict[str, str | bytes] | None = None,
        private: bool = False,
        archived: bool = False,
        default_branch: str = "main",
        empty: bool = False,
        description: str | None = None,
    ) -> Repo:
        owner, name = _split(full_name)
        with self.lock:
            if full_name.lower() in self.repos:
                raise ValueError(f"repository {full_name} already exists")
            self.user(owner)
            now = self.now()
            repo = Repo(self.new_id(), owner, name, now, now, private, archived, default_branch)
            repo.description = description
            self.repos[full_name.lower()] = repo
            self.repos_by_id[repo.id] = repo
            self.renames.pop(full_name.lower(), None)
            if not empty:
                self._write_commit(repo, _encode(files or {"README.md": f"# {name}\n"}), "Initial")
            return repo

    def fork_repo(self, source: str, full_name: str) -> Repo:
        """A fork of ``source``: its commits (same SHAs) and default branch, ``parent`` set."""
        with self.lock:
            parent = self.repo(source)
            repo = self.add_repo(
                full_name,
                empty=True,
                default_branch=parent.default_branch,
                description=parent.description,
            )
            repo.git = parent.git.copy()
            repo.refs = dict(parent.refs)
            repo.parent = parent.id
            return repo

    def generate_repo(self, template: str, full_name: str) -> Repo:
        """A repo generated from ``template`` (made a template): its files in one new commit
        ("Initial commit", new history, as GitHub makes it), ``template`` set."""
        with self.lock:
            source = self.repo(template)
            source.is_template = True
            files = self.files(template)
            repo = self.add_repo(full_name, empty=True, default_branch=source.default_branch)
            self._write_commit(repo, files, "Initial commit")
            repo.template = source.id
            return repo

    def repo(self, full_name: str) -> Repo:
        """Return a repository by its current or a former name (KeyError if unknown)."""
        owner, name = _split(full_name)
        repo, _renamed = self.lookup(owner, name)
        if repo is None:
            raise KeyError(f"fake GitHub has no repository {full_name!r}")
        return repo

    def lookup(self, owner: str, name: str) -> tuple[Repo | None, bool]:
        """Find a repository by name; the flag says it was found through an old (renamed) name."""
        key = f"{owner}/{name}".lower()
        if key in self.repos:
            return self.repos[key], False
        repo_id = self.renames.get(key)
        return (self.repos_by_id.get(repo_id), True) if repo_id else (None, False)

    def rename_repo(self, old_full_name: str, new_full_name: str) -> None:
        owner, name = _split(new_full_name)
        with self.lock:
            repo = self.repo(old_full_name)
            self.user(owner)
            del self.repos[repo.full_name.lower()]
            repo.owner, repo.name = owner, name
            self.repos[new_full_name.lower()] = repo
            self.renames[old_full_name.lower()] = repo.id
            self.renames.pop(new_full_name.lower(), None)

    def permission(self, repo: Repo, login: str) -> str | None:
        """Return a user's role on a repository ("admin", ..., "read"), None for no role."""
        if login.lower() == repo.owner.lower():
            return "admin"
        return repo.collaborators.get(login.lower())

    def add_collaborator(self, full_name: str, login: str, permission: str) -> None:
        if permission not in PERMISSIONS:
            raise ValueError(f"permission must be one of {PERMISSIONS}, not {permission!r}")
        with self.lock:
            repo = self.repo(full_name)
            self.user(login)
            repo.collaborators[login.lower()] = permission

    # -- git ---------------------------------------------------------------------------------
    def commit(
        self,
        full_name: str,
        files: dict[str, str | bytes | None],
        *,
        message: str = "update",
        author: str | None = None,
    ) -> str:
        """A commit on the default branch, by ``author`` (a login, made a user; default: the
        repo's owner)."""
        with self.lock:
            repo = self.repo(full_name)
            head = repo.head()
            tree = dict(repo.git.files(repo.git.commits[head].tree)) if head else {}
            for path, data in files.items():
                if data is None:
                    tree.pop(path.strip("/"), None)
                else:
                    tree[path.strip("/")] = data.encode() if isinstance(data, str) else data
            if author is not None:
                self.user(author)
            return self._write_commit(repo, tree, message, author=author)

    def _write_commit(
        self, repo: Repo, files: dict[str, bytes], message: str, *, author: str | None = None
    ) -> str:
        head = repo.head()
        now = self.now()
        who = author or repo.owner
        signature = Signature(who, f"{who}@users.noreply.github.com", now)
        tree = repo.git.tree_from_files(files)
        commit = CommitObject(tree, (head,) if head else (), message, signature, signature)
        sha = repo.git.put_commit(commit)
        repo.refs[f"refs/heads/{repo.default_branch}"] = sha
        repo.pushed_at = repo.updated_at = now
        return sha

    def head(self, full_name: str) -> str:
        with self.lock:
            repo = self.repo(full_name)
            head = repo.head()
            if head is None:
                raise ValueError(f"{full_name} is empty: it has no commits")
            return head

    def files(self, full_name: str, ref: str | None = None) -> dict[str, bytes]:
        with self.lock:
            repo = self.repo(full_name)
            sha = resolve_commitish(repo, ref or "HEAD")
            if sha is None:
                raise ValueError(f"{full_name} has no commit {ref or 'HEAD'!r}")
            return repo.git.files(repo.git.commits[sha].tree)

    def protect_branch(
        self, full_name: str, branch: str | None = None, *, how: str = "pull-request"
    ) -> None:
        """Refuse API updates of ``branch`` (default: the default branch), as GitHub's branch
        protection or a ruleset does; ``how`` picks the refusal (see ``PROTECTIONS``)."""
        if how not in PROTECTIONS:
            raise ValueError(f"how must be one of {PROTECTIONS}, not {how!r}")
        with self.lock:
            repo = self.repo(full_name)
            repo.protected[branch or repo.default_branch] = how

    def unprotect_branch(self, full_name: str, branch: str | None = None) -> None:
        with self.lock:
            repo = self.repo(full_name)
            repo.protected.pop(branch or repo.default_branch, None)

    def merge_pull(self, full_name: str, number: int, *, by: str | None = None) -> str:
        """Merge an open pull request with a merge commit (its head's tree: the fake does no
        three-way merge, so the head should be on top of the base); returns the merge commit."""
        with self.lock:
            repo = self.repo(full_name)
            pull = repo.pulls[number]
            base_ref, head_ref = f"refs/heads/{pull.base}", f"refs/heads/{pull.head}"
            if pull.state != "open" or head_ref not in repo.refs:
                raise ValueError(f"pull request #{number} is not open or has no head branch")
            base, head = repo.refs[base_ref], repo.refs[head_ref]
            now = self.now()
            who = by or repo.owner
            signature = Signature(who, f"{who}@users.noreply.github.com", now)
            message = f"Merge pull request #{number} from {repo.owner}/{pull.head}"
            tree = repo.git.commits[head].tree
            sha = repo.git.put_commit(
                CommitObject(tree, (base, head), message, signature, signature)
            )
            repo.refs[base_ref] = sha
            repo.pushed_at = repo.updated_at = now
            pull.state, pull.closed_at, pull.merged_at, pull.updated_at = "closed", now, now, now
            pull.merge_commit_sha, pull.merged_by = sha, who
            return sha

    # -- statuses, checks, workflow runs ------------------------------------------------------
    def set_status(self, full_name: str, sha: str, state: str, *, context: str = "ci") -> None:
        if state not in STATUS_STATES:
            raise ValueError(f"state must be one of {STATUS_STATES}, not {state!r}")
        with self.lock:
            repo = self.repo(full_name)
            repo.statuses.append(
                Status(self.new_id(), sha, state, context, repo.owner, self.now(), None, None)
            )

    def add_check_run(
        self,
        full_name: str,
        sha: str,
        *,
        name: str = "test",
        status: str = "completed",
        conclusion: str | None = "success",
    ) -> None:
        if status not in CHECK_STATUSES or (conclusion and conclusion not in CHECK_CONCLUSIONS):
            raise ValueError(f"bad check run status/conclusion {status!r}/{conclusion!r}")
        with self.lock:
            repo = self.repo(full_name)
            now = self.now()
            done = now if status == "completed" else None
            run = CheckRun(self.new_id(), self.new_id(), sha, name, status, conclusion, now, done)
            repo.check_runs.append(run)

    def add_workflow_run(
        self,
        full_name: str,
        *,
        workflow: str = "ci.yml",
        sha: str | None = None,
        status: str = "completed",
        conclusion: str | None = "success",
        event: str = "push",
    ) -> WorkflowRun:
        with self.lock:
            repo = self.repo(full_name)
            workflow_id = repo.workflows.setdefault(workflow, self.new_id())
            head = sha or repo.head() or "0" * 40
            now = self.now()
            run = WorkflowRun(
                self.new_id(),
                workflow_id,
                workflow.rsplit(".", 1)[0],
                f".github/workflows/{workflow}",
                head,
                repo.default_branch,
                event,
                status,
                conclusion,
                sum(r.workflow_id == workflow_id for r in repo.workflow_runs) + 1,
                now,
                now,
                self.new_id(),
            )
            repo.workflow_runs.append(run)
            return run


def resolve_commitish(repo: Repo, ref: str) -> str | None:
    """Resolve HEAD, a branch, ``refs/...``, a tag or a (short) sha to a commit sha."""
    if ref == "HEAD":
        return repo.head()
    for candidate in (ref, f"refs/heads/{ref}", f"refs/tags/{ref}"):
        if candidate in repo.refs:
            return repo.refs[candidate]
    if ref in repo.git.commits:
        return ref
    if len(ref) >= 7:
        found = [sha for sha in repo.git.commits if sha.startswith(ref.lower())]
        if len(found) == 1:
            return found[0]
    return None


def _split(full_name: str) -> tuple[str, str]:
    owner, _, name = full_name.partition("/")
    if not owner or not name or "/" in name:
        raise ValueError(f"expected 'owner/name', got {full_name!r}")
    return owner, name


def _encode(files: dict[str, str | bytes]) -> dict[str, bytes]:
    return {p.strip("/"): d.encode() if isinstance(d, str) else d for p, d in files.items()}
