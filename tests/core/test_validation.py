"""roadmap.yaml validation: every kind of problem is reported as file:line:column, exit 2."""

from __future__ import annotations

import pytest

from roadmap_bot.cli import main
from roadmap_bot.core.schema import load_roadmap
from roadmap_bot.errors import ConfigError
from tests.support.helpers import MINIMAL, shipped_roadmap_text


def problems(text: str) -> list[str]:
    with pytest.raises(ConfigError) as info:
        load_roadmap(text, "r.yaml")
    return [str(p) for p in info.value.problems]


def test_shipped_roadmap_is_valid_with_7_phases_and_75_items() -> None:
    roadmap = load_roadmap(shipped_roadmap_text(), "roadmap.yaml")
    assert len(roadmap.phases) == 7
    assert sum(1 for _ in roadmap.items()) == 75
    assert [p.id for p in roadmap.phases] == [f"phase{i}" for i in range(7)]
    assert roadmap.item_index()["phase2.rag"].title.startswith("RAG:")


def test_minimal_roadmap_is_valid() -> None:
    assert load_roadmap(MINIMAL).phases[0].items[0].id == "phase0.one"


def test_yaml_syntax_error_is_located() -> None:
    found = problems(MINIMAL.replace("title: Demo", "title: [Demo"))
    assert len(found) == 1
    assert found[0].startswith("r.yaml:")
    assert "YAML syntax error" in found[0]


def test_unknown_key_suggests_the_right_one_at_its_line_and_column() -> None:
    found = problems(MINIMAL.replace("    title: Basics", "    titel: Basics"))
    assert "r.yaml:5:5: unknown key 'titel' — did you mean 'title'?" in found[1]
    assert found[0] == "r.yaml:4:5: missing required key 'title'"


def test_duplicate_item_id_is_located_at_the_second_id() -> None:
    text = MINIMAL + "          - id: one\n            title: Again\n"
    assert problems(text) == [
        "r.yaml:11:17: duplicate item id 'phase0.one' (ids must be unique within a phase)"
    ]


def test_duplicate_phase_id_is_reported() -> None:
    text = MINIMAL + MINIMAL.split("phases:\n")[1]
    assert any("duplicate phase id 'phase0'" in p for p in problems(text))


def test_bad_repo_name_is_located() -> None:
    text = MINIMAL + "            repos: [not a repo]\n"
    (found,) = problems(text)
    assert found.startswith("r.yaml:11:21: bad repo 'not a repo'")


def test_wrong_type_says_what_was_expected() -> None:
    text = MINIMAL.replace("title: First topic", "title: 42")
    assert problems(text) == ["r.yaml:10:20: 'title' should be a string, not a number"]


def test_empty_title_is_reported() -> None:
    text = MINIMAL.replace("title: First topic", 'title: "  "')
    assert problems(text) == ["r.yaml:10:20: 'title' is empty; write some text"]


def test_duplicate_yaml_key_is_an_error() -> None:
    text = MINIMAL.replace("title: Demo\n", "title: Demo\ntitle: Again\n")
    assert problems(text) == ["r.yaml:3:1: duplicate key 'title'"]


def test_unknown_section_kind_suggests_a_kind() -> None:
    text = MINIMAL.replace(
        "      - title: Topics\n", "      - title: Topics\n        kind: projects\n"
    )
    (found,) = problems(text)
    assert found.startswith("r.yaml:8:15: 'projects' is not one of")
    assert "did you mean 'project'?" in found


def test_missing_version_is_reported_first() -> None:
    assert problems(MINIMAL.replace("version: 1\n", "")) == [
        "r.yaml:1:1: 'version' is missing; this roadmap-bot reads version 1 (add 'version: 1')"
    ]


def test_invalid_id_says_how_ids_look() -> None:
    (found,) = problems(MINIMAL.replace("id: one", "id: One Two"))
    assert found.startswith("r.yaml:9:17: invalid id 'One Two'")


def test_cli_validate_exits_2_with_every_problem_and_no_traceback(tmp_path, capsys) -> None:
    bad = tmp_path / "roadmap.yaml"
    bad.write_text(
        MINIMAL.replace("    title: Basics", "    titel: Basics")
        + "          - id: one\n            title: x\n"
    )
    assert main(["validate", str(bad)]) == 2
    err = capsys.readouterr().err
    assert f"{bad}:5:5: unknown key 'titel'" in err
    assert f"{bad}:11:17: duplicate item id" in err
    assert "Traceback" not in err


def test_cli_validate_counts_phases_and_items(capsys) -> None:
    from tests.support.helpers import ROOT

    assert main(["validate", str(ROOT / "roadmap.yaml")]) == 0
    assert "7 phases, 20 sections, 75 items" in capsys.readouterr().out


def test_cli_validate_missing_file_exits_2(tmp_path, capsys) -> None:
    assert main(["validate", str(tmp_path / "nope.yaml")]) == 2
    assert "no such file" in capsys.readouterr().err


def test_non_utf8_file_is_bad_input(tmp_path, capsys) -> None:
    path = tmp_path / "roadmap.yaml"
    path.write_bytes(MINIMAL.encode("utf-8") + b"# \xff\xfe\n")
    assert main(["validate", str(path)]) == 2
    assert "not UTF-8" in capsys.readouterr().err


def test_unknown_check_and_technology_in_rules_are_located_with_suggestions(
    tmp_path, capsys
) -> None:
    path = tmp_path / "roadmap.yaml"
    path.write_text(MINIMAL + "            rule: {require: [readme, tset, {uses: pytorh}]}\n")
    assert main(["validate", str(path)]) == 2
    err = capsys.readouterr().err
    assert f"{path}:11:38: unknown check 'tset' — did you mean 'tests'?" in err
    assert "unknown technology 'pytorh' — did you mean 'pytorch'?" in err


def test_a_phase_may_hold_prose_and_no_items_and_a_section_no_title() -> None:
    text = MINIMAL.replace(
        "    sections:\n      - title: Topics\n",
        "    prose: Some words.\n    sections:\n      - prose: |\n          | a | b |\n",
    ) + ("  - id: links\n    title: Links\n    prose: '- [site](https://example.com)'\n")
    roadmap = load_roadmap(text, "r.yaml")
    first, links = roadmap.phases
    assert (first.prose, first.sections[0].title, first.sections[0].prose) == (
        "Some words.",
        "",
        "| a | b |",
    )
    assert (links.sections, links.prose, links.items) == ((), "- [site](https://example.com)", ())


def test_prose_holds_no_control_characters() -> None:
    text = MINIMAL.replace("    sections:", '    prose: "a\\u001bb"\n    sections:')
    assert problems(text) == [
        "r.yaml:6:12: contains the control character U+001B (ESC), which would reach the README "
        "and issues as is; remove it"
    ]
