"""The harness that runs ``roadmap-bot action`` as GitHub Actions does, and the checks of it.

``run_action`` starts ``python -m roadmap_bot action`` as a subprocess with the environment the
runner gives the action's run step: the ``GITHUB_*`` variables, an event file, fresh output and
summary files, and the ``INPUT_*`` variables computed from ``action.yml`` itself (defaults, then
the workflow's ``with:``), so the tests follow the real action definition. Nothing is inherited
from the test process's environment, so a CI run inside GitHub Actions cannot leak into it."""

from __future__ import annotations

import pytest

from tests.support.action import (
    parse_outputs,
    step_env,
)


def test_outputs_are_read_in_both_of_the_runners_formats() -> None:
    text = 'progress=40\nticked<<ghadelim_1\n["a",\n"b"]\nghadelim_1\nempty<<EOF\n\nEOF\n'
    assert parse_outputs(text) == {"progress": "40", "ticked": '["a",\n"b"]', "empty": ""}


def test_an_unterminated_output_block_is_an_error_not_a_silent_value() -> None:
    with pytest.raises(ValueError):
        parse_outputs("ticked<<ghadelim_1\n[]\n")


def test_step_env_follows_action_yml_defaults_and_with_values() -> None:
    env = step_env({"dry-run": "true", "open-issues": "1"}, token="ghs_x")
    assert env["INPUT_TOKEN"] == "ghs_x"
    assert env["INPUT_CONFIG"] == "roadmap.yaml"
    assert env["INPUT_DRY_RUN"] == "true"
    assert env["INPUT_OPEN_ISSUES"] == "1"
    assert env["INPUT_BADGES_DIR"] == ""
    assert env["INPUT_COMMIT_MESSAGE"].endswith("[skip ci]")


def test_step_env_rejects_an_input_action_yml_does_not_declare() -> None:
    with pytest.raises(AssertionError, match="no inputs"):
        step_env({"dryrun": "true"}, token="t")
