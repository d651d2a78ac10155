"""A sync workbench on the fake GitHub: seed a roadmap and N linked repos, run syncs, snapshot.

Shared by tests/test_sync_scale.py, tests/test_convergence.py and benchmarks/bench_sync.py
(this module holds no tests itself). Everything talks real HTTP to ``tests/fakegithub``.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from roadmap_bot.adapters.actions_env import ActionsOutput, RunContext
from roadmap_bot.adapters.github import GitHubClient, GitHubConfig, GraphQLSnapshotProvider
from roadmap_bot.adapters.providers import Progress, Router
from roadmap_bot.adapters.workspace import GitHubWorkspace
from roadmap_bot.core.markers import END, START, find_item_marker
from roadmap_bot.core.planner_text import tick_marker
from roadmap_bot.core.snapshot import SnapshotProvider
from roadmap_bot.core.state_codec import state_from_json
from roadmap_bot.runner import Mutation, SyncOptions, SyncResult, sync
from roadmap_bot.session import Session, workspace_hints, workspace_listings
from tests.fakegithub import FakeGitHub

OWNER = "learner"
ROADMAP_REPO = f"{OWNER}/roadmap"
NOW = "2026-02-02T09:00:00Z"  # the runs' clock (ticks are stamped with it)
WORLD_TIME = datetime(2026, 1, 5, 12, 0, tzinfo=UTC)  # the fake's clock: commit shas repeat
HAND_README = (
    "# My AI learning journey\n\nWritten by hand; the bot must keep every byte of it.\n\n"
    f"{START}\n{END}\n\nFooter: notes, links and a ✓ that is not ASCII.\n"
)
PROSE = (
    "This project trains a small model on public data and serves its predictions through a web "
    "app. The write-up explains how to install it, run the tests, reproduce every number in "
    "the report and what I learned along the way about data cleaning and evaluation."
)
_WORKFLOW = """name: ci
on: [push, pull_request]
jobs:
  test:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
      - uses: actions/setup-python@v5
      - run: pip install -r requirements.txt
      - run: pytest -q
