"""GitHubConfig reads endpoints and the token at the edge; the token is masked, never shown."""

from __future__ import annotations

import io

from hypothesis import given
from hypothesis import strategies as st

from roadmap_bot.adapters.github import GitHubConfig, mask_token, scrub
from roadmap_bot.adapters.github.config import graphql_url_for


def test_without_environment_the_endpoints_are_github_com() -> None:
    config = GitHubConfig.from_env({})
    assert config.api_url == "https://api.github.com"
    assert config.graphql_url == "https://api.github.com/graphql"
    assert config.token is None
    assert not config.in_actions


def test_actions_variables_point_the_client_at_their_endpoints() -> None:
    env = {
        "GITHUB_API_URL": "https://ghe.example.com/api/v3/",
        "GITHUB_GRAPHQL_URL": "https://ghe.example.com/api/graphql",
        "GITHUB_ACTIONS": "true",
        "GITHUB_TOKEN": "ghs_abcdef123456",
    }
    config = GitHubConfig.from_env(env)
    assert config.api_url == "https://ghe.example.com/api/v3"
    assert config.graphql_url == "https://ghe.example.com/api/graphql"
    assert config.in_actions
    assert config.token == "ghs_abcdef123456"


def test_ghes_graphql_endpoint_is_derived_when_only_the_rest_one_is_set() -> None:
    assert (
        graphql_url_for("https://ghe.example.com/api/v3") == "https://ghe.example.com/api/graphql"
    )
    assert graphql_url_for("http://127.0.0.1:8080") == "http://127.0.0.1:8080/graphql"
    assert (
        GitHubConfig.from_env({"GITHUB_API_URL": "http://h:1"}).graphql_url == "http://h:1/graphql"
    )


def test_the_action_input_wins_over_github_token_which_wins_over_gh_token() -> None:
    env = {"INPUT_TOKEN": "ghp_input0000", "GITHUB_TOKEN": "ghs_env00000", "GH_TOKEN": "gho_gh0000"}
    assert GitHubConfig.from_env(env).token == "ghp_input0000"
    del env["INPUT_TOKEN"]
    assert GitHubConfig.from_env(env).token == "ghs_env00000"
    del env["GITHUB_TOKEN"]
    assert GitHubConfig.from_env(env).token == "gho_gh0000"
    assert GitHubConfig.from_env(env, token="explicit123").token == "explicit123"


def test_an_empty_variable_does_not_count_as_a_token() -> None:
    assert GitHubConfig.from_env({"INPUT_TOKEN": "", "GH_TOKEN": "gho_real0000"}).token == (
        "gho_real0000"
    )


def test_the_token_is_not_in_the_config_repr() -> None:
    config = GitHubConfig(token="ghs_secret_value_1")
    assert "ghs_secret_value_1" not in repr(config)


def test_mask_token_asks_the_runner_to_mask_only_inside_actions() -> None:
    out = io.StringIO()
    assert mask_token(GitHubConfig(token="ghs_mask_me_123", in_actions=True), out=out)
    assert out.getvalue() == "::add-mask::ghs_mask_me_123\n"
    quiet = io.StringIO()
    assert not mask_token(GitHubConfig(token="ghs_mask_me_123"), out=quiet)
    assert not mask_token(GitHubConfig(in_actions=True), out=quiet)
    assert quiet.getvalue() == ""


@given(prefix=st.text(), suffix=st.text(), token=st.text(min_size=8, max_size=40))
def test_scrub_removes_every_occurrence_of_the_token(prefix: str, suffix: str, token: str) -> None:
    text = f"{prefix}{token}{suffix}{token}"
    assert token not in scrub(text, token)
    assert scrub("nothing here", None) == "nothing here"
