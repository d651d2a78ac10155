"""``roadmap-bot check --json``: a versioned shape, validated against the schema shipped beside
the roadmap schema; check names beside every reason; unknown statuses read "unknown"."""

from __future__ import annotations

import json
from importlib import resources
from pathlib import Path
from typing import Any

import jsonschema
import pytest

from roadmap_bot.cli import main
from tests.evidence.corpus import ML_PROJECT
from tests.evidence.repos import write_tree

FAILING_RULE = "[readme, wandb, {any: [{path: 'models/*.pt'}, {uses: jax}]}, ci_passing]"


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    return write_tree(tmp_path / "churn", ML_PROJECT)


def check_json(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, dict[str, Any]]:
    code = main(["check", "./churn", "--json", *args])
    data: dict[str, Any] = json.loads(capsys.readouterr().out)
    return code, data


def shipped_schema() -> dict[str, Any]:
    text = resources.files("roadmap_bot").joinpath("data/check-result.schema.json").read_text()
    schema: dict[str, Any] = json.loads(text)
    return schema


@pytest.mark.parametrize("rule", [None, FAILING_RULE, "[readme, tests]"])
def test_check_json_output_is_valid_against_the_shipped_schema(
    project: Path, capsys: pytest.CaptureFixture[str], rule: str | None
) -> None:
    schema = shipped_schema()
    jsonschema.Draft202012Validator.check_schema(schema)
    _, data = check_json(capsys, *(["--rule", rule] if rule else []))
    jsonschema.Draft202012Validator(schema).validate(data)
    assert data["version"] == 1


def test_check_json_reasons_name_their_check_beside_the_sentence_not_in_front(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _, data = check_json(capsys, "--rule", "[readme, tests]")
    results = [*data["checks"].items(), *data["technologies"].items()]
    assert results
    for key, result in results:
        assert result["name"] in (key, f"uses:{key}")
        assert not result["reason"].startswith(f"{result['name']}:"), result
    assert [r["check"] for r in data["verdict"]["reasons"]] == ["readme", "tests"]
    assert data["verdict"]["reasons"][0]["reason"].startswith("README.md has ")


def test_a_failed_rule_lists_objects_with_the_check_name(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, data = check_json(capsys, "--rule", FAILING_RULE)
    failed = data["verdict"]["failed"]
    assert code == 1 and data["verdict"]["passed"] is False
    assert [f["check"] for f in failed] == [
        "wandb",
        "any(path:models/*.pt, uses:jax)",
        "ci_passing",
    ]
    assert failed[0]["reason"].startswith("not in any dependency manifest")
    assert failed[1]["reason"].startswith("needs one of these to pass")


def test_an_unknown_ci_status_reads_unknown_not_fail_in_text_and_json(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["check", "./churn"]) == 0
    text = capsys.readouterr().out
    assert "  unknown  ci_passing: CI status is unknown for this source" in text
    assert "FAIL  ci_passing" not in text
    _, data = check_json(capsys)
    assert data["checks"]["ci_passing"]["status"] == "unknown"
    assert data["checks"]["ci_passing"]["passed"] is False
    assert data["checks"]["tests"]["status"] == "pass"
    assert data["checks"]["wandb"]["status"] == "fail"


def test_a_rule_on_an_unknown_ci_status_does_not_hold_and_says_unknown(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["check", "./churn", "--rule", "[readme, ci_passing]"]) == 1
    text = capsys.readouterr().out
    assert "verdict: FAIL" in text and "  unknown  ci_passing: CI status is unknown" in text
