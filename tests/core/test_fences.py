"""core/fences.py: which lines are fenced code, and blank lines collapsed outside them only
(the README render and the importer share it)."""

from __future__ import annotations

from roadmap_bot.core.fences import fence_step, single_blanks


def test_runs_of_blank_lines_collapse_outside_fences_and_stay_inside_them() -> None:
    lines = ["a", "", "", "", "```py", "x = 1", "", "", "y = 2", "```", "", " ", "b"]
    assert single_blanks(lines) == ["a", "", "```py", "x = 1", "", "", "y = 2", "```", "", "b"]


def test_a_fence_closes_only_with_its_own_character_and_at_least_its_length() -> None:
    fence, inside = fence_step("````", None)
    assert (fence, inside) == ("````", True)
    assert fence_step("```", fence) == ("````", True)  # shorter: still inside
    assert fence_step("~~~~", fence) == ("````", True)  # other character
    assert fence_step("`````", fence) == (None, True)  # the closing line belongs to it
    assert fence_step("``` a`b", None) == (None, False)  # a backtick in the info string
