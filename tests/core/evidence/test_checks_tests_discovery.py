"""The tests check follows the repo's discovery settings only as far as the runner would."""

from __future__ import annotations

from roadmap_bot.core.evidence.checks.tests import check_tests, defines_test
from roadmap_bot.core.evidence.facts import build_facts
from roadmap_bot.core.evidence.result import CheckResult
from roadmap_bot.core.evidence.snapshot import RepoSnapshot

TEST = "def test_a():\n    assert 1\n"
NONE_FOUND = "tests: no test files (test_*.py, *_test.py, *.test.js, *_test.go, src/test/, ...)"


def result_of(files: dict[str, str]) -> CheckResult:
    return check_tests(build_facts(RepoSnapshot("o/r", None, tuple(sorted(files)), files)))


def workflow(command: str) -> str:
    return f"on: push\njobs:\n  t:\n    steps:\n      - run: {command}\n"


def test_a_catch_all_pattern_skips_conftest_hidden_build_and_vendored_folders() -> None:
    files = {
        "pytest.ini": "[pytest]\npython_files = *.py\n",
        "conftest.py": TEST,
        "build/x.py": TEST,
        ".hidden/y.py": TEST,
        "vendor/z.py": TEST,
    }
    result = result_of(files)
    assert not result.passed
    assert result.reason == (
        f"{NONE_FOUND}; pytest.ini [pytest] sets python_files = *.py, which collects no file"
    )


def test_settings_in_a_folder_collect_nothing_outside_it() -> None:
    files = {"svc/pytest.ini": "[pytest]\npython_files = *.py\n", "other/x.py": TEST}
    assert result_of(files).reason == (
        f"{NONE_FOUND}; svc/pytest.ini [pytest] sets python_files = *.py, which collects no file"
    )


def test_only_the_first_16_patterns_of_a_setting_are_taken() -> None:
    patterns = " ".join(f"p{i}_*.py" for i in range(20))
    files = {"pytest.ini": f"[pytest]\npython_files = {patterns}\n", "q/p17_a.py": TEST}
    assert not result_of(files).passed
    files["q/p3_a.py"] = TEST
    result = result_of(files)
    assert result.passed and result.paths == ("q/p3_a.py",)
    assert result.reason.endswith("p14_*.py p15_*.py)")


def test_unittest_discover_with_a_top_level_directory_still_reads_its_pattern() -> None:
    command = "python -m unittest discover -t . -s qa -p '*_check.py'"
    result = result_of({".github/workflows/ci.yml": workflow(command), "qa/m_check.py": TEST})
    assert result.passed and result.paths == ("qa/m_check.py",)
    assert "(unittest -p *_check.py)" in result.reason


def test_unittest_discover_without_a_pattern_collects_by_the_default_names_only() -> None:
    command = "python -m unittest discover -s qa"
    files = {".github/workflows/ci.yml": workflow(command), "qa/m_check.py": TEST}
    assert result_of(files).reason == NONE_FOUND


def test_configured_class_and_function_names_count_as_tests() -> None:
    config = "[pytest]\npython_files = check_*.py\npython_classes = Check*\npython_functions = verify_*\n"
    files = {
        "pytest.ini": config,
        "q/check_a.py": "class CheckModel:\n    def verify_x(self):\n        pass\n",
    }
    assert result_of(files).passed
    files["pytest.ini"] = "[pytest]\npython_files = check_*.py\n"
    assert not result_of(files).passed


def test_a_test_file_in_a_language_without_a_known_test_syntax_counts_by_its_name() -> None:
    assert defines_test("tests/test_a.swift", "let x = 1")
    assert not defines_test("tests/test_a.py", "x = 1")
