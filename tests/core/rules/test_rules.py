"""Rules: validation with did-you-mean, parsing with aliases, defaults, evaluation and wording."""

from __future__ import annotations

import pytest

from roadmap_bot.adapters.catalog_file import shipped_catalog
from roadmap_bot.core.evidence.engine import CheckResult
from roadmap_bot.core.evidence.registry import check_names
from roadmap_bot.core.evidence.snapshot import ProblemKind, RepoProblem, RepoSnapshot
from roadmap_bot.core.model import (
    MANUAL,
    PROJECT_DEFAULT,
    AnyOf,
    Check,
    Roadmap,
    RuleError,
    Scope,
    SectionKind,
    Uses,
    default_rule,
)
from roadmap_bot.core.rules.evaluate import describe, evaluate, extra_wanted, rule_checks
from roadmap_bot.core.rules.syntax import parse_rule, roadmap_rules, validate_rule

CATALOG = shipped_catalog()
PROJECT = PROJECT_DEFAULT


def loaded(items: str, settings: str = "") -> Roadmap:
    """A roadmap.yaml of one project section with ``items`` (flow mappings, one a line)."""
    text = (
        "version: 1\ntitle: R\nphases:\n  - id: p\n    title: P\n    sections:\n"
        "      - title: S\n        kind: project\n        items:\n"
        + "".join(f"          - {item}\n" for item in items.splitlines())
        + settings
    )
    return roadmap_rules(text, "roadmap.yaml", CATALOG)[0]


def ok(name: str) -> CheckResult:
    return CheckResult(name, True, ("x",), f"{name}: found")


def no(name: str) -> CheckResult:
    return CheckResult(name, False, (), f"{name}: missing")


def results(*passed: str, failed: tuple[str, ...] = ()) -> dict[str, CheckResult]:
    return {**{n: ok(n) for n in passed}, **{n: no(n) for n in failed}}


@pytest.mark.parametrize(
    ("raw", "path", "message"),
    [
        (["tset"], (0,), "unknown check 'tset' — did you mean 'tests'?"),
        ({"require": [{"uses": "pytorh"}]}, ("require", 0, "uses"), "did you mean 'pytorch'?"),
        ({"requires": ["readme"]}, ("requires",), "did you mean 'require'?"),
        (
            {"require": ["readme"], "scope": "ticked_project"},
            ("scope",),
            "did you mean 'ticked-projects'?",
        ),
        (["pytorch"], (0,), "'pytorch' is a technology: write {uses: pytorch}"),
        ([{"any": "ci"}], (0, "any"), "any takes a list"),
        (
            [{"contains": {"path": "*.py", "pattern": "("}}],
            (0, "contains", "pattern"),
            "not a valid regular expression",
        ),
        ([{"demo": "my.app"}], (0, "demo"), "http(s)://"),
        ([{"path": "a", "uses": "b"}], (0,), "a requirement is a check name or one of"),
        ([], (), "empty"),
        ("readme", (), "for one check write [readme]"),
    ],
)
def test_invalid_rules_are_located_and_explained(raw: object, path: tuple, message: str) -> None:
    problems = validate_rule(raw, CATALOG)
    assert any(p.path == path and message in p.message for p in problems), problems


def test_valid_rules_have_no_problems_and_parse() -> None:
    raw = {
        "require": [
            "readme",
            {"any": ["tracking", {"all": ["ci", "docker"]}]},
            {"uses": ["sklearn", "MLflow"]},
            {"path": "notebooks/*.ipynb"},
            {"contains": {"path": "src/**/*.py", "pattern": "import mlflow"}},
            {"demo": "https://my.app"},
        ],
        "scope": "own",
    }
    assert validate_rule(raw, CATALOG) == []
    rule = parse_rule(raw, CATALOG)
    assert rule.require[2].parts == (Uses("scikit-learn", "scikit-learn"), Uses("mlflow", "MLflow"))  # type: ignore[union-attr]


def test_parsing_an_invalid_rule_raises_a_bad_input_error() -> None:
    with pytest.raises(RuleError, match="unknown check 'tset'") as info:
        parse_rule(["tset"])
    assert info.value.exit_code == 2


