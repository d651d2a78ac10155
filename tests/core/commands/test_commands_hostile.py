"""parse_comment on hostile bodies: bounded, invisible characters removed, user text kept inert."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from roadmap_bot.core.commands.grammar import (
    MAX_BODY,
    MAX_COMMANDS,
    MAX_ECHO,
    MAX_RAW,
    SPECS,
    CommandName,
    ParseResult,
    parse_comment,
)
from roadmap_bot.core.templating import template_env

IDS = ("phase1.python", "phase2.rag")
ZERO_WIDTH = "\u200b\u200c\u200d\u2060\ufeff"
BIDI = "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u200e\u200f\u061c"


def parse(body: str, *, default_item: str | None = None) -> ParseResult:
    return parse_comment(body, known_ids=IDS, default_item=default_item)


# --- bounds -----------------------------------------------------------------------------


def test_a_thousand_commands_run_only_the_first_twenty_and_say_so() -> None:
    result = parse("/done phase2.rag\n" * 1000)
    assert len(result.commands) == MAX_COMMANDS
    assert [c.line for c in result.commands] == list(range(1, MAX_COMMANDS + 1))
    assert result.truncated is True
    (notice,) = result.errors
    assert notice.message == "only the first 20 commands are run; 980 more were ignored"
    assert notice.line == MAX_COMMANDS + 1


def test_the_bound_counts_malformed_commands_too() -> None:
    result = parse("/done\n" * 30 + "/status\n")
    assert result.commands == ()
    assert len(result.errors) == MAX_COMMANDS + 1
    assert result.errors[-1].message.endswith("11 more were ignored")


def test_twenty_commands_are_not_truncated() -> None:
    result = parse("/status\n" * MAX_COMMANDS)
    assert (len(result.commands), result.errors, result.truncated) == (MAX_COMMANDS, (), False)


def test_a_megabyte_body_is_read_only_up_to_the_limit() -> None:
    body = "/done phase2.rag\n" + "x" * (MAX_BODY - 100) + "\n/undo phase2.rag\n" + "y" * 10**6
    result = parse(body)
    assert [c.name for c in result.commands] == [CommandName.DONE, CommandName.UNDO]
    assert result.truncated is True
    assert result.errors[-1].message == "only the first 65,536 characters of a comment are read"


def test_a_command_cut_by_the_limit_is_not_read_half() -> None:
    body = "x" * (MAX_BODY - 20) + "\n/done phase2.rag a note that crosses the limit"
    result = parse(body)
    assert result.commands == ()
    assert result.truncated is True


def test_a_body_of_exactly_the_limit_is_read_whole() -> None:
    body = "/status\n" + "x" * (MAX_BODY - 8)
    result = parse(body)
    assert (len(result.commands), result.truncated) == (1, False)


@pytest.mark.parametrize(
    "body",
    [
        "`" * 60_000,
        "` `` ``` ```` " * 4000,
        "<!--" * 15_000,
        "<code " * 10_000,
        "> " * 30_000,
        "```\n" * 15_000,
        "/done " + "phase2.rag" * 6000,
        "/" + "a" * 60_000,
        "/dnoe " * 10_000,
        ("/done phase2.rag\n" + "`x\n" * 5) * 3000,
    ],
    ids=lambda body: f"{body[:12]!r}x{len(body)}",
)
def test_pathological_bodies_parse_within_bounds(body: str) -> None:
    result = parse(body)
    assert len(result.commands) <= MAX_COMMANDS
    assert len(result.errors) <= MAX_COMMANDS + 2


# --- invisible characters ---------------------------------------------------------------


@pytest.mark.parametrize("char", list(ZERO_WIDTH + BIDI))
def test_zero_width_and_bidi_characters_are_removed_from_ids(char: str) -> None:
    result = parse(f"/done{char} pha{char}se2.rag{char} no{char}te")
    assert [(c.item_id, c.arg) for c in result.commands] == [("phase2.rag", "note")]
    assert char not in result.commands[0].raw


def test_a_right_to_left_override_cannot_disguise_another_id() -> None:
    # Shown as "/done phase2.rag", stored as the reversed text: it must not match anything.
    result = parse("/done \u202egar.2esahp")
    assert result.commands == ()
    assert result.errors[0].message.startswith("no item `gar.2esahp`")


def test_look_alike_letters_do_not_fold_onto_an_id() -> None:
    kelvin = "\u212a"  # KELVIN SIGN, which str.lower() turns into "k"
    result = parse_comment(f"/done phase1.{kelvin}eras", known_ids=("phase1.keras",))
    assert result.commands == ()
    assert result.errors[0].message == (
        f"no item `phase1.{kelvin}eras` — did you mean `phase1.keras`?"
    )


def test_control_characters_are_removed_from_notes() -> None:
    command = parse("/done phase2.rag a\x00b\x1b[31mred\x7f")
    assert command.commands[0].arg == "ab[31mred"


def test_a_zero_width_character_before_the_slash_still_starts_a_command() -> None:
    assert [c.item_id for c in parse("\u200b/done phase2.rag").commands] == ["phase2.rag"]


# --- user text stays data -----------------------------------------------------------------


@pytest.mark.parametrize(
    "note",
    [
        "$(rm -rf /)",
        "`rm -rf /`",
        "${{ secrets.GITHUB_TOKEN }}",
        "<script>alert(1)</script>",
        "<img src=x onerror=alert(1)>",
        "'; DROP TABLE items; --",
        "{{ 7*7 }} {% raw %}",
        "@octocat #1 [x](javascript:alert(1))",
    ],
)
def test_hostile_notes_are_kept_verbatim_as_data(note: str) -> None:
    result = parse(f"/done phase2.rag {note}")
    assert result.commands[0].arg == note


@pytest.mark.parametrize(
    "token",
    ["`$(id)`", "``x``", "@octocat", "[a](http://e.vil)", "<b>x</b>", "${{github.token}}"],
)
def test_user_text_echoed_in_a_message_sits_in_a_code_span_it_cannot_leave(token: str) -> None:
    message = parse(f"/undo {token}").errors[0].message
    assert message.startswith("no item ")
    quoted = message.removeprefix("no item ").split(" in the roadmap")[0].split(" — ")[0]
    ticks = len(quoted) - len(quoted.lstrip("`"))
    assert ticks > max((len(r) for r in token.split("x") if set(r) == {"`"}), default=0)
    assert quoted.endswith("`" * ticks)
    assert token.strip("`") in quoted


def test_echoed_user_text_is_capped() -> None:
    message = parse("/undo " + "z" * 5000).errors[0].message
    assert "z" * MAX_ECHO not in message
    assert "z" * (MAX_ECHO - 1) + "…" in message


def test_the_raw_line_is_capped() -> None:
    result = parse("/done phase2.rag " + "n" * 400)
    assert len(result.commands[0].raw) == MAX_RAW
    assert result.commands[0].raw.endswith("…")


# --- the help text ---------------------------------------------------------------------------


def render_help(item_id: str | None) -> str:
    template = template_env().get_template("help.md.j2")
    return template.render(specs=list(SPECS.values()), example_id="phase2.rag", item_id=item_id)


def test_the_help_lists_every_usage_and_who_may_run_it() -> None:
    text = render_help(None)
    for spec in SPECS.values():
        who = "anyone" if spec.read_only else "write access"
        assert f"| `{spec.usage}` | {spec.summary} | {who} |" in text
    assert f"at most {MAX_COMMANDS} are run" in text
    assert "leave it out" not in text


def test_the_help_in_an_item_issue_says_the_id_may_be_left_out() -> None:
    assert "you may leave it out, and it means `phase2.rag`" in render_help("phase2.rag")


def test_the_help_reply_never_reads_as_commands() -> None:
    for item_id in (None, "phase2.rag"):
        assert parse(render_help(item_id)) == ParseResult((), (), False)


# --- properties ------------------------------------------------------------------------------

command_lines = st.sampled_from(
    ["/done phase2.rag", "/undo x", "/dnoe", "/status", "```", "> q", "<!--", "-->", "`", "    "]
)
bodies = st.one_of(
    st.text(max_size=2000),
    st.lists(st.one_of(command_lines, st.text(max_size=40)), max_size=200).map("\n".join),
)


@settings(max_examples=300, deadline=None)
@given(body=bodies, default_item=st.sampled_from([None, "phase2.rag"]))
def test_parse_never_raises_and_never_returns_more_than_the_bound(
    body: str, default_item: str | None
) -> None:
    result = parse(body, default_item=default_item)
    assert len(result.commands) <= MAX_COMMANDS
    assert len(result.commands) + len(result.errors) <= MAX_COMMANDS + 2
    for command in result.commands:
        assert command.item_id is None or command.item_id in IDS
        assert 1 <= command.line <= body.count("\n") + body.count("\r") + 1
        assert len(command.raw) <= MAX_RAW
    for error in result.errors:
        assert error.message


@settings(max_examples=100, deadline=None)
@given(st.lists(st.sampled_from(["/done phase2.rag", "/status", "/undo"]), min_size=21))
def test_more_than_twenty_commands_always_mark_the_result_truncated(lines: list[str]) -> None:
    result = parse("\n".join(lines))
    assert result.truncated is True
    assert len(result.commands) + len(result.errors) == MAX_COMMANDS + 1
