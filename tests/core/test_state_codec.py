"""The state file: stable, human-readable JSON that round-trips, with clear errors when broken."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from roadmap_bot.adapters.state_store import save_state
from roadmap_bot.adapters.workspace import LocalWorkspace
from roadmap_bot.core.model import CachedEvidence, Skip, State, Tick, TickSource
from roadmap_bot.core.state_codec import state_from_json, state_to_json
from roadmap_bot.errors import ConfigError
from roadmap_bot.jobs.loading import read_state

STATE = State(
    ticks={
        "phase1.tabular": Tick(
            TickSource.AUTO,
            "2026-02-01T00:00:00Z",
            "roadmap-bot",
            "checks held",
            repo="me/tab",
            commit="abc",
            checks=("readme", "tests"),
        ),
        "phase0.git": Tick(
            TickSource.MANUAL, "2026-01-01T00:00:00Z", "me", "/done", url="https://x/1"
        ),
    },
    skips={"phase0.sql": Skip("2026-01-02T00:00:00Z", "me", "later")},
    links={"phase1.tabular": ("me/tab",)},
    evidence={"me/tab": CachedEvidence("abc", {"readme": {"passed": True}})},
    handled_comments=(5, 3),
)


def test_state_round_trips() -> None:
    again = state_from_json(state_to_json(STATE), "s.json")
    assert again.ticks == STATE.ticks
    assert again.skips == STATE.skips
    assert again.links == STATE.links
    assert again.evidence == STATE.evidence
    assert again.handled_comments == (3, 5)


def test_state_json_is_versioned_sorted_and_stable() -> None:
    text = state_to_json(STATE)
    doc = json.loads(text)
    assert doc["version"] == 1
    assert list(doc["ticks"]) == ["phase0.git", "phase1.tabular"]
    assert text == state_to_json(state_from_json(text, "s.json"))
    assert text.endswith("}\n") and "\n  " in text


def test_empty_or_missing_state_is_empty(tmp_path: Path) -> None:
    assert read_state(LocalWorkspace(tmp_path), "nope.json") == State()
    assert state_from_json("  \n", "s.json") == State()


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("{not json", "s.json:1:2: invalid JSON"),
        ("[]", "must hold a JSON object"),
        ('{"version": 9}', "state version 9 is not supported"),
        ('{"version": 1, "ticks": {"a": {"source": "robot"}}}', "malformed state entry"),
    ],
)
def test_broken_state_is_a_located_config_error(text: str, message: str) -> None:
    with pytest.raises(ConfigError) as info:
        state_from_json(text, "s.json")
    assert message in str(info.value)


def test_save_writes_atomically_and_only_on_change(tmp_path: Path) -> None:
    path = tmp_path / "roadmap.state.json"
    assert save_state(path, STATE) is True
    mtime = path.stat().st_mtime_ns
    assert save_state(path, STATE) is False
    assert path.stat().st_mtime_ns == mtime
    assert read_state(LocalWorkspace(tmp_path), path.name).ticks == STATE.ticks
    assert [p.name for p in tmp_path.iterdir()] == ["roadmap.state.json"]


_JSON_LEAF = st.none() | st.booleans() | st.integers(-(2**53), 2**53) | st.text()
_JSON = st.recursive(
    _JSON_LEAF,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(), inner, max_size=4),
    max_leaves=20,
)


@settings(max_examples=200, deadline=None)
@given(results=st.dictionaries(st.text(), _JSON, max_size=5), reason=st.text())
def test_the_state_file_is_byte_for_byte_what_json_dumps_writes(results: dict, reason: str) -> None:
    state = State(
        ticks={"p.a": Tick(TickSource.MANUAL, "2026-01-01T00:00:00Z", "ada", reason)},
        evidence={"o/r": CachedEvidence("h", results, 1)},
    )
    written = state_to_json(state)
    doc = json.loads(written)
    assert written == json.dumps(doc, indent=2, sort_keys=True, ensure_ascii=False) + "\n"
    assert state_from_json(written, "s.json") == state


def test_nudge_records_keep_the_newest_and_refuse_what_is_no_timestamp() -> None:
    from roadmap_bot.core.state_codec import MAX_NUDGED

    many = {f"p.i{n:05d}": f"2026-01-01T00:00:{n % 60:02d}Z" for n in range(MAX_NUDGED + 50)}
    many["p.latest"] = "2026-06-01T00:00:00Z"
    doc = json.loads(state_to_json(State()))
    doc["nudged"] = many
    state = state_from_json(json.dumps(doc), "s.json")
    assert len(state.nudged) == MAX_NUDGED and state.nudged["p.latest"] == "2026-06-01T00:00:00Z"
    doc["nudged"] = {"p.a": "next tuesday"}
    with pytest.raises(ConfigError, match="not a UTC timestamp"):
        state_from_json(json.dumps(doc), "s.json")


def test_the_digest_of_the_users_fingerprints_travels_with_the_cached_results() -> None:
    cached = CachedEvidence("a" * 40, {}, 3, None, known="0123456789abcdef")
    state = State(evidence={"me/x": cached})
    assert (
        state_from_json(state_to_json(state), "s.json").evidence["me/x"].known == "0123456789abcdef"
    )
    plain = State(evidence={"me/x": CachedEvidence("a" * 40, {}, 3)})
    assert '"known"' not in state_to_json(plain)  # absent when none: old files unchanged