def test_defaults_by_section_kind_and_settings() -> None:
    assert PROJECT is not None
    assert PROJECT.require == (
        Check("readme"),
        Check("tests"),
        AnyOf((Check("tracking"), Check("ci"))),
    )
    assert {c.name for c in PROJECT.require[:2]} | {"tracking", "ci"} <= check_names()  # type: ignore[union-attr]
    for kind in (
        SectionKind.TOPIC,
        SectionKind.ACTION,
        SectionKind.CHECKLIST,
        SectionKind.ROLE,
        SectionKind.STACK,
    ):
        assert default_rule(kind, {}) == MANUAL
    assert default_rule(SectionKind.TOPIC, {"topic": parse_rule(["readme"])}) == parse_rule(
        ["readme"]
    )
    manual, default = loaded("{id: a, title: A, rule: manual}\n{id: b, title: B}").items()
    assert manual.rule == MANUAL and default.rule == PROJECT
    settings = "settings:\n  default_rules:\n    project: manual\n"
    assert next(loaded("{id: b, title: B}", settings).items()).rule == MANUAL


def test_a_rule_is_loaded_with_its_aliases_resolved_through_the_catalog() -> None:
    settings = (
        "settings:\n  technologies:\n    my-tool:\n      display: MyTool\n      aliases: [mt]\n"
    )
    item = next(
        loaded(
            "{id: a, title: A, rule: {require: [{uses: sklearn}, {uses: mt}]}}", settings
        ).items()
    )
    assert item.rule.require == (
        Uses("scikit-learn", "scikit-learn"),
        Uses("my-tool", "MyTool"),
    )


