"""A tiny in-memory simulator of the roadmap repo's issues that carries out a Plan (``IssueSim``).

It is strict: acting on a closed or unknown issue, or opening an issue with a label or milestone
nobody ensured, fails the test, so a plan a real executor could not carry out is caught."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field, replace

from roadmap_bot.core.issues import CommentInfo, IssueInfo
from roadmap_bot.core.model import State
from roadmap_bot.core.planning.issues import index_issues
from roadmap_bot.core.planning.plan import (
    CloseIssue,
    CommentIssue,
    EditIssue,
    EnsureLabel,
    EnsureMilestone,
    OpenIssue,
    Plan,
    ReopenIssue,
)

BOT = "roadmap-bot"  # the account the simulated token acts as: it authors what the plan opens


@dataclass
class IssueSim:
    """Issues, comments, labels and milestones of one repo, changed only through ``apply``."""

    issues: dict[int, IssueInfo] = field(default_factory=dict)
    comments: list[CommentInfo] = field(default_factory=list)
    labels: dict[str, tuple[str, str]] = field(default_factory=dict)
    milestones: dict[str, str | None] = field(default_factory=dict)
    issue_milestones: dict[int, str | None] = field(default_factory=dict)
    state: State = field(default_factory=State)

    @classmethod
    def with_issues(
        cls, issues: Iterable[IssueInfo], comments: Iterable[CommentInfo] = ()
    ) -> IssueSim:
        sim = cls(issues={i.number: i for i in issues}, comments=list(comments))
        sim.labels = {name: ("ededed", "") for i in sim.issues.values() for name in i.labels}
        return sim

    def issue_list(self) -> list[IssueInfo]:
        return [self.issues[n] for n in sorted(self.issues)]

    def bot_comments(self) -> list[CommentInfo]:
        """What the runner hands the planner: the comments on open bot issues."""
        index = index_issues(self.issue_list(), bot_login=BOT)
        wanted = {i.number for i in index.by_item.values() if i.state == "open"}
        return [c for c in self.comments if c.issue_number in wanted]

    def apply(self, plan: Plan) -> None:
        for action in plan.actions:
            match action:
                case EnsureLabel(name=name, color=color, description=description):
                    self.labels.setdefault(name, (color, description))
                case EnsureMilestone(title=title, due_on=due):
                    self.milestones.setdefault(title, due)
                case OpenIssue():
                    self._open(action)
                case EditIssue(number=number, title=title, body=body):
                    issue = self._open_issue(number)
                    self.issues[number] = replace(
                        issue,
                        title=issue.title if title is None else title,
                        body=issue.body if body is None else body,
                    )
                case CommentIssue(number=number, body=body):
                    self._open_issue(number)
                    self.comments.append(
                        CommentInfo(
                            id=1000 + len(self.comments),
                            issue_number=number,
                            body=body,
                            author=BOT,
                            author_type="Bot",
                        )
                    )
                case CloseIssue(number=number, reason=reason):
                    issue = self._open_issue(number)
                    self.issues[number] = replace(issue, state="closed", state_reason=str(reason))
                case ReopenIssue(number=number, title=title, body=body):
                    issue = self.issues.get(number)
                    assert issue is not None and issue.state == "closed", f"#{number} not closed"
                    self.issues[number] = replace(
                        issue,
                        state="open",
                        state_reason="reopened",
                        title=issue.title if title is None else title,
                        body=issue.body if body is None else body,
                    )
        self.state = plan.new_state

    def _open(self, action: OpenIssue) -> None:
        missing = [name for name in action.labels if name not in self.labels]
        assert not missing, f"labels {missing} used before they were ensured"
        assert action.milestone is None or action.milestone in self.milestones
        number = max(self.issues, default=0) + 1
        self.issues[number] = IssueInfo(
            number=number,
            title=action.title,
            body=action.body,
            state="open",
            labels=action.labels,
            author=BOT,
        )
        self.issue_milestones[number] = action.milestone

    def _open_issue(self, number: int) -> IssueInfo:
        issue = self.issues.get(number)
        assert issue is not None, f"issue #{number} does not exist"
        assert issue.state == "open", f"issue #{number} is already closed"
        return issue


def _issue(number: int, state: str = "open") -> IssueInfo:
    return IssueInfo(number=number, title=f"t{number}", body="", state=state)
