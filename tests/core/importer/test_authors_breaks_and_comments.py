"""What authors write around their boxes is theirs: two-space line breaks that keep boxes apart
do not end up in titles or prose, and a trailing HTML comment that looks like one of the bot's
hidden ids does not take over the phase's or the item's id, nor disappear."""

from __future__ import annotations

from typing import Any

from roadmap_bot.core.importer.markdown import import_markdown
from tests.support.round_trip import round_trip


def phase(text: str) -> dict[str, Any]:
    [found] = import_markdown(text).data["phases"]
    return dict(found)


def titles(text: str) -> list[str]:
    return [str(i["title"]) for s in phase(text)["sections"] for i in s["items"]]


def test_two_space_breaks_between_boxes_stay_out_of_the_titles() -> None:
    assert titles("# R\n## Phase 1\n[ ] alpha  \n[x] beta  \n[ ] gamma\n") == [
        "alpha",
        "beta",
        "gamma",
    ]
    assert titles("# R\n## P\n- [ ] alpha  \n  note one  \n  note two\n") == ["alpha"]


def test_a_break_before_the_first_box_stays_out_of_the_prose() -> None:
    assert phase("# R\n## P\nSome prose  \n[ ] alpha\n")["prose"] == "Some prose"


def test_a_break_between_note_lines_is_kept_as_the_renders_break() -> None:
    [item] = phase("# R\n## P\n- [ ] alpha  \n  note one  \n  note two\n")["sections"][0]["items"]
    assert item["notes"] == "note one\\\nnote two"


def test_an_authors_trailing_comment_shaped_like_an_id_is_kept_in_the_title() -> None:
    found = phase("## Getting started\n- [ ] read docs <!-- see.later -->\n- [ ] install\n")
    assert found["id"] == "getting-started"
    [docs, install] = found["sections"][0]["items"]
    assert docs["title"] == "read docs <!-- see.later -->" and install["id"] == "install"


def test_the_same_id_shaped_comment_on_two_boxes_is_no_render_of_the_bot() -> None:
    found = phase("## Getting started\n- [ ] a <!-- v1.2 -->\n- [ ] b <!-- v1.2 -->\n")
    assert found["id"] == "getting-started"
    assert [i["title"] for i in found["sections"][0]["items"]] == [
        "a <!-- v1.2 -->",
        "b <!-- v1.2 -->",
    ]


def test_the_bots_own_ids_still_win_with_a_box_the_author_added_among_them() -> None:
    text = (
        "## Phase 0: Foundations\n"
        "- [ ] Python <!-- phase0.python -->\n"
        "- [ ] Git <!-- phase0.git -->\n"
        "- [ ] my own addition\n"
    )
    found = phase(text)
    assert found["id"] == "phase0"
    assert [i["id"] for i in found["sections"][0]["items"]][:2] == ["python", "git"]


def test_each_of_these_imports_renders_and_imports_back_the_same() -> None:
    for text in (
        "# R\n## Getting started\n- [ ] read docs <!-- see.later -->\n- [ ] install\n",
        "# R\n## Phase 1\n[ ] alpha  \n[x] beta  \n[ ] gamma\n",
        "# R\n## P\nSome prose  \n[ ] alpha\n",
    ):
        assert round_trip(text).fixed, text
