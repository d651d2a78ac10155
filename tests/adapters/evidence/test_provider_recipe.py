"""The recipe for adding a snapshot provider (docs/ARCHITECTURE.md, "How to add … a provider"),
followed with a provider written to a temporary module: one module exposing ``claims`` and
``build``, and one ``Entry`` in ``router.ENTRIES``, are all it takes for a sync's router and
for ``roadmap-bot check``."""

from __future__ import annotations

import importlib.util
import sys
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType

import pytest

from roadmap_bot.adapters.evidence import router
from roadmap_bot.adapters.evidence.router import Entry, Router, entry_for
from roadmap_bot.adapters.evidence.setup import Setup
from roadmap_bot.cli.check import provider_for
from roadmap_bot.core.evidence.snapshot import RepoSnapshot
from roadmap_bot.core.repos import parse_repo

# Step 1 of the recipe: a module in adapters/evidence/ with ``claims``, the provider, ``build``.
CODEBERG_MODULE = '''\
"""Snapshots of repos on Codeberg (``https://codeberg.org/owner/name``)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from roadmap_bot.adapters.evidence.setup import Setup
from roadmap_bot.core.evidence.snapshot import (
    Progress,
    RepoSnapshot,
    SnapshotOutcome,
    Unchanged,
    Wanted,
    wanted_paths,
)
from roadmap_bot.core.repos import RepoKind, RepoRef

PREFIX = "https://codeberg.org/"
FILES = {"README.md": "# Notes on Codeberg", "tests/test_a.py": "def test_a(): pass"}


def claims(ref: RepoRef) -> str | None:
    """A Codeberg URL is this provider's, read as ``owner/name``."""
    if ref.kind is RepoKind.GIT and ref.value.startswith(PREFIX):
        return ref.value.removeprefix(PREFIX).removesuffix(".git")
    return None


class CodebergProvider:
    """Reads a repo's file list and wanted texts (here: a fixed tree, as an API would give)."""

    def __init__(self, budget: float | None) -> None:
        self.budget = budget
        self.fetched: list[str] = []

    def fetch(
        self,
        repos: Sequence[str],
        *,
        known_heads: Mapping[str, str],
        extra: Wanted | None = None,
        progress: Progress | None = None,
    ) -> dict[str, SnapshotOutcome]:
        outcomes: dict[str, SnapshotOutcome] = {}
        for repo in repos:
            self.fetched.append(repo)
            head = "c0ffee"
            if known_heads.get(repo) == head:
                outcomes[repo] = Unchanged(repo, head)
            else:
                paths = tuple(sorted(FILES))
                wanted = wanted_paths(paths, extra=extra)
                texts = {p: FILES[p] for p in wanted}
                outcomes[repo] = RepoSnapshot(repo, head, paths, texts)
            if progress is not None:
                progress(len(outcomes), len(repos), repo)
        return outcomes


def build(setup: Setup) -> CodebergProvider:
    return CodebergProvider(setup.budget)
'''

URL = "https://codeberg.org/ada/notes"


@pytest.fixture
def codeberg(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[ModuleType]:
    """The made-up provider's module, imported, and (step 2) its entry added to ``ENTRIES``."""
    path = tmp_path / "codeberg.py"
    path.write_text(CODEBERG_MODULE, encoding="utf-8")
    spec = importlib.util.spec_from_file_location("made_up_providers.codeberg", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    # Step 2: one entry, before "git" (the first entry that claims a repo reads it).
    entry = Entry("codeberg", module.claims, module.build)
    github, git, local = router.ENTRIES
    monkeypatch.setattr(router, "ENTRIES", (github, entry, git, local))
    yield module
    sys.modules.pop("made_up_providers.codeberg", None)


def test_the_router_sends_the_providers_repos_to_it(codeberg: ModuleType, tmp_path: Path) -> None:
    (tmp_path / "mine").mkdir()
    (tmp_path / "mine" / "README.md").write_text("# mine\n")
    routed = Router(Setup(base_dir=tmp_path, git_cache=tmp_path / "cache"))
    heard: list[tuple[int, int, str]] = []
    outcomes = routed.fetch(
        [URL, "./mine", f"{URL}.git"],
        known_heads={},
        progress=lambda done, total, repo: heard.append((done, total, repo)),
    )
    snap = outcomes[URL]
    assert isinstance(snap, RepoSnapshot) and snap.repo == "ada/notes"
    assert snap.texts["README.md"] == "# Notes on Codeberg"
    assert outcomes[f"{URL}.git"] == snap  # two spellings of one repo, read once
    assert isinstance(outcomes["./mine"], RepoSnapshot)  # the other kinds are routed as before
    provider = routed.provider(router.ENTRIES[1])
    assert isinstance(provider, codeberg.CodebergProvider) and provider.fetched == ["ada/notes"]
    assert heard[-1][:2] == (3, 3)


def test_check_uses_the_same_table(codeberg: ModuleType) -> None:
    ref = parse_repo(URL)
    assert ref is not None
    assert isinstance(provider_for(ref), codeberg.CodebergProvider)


def test_without_its_entry_the_module_reads_nothing(tmp_path: Path) -> None:
    ref = parse_repo(URL)
    assert ref is not None
    found = entry_for(ref)
    assert found is not None and found[0].name == "git"  # an ordinary git URL, as before
