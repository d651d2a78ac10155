"""Credentials in a repository URL are never stored: not from roadmap.yaml, not from /link."""

from __future__ import annotations

import pytest

from roadmap_bot.core.commands.grammar import parse_comment
from roadmap_bot.core.schema import load_roadmap
from roadmap_bot.errors import ConfigError

ROADMAP = """\
version: 1
title: Demo
phases:
  - id: phase0
    title: Basics
    sections:
      - title: Projects
        kind: project
        items:
          - id: one
            title: First project
            repos: [{repo}]
"""
WITH_CREDENTIALS = [
    "https://ada:ghp_abcdefghijklmnopqrstuvwxyz0123456789@github.com/ada/titanic",
    "https://ghp_abcdefghijklmnopqrstuvwxyz0123456789@github.com/ada/titanic",
    "https://oauth2:glpat-secret@gitlab.com/ada/titanic.git",
]


@pytest.mark.parametrize("url", WITH_CREDENTIALS)
def test_a_roadmap_repo_url_with_credentials_is_a_located_error_that_does_not_repeat_them(
    url: str,
) -> None:
    with pytest.raises(ConfigError) as info:
        load_roadmap(ROADMAP.format(repo=url), "roadmap.yaml")
    (problem,) = info.value.problems
    assert (problem.line, problem.column) == (12, 21)
    assert "credentials" in problem.message
    assert "secret" not in str(problem).replace("user:secret@", "")
    assert "ghp_" not in str(problem)


@pytest.mark.parametrize("url", WITH_CREDENTIALS)
def test_link_with_credentials_is_refused_so_the_state_file_never_holds_them(url: str) -> None:
    result = parse_comment(f"/link phase0.one {url}", known_ids=("phase0.one",))
    assert result.commands == ()
    (error,) = result.errors
    assert "credentials" in error.message and "revoke" in error.message
    assert "ghp_" not in error.message and "glpat" not in error.message


def test_link_without_credentials_still_works() -> None:
    url = "https://github.com/ada/titanic"
    result = parse_comment(f"/link phase0.one {url}", known_ids=("phase0.one",))
    assert result.errors == ()
    assert result.commands[0].arg == "ada/titanic"
