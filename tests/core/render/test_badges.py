"""Badges: colour scale, shields endpoint JSON, flat SVGs, files per phase and repo, snippets, CLI."""

from __future__ import annotations

import json
import os
from pathlib import Path

import jsonschema
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from roadmap_bot.core.model import (
    Phase,
    Roadmap,
    Section,
    SectionKind,
    Settings,
    Skip,
    State,
)
from roadmap_bot.core.render.badge_links import badge_markdown, phase_file_stem, repo_badge_markdown
from roadmap_bot.core.render.badges import (
    Badge,
    BadgeColor,
    _text_colors,
    badge_files,
    badge_svg,
    endpoint_json,
    last_activity_date,
    progress_color,
)
from roadmap_bot.core.render.textwidth import ELLIPSIS, text_width
from roadmap_bot.errors import UsageError
from tests.support.badges import (
    CONFIG,
    GOLDEN,
    SHIELDS_ENDPOINT_SCHEMA,
    TICK,
    item,
    run_cli,
    sample_files,
    sample_roadmap,
    sample_state,
    topics,
)
from tests.support.card import SVG, assert_self_contained


@pytest.mark.parametrize(
    ("done", "total", "color"),
    [
        (0, 0, BadgeColor.LIGHTGREY),
        (0, 10, BadgeColor.LIGHTGREY),
        (1, 10, BadgeColor.ORANGE),
        (24, 100, BadgeColor.ORANGE),
        (25, 100, BadgeColor.YELLOW),
        (49, 100, BadgeColor.YELLOW),
        (50, 100, BadgeColor.YELLOWGREEN),
        (74, 100, BadgeColor.YELLOWGREEN),
        (75, 100, BadgeColor.GREEN),
        (199, 200, BadgeColor.GREEN),  # 99.5% rounds to 100 but is not done
        (200, 200, BadgeColor.BRIGHTGREEN),
    ],
)
def test_colour_follows_the_documented_scale(done: int, total: int, color: BadgeColor) -> None:
    assert progress_color(done, total) is color


@given(st.integers(0, 500), st.integers(0, 500))
def test_more_done_never_gives_a_colder_colour(done: int, total: int) -> None:
    order = list(reversed(BadgeColor))  # lightgrey, orange, yellow, yellowgreen, green, bright
    if done < total:
        assert order.index(progress_color(done, total)) <= order.index(
            progress_color(done + 1, total)
        )


def test_text_is_dark_on_light_backgrounds_as_shields_does() -> None:
    assert _text_colors("#fff") == ("#333", "#ccc")
    assert _text_colors(BadgeColor.BRIGHTGREEN.hex) == ("#fff", "#010101")


def test_every_endpoint_json_passes_the_shields_schema() -> None:
    for name, data in sample_files().items():
        if name.endswith(".json"):
            jsonschema.validate(json.loads(data), SHIELDS_ENDPOINT_SCHEMA)


def test_progress_and_phase_endpoints_carry_percent_counts_and_colour() -> None:
    files = sample_files()
    assert json.loads(files["progress.json"]) == {
        "schemaVersion": 1,
        "label": "roadmap",
        "message": "62% · 5/8",  # 62.5 rounds half to even, as the card does
        "color": "yellowgreen",
        "cacheSeconds": 600,
    }
    phase0 = json.loads(files["phase0.json"])
    assert (phase0["label"], phase0["message"], phase0["color"]) == (
        "Foundations",
        "100% · 3/3",
        "brightgreen",
    )
    current = json.loads(files["current.json"])
    assert (current["label"], current["message"]) == (
        "current phase",
        "Classical ML & tabular data · 1/3",
    )


def test_a_finished_roadmap_says_so_on_the_current_badge() -> None:
    state = State(ticks=dict.fromkeys((i.id for i in sample_roadmap().items()), TICK))
    files = badge_files(sample_roadmap(), state, today="2025-03-14")
    assert json.loads(files["current.json"])["message"] == "complete ✓"


def test_an_empty_message_becomes_a_dash_because_shields_requires_one() -> None:
    assert json.loads(endpoint_json(Badge("x", " \n", BadgeColor.GREEN)))["message"] == "–"


