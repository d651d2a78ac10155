"""Hidden markers: the bot finds its own README block, issues and replies by marker."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from roadmap_bot.core.markers import (
    END,
    START,
    block_problem,
    find_reply_marker,
    item_marker,
    replace_block,
    reply_marker,
)
from tests.support.markers import find_item_marker


def test_item_marker_round_trips_inside_any_body() -> None:
    body = f"Some text\n\n{item_marker('phase2.rag')}\nmore"
    assert find_item_marker(body) == "phase2.rag"
    assert find_item_marker("no marker") is None
    assert find_item_marker(None) is None


def test_reply_marker_round_trips() -> None:
    assert find_reply_marker(f"ok {reply_marker(123)}") == 123
    assert find_reply_marker("<!-- roadmap-bot:reply-to=x -->") is None


_PLAIN = st.text(alphabet=st.characters(blacklist_characters="`~\n\r")).map(
    lambda s: s.replace(START, "").replace(END, "")
)


@given(_PLAIN, _PLAIN, st.text(min_size=1))
def test_replace_block_keeps_outside_text_and_is_idempotent(
    before: str, after: str, block: str
) -> None:
    doc = f"{before}\n{START}\nold\n{END}\n{after}"
    once = replace_block(doc, block)
    assert once.startswith(f"{before}\n") and once.endswith(f"\n{after}")
    assert replace_block(once, block) == once


def test_a_start_marker_without_an_end_marker_leaves_the_readme_as_it_is() -> None:
    from roadmap_bot.core.markers import block_problem

    readme = f"# Me\n\n{START}\n\nMy own text, which must survive.\n\n## More of mine\n"
    first = replace_block(readme, "BLOCK")
    second = replace_block(first, "BLOCK")
    assert first == readme and second == readme
    assert block_problem(readme) == (
        f"line 3 has {START} but no {END} follows it; put {END} on its own line where the "
        "roadmap block should end (everything between them is replaced); the README was left "
        "as it is"
    )


@pytest.mark.parametrize(
    ("readme", "says"),
    [
        (f"a\n{END}\nb\n", f"line 2 has {END} but there is no {START} before it"),
        (f"{END}\nmine\n{START}\n", "the end marker (line 1) comes before the start marker"),
        (f"{START}\nx\n{START}\ny\n{END}\n", "2 start and 1 end markers (lines 1, 3, 5)"),
        (f"{START}\nx\n{END}\ny\n{END}\n", "1 start and 2 end markers (lines 1, 3, 5)"),
        ("intro\n```\nnever closed\n", "the code fence opened on line 2 is never closed"),
    ],
)
def test_markers_that_do_not_pair_up_change_nothing_and_say_why(readme: str, says: str) -> None:
    from roadmap_bot.core.markers import block_problem

    assert replace_block(readme, "BLOCK") == readme
    problem = block_problem(readme)
    assert problem is not None and says in problem


def test_markers_quoted_in_inline_code_or_a_fence_are_text() -> None:
    readme = (
        "# How to use\n\n"
        f"Put `{START}` and `{END}` where the roadmap goes.\n\n"
        "```markdown\n"
        f"{START}\n"
        "(the roadmap appears here)\n"
        f"{END}\n"
        "```\n\n"
        "~~~\n"
        f"  {START}\n"
        "~~~\n\n"
        "The rest of my README.\n"
    )
    once = replace_block(readme, "BLOCK")
    assert once == f"{readme}\n{START}\nBLOCK\n{END}\n"
    assert replace_block(once, "NEW") == f"{readme}\n{START}\nNEW\n{END}\n"


def test_a_marker_must_stand_on_its_own_line() -> None:
    readme = f"text {START} more\n\n> {END}\n    {START}\n"  # inline, quoted, indented code
    assert replace_block(readme, "B") == f"{readme}\n{START}\nB\n{END}\n"
    spaced = f"x\n   {START}  \r\nold\n{END}\t\ny\n"  # up to 3 spaces, blanks after
    assert replace_block(spaced, "B") == f"x\n   {START}\nB\n{END}\t\ny\n"


def test_a_block_that_prints_a_marker_or_leaves_a_fence_open_cannot_break_the_next_run() -> None:
    block = f"# Roadmap\n{END}\n```python\nprint(1)\n"
    once = replace_block("mine\n", block)
    assert replace_block(once, block) == once
    assert once.startswith("mine\n") and once.endswith(f"```\n{END}\n")


@settings(max_examples=300)
@given(
    st.lists(
        st.sampled_from(
            [START, END, "```", "~~~", "````md", "text", "", f"`{START}`", f"    {END}", "  ```"]
        ),
        max_size=14,
    ),
    st.sampled_from(["B", f"B\n{END}", "```\nB", f"x\n{START}\n~~~~"]),
)
def test_any_readme_is_either_updated_idempotently_or_left_unchanged(
    lines: list[str], block: str
) -> None:
    from roadmap_bot.core.markers import block_problem

    readme = "\n".join(lines) + ("\n" if lines else "")
    once = replace_block(readme, block)
    if block_problem(readme) is not None:
        assert once == readme
        return
    assert block_problem(once) is None
    assert replace_block(once, block) == once
    assert replace_block(once, "other") == replace_block(replace_block(readme, "other"), "other")


def test_finding_markers_is_linear_in_the_readme() -> None:
    from roadmap_bot.core.markers import block_problem

    hostile = f"{START}\n" + "```\n" * 200_000 + "`" * 100_000 + f"\n{START}\n" * 1000
    assert replace_block(hostile, "B") == hostile  # 1,001 start markers: left as it is
    assert block_problem(hostile) is not None


def test_markers_on_the_first_line_after_a_byte_order_mark_are_found() -> None:
    readme = f"\ufeff{START}\nold\n{END}\n\n# Mine\n"
    assert block_problem(readme) is None
    assert replace_block(readme, "new") == f"\ufeff{START}\nnew\n{END}\n\n# Mine\n"
