"""The roadmap workflow's job `if:`, evaluated as GitHub evaluates it, on published payloads."""

from __future__ import annotations

import re
from typing import Any

import pytest

from tests.support.refdata import webhook_example
from tests.support.workflows import ROADMAP_WORKFLOW, load


def evaluate(expression: str, context: dict[str, Any]) -> Any:
    """Evaluate the small part of GitHub's expression language the workflow uses.

    Literals, property paths, ( ), !, ==, !=, &&, || and contains(); string comparison ignores
    case, and a missing property is null (docs: "Evaluate expressions in workflows and actions").
    """
    tokens = re.findall(r"'(?:[^']|'')*'|&&|\|\||==|!=|[()!,]|[\w.-]+", expression)
    position = 0

    def peek() -> str | None:
        return tokens[position] if position < len(tokens) else None

    def take() -> str:
        nonlocal position
        position += 1
        return tokens[position - 1]

    def equal(a: Any, b: Any) -> bool:
        if isinstance(a, str) and isinstance(b, str):
            return a.lower() == b.lower()
        return bool(a == b)

    def primary() -> Any:
        token = take()
        if token == "(":
            value = disjunction()
            assert take() == ")"
            return value
        if token == "!":
            return not primary()
        if token.startswith("'"):
            return token[1:-1].replace("''", "'")
        if token == "contains":
            assert take() == "("
            haystack = disjunction()
            assert take() == ","
            needle = disjunction()
            assert take() == ")"
            return isinstance(haystack, str) and str(needle).lower() in haystack.lower()
        if token in {"true", "false", "null"}:
            return {"true": True, "false": False, "null": None}[token]
        value: Any = context
        for part in token.split("."):
            value = value.get(part) if isinstance(value, dict) else None
        return value

    def comparison() -> Any:
        left = primary()
        while peek() in {"==", "!="}:
            operator, right = take(), primary()
            left = equal(left, right) if operator == "==" else not equal(left, right)
        return left

    def conjunction() -> Any:
        left = comparison()
        while peek() == "&&":
            take()
            right = comparison()
            left = right if left else left
        return left

    def disjunction() -> Any:
        left = conjunction()
        while peek() == "||":
            take()
            right = conjunction()
            left = left if left else right
        return left

    result = disjunction()
    assert position == len(tokens), f"unparsed: {tokens[position:]}"
    return result


def job_condition() -> str:
    (job,) = load(ROADMAP_WORKFLOW)["jobs"].values()
    return job["if"]


def github_context(case: str) -> dict[str, Any]:
    """The `github` context of one event: ``comment:BODY``, ``bot:BODY`` or an event name."""
    kind, _, body = case.partition(":")
    if kind in {"comment", "bot"}:
        payload = webhook_example("issue_comment", "created")
        payload["comment"]["body"] = body
        if kind == "bot":
            payload["comment"]["user"].update(login="github-actions[bot]", type="Bot")
        return {"event_name": "issue_comment", "event": payload}
    payloads = {
        "schedule": {"schedule": "17 6 * * *"},
        "workflow_dispatch": webhook_example("workflow_dispatch"),
        "issues": webhook_example("issues", "reopened"),
    }
    return {"event_name": kind, "event": payloads[kind]}


@pytest.mark.parametrize(
    ("case", "runs"),
    [
        ("comment:/done phase0.git", True),
        ("comment:Finished it!\n\n/done phase0.git see https://example.com", True),
        ("comment:Thanks, looks good", False),
        ("bot:/status", False),
        ("schedule", True),
        ("workflow_dispatch", True),
        ("issues", True),
    ],
)
def test_the_job_skips_comments_that_cannot_be_commands_before_any_step(
    case: str, runs: bool
) -> None:
    github = github_context(case)
    assert bool(evaluate(job_condition(), {"github": github})) is runs


def test_the_expression_evaluator_follows_githubs_rules() -> None:
    context = {"github": {"a": "Bot", "n": None}}
    assert evaluate("github.a == 'bot'", context) is True
    assert evaluate("github.a != 'BOT'", context) is False
    assert evaluate("github.missing.deeper || 'x'", context) == "x"
    assert evaluate("!(github.n) && contains('A/B', '/')", context) is True
