"""parse_comment: the command grammar, item ids, the default item and usage answers."""

from __future__ import annotations

import pytest

from roadmap_bot.core.commands.grammar import (
    MAX_ARG,
    Command,
    ParseResult,
    parse_comment,
)
from roadmap_bot.core.commands.registry import SPECS
from roadmap_bot.core.commands.spec import CommandName

IDS = ("phase1.python", "phase1.git", "phase2.rag", "phase2.llm-basics")


def parse(body: str, *, default_item: str | None = None) -> ParseResult:
    return parse_comment(body, known_ids=IDS, default_item=default_item)


def only_command(body: str, *, default_item: str | None = None) -> Command:
    result = parse(body, default_item=default_item)
    assert result.errors == ()
    assert len(result.commands) == 1
    return result.commands[0]


def only_error(body: str, *, default_item: str | None = None) -> str:
    result = parse(body, default_item=default_item)
    assert result.commands == ()
    assert len(result.errors) == 1
    return result.errors[0].message


# --- the commands -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("body", "name", "item_id", "arg"),
    [
        ("/done phase2.rag", CommandName.DONE, "phase2.rag", None),
        ("/done phase2.rag built a demo", CommandName.DONE, "phase2.rag", "built a demo"),
        (
            "/done phase2.rag https://x.dev/post",
            CommandName.DONE,
            "phase2.rag",
            "https://x.dev/post",
        ),
        ("/undo phase2.rag", CommandName.UNDO, "phase2.rag", None),
        ("/skip phase1.git", CommandName.SKIP, "phase1.git", None),
        ("/skip phase1.git know it already", CommandName.SKIP, "phase1.git", "know it already"),
        ("/unskip phase1.git", CommandName.UNSKIP, "phase1.git", None),
        ("/link phase2.rag octo/rag-demo", CommandName.LINK, "phase2.rag", "octo/rag-demo"),
        ("/unlink phase2.rag octo/rag-demo", CommandName.UNLINK, "phase2.rag", "octo/rag-demo"),
        ("/check phase2.rag", CommandName.CHECK, "phase2.rag", None),
        ("/status", CommandName.STATUS, None, None),
        ("/next", CommandName.NEXT, None, None),
        ("/help", CommandName.HELP, None, None),
    ],
)
def test_each_command_parses_to_its_values(
    body: str, name: CommandName, item_id: str | None, arg: str | None
) -> None:
    command = only_command(body)
    assert (command.name, command.item_id, command.arg, command.line, command.raw) == (
        name,
        item_id,
        arg,
        1,
        body,
    )


def test_read_only_commands_are_status_check_and_help() -> None:
    read_only = {name for name, spec in SPECS.items() if spec.read_only}
    assert read_only == {CommandName.STATUS, CommandName.CHECK, CommandName.HELP}


def test_every_command_has_a_one_line_usage_starting_with_its_name() -> None:
    assert set(CommandName) == set(SPECS)
    for name, spec in SPECS.items():
        assert spec.usage.startswith(f"/{name}")
        assert "\n" not in spec.usage


def test_several_commands_come_back_in_order_with_their_line_numbers() -> None:
    body = "Thanks!\n/done phase1.python\nsome words\n/skip phase1.git\r\n\n/status\n"
    result = parse(body)
    assert [(c.name, c.line) for c in result.commands] == [
        (CommandName.DONE, 2),
        (CommandName.SKIP, 4),
        (CommandName.STATUS, 6),
    ]
    assert result.errors == ()
    assert result.truncated is False


def test_up_to_three_leading_spaces_are_allowed() -> None:
    assert only_command("   /done phase2.rag").item_id == "phase2.rag"


def test_the_note_keeps_its_inner_spacing_and_punctuation() -> None:
    command = only_command("/done   phase2.rag    see `demo`,  it works!  ")
    assert command.arg == "see `demo`,  it works!"


def test_a_tab_separates_like_a_space() -> None:
    assert only_command("/done\tphase2.rag\tnote").arg == "note"


def test_command_names_are_case_insensitive() -> None:
    assert only_command("/DONE phase2.rag").name is CommandName.DONE
    assert only_command("/Status").name is CommandName.STATUS