"""
# What the linked repos are, by index modulo 10: 3 in 10 qualify under the default project rule
# (readme, tests, and tracking or CI); the others each miss something different.
KINDS = ("ci", "mlflow", "ci", "no-tests", "stub-readme", "no-ci", "notebooks", "no-tests")
KIND_OF_DIGIT = (0, 1, 2, 3, 4, 5, 6, 7, 3, 5)
QUALIFYING_KINDS = frozenset({"ci", "mlflow"})


@dataclass(frozen=True, slots=True)
class Shape:
    """The world to seed: how many linked repos, files per repo, topics and open-issue slots."""

    repos: int
    files: int = 300  # files per linked repo ("a few hundred")
    topics: int = 4
    open_issues: int = 3
    projects_first: bool = True  # the project section before the topics in the one phase


def kind_of(index: int) -> str:
    return KINDS[KIND_OF_DIGIT[index % 10]]


def repo_name(index: int) -> str:
    return f"{OWNER}/project-{index:04d}"


def item_id(index: int) -> str:
    return f"phase0.project-{index:04d}"


def qualifying(shape: Shape) -> list[int]:
    """Indexes of the linked repos whose item the first sync ticks."""
    return [i for i in range(shape.repos) if kind_of(i) in QUALIFYING_KINDS]


def project_files(index: int, kind: str, *, files: int = 300) -> dict[str, str | bytes]:
    """An ML project of about ``files`` files: code, data, notebooks, docs, images, and maybe
    tests and CI. Contents repeat across repos (as blobs do), paths differ by ``index``."""
    pkg = f"src/project_{index}"
    out: dict[str, str | bytes] = {
        "README.md": "# Project\n\nTODO\n"
        if kind == "stub-readme"
        else f"# Project {index}\n\n{PROSE}\n",
        "requirements.txt": "numpy\npandas\nscikit-learn\nfastapi\n"
        + ("mlflow\n" if kind == "mlflow" else ""),
        "pyproject.toml": f'[project]\nname = "project-{index}"\nversion = "0.1.0"\n',
        ".gitignore": "__pycache__/\n.venv/\ndata/raw/\n",
        "LICENSE": "MIT License\n\nCopyright (c) 2026 learner\n",
        f"{pkg}/__init__.py": "",
        f"{pkg}/train.py": "import mlflow\n\nmlflow.autolog()\n" if kind == "mlflow" else "x = 1\n",
    }
    if kind not in ("no-tests", "notebooks"):
        out["tests/__init__.py"] = ""
        for k in range(6):
            out[f"tests/test_part_{k}.py"] = f"def test_part_{k}():\n    assert {k} == {k}\n"
    if kind in ("ci", "no-tests", "stub-readme"):
        out[".github/workflows/ci.yml"] = _WORKFLOW
    groups = (
        ("src", 0.15, lambda k: (f"{pkg}/module_{k:03d}.py", f"def f{k % 7}(x):\n    return x\n")),
        (
            "nb",
            0.05,
            lambda k: (f"notebooks/{k:02d}-explore.ipynb", '{"cells": [], "nbformat": 4}'),
        ),
        ("docs", 0.05, lambda k: (f"docs/page_{k:02d}.md", f"# Page {k % 5}\n\nNotes.\n")),
        (
            "img",
            0.10,
            lambda k: (f"assets/figure_{k:03d}.png", b"\x89PNG\r\n\x1a\n" + bytes([k % 256])),
        ),
        ("conf", 0.05, lambda k: (f"configs/run_{k:02d}.yaml", f"lr: 0.0{k % 9 + 1}\n")),
    )
    budget = max(0, files - len(out))
    for _, share, make in groups:
        for k in range(int(budget * share)):
            path, text = make(k)
            out[path] = text
    k = 0
    while len(out) < files:  # the rest is data, as in most ML repos
        out[f"data/raw/part-{k:04d}.csv"] = f"id,value\n{k % 13},{k % 17}\n"
        k += 1
    return out


def roadmap_yaml(shape: Shape) -> str:
    """One phase: N project items each linked to its repo, and a few topics."""
    projects = "".join(
        f'          - id: project-{i:04d}\n            title: "Project {i}"\n'
        f"            repos: [{repo_name(i)}]\n"
        for i in range(shape.repos)
    )
    topics = "".join(
        f'          - id: topic-{i}\n            title: "Topic {i}"\n' for i in range(shape.topics)
    )
    sections = [
        f"      - title: Mini Projects\n        kind: project\n        items:\n{projects}",
        f"      - title: Topics to Learn\n        kind: topic\n        items:\n{topics}",
    ]
    sections = [s for s, body in zip(sections, (projects, topics), strict=True) if body]
    if not shape.projects_first:
        sections.reverse()
    return (
        'version: 1\ntitle: "Bench roadmap"\nsettings:\n'
        f'  open_issues: {shape.open_issues}\n  start: "2026-01-05"\n'
        "  default_rules:\n    project:\n      require: [readme, tests, {any: [tracking, ci]}]\n"
        'phases:\n  - id: phase0\n    title: Foundations\n    duration: "0–3 Months"\n'
        '    goal: "Ship small projects."\n    sections:\n'
        + "".join(sections)
        + '  - id: phase1\n    title: Later\n    duration: "3–6 Months"\n    sections:\n'
        "      - title: Topics to Learn\n        kind: topic\n        items:\n"
        '          - id: later\n            title: "A later topic"\n'
    )


def new_fake(*, port: int = 0) -> FakeGitHub:
    """A fake whose clock stands still, so the same seed gives the same commit shas."""
    fake = FakeGitHub(port=port)
    fake.world.clock = lambda: WORLD_TIME
    return fake


def seed(fake: FakeGitHub, shape: Shape) -> list[str]:
    """Create the roadmap repo and the linked repos; return the linked repo names."""
    fake.add_repo(
        ROADMAP_REPO, files={"roadmap.yaml": roadmap_yaml(shape), "README.md": HAND_README}
    )
    names = []
    for i in range(shape.repos):
        kind = kind_of(i)
        fake.add_repo(repo_name(i), files=project_files(i, kind, files=shape.files))
        if kind == "ci":
            fake.add_check_run(repo_name(i), fake.head(repo_name(i)), name="test")
            fake.add_workflow_run(repo_name(i), workflow="ci.yml")
        names.append(repo_name(i))
    return names


def touch(fake: FakeGitHub, indexes: list[int]) -> None:
    """A new commit in each repo that changes code but not what the checks see."""
    for i in indexes:
        path = f"src/project_{i}/touched.py"
        fake.commit(repo_name(i), {path: f"# touched {i}\n"}, message="tweak")


def make_qualify(fake: FakeGitHub, index: int) -> None:
    """Commit what repo ``index`` lacked (a README, tests and CI) so its item qualifies."""
    files: dict[str, str | bytes | None] = {
        "README.md": f"# Project {index}\n\n{PROSE}\n",
        "tests/test_now.py": "def test_now():\n    assert True\n",
        ".github/workflows/ci.yml": _WORKFLOW,
    }
    fake.commit(repo_name(index), files, message="add tests and CI")


# -- running ------------------------------------------------------------------------------------


def fake_env(fake: FakeGitHub) -> dict[str, str]:
    """The GITHUB_* variables an Action would see, pointing at ``fake``."""
    return {
        "GITHUB_API_URL": fake.api_url,
        "GITHUB_GRAPHQL_URL": fake.graphql_url,
        "GITHUB_SERVER_URL": fake.server_url,
        "GITHUB_TOKEN": fake.token,
        "GITHUB_REPOSITORY": ROADMAP_REPO,
    }


def github_config(env: Mapping[str, str], **overrides: Any) -> GitHubConfig:
    """The run's config read from ``env``, with no write spacing (tests and benchmarks)."""
    return replace(GitHubConfig.from_env(env), min_write_interval=0.0, **overrides)


