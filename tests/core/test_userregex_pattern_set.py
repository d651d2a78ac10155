"""``userregex.PatternSet``: which code patterns occur in a text in one pass, exactly the
patterns a search of each would find (the catalog's ``code:`` detection relies on it)."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from roadmap_bot.core.evidence.techs import load_catalog
from roadmap_bot.core.userregex import PatternSet, compile_linear, search_linear

PATTERNS = [r"mlflow\.log_\w+", r"wandb\.init\(", r"^import torch", r"(a+)+$", r"\bdvc\b"]


def by_each(patterns: list[str], text: str) -> list[int]:
    return [i for i, p in enumerate(patterns) if search_linear(compile_linear(p), text)]


@settings(max_examples=300, deadline=None)
@given(
    st.lists(
        st.sampled_from(
            ["mlflow.log_metric", "wandb.init(", "import torch", "aaaa", "dvc", "x", "\n", " "]
        )
        | st.text(max_size=8),
        max_size=12,
    ).map("".join)
)
def test_the_set_finds_exactly_the_patterns_each_search_finds(text: str) -> None:
    assert PatternSet(PATTERNS).matching(text) == by_each(PATTERNS, text)


def test_a_lone_surrogate_is_searched_as_a_replacement_character() -> None:
    text = 'print("\ud800")\nwandb.init(project="x")\n'
    assert PatternSet(PATTERNS).matching(text) == [1]


def test_no_patterns_match_nothing() -> None:
    assert PatternSet([]).matching("anything") == []


def test_a_catalogs_code_patterns_are_indexed_in_its_code_order() -> None:
    catalog = load_catalog(
        {"t": {"display": "T", "code": [r"\bfoo\(", r"bar\.baz"]}, "u": {"code": [r"qux"]}}
    )
    text = "x = bar.baz(1)\nqux()\n"
    assert catalog._code_set.matching(text) == [1, 2]
