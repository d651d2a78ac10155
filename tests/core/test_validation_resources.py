"""Items' ``resources`` in roadmap.yaml: what validates, and each refusal as file:line:column
(exit 2), URLs above all: absolute https URLs with a host only."""

from __future__ import annotations

from pathlib import Path

import jsonschema
import pytest

from roadmap_bot.cli import main
from roadmap_bot.core.model import (
    MAX_RESOURCES,
    RESOURCE_KINDS,
    RESOURCE_TIME_MAX,
    RESOURCE_TITLE_MAX,
    RESOURCE_URL_MAX,
    Resource,
)
from roadmap_bot.core.schema import https_url_problem, load_roadmap, roadmap_json_schema
from roadmap_bot.errors import ConfigError
from tests.support.helpers import MINIMAL

# the item's resources start on line 12; a flow mapping's url value at column 33
AT = "r.yaml:12:33"


def with_resources(*entries: str, settings: str = "") -> str:
    text = MINIMAL + "            resources:\n"
    text += "".join(f"              - {entry}\n" for entry in entries)
    return text.replace("version: 1\n", f"version: 1\n{settings}") if settings else text


def problems(text: str) -> list[str]:
    with pytest.raises(ConfigError) as info:
        load_roadmap(text, "r.yaml")
    return [str(p) for p in info.value.problems]


def test_an_item_carries_its_resources_with_kind_time_and_paid() -> None:
    text = with_resources(
        '{title: The Python Tutorial, url: "https://docs.python.org/3/tutorial/", kind: docs, '
        "time: 6 h}",
        '{title: Deep Learning Specialization, url: "https://www.coursera.org/specializations/'
        'deep-learning", kind: course, time: 4 months, paid: true}',
        '{title: Just a link, url: "HTTPS://Example.org:8443/a%20b?q=1#top"}',
    )
    item = load_roadmap(text).item_index()["phase0.one"]
    assert item.resources == (
        Resource("The Python Tutorial", "https://docs.python.org/3/tutorial/", "docs", "6 h"),
        Resource(
            "Deep Learning Specialization",
            "https://www.coursera.org/specializations/deep-learning",
            "course",
            "4 months",
            paid=True,
        ),
        Resource("Just a link", "HTTPS://Example.org:8443/a%20b?q=1#top"),
    )
    assert load_roadmap(MINIMAL).item_index()["phase0.one"].resources == ()


def test_parents_and_child_items_may_carry_resources_too() -> None:
    text = with_resources('{title: A, url: "https://a.example/"}') + (
        "            items:\n"
        "              - id: kid\n"
        "                title: Kid\n"
        "                resources: [{title: B, url: 'https://b.example/'}]\n"
    )
    index = load_roadmap(text).item_index()
    assert [r.url for r in index["phase0.one"].resources] == ["https://a.example/"]
    assert [r.url for r in index["phase0.one.kid"].resources] == ["https://b.example/"]


@pytest.mark.parametrize(
    ("url", "says"),
    [
        ("http://docs.python.org/3/", "an http:// link can be altered on the way"),
        ("javascript:alert(1)", "links use https:// only, not javascript:"),
        ("JavaScript://%0Aalert(1)", "links use https:// only, not javascript://"),
        ("data:text/html,hi", "links use https:// only, not data:"),
        ("ftp://ftp.example.org/x", "links use https:// only, not ftp://"),
        ("/docs/tutorial", "not an absolute URL"),
        ("docs.python.org/3/", "not an absolute URL"),
        ("//docs.python.org/3/", "not an absolute URL"),
        ("https://me@example.org/", "holds credentials"),
        ("https://me:ghp_secret@example.org/", "holds credentials"),
        ("https://example.org/a b", "holds no spaces"),
        ('"https://example.org/a\\tb"', "holds no spaces"),
        ('"https://example.org/a\\nb"', "holds no spaces"),
        ('"https://exa\\u200bmple.org/"', "invisible character U+200B"),
        ('"https://example.org/\\u202eabc"', "invisible character U+202E"),
        ("https://", "has no host"),
        ("https:///path", "has no host"),
        ("https://example.org:0/", "port '0'"),
        ("https://example.org:http/", "port 'http'"),
        ("https://[::1]/", "is an IP address"),
        ("https://-bad-.example/", "is not a host name"),
        ('"https://\\u00e9xample.org/"', "is not a host name"),
        ('"https://example.org/<script>"', "'<', which a markdown link cannot hold"),
        ("https://example.org/a`b", "'`', which a markdown link cannot hold"),
    ],
)
def test_a_resource_url_that_is_not_an_absolute_https_url_with_a_host_is_refused_where_it_stands(
    url: str, says: str
) -> None:
    quoted = url if url.startswith('"') else f"'{url}'"
    (found,) = problems(with_resources(f"{{title: T, url: {quoted}}}"))
    assert found.startswith(f"{AT}: ") and says in found, found