class NoWait:
    """Retry and rate-limit sleeps that return at once, with a clock that jumps by them."""

    def __init__(self) -> None:
        self.now = 1000.0
        self.slept: list[float] = []

    def sleep(self, seconds: float) -> None:
        self.slept.append(seconds)
        self.now += seconds

    def clock(self) -> float:
        return self.now


Wrap = Callable[[GitHubClient], Any]  # wraps the client the workspace and tracker use


@contextmanager
def session_for(
    config: GitHubConfig,
    repo: str = ROADMAP_REPO,
    *,
    wait: NoWait | None = None,
    wrap: Wrap | None = None,
    git_cache: Path | None = None,
    on_progress: Progress | None = None,
) -> Iterator[Session]:
    """What ``roadmap_bot.session.github_session`` builds, from a given config and sleep."""
    timing: dict[str, Any] = {"sleep": wait.sleep, "clock": wait.clock} if wait else {}
    client = GitHubClient(config, repo, **timing)
    made: list[GraphQLSnapshotProvider] = []
    cache = git_cache or Path("/nonexistent/roadmap-bot-git-cache")

    def providers(extra: Callable[[str], bool] | None) -> SnapshotProvider:
        graphql = GraphQLSnapshotProvider(config, extra=extra, **timing)
        made.append(graphql)
        return Router(
            base_dir=Path("."),
            git_cache=cache,
            github=graphql,
            extra=extra,
            on_progress=on_progress,
        )

    front = wrap(client) if wrap else client
    context = RunContext.from_env({"GITHUB_REPOSITORY": repo})
    try:
        yield Session(
            workspace=GitHubWorkspace(
                front,
                hints=workspace_hints("roadmap.yaml"),
                listings=workspace_listings("roadmap.yaml"),
            ),
            tracker=front,
            providers=providers,
            context=context,
            output=ActionsOutput(context),
            config="roadmap.yaml",
            repo_slug=repo,
            github_provider=made,
        )
    finally:
        for provider in made:
            provider.close()
        client.close()


def cli_session(
    *, wait: NoWait | None = None, wrap: Wrap | None = None, **config: Any
) -> Callable[..., Any]:
    """A stand-in for ``github_session`` (same call) that never sleeps, for ``cli.sync``.

    The real one builds its clients with ``time.sleep``: retry backoff and a 403's
    ``retry-after`` would really wait. ``tune`` is ignored (``config`` says what to change).
    """

    @contextmanager
    def github_session(
        path: str,
        env: Mapping[str, str],
        *,
        repo: str | None = None,
        token: str | None = None,
        tune: Any = None,
        on_progress: Progress | None = None,
    ) -> Iterator[Session]:
        slug = repo or env.get("GITHUB_REPOSITORY") or ROADMAP_REPO
        settings = github_config(env, **config)
        with session_for(settings, slug, wait=wait, wrap=wrap, on_progress=on_progress) as session:
            session.config = path
            yield session

    return github_session


def run_sync(
    fake: FakeGitHub,
    *,
    mutate: Mutation | None = None,
    wait: NoWait | None = None,
    **config: Any,
) -> SyncResult:
    """One sync in this process through the runner, as ``roadmap-bot sync`` would run it."""
    options = SyncOptions(now=NOW, repo_slug=ROADMAP_REPO, server_url=fake.server_url)
    with session_for(github_config(fake_env(fake), **config), wait=wait or NoWait()) as session:
        return sync(session.workspace, session.tracker, session.providers, options, mutate=mutate)


# -- crashes ------------------------------------------------------------------------------------


class SimulatedCrash(BaseException):
    """The process died here (kill -9): a BaseException so no ``except Exception`` swallows it."""


