"""The documented recipe for adding a command, followed by a test so that it cannot rot.

Recipe (docs/ARCHITECTURE.md): a command is 1 spec + 1 effect + 1 template.

1. Write the effect: ``(item, state, origin, arg) -> (new state, Result, message)`` in
   ``core/commands/effects.py`` (pure; user text only through ``safetext.md_code``).
2. Add one ``CommandSpec`` to ``SPECS`` in ``core/commands/registry.py``: its word, usage
   arguments, help line, argument kind, whether it is read-only, the effect, the RespondResult
   list an applied command adds its item to (``result``) and its reply part (``section``, a
   template in roadmap_bot/templates/, or ``said``, the reply line).
3. Write the template.

Here the made-up ``/star ID`` command lives in a temporary module (its effect and spec), its
spec is put into the registry as step 2 does, and its template comes in as a template override
(the same loader serves shipped templates and overrides).
"""

from __future__ import annotations

import importlib.util
import sys
import textwrap
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType

import pytest

from roadmap_bot.core.commands.apply import apply_comment
from roadmap_bot.core.commands.grammar import parse_comment
from roadmap_bot.core.commands.permissions import Access, decide
from roadmap_bot.core.commands.registry import SPECS, result_fields
from roadmap_bot.core.commands.replies import ReplyFacts, render_reply
from roadmap_bot.core.commands.spec import Origin, Result
from roadmap_bot.core.model import State
from roadmap_bot.core.schema import load_roadmap
from roadmap_bot.jobs.respond.result import RespondResult

STAR_MODULE = '''
from dataclasses import replace

from roadmap_bot.core.commands.spec import ArgKind, Change, CommandSpec, Origin, Result
from roadmap_bot.core.model import Item, State, Tick, TickSource


def star(item: Item, state: State, origin: Origin, note: str | None = None) -> Change:
    """Tick an item with a star (a made-up effect: the test only needs a state change)."""
    if item.id in state.ticks:
        return state, Result.UNCHANGED, f"`{item.id}` already shines"
    mark = Tick(TickSource.MANUAL, origin.at, origin.login, "⭐", url=origin.url)
    return replace(state, ticks={**state.ticks, item.id: mark}), Result.APPLIED, "starred"


SPEC = CommandSpec(
    "star",
    "ID",
    "give an item a star",
    ArgKind.NONE,
    effect=star,
    result="starred",
    section="star.md.j2",
)
'''
STAR_TEMPLATE = "{% for o in outcomes %}⭐ {{ o.item_id }} shines.\n{% endfor %}"

ROADMAP = load_roadmap(
    textwrap.dedent(
        """\
        version: 1
        title: Stars
        phases:
          - id: phase1
            title: One
            sections:
              - title: Topics
                kind: topic
                items:
                  - {id: python, title: Python}
        """
    ),
    "roadmap.yaml",
)
ORIGIN = Origin(
    "ada", "https://github.com/ada/roadmap/issues/1#issuecomment-5", "2026-03-02T12:00:00Z", 5
)


@pytest.fixture
def star_module(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[ModuleType]:
    path = tmp_path / "star_command.py"
    path.write_text(STAR_MODULE, "utf-8")
    spec = importlib.util.spec_from_file_location("star_command", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    monkeypatch.setitem(sys.modules, "star_command", module)
    spec.loader.exec_module(module)
    monkeypatch.setitem(SPECS, module.SPEC.name, module.SPEC)  # step 2: one entry in SPECS
    yield module


def test_a_command_added_by_the_recipe_is_parsed_permitted_applied_reported_and_helped(
    star_module: ModuleType,
) -> None:
    parsed = parse_comment("/star phase1.python\n/help", known_ids=["phase1.python"])
    assert [(c.name, c.item_id) for c in parsed.commands] == [
        ("star", "phase1.python"),
        ("help", None),
    ]
    assert parse_comment("/stra phase1.python", known_ids=["phase1.python"]).errors[0].message == (
        "`/stra` is not a command — did you mean `/star`?"
    )

    # permitted: a changing command needs write access, like every one whose record says so
    owner = decide("star", author="ada", author_type="User", repo_owner="ada", role=None)
    stranger = decide("star", author="eve", author_type="User", repo_owner="ada", role=None)
    assert (owner.access, stranger.access) == (Access.ALLOW, Access.REFUSE)
    assert "`/star`" in stranger.message

    # applied: the record's effect changes the state
    access = {c.name: owner for c in parsed.commands}
    effects = apply_comment(ROADMAP, State(), parsed, access=access, origin=ORIGIN)
    assert effects.changed and effects.state.ticks["phase1.python"].reason == "⭐"
    assert [o.result for o in effects.outcomes] == [Result.APPLIED, Result.ANSWERED]

    # reported in the result: the record's result list
    assert "starred" in result_fields()
    result = RespondResult()
    result.changed("starred").append("phase1.python")
    assert result.listed()["starred"] == ["phase1.python"]
    assert result.as_json()["starred"] == ["phase1.python"]

    # its template renders into the reply, and the help lists it
    reply = render_reply(
        effects.outcomes,
        ReplyFacts(),
        author="ada",
        comment_id=5,
        example_id="phase1.python",
        overrides={"star.md.j2": STAR_TEMPLATE},
    )
    assert "- ✅ `/star phase1.python` — starred" in reply
    assert "⭐ phase1.python shines." in reply
    assert "| `/star ID` | give an item a star | write access |" in reply


def test_without_its_registry_entry_the_word_is_not_a_command() -> None:
    assert "star" not in SPECS
    assert parse_comment("/star phase1.python", known_ids=["phase1.python"]).commands == ()
