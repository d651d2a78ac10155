"""The domain model: item status, linked repos, progress, repo references, the shipped schema."""

from __future__ import annotations

import jsonschema
import pytest

from roadmap_bot.core.model import (
    Item,
    ItemStatus,
    Skip,
    State,
    Tick,
    TickSource,
    item_status,
    linked_repos,
)
from roadmap_bot.core.progress import roadmap_progress
from roadmap_bot.core.repos import RepoKind, parse_repo
from roadmap_bot.core.schema import roadmap_json_schema
from tests.support.helpers import shipped_roadmap

TICK = Tick(TickSource.MANUAL, "2026-01-01T00:00:00Z", "me", "done")
SKIP = Skip("2026-01-01T00:00:00Z", "me")


def test_item_id_is_phase_dot_slug() -> None:
    assert Item("rag", "RAG", "phase2").id == "phase2.rag"


def test_status_combines_yaml_done_ticks_and_skips() -> None:
    item = Item("a", "A", "phase0")
    assert item_status(item, State()) is ItemStatus.OPEN
    assert item_status(item, State(skips={"phase0.a": SKIP})) is ItemStatus.SKIPPED
    assert (
        item_status(item, State(ticks={"phase0.a": TICK}, skips={"phase0.a": SKIP}))
        is ItemStatus.DONE
    )
    assert item_status(Item("a", "A", "phase0", done=True), State()) is ItemStatus.DONE


def test_linked_repos_merge_yaml_and_link_commands_without_repeats() -> None:
    item = Item("a", "A", "phase0", repos=("me/x", "me/y"))
    state = State(links={"phase0.a": ("me/y", "me/z")})
    assert linked_repos(item, state) == ("me/x", "me/y", "me/z")


def test_progress_leaves_skipped_items_out_and_finds_the_current_phase() -> None:
    roadmap = shipped_roadmap()
    phase0 = [i.id for i in roadmap.phases[0].items]
    state = State(ticks=dict.fromkeys(phase0[:-1], TICK), skips={phase0[-1]: SKIP})
    progress = roadmap_progress(roadmap, state)
    first = progress.phases[0]
    assert (first.done, first.total, first.skipped, first.percent, first.complete) == (
        15,
        15,
        1,
        100,
        True,
    )
    assert progress.current_phase_id == "phase1"
    assert progress.total == 74 and progress.done == 15


@pytest.mark.parametrize(
    ("text", "kind", "value"),
    [
        ("octocat/hello-world", RepoKind.GITHUB, "octocat/hello-world"),
        ("https://github.com/octocat/hello.git", RepoKind.GITHUB, "octocat/hello"),
        ("git@github.com:octocat/hello.git", RepoKind.GITHUB, "octocat/hello"),
        ("https://gitlab.com/me/proj.git", RepoKind.GIT, "https://gitlab.com/me/proj.git"),
        ("file:///tmp/repo", RepoKind.GIT, "file:///tmp/repo"),
        ("./projects/titanic", RepoKind.LOCAL, "./projects/titanic"),
    ],
)
def test_repo_references_are_classified(text: str, kind: RepoKind, value: str) -> None:
    ref = parse_repo(text)
    assert ref is not None and (ref.kind, ref.value) == (kind, value)


@pytest.mark.parametrize("text", ["", "foo", "a/b/c", "-bad/name", "has space/x", "owner/.."])
def test_bad_repo_references_are_rejected(text: str) -> None:
    assert parse_repo(text) is None


def test_the_shipped_json_schema_is_a_valid_schema_that_accepts_roadmap_yaml() -> None:
    import yaml

    from tests.support.helpers import shipped_roadmap_text

    schema = roadmap_json_schema()
    jsonschema.Draft202012Validator.check_schema(schema)
    data = yaml.safe_load(shipped_roadmap_text())
    data["settings"]["start"] = str(data["settings"].get("start", "2026-01-01"))
    jsonschema.Draft202012Validator(schema).validate(data)