WRITE_METHODS = frozenset(
    {
        "create_issue",
        "edit_issue",
        "close_issue",
        "comment",
        "ensure_label",
        "commit_changed",
        "ensure_milestone",
        "commit_files",
    }
)


class CrashAfterWrites:
    """The client, except that the process 'dies' right after its ``after``-th write operation.

    A write operation is a client call that sent at least one write request (the fake's record
    says so: ``ensure_label`` for an existing label writes nothing). ``commit_files`` counts as
    one: a crash between its blob/tree/commit requests and the ref update leaves only unreachable
    objects, the same state as a crash before it, which a dropped ref update covers.
    """

    def __init__(self, client: GitHubClient, fake: FakeGitHub, after: int) -> None:
        self._client = client
        self._fake = fake
        self.after = after
        self.writes = 0

    def __getattr__(self, name: str) -> Any:
        attribute = getattr(self._client, name)
        if name not in WRITE_METHODS:
            return attribute

        def call(*args: Any, **kwargs: Any) -> Any:
            before = write_count(self._fake)
            result = attribute(*args, **kwargs)
            if write_count(self._fake) > before:
                self.writes += 1
                if self.writes == self.after:
                    raise SimulatedCrash(f"crash after write operation {self.writes} ({name})")
            return result

        return call


def write_count(fake: FakeGitHub) -> int:
    return sum(1 for r in fake.requests if r.kind == "rest_write" and r.status != 0)


# -- the end state ------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class EndState:
    """What a run leaves behind, comparable across worlds (issue numbers left out)."""

    ticks: Mapping[str, Any]  # item id → the tick as stored in the state file
    state_text: str
    open_issues: Mapping[str, int]  # item id → open bot issues carrying its marker
    all_issues: Mapping[str, int]  # item id → bot issues (open or closed) carrying its marker
    tick_comments: Mapping[str, int]  # item id → tick comments on its issues (at most 1)
    closed_completed: frozenset[str]  # item ids whose issue is closed as completed
    readme: bytes
    files: Mapping[str, bytes]  # the roadmap repo's files, less what concurrent pushes added

    @property
    def readme_outside(self) -> bytes:
        """The README with the bot's block cut out: the user's bytes."""
        text = self.readme
        start, end = text.find(START.encode()), text.find(END.encode())
        if start < 0 or end < 0:
            return text
        return text[:start] + text[end + len(END.encode()) :]

    @property
    def duplicates(self) -> int:
        """Open issues beyond one per item (must be 0)."""
        return sum(max(0, n - 1) for n in self.open_issues.values())


def end_state(fake: FakeGitHub, repo: str = ROADMAP_REPO) -> EndState:
    """Snapshot the roadmap repo: state file (validated by the real codec), issues, README."""
    files = {p: b for p, b in fake.files(repo).items() if p != ".concurrent-push"}
    text = files.get("roadmap.state.json", b"{}").decode("utf-8")
    state_from_json(text, "roadmap.state.json")  # raises ConfigError when the file is not valid
    ticks = json.loads(text).get("ticks", {})
    open_count: dict[str, int] = {}
    all_count: dict[str, int] = {}
    comments: dict[str, int] = {}
    completed = set()
    for issue in fake.issues(repo):
        found = find_item_marker(issue.get("body"))
        if found is None:
            continue
        all_count[found] = all_count.get(found, 0) + 1
        open_count[found] = open_count.get(found, 0) + (issue["state"] == "open")
        if issue["state"] == "closed" and issue.get("state_reason") == "completed":
            completed.add(found)
        marker = tick_marker(found)
        marked = [c for c in fake.comments(repo, issue["number"]) if marker in (c["body"] or "")]
        comments[found] = comments.get(found, 0) + len(marked)
    return EndState(
        ticks=ticks,
        state_text=text,
        open_issues={k: v for k, v in open_count.items() if v},
        all_issues=all_count,
        tick_comments=comments,
        closed_completed=frozenset(completed),
        readme=files.get("README.md", b""),
        files=files,
    )


def fired_faults(fake: FakeGitHub) -> int:
    """How many times injected faults fired (the fault book counts them; no public API yet)."""
    book = fake._engine.faults
    with book._lock:
        return sum(int(slot[2]) for slot in book._faults)


def requests_by_kind(fake: FakeGitHub) -> dict[str, int]:
    counts = {"graphql": 0, "rest_read": 0, "rest_write": 0}
    for record in fake.requests:
        counts[record.kind] += 1
    return counts
