"""The recipe for adding a check (docs/ARCHITECTURE.md, "How to add … a check"), followed
with a check written to a temporary module: one module exposing ``CHECK`` and one line in
``registry.ALL_CHECKS`` are all it takes for the engine, the rule syntax and the wording."""

from __future__ import annotations

import importlib.util
import sys
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType

import pytest

from roadmap_bot.adapters.catalog_file import shipped_catalog
from roadmap_bot.core.evidence import registry
from roadmap_bot.core.evidence.check import Check
from roadmap_bot.core.evidence.engine import run_checks, tech_scope
from roadmap_bot.core.evidence.snapshot import RepoSnapshot
from roadmap_bot.core.rules.syntax import parse_rule, validate_rule
from roadmap_bot.core.rules.wording import describe_requirement

# Step 1 of the recipe: a module in core/evidence/checks/ exposing one record.
CHANGELOG_MODULE = '''\
"""The ``changelog`` check: a CHANGELOG file at the root."""

from __future__ import annotations

from roadmap_bot.core.evidence.check import Check
from roadmap_bot.core.evidence.facts import RepoFacts
from roadmap_bot.core.evidence.result import CheckResult


def check_changelog(facts: RepoFacts) -> CheckResult:
    """Pass on a CHANGELOG file at the root (any suffix)."""
    found = [p for p in facts.own if "/" not in p and p.upper().startswith("CHANGELOG")]
    if found:
        return CheckResult("changelog", True, (found[0],), f"changelog: {found[0]}")
    return CheckResult("changelog", False, (), "changelog: no CHANGELOG file at the root")


CHECK = Check(
    name="changelog",
    words="a changelog",
    run=check_changelog,
    todo="a `CHANGELOG.md` that lists what changed",
    learn=(("Keep a Changelog", "https://keepachangelog.com/en/1.1.0/"),),
)
'''


@pytest.fixture
def changelog(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[ModuleType]:
    """The made-up check's module, imported, and (step 2) its line added to ``ALL_CHECKS``."""
    path = tmp_path / "changelog.py"
    path.write_text(CHANGELOG_MODULE, encoding="utf-8")
    spec = importlib.util.spec_from_file_location("made_up_checks.changelog", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    monkeypatch.setattr(registry, "ALL_CHECKS", (*registry.ALL_CHECKS, module.CHECK))
    yield module
    sys.modules.pop("made_up_checks.changelog", None)


def snap(*paths: str) -> RepoSnapshot:
    return RepoSnapshot("octo/r", "h", paths, {p: "# text\n" for p in paths})


def test_a_registered_check_module_is_run_by_the_engine(changelog: ModuleType) -> None:
    catalog = shipped_catalog()
    results = run_checks(snap("README.md", "CHANGELOG.md"), catalog)
    assert results["changelog"].passed and results["changelog"].paths == ("CHANGELOG.md",)
    assert {"readme", "tests", "tracking"} <= set(results)  # the built-in checks still run
    alone = run_checks(snap("src/app.py"), catalog, only={"changelog"})
    assert set(alone) == {"changelog"}
    assert alone["changelog"].reason == "changelog: no CHANGELOG file at the root"
    assert tech_scope({"changelog"}, catalog) == frozenset()


def test_a_rule_may_name_a_registered_check(changelog: ModuleType) -> None:
    assert validate_rule(["changelog", "readme"], None) == []
    assert validate_rule(["changelgo"], None)[0].message.endswith("did you mean 'changelog'?")


def test_the_wording_of_a_rule_uses_the_words_of_a_registered_check(
    changelog: ModuleType,
) -> None:
    rule = parse_rule(["readme", "changelog"])
    assert describe_requirement(rule.require[1], plural=False) == "has a changelog"
    assert describe_requirement(rule.require[1], plural=True) == "have a changelog"


def test_the_issue_checklist_hint_of_a_registered_check_is_on_its_record(
    changelog: ModuleType,
) -> None:
    from roadmap_bot.core.planning.hints import hint_for

    hint = hint_for("changelog")
    assert hint is not None and hint.todo == "a `CHANGELOG.md` that lists what changed"
    assert hint.links == (("Keep a Changelog", "https://keepachangelog.com/en/1.1.0/"),)


def test_without_its_registry_line_a_check_module_is_unknown() -> None:
    assert "changelog" not in registry.check_names()
    assert validate_rule(["changelog"], None) != []


def test_every_registered_check_is_one_record_with_a_unique_name() -> None:
    names = [check.name for check in registry.ALL_CHECKS]
    assert len(names) == len(set(names))
    assert all(isinstance(check, Check) and check.words for check in registry.ALL_CHECKS)
    for check in registry.ALL_CHECKS:
        assert set(check.needs) <= set(names), check.name
