"""The one helper for user text in bot-written markdown: no mention, HTML, marker or outside link."""

from __future__ import annotations

import re

from hypothesis import given
from hypothesis import strategies as st

from roadmap_bot.core.markers import END, START
from roadmap_bot.core.repos import parse_repo, strip_userinfo
from roadmap_bot.core.safetext import (
    ZWSP,
    md_block,
    md_cell,
    md_code,
    md_inline,
    md_link,
    md_note,
    md_text,
    neutralize_mentions,
    plain_title,
    safe_url,
)

# What GitHub reads as a mention: "@" after a non-word character, then a login (or org/team).
LIVE_MENTION = re.compile(r"(?<!\w)@[A-Za-z0-9]")


def test_mentions_of_people_teams_and_everyone_are_defused() -> None:
    text = "@everyone ask @octocat and @my-org/team, (@x) but not me@example.com"
    out = neutralize_mentions(text)
    assert LIVE_MENTION.search(out) is None
    assert out.replace(ZWSP, "") == text  # nothing visible changes
    assert "me@example.com" in out
    assert LIVE_MENTION.search(neutralize_mentions("@@everyone `@x /@y")) is None


def test_normal_titles_are_unchanged() -> None:
    for title in [
        "Python: Syntax and core concepts",
        "SQL & NoSQL -> data modelling (joins, indexes)",
        "Learn `pandas` and *NumPy* with [the docs](https://numpy.org)",
        "C# / C++ basics: 100% done, e-mail me@example.com",
    ]:
        assert md_inline(title) == title


def test_html_and_comments_in_a_title_are_shown_as_text() -> None:
    title = f'<img src="https://evil/x.png"> <script>x</script> {END} <b>hi</b>'
    out = md_inline(title)
    assert "<" not in out
    assert out.startswith("&lt;img src=")


def test_code_spans_in_a_title_stay_code_but_cannot_hold_a_marker() -> None:
    out = md_inline(f"Use `<br>` and `{START}` and `@team`")
    assert "`<br>`" in out and "`@team`" in out
    assert "<!--" not in out


def test_an_escaped_backtick_does_not_hide_html_from_the_escaping() -> None:
    out = md_inline("\\`<img src=x onerror=y>`")
    assert "<img" not in out


def test_a_title_is_one_line() -> None:
    assert md_inline("one\ntwo\r\nthree\u2028four") == "one two three four"
    assert plain_title("a\nb @c <!-- x -->") == f"a b @{ZWSP}c <{ZWSP}!-- x -->"


def test_plain_text_from_a_linked_repo_never_becomes_a_link_mention_or_html() -> None:
    for name in [
        "[x](https://evil.example)",
        "![img](https://evil.example/a.png)",
        "https://evil.example/path",
        "www.evil.example",
        "@someone",
        "<a href=x>y</a>",
        "<!-- roadmap:end -->",
        "*bold* _it_ ~~gone~~ | cell",
    ]:
        out = md_text(f"tests: 1 test file, e.g. {name}")
        assert "](" not in out.replace("\\]", "")
        assert "<" not in out
        assert re.search(r"https?://|www\.", out) is None
        assert LIVE_MENTION.search(out) is None
        assert (
            out.replace("\\", "")
            .replace(ZWSP, "")
            .replace("&lt;", "<")
            .replace("&gt;", ">")
            .replace("&amp;", "&")
            .endswith(name)
        )


def test_credentials_are_stripped_from_every_url_in_a_text() -> None:
    assert (
        strip_userinfo("https://me:ghp_SECRET@github.com/o/r.git") == "https://github.com/o/r.git"
    )
    assert strip_userinfo("clone https://a@b:c@host/x failed") == "clone https://host/x failed"
    assert strip_userinfo("git@github.com:o/r.git") == "git@github.com:o/r.git"  # ssh, no secret
    assert "SECRET" not in md_text("https://x:SECRET@gitlab.com/o/r: not found")
    ref = parse_repo("https://me:SECRET@gitlab.com/o/r.git")
    assert ref is not None and ref.shown == "https://gitlab.com/o/r.git"