def test_svg_badge_boxes_fit_the_measured_text_with_5px_padding() -> None:
    badge = Badge("roadmap", "57% · 4/7", BadgeColor.YELLOWGREEN)
    root = assert_self_contained(badge_svg(badge))
    label_w = -(-text_width("roadmap", 11) // 1)
    message_w = -(-text_width("57% · 4/7", 11) // 1)
    assert root.get("height") == "20"
    assert root.get("width") == str(int(label_w + message_w + 20))
    assert root.get("viewBox") == f"0 0 {int(label_w + message_w + 20)} 20"
    rects = [r for r in root.iter(f"{SVG}rect") if r.get("fill", "").startswith("#")]
    assert [r.get("width") for r in rects[1:3]] == [
        str(int(label_w + 10)),
        str(int(message_w + 10)),
    ]
    lengths = [t.get("textLength") for t in root.iter(f"{SVG}text")]
    assert lengths == [str(int(label_w))] * 2 + [str(int(message_w))] * 2
    assert rects[2].get("fill") == BadgeColor.YELLOWGREEN.hex
    assert root.get("aria-label") == "roadmap: 57% · 4/7"


def test_svg_badges_escape_user_text() -> None:
    svg = badge_svg(Badge('<script>alert("x")</script>', "a & b", BadgeColor.GREEN))
    root = assert_self_contained(svg)
    shown = ["".join(t.itertext()) for t in root.iter(f"{SVG}text")]
    assert shown == ['<script>alert("x")</script>'] * 2 + ["a & b"] * 2
    assert b"<script" not in svg


def test_long_phase_titles_are_cut_to_a_measured_width_on_badges() -> None:
    roadmap = Roadmap(title="R", phases=(Phase("phase0", "Word " * 60, (topics("phase0", "a"),)),))
    label = json.loads(badge_files(roadmap, State(), today="x")["phase0.json"])["label"]
    assert label.endswith(ELLIPSIS) and text_width(label, 11) <= 160


def test_files_cover_progress_current_each_phase_each_github_repo_and_the_cards() -> None:
    names = set(sample_files())
    stems = ["progress", "current", "phase0", "phase1", "phase2"]
    stems += ["repos/alice__rag-demo", "repos/alice__titanic"]
    expected = {f"{s}.{ext}" for s in stems for ext in ("json", "svg")}
    assert names == expected | {"card.svg", "card-dark.svg", "repos/README.md"}


def test_repo_badges_list_their_items_with_marks() -> None:
    files = sample_files()
    titanic = json.loads(files["repos/alice__titanic.json"])
    assert titanic["message"] == "phase1.tabular ✓, phase1.houses ○"
    assert titanic["color"] == "yellowgreen"
    rag = json.loads(files["repos/alice__rag-demo.json"])  # linked with /link, not in yaml
    assert (rag["message"], rag["color"]) == ("phase2.rag · in progress", "lightgrey")


def test_a_repo_with_many_items_gets_a_count() -> None:
    slugs = ["a", "b", "c", "d"]
    roadmap = Roadmap(
        title="R",
        phases=(
            Phase(
                "phase0",
                "P",
                (
                    Section(
                        "S", SectionKind.PROJECT, tuple(item("phase0", s, "o/r") for s in slugs)
                    ),
                ),
            ),
        ),
    )
    state = State(ticks={"phase0.a": TICK}, skips={"phase0.b": Skip("2025-01-01", "o")})
    message = json.loads(badge_files(roadmap, state, today="x")["repos/o__r.json"])["message"]
    assert message == "1/3 items ✓"


@pytest.mark.parametrize(
    ("phase_id", "stem"),
    [("phase0", "phase0"), ("current", "phase-current"), ("a/../b", "a-..-b"), ("..", "phase")],
)
def test_phase_file_names_are_safe_and_never_clash(phase_id: str, stem: str) -> None:
    assert phase_file_stem(phase_id) == stem


def test_the_repos_index_needs_the_roadmap_repo_and_links_back_to_the_roadmap() -> None:
    assert "repos/README.md" not in badge_files(sample_roadmap(), sample_state(), today="x")
    index = sample_files()["repos/README.md"].decode()
    assert "## alice/titanic" in index
    assert "%2Frepos%2Falice__titanic.json)](https://github.com/alice/roadmap)" in index
    custom = badge_files(
        sample_roadmap(),
        sample_state(),
        today="x",
        repo_slug="alice/roadmap",
        roadmap_url="https://alice.dev/my roadmap",
    )
    assert "](https://alice.dev/my%20roadmap)" in custom["repos/README.md"].decode()


def test_a_bad_repo_slug_is_a_usage_error_that_says_the_expected_form() -> None:
    with pytest.raises(UsageError, match="owner/name"):
        badge_files(sample_roadmap(), State(), today="x", repo_slug="not a repo")


def test_the_same_roadmap_and_state_give_byte_identical_files() -> None:
    assert sample_files() == sample_files()


def test_last_activity_is_the_newest_tick_or_skip() -> None:
    assert last_activity_date(State()) is None
    assert last_activity_date(sample_state()) == "2025-03-05"


def test_files_match_the_golden_copies() -> None:
    files = sample_files()
    if os.environ.get("UPDATE_GOLDEN") == "1":
        for name, data in files.items():
            (GOLDEN / name).parent.mkdir(parents=True, exist_ok=True)
            (GOLDEN / name).write_bytes(data)
    stored = {
        p.relative_to(GOLDEN).as_posix(): p.read_bytes() for p in GOLDEN.rglob("*") if p.is_file()
    }
    assert stored == files, "golden badges differ; rerun with UPDATE_GOLDEN=1 if intended"


@settings(max_examples=40)  # each example renders all 16 files
@given(title=st.text(max_size=120), phase_title=st.text(max_size=120))
def test_any_titles_give_valid_self_contained_svgs(title: str, phase_title: str) -> None:
    roadmap = Roadmap(title=title, phases=(Phase("phase0", phase_title, (topics("phase0", "a"),)),))
    for name, data in badge_files(roadmap, State(), today="2025-01-01").items():
        if name.endswith(".svg"):
            assert_self_contained(data)
        else:
            jsonschema.validate(json.loads(data), SHIELDS_ENDPOINT_SCHEMA)


def test_readme_markdown_uses_relative_paths_and_a_theme_aware_card() -> None:
    roadmap = Roadmap(title='Mine <b>"bold"</b>', phases=())
    text = badge_markdown(roadmap, badges_dir=".github/roadmap", repo_slug=None)
    assert "![Roadmap progress](.github/roadmap/progress.svg)" in text
    assert (
        '<source media="(prefers-color-scheme: dark)" srcset=".github/roadmap/card-dark.svg">'
        in text
    )
    assert 'alt="Mine &lt;b&gt;&#34;bold&#34;&lt;/b&gt;: roadmap progress"' in text
    assert 'src=".github/roadmap/card.svg"' in text
    assert "<details>" not in text and "https://" not in text


def test_readme_in_a_subfolder_gets_paths_relative_to_it() -> None:
    roadmap = Roadmap(title="R", phases=(), settings=Settings(readme="docs/README.md"))
    text = badge_markdown(roadmap, badges_dir=".github/roadmap", repo_slug=None)
    assert "(../.github/roadmap/progress.svg)" in text


def test_with_a_repo_slug_the_markdown_offers_a_profile_snippet_with_absolute_urls() -> None:
    text = badge_markdown(
        Roadmap(title="R", phases=()), badges_dir=".github/roadmap", repo_slug="alice/roadmap"
    )
    raw = "https://raw.githubusercontent.com/alice/roadmap/HEAD/.github/roadmap"
    assert f'srcset="{raw}/card-dark.svg"' in text and f'src="{raw}/card.svg"' in text
    endpoint = "https://img.shields.io/endpoint?url=https%3A%2F%2Fraw.githubusercontent.com%2F"
    assert (
        f"[![Learning roadmap]({endpoint}alice%2Froadmap%2FHEAD%2F.github%2Froadmap%2Fprogress.json)](https://github.com/alice/roadmap)"
        in text
    )


def test_a_project_badge_line_links_back_to_the_roadmap() -> None:
    line = repo_badge_markdown(
        "Alice/Titanic", badges_dir=".github/roadmap", repo_slug="alice/roadmap"
    )
    assert line.startswith("[![roadmap](https://img.shields.io/endpoint?url=")
    assert "repos%2Falice__titanic.json" in line
    assert line.endswith("](https://github.com/alice/roadmap)")


def test_cli_writes_badges_into_the_badges_dir_then_only_changes(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("GITHUB_REPOSITORY", raising=False)
    (tmp_path / "roadmap.yaml").write_text(CONFIG, encoding="utf-8")
    assert run_cli(tmp_path, "--today", "2025-03-14", "--repo", "alice/roadmap") == 0
    out = tmp_path / ".github" / "roadmap"
    written = sorted(p.relative_to(out).as_posix() for p in out.rglob("*") if p.is_file())
    assert "repos/alice__first.json" in written and "card.svg" in written
    assert "Updated 2025-03-14" in (out / "card.svg").read_text(encoding="utf-8")
    assert run_cli(tmp_path, "--today", "2025-03-14", "--repo", "alice/roadmap") == 0
    assert f"0 of {len(written)} badge files changed" in capsys.readouterr().out
    assert run_cli(tmp_path, "--today", "2025-03-14", "--repo", "alice/roadmap", "--check") == 0
    assert run_cli(tmp_path, "--today", "2025-03-15", "--repo", "alice/roadmap", "--check") == 1
    assert "card.svg: out of date" in capsys.readouterr().out


def test_cli_out_option_and_default_date_from_the_state(tmp_path: Path) -> None:
    from roadmap_bot.adapters.state_store import save_state

    (tmp_path / "roadmap.yaml").write_text(CONFIG, encoding="utf-8")
    save_state(tmp_path / "roadmap.state.json", State(ticks={"phase0.one": TICK}))
    assert run_cli(tmp_path, "--out", str(tmp_path / "site")) == 0
    card = (tmp_path / "site" / "card.svg").read_text(encoding="utf-8")
    assert "Updated 2025-03-01" in card and "1 of 2 items done" in card


@pytest.mark.parametrize(
    ("args", "message"),
    [(["--today", "14/03/2025"], "YYYY-MM-DD"), (["--repo", "not/a/repo"], "owner/name")],
)
def test_cli_bad_arguments_exit_2_with_a_message(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], args: list[str], message: str
) -> None:
    (tmp_path / "roadmap.yaml").write_text(CONFIG, encoding="utf-8")
    assert run_cli(tmp_path, *args) == 2
    assert message in capsys.readouterr().err
