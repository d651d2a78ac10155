"""The tests check: files a runner collects by name or by the repo's own discovery settings."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from roadmap_bot.core.evidence.checks.tests import check_tests, defines_test, discovery_settings
from roadmap_bot.core.evidence.facts import build_facts
from roadmap_bot.core.evidence.paths import classify_test_file
from roadmap_bot.core.evidence.result import CheckResult
from roadmap_bot.core.evidence.snapshot import RepoSnapshot, wanted_paths
from tests.support.linear import FUZZ, assert_linear

VERIFY = "from model import load\n\n\ndef test_the_model_loads():\n    assert load()\n"
SCRIPT = "import torch\nprint(torch.load('m.pt'))\n"


def result_of(files: dict[str, str], read: set[str] | None = None) -> CheckResult:
    """The check on a repo holding ``files``, of which ``read`` (all by default) were read."""
    texts = {p: t for p, t in files.items() if read is None or p in read}
    return check_tests(build_facts(RepoSnapshot("octo/r", None, tuple(sorted(files)), texts)))


# --- files the repo's own settings collect ------------------------------------------------------


@pytest.mark.parametrize(
    ("config", "text"),
    [
        ("setup.cfg", "[metadata]\nname = m\n\n[tool:pytest]\npython_files = verify_*.py\n"),
        ("pytest.ini", "[pytest]\naddopts = -q\npython_files =\n    check_*.py\n    verify_*.py\n"),
        ("tox.ini", "[tox]\nenvlist = py311\n\n[pytest]\npython_files = verify_*.py  # ours\n"),
        ("pyproject.toml", '[tool.pytest.ini_options]\npython_files = ["verify_*.py"]\n'),
        ("pyproject.toml", "[tool.pytest.ini_options]\npython_files = 'verify_*.py *_check.py'\n"),
        (
            "pyproject.toml",
            '[project]\nname = "m"\n\n[tool.pytest.ini_options]\npython_files = [\n'
            '  "test_*.py",\n  "verify_*.py",\n]\n',
        ),
    ],
)
def test_files_a_configured_python_files_pattern_collects_count(config: str, text: str) -> None:
    files = {config: text, "checks/verify_model.py": VERIFY, "model.py": "def load(): ...\n"}
    result = result_of(files)
    assert result.passed and "checks/verify_model.py" in result.reason, result.reason
    assert "python_files" in result.reason and config in result.reason


def test_a_collected_file_that_was_not_read_counts_like_a_file_named_as_a_test() -> None:
    files = {"setup.cfg": "[tool:pytest]\npython_files = verify_*.py\n", "qa/verify_io.py": VERIFY}
    result = result_of(files, read={"setup.cfg"})
    assert result.passed and "qa/verify_io.py" in result.reason


def test_testpaths_and_a_catch_all_pattern_collect_the_files_under_testpaths() -> None:
    files = {
        "pytest.ini": "[pytest]\ntestpaths = checks\npython_files = *.py\n",
        "checks/model.py": VERIFY,
        "src/app.py": SCRIPT,
    }
    result = result_of(files, read={"pytest.ini"})
    assert result.passed and result.paths == ("checks/model.py",), result.reason


def test_a_catch_all_pattern_outside_testpaths_needs_a_test_in_the_text() -> None:
    files = {"pytest.ini": "[pytest]\npython_files = *.py\n", "src/app.py": SCRIPT}
    assert not result_of(files, read={"pytest.ini"}).passed
    assert not result_of(files).passed
    files["src/checks.py"] = VERIFY
    assert result_of(files).passed


def test_configured_test_function_names_count_as_tests() -> None:
    files = {
        "setup.cfg": "[tool:pytest]\npython_files = check_*.py\npython_functions = check_*\n",
        "qa/check_model.py": "def check_accuracy():\n    assert 0.9 > 0.5\n",
    }
    assert result_of(files).passed


def test_a_collected_file_that_defines_no_test_fails_and_says_why() -> None:
    files = {"setup.cfg": "[tool:pytest]\npython_files = verify_*.py\n", "verify_data.py": SCRIPT}
    result = result_of(files)
    assert not result.passed and "verify_data.py is collected by setup.cfg" in result.reason
    assert "defines no test" in result.reason


def test_a_pattern_that_collects_nothing_says_so() -> None:
    files = {"pytest.ini": "[pytest]\npython_files = check_*.py\n", "main.py": SCRIPT}
    result = result_of(files)
    assert (
        not result.passed and "python_files = check_*.py, which collects no file" in result.reason
    )


@pytest.mark.parametrize(
    "command",
    [
        'python -m unittest discover -s qa -p "*_check.py"',
        "python -m unittest discover qa '*_check.py'",
        "python3 -m unittest discover --start-directory qa --pattern *_check.py -v",
    ],
)
def test_a_unittest_pattern_in_a_workflow_collects_its_files(command: str) -> None:
    files = {
        ".github/workflows/ci.yml": f"on: push\njobs:\n  t:\n    steps:\n      - run: {command}\n",
        "qa/model_check.py": "import unittest\n\n\nclass M(unittest.TestCase):\n    def test_a(self):\n        pass\n",
        "tools/other_check.py": SCRIPT,
    }
    result = result_of(files)
    assert result.passed and result.paths == ("qa/model_check.py",), result.reason
    assert "unittest -p *_check.py" in result.reason


def test_a_file_pytest_is_told_to_run_counts() -> None:
    files = {
        "Makefile": "test:\n\tpytest tools/smoke.py -q\n",
        "tools/smoke.py": "def test_smoke():\n    assert True\n",
    }
    result = result_of(files)
    assert result.passed and "tools/smoke.py" in result.reason


def test_settings_in_a_subfolder_apply_to_that_folder() -> None:
    found = discovery_settings({"svc/api/pytest.ini": "[pytest]\npython_files = spec_*.py\n"})
    assert [(s.root, s.patterns) for s in found] == [("svc/api/", ("spec_*.py",))]
    files = {
        "svc/api/pytest.ini": "[pytest]\npython_files = spec_*.py\n",
        "svc/api/t/spec_io.py": VERIFY,
    }
    assert result_of(files).passed
    other = {"svc/api/pytest.ini": files["svc/api/pytest.ini"], "web/spec_io.py": VERIFY}
    assert not result_of(other).passed


def test_pytest_config_files_are_read() -> None:
    wanted = wanted_paths(["pytest.ini", "tox.ini", "setup.cfg", "pyproject.toml", "x.py"])
    assert {"pytest.ini", "tox.ini", "setup.cfg", "pyproject.toml"} <= set(wanted)


def test_other_sections_and_keys_are_not_taken_for_pytest_settings() -> None:
    text = "[flake8]\npython_files = x_*.py\n[tool:pytest]\naddopts = --python_files=y\n"
    assert discovery_settings({"setup.cfg": text}) == []
    toml = '[tool.other]\npython_files = ["x_*.py"]\n[[tool.pytest.ini_options]]\n'
    assert discovery_settings({"pyproject.toml": toml}) == []


# --- hostile files: linear time ----------------------------------------------------------------


def test_a_ruby_spec_of_100000_newlines_is_read_in_linear_time() -> None:
    assert_linear(lambda text: defines_test("spec/a_spec.rb", text), "\n", size=25_000)


def test_a_javascript_test_of_a_long_it_chain_is_read_in_linear_time() -> None:
    assert_linear(lambda text: defines_test("a.test.js", text), "it.", size=10_000)


@pytest.mark.parametrize(
    ("path", "unit"),
    [
        ("src/test/java/A.java", "src/test/java/"),
        ("spec/a_spec.rb", "test/"),
        ("spec/a_spec.rb", "spec/a_spec"),
        ("tests/test_a.py", "tests/"),
    ],
)
def test_a_path_repeating_test_folders_is_classified_in_linear_time(path: str, unit: str) -> None:
    assert_linear(lambda text: classify_test_file(text + "x"), unit, size=20_000)


def test_an_ini_line_without_equals_is_read_in_linear_time() -> None:
    def read(text: str) -> object:
        return discovery_settings({"setup.cfg": "[tool:pytest]\npython_files" + text + "x\n"})

    assert_linear(read, " ", size=50_000)


def test_a_toml_array_that_never_closes_is_read_in_linear_time() -> None:
    def read(text: str) -> object:
        return discovery_settings(
            {"pyproject.toml": "[tool.pytest.ini_options]\npython_files = [\n" + text}
        )

    assert_linear(read, '"a_*.py",\n', size=50_000)


TEST_TOKENS = (
    *"'\"()[]{}:=-#;.*?/\\ \t\n",
    "def ",
    "test",
    "class Test",
    "it",
    "it.",
    "describe",
    "@Test ",
    "@test",
    "#[test]",
    "test_that(",
    "func Test",
    "[pytest]\n",
    "[tool:pytest]\n",
    "[tool.pytest.ini_options]\n",
    "python_files = ",
    "testpaths = ",
    "python_functions = ",
    "  ",
    "unittest discover ",
    "-p ",
    "-s ",
    "pytest ",
    "a.py ",
    "verify_*.py",
    "a",
)
test_units = st.lists(st.sampled_from(TEST_TOKENS), min_size=1, max_size=6).map("".join)
TEST_PATHS = (
    "tests/test_a.py",
    "spec/a_spec.rb",
    "web/a.test.ts",
    "src/test/java/ATest.java",
    "a_test.go",
    "tests/a.rs",
    "tests/testthat/test_a.R",
    "setup.cfg",
    "pyproject.toml",
    "pytest.ini",
    "tox.ini",
    ".github/workflows/ci.yml",
)


@pytest.mark.parametrize("path", TEST_PATHS)
@FUZZ
@given(unit=test_units)
def test_the_tests_check_is_linear_in_each_file_it_reads(path: str, unit: str) -> None:
    def check(text: str) -> object:
        return result_of({path: text, "checks/verify_a.py": VERIFY}, read={path})

    assert_linear(check, unit)


PATH_TOKENS = ("test", "tests/", "spec/", "src/test/java/", "_test", ".py", ".rb", "/", "a", "_")
path_units = st.lists(st.sampled_from(PATH_TOKENS), min_size=1, max_size=5).map("".join)


@FUZZ
@given(unit=path_units)
def test_test_file_names_are_classified_in_linear_time(unit: str) -> None:
    assert_linear(classify_test_file, unit)