def test_links_only_to_http_urls_without_credentials() -> None:
    assert md_link("note", "https://github.com/o/r/issues/1#issuecomment-2") == (
        "[note](https://github.com/o/r/issues/1#issuecomment-2)"
    )
    assert md_link("note", "javascript:alert(1)") == "note"
    assert md_link("[x](y)", "https://u:p@h/a(b)") == "[\\[x\\](y)](https://h/a%28b%29)"
    assert md_link("[x](y)", "https://h/a b") == "\\[x\\](y)"  # no safe URL: no link
    assert safe_url("https://u:p@h/a(b)") == "https://h/a%28b%29"
    assert safe_url("https://h/a b") is None


def test_a_code_span_cannot_be_broken_out_of() -> None:
    assert md_code("a`b") == "``a`b``"
    assert md_code("`x`") == "`` `x` ``"
    assert md_code("") == "` `"
    assert md_code("x" * 500, 10) == "`xxxxxxxxx…`"


def test_a_table_cell_keeps_its_pipes_inside() -> None:
    assert md_cell("a | b") == "a \\| b"


def test_a_stored_note_keeps_the_code_span_or_link_the_bot_made() -> None:
    assert md_note("`read the book`") == "`read the book`"
    assert md_note("<https://example.com/proof>") == "<https://example.com/proof>"
    assert md_note("<https://u:SECRET@example.com/p>") == "<https://example.com/p>"
    assert md_note("@everyone [x](https://evil)") == f"@{ZWSP}everyone \\[x\\](https{ZWSP}://evil)"


def test_a_block_keeps_fenced_code_and_defuses_outside_it() -> None:
    notes = f"Intro @team <b>x</b>\n```html\n<b>kept</b> @x\n{END}\n```\nafter <i>y</i>"
    out = md_block(notes)
    assert out.split("\n")[0] == f"Intro @{ZWSP}team &lt;b>x&lt;/b>"
    assert "<b>kept</b> @x" in out  # code is code
    assert END not in out
    assert out.endswith("after &lt;i>y&lt;/i>")
    assert md_block('<p align="center">hi</p>', html=True) == '<p align="center">hi</p>'
    assert md_block("<!-- hidden", html=True) == "&lt;!-- hidden"
    assert md_block("text\n~~~~ python\ncode") == "text\n~~~~ python\ncode\n~~~~"


@given(st.text())
def test_no_user_text_can_forge_a_marker_or_a_mention(text: str) -> None:
    for out in (md_inline(text), md_block(text), md_block(text, html=True), md_text(text)):
        assert "<!--" not in out
    for out in (md_text(text), plain_title(text)):
        assert "\n" not in out
        assert LIVE_MENTION.search(out) is None
    assert "\n" not in md_inline(text)
    assert LIVE_MENTION.search(md_inline(text.replace("`", ""))) is None


def test_escaping_is_linear_in_the_text() -> None:
    hostile = "`" * 50_000 + "<!--" * 20_000 + "@a " * 20_000 + "[x](y)" * 10_000
    assert len(md_inline(hostile)) < 10 * len(hostile)
    assert len(md_block(hostile + "\n```\n" * 10_000)) < 10 * len(hostile) + 100_000


def test_readme_prose_keeps_the_owners_closed_html_comments_and_defuses_an_open_one() -> None:
    prose = "Kept <!-- a note\nover two lines --> text @team\n<!-- open"
    out = md_block(prose, html=True)
    assert out == f"Kept <!-- a note\nover two lines --> text @{ZWSP}team\n&lt;!-- open"
    assert md_block("<!--> shown <!---> x", html=True) == "<!--> shown <!---> x"
    assert md_block("a <!-- x -->", html=False) == "a &lt;!-- x -->"  # notes, titles: no HTML


def test_holding_comments_is_linear_in_the_text() -> None:
    from tests.support.linear import assert_linear

    for unit in ("<!--", "<!-- x -->\n", "<!-->"):
        assert_linear(lambda text: md_block(text, html=True), unit)