def test_a_control_character_in_a_url_is_named_once() -> None:
    (found,) = problems(with_resources('{title: T, url: "https://example.org/\\u001b[31m"}'))
    assert found == (
        f"{AT}: contains the control character U+001B (ESC), which would reach the README and "
        "issues as is; remove it"
    )


def test_validate_exits_2_on_a_resource_url_that_is_not_https(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "roadmap.yaml"
    path.write_text(with_resources("{title: T, url: 'http://example.org/'}"), encoding="utf-8")
    assert main(["validate", str(path)]) == 2
    err = capsys.readouterr().err
    assert f"{path}:12:33: an http:// link can be altered on the way" in err
    assert "Traceback" not in err


def test_an_unknown_resource_key_suggests_the_right_one() -> None:
    (found,) = problems(with_resources("{title: T, url: 'https://a.example/', kidn: docs}"))
    assert found.startswith("r.yaml:12:55: unknown key 'kidn' — did you mean 'kind'?")
    assert "(allowed: kind, paid, time, title, url)" in found


def test_a_misspelt_resources_key_on_an_item_suggests_resources() -> None:
    text = MINIMAL + "            resorces: [{title: T, url: 'https://a.example/'}]\n"
    (found,) = problems(text)
    assert found.startswith("r.yaml:11:13: unknown key 'resorces' — did you mean 'resources'?")


def test_an_unknown_kind_suggests_one() -> None:
    (found,) = problems(with_resources("{title: T, url: 'https://a.example/', kind: vidoe}"))
    assert found == (
        "r.yaml:12:61: 'vidoe' is not one of docs, course, book, video, paper, tutorial, "
        "article, tool — did you mean 'video'?"
    )


def test_more_than_ten_resources_are_refused_once_at_the_list() -> None:
    text = with_resources(*(f"{{title: T{n}, url: 'https://a.example/{n}'}}" for n in range(11)))
    assert problems(text) == ["r.yaml:12:15: an item lists at most 10 resources"]


def test_a_url_listed_twice_by_one_item_is_refused_at_the_second() -> None:
    text = with_resources(
        "{title: A, url: 'https://a.example/'}", "{title: B, url: 'https://a.example/'}"
    )
    assert problems(text) == ["r.yaml:13:33: this item lists the same URL twice"]


@pytest.mark.parametrize(
    ("entry", "expected"),
    [
        ("{url: 'https://a.example/'}", "r.yaml:12:17: missing required key 'title'"),
        ("{title: T}", "r.yaml:12:17: missing required key 'url'"),
        (
            "{title: '', url: 'https://a.example/'}",
            "r.yaml:12:25: 'title' is empty; write some text",
        ),
        (
            "{title: " + "x" * 201 + ", url: 'https://a.example/'}",
            "r.yaml:12:25: 'title' is longer than 200 characters",
        ),
        (
            "{title: T, url: 'https://a.example/', time: " + "y" * 41 + "}",
            "r.yaml:12:61: 'time' is longer than 40 characters",
        ),
        (
            "{title: T, url: 'https://a.example/" + "p" * 2000 + "'}",
            "r.yaml:12:33: 'url' is longer than 2000 characters",
        ),
        (
            '{title: T, url: "https://a.example/", time: "2 h\\n"}',
            "r.yaml:12:61: 'time' must be one line; it contains a line break at its end "
            "(a `>` or `|` block keeps it: write `>-` or `|-`)",
        ),
        (
            "{title: T, url: 'https://a.example/', paid: 'yes'}",
            "r.yaml:12:61: 'paid' should be a boolean, not a string",
        ),
        ("just a link", "r.yaml:12:17: 'value' should be a mapping, not a string"),
    ],
)
def test_each_wrong_resource_field_has_its_message_at_the_value(entry: str, expected: str) -> None:
    assert problems(with_resources(entry)) == [expected]


def test_resources_as_one_value_rather_than_a_list_are_refused() -> None:
    text = MINIMAL + "            resources: https://a.example/\n"
    assert problems(text) == ["r.yaml:11:24: 'resources' should be a list, not a string"]


def test_show_resources_is_a_boolean_setting_off_by_default() -> None:
    assert load_roadmap(MINIMAL).settings.show_resources is False
    on = MINIMAL.replace("version: 1\n", "version: 1\nsettings:\n  show_resources: true\n")
    assert load_roadmap(on).settings.show_resources is True
    bad = MINIMAL.replace("version: 1\n", "version: 1\nsettings:\n  show_resources: 'yes'\n")
    assert problems(bad) == ["r.yaml:3:19: 'show_resources' should be a boolean, not a string"]
    typo = MINIMAL.replace("version: 1\n", "version: 1\nsettings:\n  show_resource: true\n")
    (found,) = problems(typo)
    assert "unknown key 'show_resource' — did you mean 'show_resources'?" in found


def test_the_editor_schema_lists_the_models_kinds_and_the_limits_the_texts_use() -> None:
    resource = roadmap_json_schema()["$defs"]["resource"]
    assert tuple(resource["properties"]["kind"]["enum"]) == RESOURCE_KINDS
    limits = resource["properties"]
    assert limits["title"]["maxLength"] == RESOURCE_TITLE_MAX
    assert limits["time"]["maxLength"] == RESOURCE_TIME_MAX
    assert limits["url"]["maxLength"] == RESOURCE_URL_MAX
    listed = roadmap_json_schema()["$defs"]["item"]["properties"]["resources"]["maxItems"]
    assert listed == MAX_RESOURCES
    assert resource["additionalProperties"] is False
    assert resource["required"] == ["title", "url"]


@pytest.mark.parametrize(
    "url",
    [
        "http://a.example/",
        "javascript:alert(1)",
        "/relative",
        "a.example/x",
        "https://me@a.example/",
        "https://me:pw@a.example/",
        "https://a.example/a b",
        "https:///x",
        "https://a.example\\@evil.example/",
    ],
)
def test_the_editor_schema_refuses_what_validate_refuses_by_shape(url: str) -> None:
    """Editors read the JSON Schema alone: its pattern refuses the same scheme, credential,
    space and host-less URLs (validate words each refusal and checks the host further)."""
    schema = {**roadmap_json_schema(), "$ref": "#/$defs/resource"}
    schema.pop("required"), schema.pop("properties"), schema.pop("additionalProperties")
    validator = jsonschema.Draft202012Validator(schema)
    assert https_url_problem(url) is not None
    assert not validator.is_valid({"title": "T", "url": url})
    assert validator.is_valid({"title": "T", "url": "https://a.example/x?y=1#z"})


@pytest.mark.parametrize(
    "url",
    [
        "https://docs.python.org/3/tutorial/",
        "https://pandas.pydata.org/docs/user_guide/index.html",
        "https://arxiv.org/abs/2106.09685",
        "https://huggingface.co/learn/nlp-course/chapter1/1",
        "https://en.wikipedia.org/wiki/Transformer_(deep_learning_architecture)",
        "https://example.org:443/?q=%C3%A9#frag",
        "https://example.org./trailing-dot",
    ],
)
def test_ordinary_https_urls_are_accepted(url: str) -> None:
    assert https_url_problem(url) is None
