"""What a GitHub error answer becomes: the message a user reads and the exception it raises."""

from __future__ import annotations

import pytest

from roadmap_bot.adapters.github.errors import error_message, http_error
from roadmap_bot.adapters.github.milestone_race import existing
from roadmap_bot.adapters.github.stats import ApiStats
from roadmap_bot.errors import ConflictError, GitHubError, RateLimitedError


def test_a_body_that_is_not_json_is_quoted_cut_short() -> None:
    assert error_message("<html>" + "x" * 500) == ("<html>" + "x" * 500)[:200]
    assert error_message(None) == ""


def test_every_usable_detail_of_the_errors_list_is_in_the_message() -> None:
    body = {
        "message": "Validation Failed",
        "errors": [
            {"field": "title", "code": "already_exists"},
            {"message": "body is too long"},
            {"resource": "Issue"},  # nothing to say: left out
            "a plain string error",
            "",
        ],
    }
    assert error_message(body) == (
        "Validation Failed; title: already_exists; body is too long; a plain string error"
    )


@pytest.mark.parametrize(
    ("status", "said"),
    [
        (401, "GitHub rejected the token (401)"),
        (409, "conflict (409)"),
        (410, "gone (410)"),
        (451, "blocked for legal reasons (451)"),
        (418, "GitHub answered 418"),
    ],
)
def test_each_status_gets_its_own_explanation(status: int, said: str) -> None:
    error = http_error(status, {"message": "nope"}, what="reading issues")
    assert type(error) is GitHubError and error.status == status
    assert str(error).startswith("reading issues failed: ") and said in str(error)


def test_a_rate_limit_and_a_moved_branch_are_their_own_errors() -> None:
    limited = http_error(403, {"message": "API rate limit exceeded"}, what="x")
    assert isinstance(limited, RateLimitedError) and "Wait for it to reset" in str(limited)
    moved = http_error(422, {"message": "Update is not a fast forward"}, what="x")
    assert isinstance(moved, ConflictError) and "never force-pushes" in str(moved)


def test_a_milestone_another_run_created_is_used_and_an_unrelated_failure_is_raised() -> None:
    failure = GitHubError("creating milestone v1 failed", status=422)
    assert existing({"V1": 3}, "v1", failure) == 3
    with pytest.raises(GitHubError) as raised:
        existing({"v2": 4}, "v1", failure)
    assert raised.value is failure


def test_api_stats_add_up_and_keep_the_lowest_quota_seen() -> None:
    first = ApiStats(graphql=2, rest_read=3, core_remaining=4000, graphql_remaining=None)
    second = ApiStats(rest_write=1, retries=1, waited=1.5, core_remaining=3990)
    total = first + second
    assert total.requests == 6 and total.retries == 1 and total.waited == 1.5
    assert total.core_remaining == 3990 and total.graphql_remaining is None
