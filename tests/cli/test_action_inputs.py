"""The action's inputs as the program reads them, and the write-interval testing knob."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from roadmap_bot.adapters.github.config import DEFAULT_MIN_WRITE_INTERVAL, GitHubConfig
from roadmap_bot.cli.action import ActionInputs
from roadmap_bot.core.delivery import COMMIT_MESSAGE
from roadmap_bot.errors import UsageError


def test_no_inputs_at_all_means_every_default() -> None:
    assert ActionInputs.from_env({}) == ActionInputs(
        config="roadmap.yaml",
        dry_run=False,
        open_issues=None,
        badges_dir=None,
        commit_message=COMMIT_MESSAGE,
    )


def test_empty_and_blank_inputs_mean_the_default_as_action_yml_passes_them() -> None:
    env = {
        "INPUT_CONFIG": "",
        "INPUT_DRY_RUN": " ",
        "INPUT_OPEN_ISSUES": "",
        "INPUT_BADGES_DIR": "",
        "INPUT_COMMIT_MESSAGE": "\n",
    }
    assert ActionInputs.from_env(env) == ActionInputs()


def test_every_input_is_read_from_its_variable() -> None:
    env = {
        "INPUT_CONFIG": "docs/roadmap.yaml",
        "INPUT_DRY_RUN": "true",
        "INPUT_OPEN_ISSUES": "0",
        "INPUT_BADGES_DIR": "assets/badges/",
        "INPUT_COMMIT_MESSAGE": "chore: roadmap [skip ci]",
    }
    assert ActionInputs.from_env(env) == ActionInputs(
        config="docs/roadmap.yaml",
        dry_run=True,
        open_issues=0,
        badges_dir="assets/badges",
        commit_message="chore: roadmap [skip ci]",
    )


def test_the_hyphenated_names_github_gives_javascript_actions_work_too() -> None:
    env = {"INPUT_DRY-RUN": "TRUE", "INPUT_OPEN-ISSUES": "5", "INPUT_BADGES-DIR": "b"}
    inputs = ActionInputs.from_env(env)
    assert (inputs.dry_run, inputs.open_issues, inputs.badges_dir) == (True, 5, "b")


@pytest.mark.parametrize("word", ["true", "True", "TRUE"])
def test_yaml_core_schema_true_words_turn_dry_run_on(word: str) -> None:
    assert ActionInputs.from_env({"INPUT_DRY_RUN": word}).dry_run is True


@pytest.mark.parametrize("word", ["false", "False", "FALSE"])
def test_yaml_core_schema_false_words_turn_dry_run_off(word: str) -> None:
    assert ActionInputs.from_env({"INPUT_DRY_RUN": word}).dry_run is False


@given(
    st.text(min_size=1).filter(lambda t: t.strip() and t.strip().lower() not in {"true", "false"})
)
def test_any_other_dry_run_value_is_a_usage_error_naming_the_input(value: str) -> None:
    with pytest.raises(UsageError, match="input dry-run"):
        ActionInputs.from_env({"INPUT_DRY_RUN": value})


@pytest.mark.parametrize("value", ["tRue", "yes", "1", "on"])
def test_truthy_words_yaml_1_2_does_not_know_are_refused(value: str) -> None:
    with pytest.raises(UsageError, match="`dry-run: true`"):
        ActionInputs.from_env({"INPUT_DRY_RUN": value})


@given(st.integers(min_value=0, max_value=50))
def test_open_issues_from_0_to_50_is_read_as_a_number(count: int) -> None:
    assert ActionInputs.from_env({"INPUT_OPEN_ISSUES": str(count)}).open_issues == count


@pytest.mark.parametrize("value", ["-1", "51", "3.0", "three", "٣", "1e2"])
def test_open_issues_outside_0_to_50_or_not_a_whole_number_is_refused(value: str) -> None:
    with pytest.raises(UsageError, match=r"input open-issues: .* from 0 to 50"):
        ActionInputs.from_env({"INPUT_OPEN_ISSUES": value})


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("roadmap.yaml", "roadmap.yaml"),
        ("./docs//roadmap.yaml", "docs/roadmap.yaml"),
        ("docs/../roadmap.yaml", "roadmap.yaml"),
    ],
)
def test_config_is_normalised_to_a_path_inside_the_repository(value: str, expected: str) -> None:
    assert ActionInputs.from_env({"INPUT_CONFIG": value}).config == expected


@pytest.mark.parametrize(
    "value", ["/etc/roadmap.yaml", "../other/roadmap.yaml", "docs\\roadmap.yaml", ".", "a/../.."]
)
def test_a_config_outside_the_repository_is_refused_with_an_example(value: str) -> None:
    with pytest.raises(UsageError, match=r"input config: .* such as `roadmap\.yaml`"):
        ActionInputs.from_env({"INPUT_CONFIG": value})


@pytest.mark.parametrize("value", ["/badges", "../badges", "."])
def test_a_badges_dir_outside_the_repository_is_refused(value: str) -> None:
    with pytest.raises(UsageError, match="input badges-dir"):
        ActionInputs.from_env({"INPUT_BADGES_DIR": value})


@given(st.text(min_size=1).filter(str.strip))
def test_any_commit_message_is_kept_as_written_without_surrounding_blanks(message: str) -> None:
    assert ActionInputs.from_env({"INPUT_COMMIT_MESSAGE": message}).commit_message == (
        message.strip()
    )


def test_writes_are_spaced_one_second_apart_unless_the_testing_knob_says_otherwise() -> None:
    assert GitHubConfig.from_env({}).min_write_interval == DEFAULT_MIN_WRITE_INTERVAL == 1.0
    knob = "ROADMAP_BOT_MIN_WRITE_INTERVAL"
    assert GitHubConfig.from_env({knob: ""}).min_write_interval == 1.0
    assert GitHubConfig.from_env({knob: "0"}).min_write_interval == 0.0
    assert GitHubConfig.from_env({knob: "0.25"}).min_write_interval == 0.25


@pytest.mark.parametrize("value", ["-1", "nan", "inf", "soon", "61"])
def test_a_nonsense_write_interval_is_a_usage_error_that_names_the_knob(value: str) -> None:
    with pytest.raises(UsageError, match="ROADMAP_BOT_MIN_WRITE_INTERVAL"):
        GitHubConfig.from_env({"ROADMAP_BOT_MIN_WRITE_INTERVAL": value})