def test_each_rule_of_a_roadmap_is_parsed_once_when_it_loads(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from roadmap_bot.core.rules import syntax

    calls: list[object] = []
    real = syntax.parse_rule

    def counting(raw: object, catalog: object = None) -> object:
        calls.append(raw)
        return real(raw, catalog)  # type: ignore[arg-type]

    monkeypatch.setattr(syntax, "parse_rule", counting)
    settings = "settings:\n  default_rules:\n    topic: {require: [readme]}\n"
    roadmap = loaded(
        "{id: a, title: A, rule: {require: [tests]}}\n{id: b, title: B}\n{id: c, title: C}",
        settings,
    )
    assert len(calls) == 2  # the item's rule and the default rule written in settings
    assert [i.rule for i in roadmap.items()] == [parse_rule(["tests"]), PROJECT, PROJECT]


def test_describe_reads_as_plain_words() -> None:
    assert PROJECT is not None
    assert describe(PROJECT) == (
        "ticked automatically when a linked repo has a README, tests, and MLflow or W&B tracking or CI"
    )
    stack = parse_rule(
        {"require": [{"uses": ["pytorch", "sklearn", "mlflow"]}], "scope": "ticked-projects"},
        CATALOG,
    )
    assert describe(stack) == (
        "ticked automatically when the repos of this phase's ticked projects together "
        "use PyTorch, scikit-learn, and MLflow"
    )
    assert stack.scope is Scope.TICKED_PROJECTS
    mixed = parse_rule(
        ["readme", {"uses": "fastapi"}, {"any": ["docker", {"uses": "kubernetes"}]}], CATALOG
    )
    assert describe(mixed) == (
        "ticked automatically when a linked repo has a README, uses FastAPI, and has a Dockerfile or uses Kubernetes"
    )


def test_one_repo_must_satisfy_the_whole_rule_and_the_verdict_names_it() -> None:
    assert PROJECT is not None
    evidence = {
        "o/half": results("readme", "ci", failed=("tests",)),
        "o/full": results("readme", "tests", "ci", failed=("tracking",)),
    }
    verdict = evaluate("phase1.p", PROJECT, evidence, heads={"o/full": "abc123"})
    assert verdict.passed and verdict.repo == "o/full" and verdict.commit == "abc123"
    assert verdict.checks == ("readme", "tests", "ci")
    assert verdict.reasons == ("readme: found", "tests: found", "ci: found")


def test_failing_repos_explain_what_is_missing_with_the_repo_named() -> None:
    assert PROJECT is not None
    evidence = {
        "o/a": results("readme", failed=("tests", "tracking", "ci")),
        "o/b": results("readme", "tests", failed=("tracking", "ci")),
        "o/gone": RepoProblem("o/gone", "missing", "o/gone was not found; fix the link"),
    }
    verdict = evaluate("phase1.p", PROJECT, evidence)
    assert not verdict.passed and verdict.repo == "o/b"
    assert verdict.failed[0].startswith("o/b: needs one of these to pass — ")
    assert "tracking: missing" in verdict.failed[0] and "ci: missing" in verdict.failed[0]
    assert verdict.failed[-1] == "o/gone was not found; fix the link"


def test_problems_and_absent_repos_become_the_verdict_problem() -> None:
    assert PROJECT is not None
    gone = RepoProblem("o/x", ProblemKind.NO_ACCESS, "o/x is private; give the bot access")
    assert evaluate("p.a", PROJECT, {"o/x": gone}).problem == "o/x is private; give the bot access"
    assert "/link p.a owner/name" in (evaluate("p.a", PROJECT, {}).problem or "")


def test_ticked_projects_scope_takes_each_requirement_from_any_repo() -> None:
    rule = parse_rule(
        {"require": [{"uses": ["pytorch", "mlflow"]}], "scope": "ticked-projects"}, CATALOG
    )
    evidence = {"o/a": results("uses:pytorch"), "o/b": results("uses:mlflow")}
    verdict = evaluate("phase2.stack", rule, evidence)
    assert verdict.passed and verdict.repo is None
    assert verdict.reasons == ("o/a: uses:pytorch: found", "o/b: uses:mlflow: found")
    missing = evaluate("phase2.stack", rule, {"o/a": results("uses:pytorch")})
    assert not missing.passed and missing.failed == ("no repo of a ticked project uses MLflow",)
    single = evaluate(
        "phase2.stack", rule, {"o/a": results("uses:pytorch", "uses:mlflow")}, heads={"o/a": "c1"}
    )
    assert single.repo == "o/a" and single.commit == "c1"


def test_a_technology_not_detected_or_a_check_not_yet_run_fails_with_a_reason() -> None:
    rule = parse_rule([{"uses": "jax"}, {"path": "docs/*.md"}], CATALOG)
    verdict = evaluate("p.a", rule, {"o/a": {}})
    assert verdict.failed == (
        "uses:jax: JAX not found in manifests, imports or files",
        "path:docs/*.md: not checked yet for this commit",
    )


def test_rule_checks_compute_path_contains_and_demo_url() -> None:
    rule = parse_rule(
        [
            {"path": "notebooks/*.ipynb"},
            {"contains": {"path": "src/**/*.py", "pattern": r"^import mlflow"}},
            {"demo": "https://my.app/"},
        ],
        CATALOG,
    )
    snapshot = RepoSnapshot(
        "o/a",
        "h",
        ("README.md", "notebooks/a.ipynb", "src/x/train.py", "src/y.py"),
        {
            "README.md": "Try it at http://www.my.app",
            "src/x/train.py": "import os\nimport mlflow\n",
            "src/y.py": "",
        },
    )
    found = rule_checks(snapshot, rule)
    assert all(r.passed for r in found.values()), found
    assert found["contains:src/**/*.py:^import mlflow"].reason.endswith(
        "src/x/train.py line 2 matches '^import mlflow'"
    )
    verdict = evaluate("p.a", rule, {"o/a": found})
    assert verdict.passed
    wanted = extra_wanted(rule)
    assert wanted is not None and wanted("src/a/b.py") and not wanted("tests/a.py")
    assert extra_wanted(parse_rule(["readme"])) is None


def test_a_manual_rule_never_passes() -> None:
    verdict = evaluate("p.a", parse_rule("manual"), {"o/a": results("readme")})
    assert not verdict.passed and verdict.problem


def test_a_rule_parsed_without_the_catalog_still_matches_display_names() -> None:
    rule = parse_rule([{"uses": "Scikit-Learn"}, {"uses": "GitHub Actions"}])
    evidence = {"o/a": results("uses:scikit-learn", "uses:github-actions")}
    assert evaluate("p.a", rule, evidence).passed
