"""README rendering: golden output, markers, byte-for-byte preservation outside them."""

from __future__ import annotations

import os
from dataclasses import replace
from pathlib import Path

import pytest

from roadmap_bot.cli import main
from roadmap_bot.core.markers import END, START, replace_block
from roadmap_bot.core.model import Skip, State, Tick, TickSource
from roadmap_bot.core.progress import progress_bar
from roadmap_bot.core.render.readme import render_block
from tests.support.helpers import GOLDEN, MINIMAL, shipped_roadmap

STATE = State(
    ticks={
        "phase0.python-syntax": Tick(
            TickSource.MANUAL,
            "2026-03-01T10:00:00Z",
            "octocat",
            "done",
            url="https://github.com/o/r/issues/1#issuecomment-1",
        ),
        "phase0.titanic": Tick(
            TickSource.AUTO,
            "2026-04-02T08:00:00Z",
            "roadmap-bot",
            "readme, tests, ci",
            repo="octocat/titanic",
            commit="abc123",
            checks=("readme", "tests", "ci"),
        ),
    },
    skips={"phase0.sql": Skip("2026-03-05T00:00:00Z", "octocat", "not needed")},
)


def golden(name: str, text: str) -> None:
    path = GOLDEN / name
    if os.environ.get("UPDATE_GOLDEN") == "1" or not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    assert text == path.read_text(encoding="utf-8"), (
        f"differs from {path}; UPDATE_GOLDEN=1 to accept"
    )


def test_rendered_shipped_roadmap_matches_golden_file() -> None:
    golden("readme_block_shipped.md", render_block(shipped_roadmap(), STATE))


def test_rendered_block_shows_dates_evidence_and_skips_and_hides_ids_by_default() -> None:
    text = render_block(shipped_roadmap(), STATE)
    assert (
        "- [x] Python: Syntax and core concepts <sub>✓ 2026-03-01 · [note](https://github.com/o/r/issues/1#issuecomment-1)</sub> <!-- phase0.python-syntax -->"
        in text
    )
    assert (
        "- [x] Project: Titanic survival classifier <sub>✓ 2026-04-02 · [octocat/titanic](https://github.com/octocat/titanic)</sub> <!-- phase0.titanic -->"
        in text
    )
    assert (
        "- [ ] ~~Data Handling: SQL for database querying~~ <sub>skipped</sub> <!-- phase0.sql -->"
        in text
    )
    assert "- [ ] Python: Object-Oriented Programming (OOP) <!-- phase0.python-oop -->" in text
    assert "**Progress:** 2/15 `█░░░░░░░░░` 13% · *current phase* · 1 skipped" in text
    assert "`phase0." not in text  # no id is shown: each one is an HTML comment GitHub hides


def test_rendered_block_shows_ids_when_settings_ask_for_them() -> None:
    roadmap = shipped_roadmap()
    shown = replace(roadmap, settings=replace(roadmap.settings, show_ids=True))
    text = render_block(shown, STATE)
    assert (
        "- [x] Python: Syntax and core concepts <sub>`phase0.python-syntax` · ✓ 2026-03-01 · [note](https://github.com/o/r/issues/1#issuecomment-1)</sub>\n"
        in text
    )
    assert (
        "- [ ] ~~Data Handling: SQL for database querying~~ <sub>`phase0.sql` · skipped</sub>\n"
        in text
    )
    assert (
        "- [ ] Python: Object-Oriented Programming (OOP) <sub>`phase0.python-oop`</sub>\n" in text
    )
    assert "<!-- phase0." not in text


def test_progress_bar_is_never_full_before_done() -> None:
    assert progress_bar(0, 10) == "░" * 10
    assert progress_bar(9, 10) == "█" * 9 + "░"
    assert progress_bar(99, 100) == "█" * 9 + "░"
    assert progress_bar(10, 10) == "█" * 10
    assert progress_bar(0, 0) == "█" * 10


