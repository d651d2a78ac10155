"""Hidden markers: the bot finds its own README block, issues and replies by marker."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from roadmap_bot.core.markers import (
    END,
    START,
    find_item_marker,
    find_reply_marker,
    item_marker,
    replace_block,
    reply_marker,
)


def test_item_marker_round_trips_inside_any_body() -> None:
    body = f"Some text\n\n{item_marker('phase2.rag')}\nmore"
    assert find_item_marker(body) == "phase2.rag"
    assert find_item_marker("no marker") is None
    assert find_item_marker(None) is None


def test_reply_marker_round_trips() -> None:
    assert find_reply_marker(f"ok {reply_marker(123)}") == 123
    assert find_reply_marker("<!-- roadmap-bot:reply-to=x -->") is None


@given(st.text(), st.text(), st.text(min_size=1).filter(lambda s: START not in s and END not in s))
def test_replace_block_keeps_outside_text_and_is_idempotent(
    before: str, after: str, block: str
) -> None:
    before = before.replace(START, "").replace(END, "")
    after = after.replace(START, "").replace(END, "")
    doc = f"{before}{START}\nold\n{END}{after}"
    once = replace_block(doc, block)
    assert once.startswith(before) and once.endswith(after)
    assert replace_block(once, block) == once
