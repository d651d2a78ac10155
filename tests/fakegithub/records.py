"""The fake's stored records: users, repositories and what lives in them (mutable, lock-guarded)."""

from __future__ import annotations

from dataclasses import dataclass, field

from tests.fakegithub.gitstore import GitStore

PERMISSIONS = ("admin", "maintain", "write", "triage", "read")
REACTIONS = ("+1", "-1", "laugh", "confused", "heart", "hooray", "rocket", "eyes")


@dataclass(slots=True)
class User:
    id: int
    login: str
    type: str = "User"  # "User" | "Organization" | "Bot"


@dataclass(slots=True)
class Issue:
    id: int
    number: int
    title: str
    body: str | None
    user: str
    created_at: str
    updated_at: str
    labels: list[str] = field(default_factory=list)
    state: str = "open"
    state_reason: str | None = None
    closed_at: str | None = None
    closed_by: str | None = None
    milestone: int | None = None
    locked: bool = False
    assignees: list[str] = field(default_factory=list)
    editor: str | None = None  # who last edited the body (GraphQL ``editor``); None: never


@dataclass(slots=True)
class Comment:
    id: int
    issue_number: int
    body: str
    user: str
    created_at: str
    updated_at: str


@dataclass(slots=True)
class Reaction:
    id: int
    subject: tuple[str, int]  # ("comment", comment_id) | ("issue", issue_number)
    content: str
    user: str
    created_at: str


@dataclass(slots=True)
class Label:
    id: int
    name: str
    color: str = "ededed"
    description: str | None = None
    default: bool = False


@dataclass(slots=True)
class Milestone:
    id: int
    number: int
    title: str
    creator: str
    created_at: str
    updated_at: str
    state: str = "open"
    description: str | None = None
    due_on: str | None = None
    closed_at: str | None = None


@dataclass(slots=True)
class Status:
    id: int
    sha: str
    state: str
    context: str
    creator: str
    created_at: str
    description: str | None = None
    target_url: str | None = None


@dataclass(slots=True)
class CheckRun:
    id: int
    suite_id: int
    sha: str
    name: str
    status: str
    conclusion: str | None
    started_at: str
    completed_at: str | None


@dataclass(slots=True)
class WorkflowRun:
    id: int
    workflow_id: int
    name: str
    path: str
    head_sha: str
    head_branch: str | None
    event: str
    status: str
    conclusion: str | None
    run_number: int
    created_at: str
    updated_at: str
    check_suite_id: int = 0


@dataclass(slots=True)
class PullRequest:
    id: int
    number: int
    title: str
    body: str | None
    user: str
    head: str  # branch name in the same repository
    base: str
    created_at: str
    updated_at: str
    state: str = "open"  # "open" | "closed"
    closed_at: str | None = None
    merged_at: str | None = None
    merge_commit_sha: str | None = None
    merged_by: str | None = None


@dataclass(slots=True)
class Repo:
    id: int
    owner: str
    name: str
    created_at: str
    updated_at: str
    private: bool = False
    archived: bool = False
    default_branch: str = "main"
    description: str | None = None
    pushed_at: str | None = None
    git: GitStore = field(default_factory=GitStore)
    refs: dict[str, str] = field(default_factory=dict)  # "refs/heads/main" -> sha
    issues: dict[int, Issue] = field(default_factory=dict)
    comments: dict[int, Comment] = field(default_factory=dict)
    reactions: dict[int, Reaction] = field(default_factory=dict)
    labels: dict[str, Label] = field(default_factory=dict)  # lower-cased name -> label
    milestones: dict[int, Milestone] = field(default_factory=dict)
    statuses: list[Status] = field(default_factory=list)
    check_runs: list[CheckRun] = field(default_factory=list)
    workflow_runs: list[WorkflowRun] = field(default_factory=list)
    workflows: dict[str, int] = field(default_factory=dict)  # workflow file name -> id
    collaborators: dict[str, str] = field(default_factory=dict)  # lower login -> permission
    visible: bool = True
    blocked: bool = False
    next_number: int = 1  # issues and pull requests share one sequence on GitHub
    pulls: dict[int, PullRequest] = field(default_factory=dict)
    protected: dict[str, str] = field(default_factory=dict)  # branch -> how (world.protect_branch)
    parent: int | None = None  # a fork's parent (repo id): GraphQL ``isFork``/``parent``
    template: int | None = None  # the template it was generated from: ``templateRepository``
    is_template: bool = False  # ``isTemplate``: others may generate repos from it
    pinned: list[int] = field(default_factory=list)  # issue numbers, pinned first (pinIssue)

    @property
    def full_name(self) -> str:
        return f"{self.owner}/{self.name}"

    @property
    def empty(self) -> bool:
        return not self.refs

    def head(self) -> str | None:
        return self.refs.get(f"refs/heads/{self.default_branch}")