# --- item ids ---------------------------------------------------------------------------


def test_ids_match_case_insensitively_and_come_back_as_spelled_in_the_roadmap() -> None:
    assert only_command("/done PHASE2.RAG").item_id == "phase2.rag"
    assert only_command("/undo Phase2.LLM-Basics").item_id == "phase2.llm-basics"


def test_an_id_in_backticks_or_followed_by_punctuation_still_matches() -> None:
    assert only_command("/done `phase2.rag`").item_id == "phase2.rag"
    assert only_command("/done phase2.rag.").item_id == "phase2.rag"
    assert only_command("/undo phase2.rag!").item_id == "phase2.rag"


def test_an_unknown_id_gets_a_did_you_mean() -> None:
    assert only_error("/done phase2.rga") == "no item `phase2.rga` — did you mean `phase2.rag`?"


def test_the_slug_alone_is_not_accepted_but_suggested() -> None:
    assert only_error("/done rag") == "no item `rag` — did you mean `phase2.rag`?"


def test_an_id_nothing_like_any_item_gets_an_example_id() -> None:
    message = only_error("/done kubernetes")
    assert message == "no item `kubernetes` in the roadmap — ids look like `phase1.python`"


def test_an_error_keeps_the_line_and_raw_text() -> None:
    result = parse("hello\n/undo phase9.nothing")
    assert (result.errors[0].line, result.errors[0].raw) == (2, "/undo phase9.nothing")


def test_ids_are_matched_against_the_known_ids_only() -> None:
    result = parse_comment("/done phase2.rag", known_ids=())
    assert result.commands == ()
    assert "no item `phase2.rag`" in result.errors[0].message


# --- the default item (bot-opened item issues) -------------------------------------------


@pytest.mark.parametrize(
    ("body", "name", "arg"),
    [
        ("/done", CommandName.DONE, None),
        ("/done finished the course", CommandName.DONE, "finished the course"),
        ("/done https://example.com/notes", CommandName.DONE, "https://example.com/notes"),
        ("/undo", CommandName.UNDO, None),
        ("/skip", CommandName.SKIP, None),
        ("/skip not for me", CommandName.SKIP, "not for me"),
        ("/unskip", CommandName.UNSKIP, None),
        ("/check", CommandName.CHECK, None),
        ("/link octo/rag-demo", CommandName.LINK, "octo/rag-demo"),
        ("/unlink https://github.com/octo/rag-demo", CommandName.UNLINK, "octo/rag-demo"),
    ],
)
def test_the_id_may_be_left_out_in_an_item_issue(
    body: str, name: CommandName, arg: str | None
) -> None:
    command = only_command(body, default_item="phase2.rag")
    assert (command.name, command.item_id, command.arg) == (name, "phase2.rag", arg)


def test_an_explicit_id_wins_over_the_default_item() -> None:
    command = only_command("/done phase1.git learnt it", default_item="phase2.rag")
    assert (command.item_id, command.arg) == ("phase1.git", "learnt it")


def test_a_mistyped_id_is_not_taken_for_a_note_on_the_default_item() -> None:
    message = only_error("/done phase1.gti learnt it", default_item="phase2.rag")
    assert message == "no item `phase1.gti` — did you mean `phase1.git`?"


def test_an_unknown_word_after_undo_is_an_unknown_id_even_with_a_default() -> None:
    assert only_error("/undo oops", default_item="phase2.rag").startswith("no item `oops`")


def test_link_with_only_an_id_in_an_item_issue_asks_for_the_repository() -> None:
    message = only_error("/link phase1.git", default_item="phase2.rag")
    assert message.endswith("usage: `/link ID REPO`")


# --- repositories -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("repo", "value"),
    [
        ("octo/rag-demo", "octo/rag-demo"),
        ("https://github.com/octo/rag-demo", "octo/rag-demo"),
        ("https://github.com/octo/rag-demo.git", "octo/rag-demo"),
        ("<https://github.com/octo/rag-demo>", "octo/rag-demo"),
        ("git@github.com:octo/rag-demo.git", "octo/rag-demo"),
        ("https://gitlab.com/octo/rag-demo.git", "https://gitlab.com/octo/rag-demo.git"),
    ],
)
def test_link_normalises_the_repository(repo: str, value: str) -> None:
    assert only_command(f"/link phase2.rag {repo}").arg == value


