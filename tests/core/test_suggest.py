"""suggest(): the did-you-mean used for item ids, command names and config keys."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from roadmap_bot.core.suggest import suggest

IDS = ["phase1.python", "phase1.git", "phase2.rag", "phase2.llm-basics", "phase3.rag-eval"]


def test_a_typo_in_the_full_id_suggests_that_id() -> None:
    assert suggest("phase2.rga", IDS) == "phase2.rag"
    assert suggest("phase1.pyhton", IDS) == "phase1.python"


def test_the_slug_alone_suggests_the_full_id() -> None:
    assert suggest("rag", IDS) == "phase2.rag"
    assert suggest("llm-basics", IDS) == "phase2.llm-basics"


def test_a_typo_in_the_slug_alone_suggests_the_full_id() -> None:
    assert suggest("pyton", IDS) == "phase1.python"


def test_case_is_ignored_and_the_candidate_keeps_its_spelling() -> None:
    assert suggest("PHASE2.RAG", IDS) == "phase2.rag"
    assert suggest("Phase1.Git", ["Phase1.Git"]) == "Phase1.Git"
    assert suggest("RAG", IDS) == "phase2.rag"


def test_the_wrong_phase_suggests_the_item_where_it_is() -> None:
    assert suggest("phase3.rag", ["phase2.rag", "phase5.docker"]) == "phase2.rag"


def test_nothing_close_gives_none() -> None:
    assert suggest("kubernetes", IDS) is None
    assert suggest("", IDS) is None
    assert suggest("   ", IDS) is None
    assert suggest("rag", []) is None


def test_a_very_long_word_is_not_compared() -> None:
    assert suggest("phase2.rag" * 100, IDS) is None


def test_ties_go_to_the_earlier_candidate() -> None:
    assert suggest("abc", ["abd", "abe"]) == "abd"
    assert suggest("abc", ["abe", "abd"]) == "abe"


def test_a_set_of_candidates_gives_the_same_answer_every_time() -> None:
    assert suggest("abc", {"abe", "abd"}) == "abd"
    assert suggest("abc", frozenset({"abd", "abe"})) == "abd"


def test_the_cutoff_controls_how_close_is_close_enough() -> None:
    commands = ["done", "undo", "skip", "status"]
    assert suggest("dnoe", commands, cutoff=0.75) == "done"
    assert suggest("shrug", commands, cutoff=0.75) is None
    assert suggest("todo", commands, cutoff=0.75) is None
    assert suggest("todo", commands, cutoff=0.5) == "done"


@given(st.text(max_size=50), st.lists(st.text(max_size=30), max_size=20))
def test_the_suggestion_is_always_one_of_the_candidates(word: str, candidates: list[str]) -> None:
    result = suggest(word, candidates)
    assert result is None or result in candidates


@given(st.lists(st.from_regex(r"phase[0-9]\.[a-z][a-z0-9-]{0,15}", fullmatch=True), min_size=1))
def test_every_candidate_suggests_itself_in_any_case(candidates: list[str]) -> None:
    for candidate in candidates:
        assert suggest(candidate.upper(), candidates) == candidate