def test_text_outside_the_markers_is_kept_byte_for_byte() -> None:
    before = "# My page\r\n\r\nHello *world*  \r\n"
    after = "\r\n## Footer\twith tab\r\n"
    readme = f"{before}{START}\nold\n{END}{after}"
    new = replace_block(readme, "new block")
    assert new == f"{before}{START}\nnew block\n{END}{after}"


def test_without_markers_the_block_is_appended() -> None:
    assert replace_block("# Title\n", "B") == f"# Title\n\n{START}\nB\n{END}\n"
    assert replace_block("", "B") == f"{START}\nB\n{END}\n"
    assert replace_block("# T", "B") == f"# T\n\n{START}\nB\n{END}\n"


def test_render_twice_leaves_the_readme_byte_identical(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "roadmap.yaml").write_text(MINIMAL)
    readme = tmp_path / "README.md"
    readme.write_text("Intro text\n\n<!-- roadmap:start -->\n<!-- roadmap:end -->\n\nOutro\n")
    assert main(["render", "-c", str(tmp_path / "roadmap.yaml")]) == 0
    first = readme.read_bytes()
    assert first.startswith(b"Intro text\n\n<!-- roadmap:start -->\n# Demo\n")
    assert first.endswith(b"<!-- roadmap:end -->\n\nOutro\n")
    assert main(["render", "-c", str(tmp_path / "roadmap.yaml")]) == 0
    assert readme.read_bytes() == first
    assert main(["render", "--check", "-c", str(tmp_path / "roadmap.yaml")]) == 0
    assert "up to date" in capsys.readouterr().out


def test_render_check_exits_1_when_out_of_date(tmp_path: Path) -> None:
    (tmp_path / "roadmap.yaml").write_text(MINIMAL)
    (tmp_path / "README.md").write_text("hand written\n")
    assert main(["render", "--check", "-c", str(tmp_path / "roadmap.yaml")]) == 1
    assert (tmp_path / "README.md").read_text() == "hand written\n"


def test_user_template_override_replaces_the_shipped_one(tmp_path: Path) -> None:
    (tmp_path / "roadmap.yaml").write_text(MINIMAL)
    folder = tmp_path / ".github" / "roadmap-templates"
    folder.mkdir(parents=True)
    (folder / "readme.md.j2").write_text("Custom {{ progress.done }}/{{ progress.total }}\n")
    assert main(["render", "-c", str(tmp_path / "roadmap.yaml")]) == 0
    assert "Custom 0/1" in (tmp_path / "README.md").read_text()


def test_render_leaves_a_readme_with_a_start_marker_and_no_end_marker_as_it_is(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "roadmap.yaml").write_text(MINIMAL)
    readme = tmp_path / "README.md"
    mine = f"# Me\n\n{START}\n\nMy own words, kept.\n\n## Contact\n"
    readme.write_text(mine)
    for _ in range(2):
        assert main(["render", "-c", str(tmp_path / "roadmap.yaml")]) == 0
        assert readme.read_text() == mine
    err = capsys.readouterr().err
    assert f"roadmap-bot: warning: {readme}: line 3 has {START} but no {END} follows it" in err


def test_a_readme_that_explains_the_markers_keeps_its_explanation(tmp_path: Path) -> None:
    (tmp_path / "roadmap.yaml").write_text(MINIMAL)
    readme = tmp_path / "README.md"
    mine = f"# Setup\n\nAdd `{START}` and then:\n\n```\n{START}\n{END}\n```\n\nThanks!\n"
    readme.write_text(mine)
    assert main(["render", "-c", str(tmp_path / "roadmap.yaml")]) == 0
    first = readme.read_text()
    assert first.startswith(mine) and first.endswith(f"{END}\n")
    assert main(["render", "-c", str(tmp_path / "roadmap.yaml")]) == 0
    assert readme.read_text() == first


def test_manual_tick_in_roadmap_yaml_counts_as_done() -> None:
    from roadmap_bot.core.schema import load_roadmap

    roadmap = load_roadmap(MINIMAL + "            done: true\n")
    assert "- [x] First topic" in render_block(roadmap, State())