@pytest.mark.parametrize("repo", ["./demo", "../x", "/etc", "~/code", "file:///etc", "not a repo"])
def test_link_refuses_local_paths_and_non_repositories(repo: str) -> None:
    message = only_error(f"/link phase2.rag {repo}")
    assert "usage: `/link ID REPO`" in message


def test_a_local_path_is_refused_with_a_reason() -> None:
    message = only_error("/link phase2.rag ./demo")
    assert message.startswith("`./demo` is not a repository")
    assert "local paths work only in roadmap.yaml" in message


# --- malformed commands get their usage line ------------------------------------------------


@pytest.mark.parametrize(
    ("body", "problem"),
    [
        ("/done", "needs an item id"),
        ("/undo", "needs an item id"),
        ("/undo phase2.rag now", "takes only an item id"),
        ("/skip", "needs an item id"),
        ("/unskip", "needs an item id"),
        ("/unskip phase2.rag please", "takes only an item id"),
        ("/link", "needs an item id and one repository"),
        ("/link phase2.rag", "needs an item id and one repository"),
        ("/link phase2.rag a/b c/d", "needs an item id and one repository"),
        ("/unlink", "needs an item id and one repository"),
        ("/unlink phase2.rag", "needs an item id and one repository"),
        ("/check", "needs an item id"),
        ("/check phase2.rag phase1.git", "takes only an item id"),
        ("/status everything", "takes nothing after it"),
        ("/next 3", "takes nothing after it"),
        ("/help done", "takes nothing after it"),
    ],
)
def test_a_malformed_command_is_answered_with_its_usage(body: str, problem: str) -> None:
    name = CommandName(body.split()[0][1:])
    assert only_error(body) == f"`/{name.value}` {problem} — usage: `{SPECS[name].usage}`"


def test_every_command_has_a_malformed_form_answered_with_its_usage() -> None:
    bodies = {
        name: f"/{name.value} phase2.rag a/b c/d" if SPECS[name].takes_item else f"/{name} x"
        for name in CommandName
    }
    bodies[CommandName.DONE] = "/done"
    bodies[CommandName.SKIP] = "/skip"
    for name, body in bodies.items():
        assert only_error(body).endswith(f"usage: `{SPECS[name].usage}`"), name


def test_a_note_longer_than_the_cap_is_refused_not_cut() -> None:
    message = only_error("/done phase2.rag " + "n" * (MAX_ARG + 1))
    assert message.startswith(f"the note is {MAX_ARG + 1:,} characters long; keep it to {MAX_ARG}")
    assert only_command("/done phase2.rag " + "n" * MAX_ARG).arg == "n" * MAX_ARG


def test_a_skip_reason_longer_than_the_cap_is_refused() -> None:
    assert only_error("/skip phase2.rag " + "r" * 2000).startswith("the reason is 2,000 characters")


def test_a_long_repository_is_refused() -> None:
    assert "at most" in only_error("/link phase2.rag " + "a/" + "b" * 1000)


# --- what is not a command --------------------------------------------------------------------


@pytest.mark.parametrize(
    "body",
    [
        "/shrug",
        "/usr/bin/python3 crashed",
        "/cc @octocat",
        "/lgtm",
        "I ran /done phase2.rag yesterday",
        "- /done phase2.rag",
        "done phase2.rag",
        "/ done phase2.rag",
        "//done phase2.rag",
        "/done/phase2.rag",
        "/123",
        "",
    ],
)
def test_text_that_is_not_one_of_our_commands_is_ignored(body: str) -> None:
    assert parse(body) == ParseResult((), (), False)


@pytest.mark.parametrize(
    ("word", "meant"),
    [("dnoe", "done"), ("don", "done"), ("stats", "status"), ("chek", "check"), ("nxt", "next")],
)
def test_a_near_miss_of_a_command_name_gets_a_did_you_mean(word: str, meant: str) -> None:
    message = only_error(f"/{word} phase2.rag")
    assert message == f"`/{word}` is not a command — did you mean `/{meant}`?"
