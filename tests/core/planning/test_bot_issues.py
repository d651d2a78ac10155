"""core.bot_issues: the bot's own marker and the parked marker, on any text, in linear time."""

from __future__ import annotations

import time

from hypothesis import given, settings
from hypothesis import strategies as st

from roadmap_bot.core.markers import item_marker
from roadmap_bot.core.planning.bot_issues import (
    PARKED,
    is_parked,
    own_item_marker,
    same_login,
    without_parked,
)

IDS = st.from_regex(r"[a-z][a-z0-9]{0,8}\.[a-z][a-z0-9-]{0,12}", fullmatch=True)
PIECES = st.sampled_from(
    ["<!--", "-->", " roadmap-bot:item=", "roadmap-bot:parked", "\n", "\r\n", " ", "-", "a.b", "`"]
)
TEXT = st.lists(PIECES | st.text(max_size=5), max_size=60).map("".join)


@given(TEXT, IDS)
def test_the_marker_the_bot_appends_is_the_one_found_whatever_comes_before(
    text: str, item_id: str
) -> None:
    assert own_item_marker(f"{text}\n\n{item_marker(item_id)}\n") == item_id


@given(TEXT)
def test_parking_and_unparking_give_back_the_text(text: str) -> None:
    base = without_parked(text).rstrip("\n") + "\n"
    parked = f"{base}{PARKED}\n"
    assert is_parked(parked)
    assert without_parked(parked) == base
    assert not is_parked(without_parked(parked))


def test_logins_compare_without_case_and_an_empty_login_is_nobody() -> None:
    assert same_login("Ada", "ada") and same_login("github-actions[bot]", "GitHub-Actions[bot]")
    assert not same_login("", "") and not same_login("github-actions", "github-actions[bot]")


@settings(max_examples=20, deadline=None)
@given(st.sampled_from(["-", "a", " ", "<!-- roadmap-bot:item=", "\n<!-- roadmap-bot:item=a"]))
def test_hostile_bodies_of_65536_characters_are_read_in_linear_time(unit: str) -> None:
    for opener in ("<!-- roadmap-bot:item=", "<!-- roadmap-bot:parked", ""):
        body = opener + unit * (65536 // len(unit))
        started = time.perf_counter()
        own_item_marker(body)
        is_parked(body)
        without_parked(body)
        assert time.perf_counter() - started < 2.0  # generous: quadratic work takes minutes
