"""The importer reads the README's resource folds (settings.show_resources) back into the items:
import → render → import stays a fixed point with them, a fold it cannot read stays notes (never
items), and the YAML dump writes them in roadmap.yaml's order."""

from __future__ import annotations

from dataclasses import replace

from hypothesis import given, settings
from hypothesis import strategies as st

from roadmap_bot.core.importer.markdown import import_markdown
from roadmap_bot.core.importer.yamldump import dump_roadmap
from roadmap_bot.core.model import (
    RESOURCE_KINDS,
    Item,
    Phase,
    Resource,
    Roadmap,
    Section,
    Settings,
    State,
)
from roadmap_bot.core.model import SectionKind as Kind
from roadmap_bot.core.planning.resources import read_resource_line
from roadmap_bot.core.render.readme import render_block
from roadmap_bot.core.schema import https_url_problem, load_roadmap
from tests.support.helpers import FIXTURES, shipped_roadmap
from tests.support.linear import FUZZ, assert_linear, units
from tests.support.round_trip import round_trip


def fixture() -> Roadmap:
    text = (FIXTURES / "resources_roadmap.yaml").read_text(encoding="utf-8")
    return load_roadmap(text, "resources_roadmap.yaml")


def resources_by_id(shown: Roadmap) -> dict[str, tuple[Resource, ...]]:
    return {i.id: i.resources for i in shown.items() if i.resources}


def test_the_bots_render_with_resources_imports_back_to_the_same_resources() -> None:
    original = fixture()
    result = import_markdown(render_block(original, State()))
    again = load_roadmap(dump_roadmap(result.data))
    assert resources_by_id(again) == resources_by_id(original)
    assert again.settings.show_resources is True
    # notes, short and folded, stay notes next to them; children stay children
    index = again.item_index()
    assert index["phase0.pandas"].notes == "Start with the 10-minute intro."
    assert (index["phase0.stats"].notes or "").startswith("Long notes that fold:")
    assert [c.id for c in index["phase0.titanic"].children] == [
        "phase0.titanic.eda",
        "phase0.titanic.model",
    ]
    assert sum(1 for _ in again.items()) == sum(1 for _ in original.items())


def test_import_render_import_is_a_fixed_point_with_resources_shown() -> None:
    trip = round_trip(render_block(fixture(), State()))
    assert trip.fixed
    assert trip.roadmap.settings.show_resources is True
    assert trip.block == render_block(trip.roadmap, trip.state)
    assert "Resources" in trip.block


def test_the_shipped_roadmaps_resources_shown_in_the_readme_import_back_the_same() -> None:
    shipped = shipped_roadmap()
    shown = replace(shipped, settings=replace(shipped.settings, show_resources=True))
    trip = round_trip(render_block(shown, State()))
    assert trip.fixed
    assert resources_by_id(trip.roadmap) == resources_by_id(shown)


def test_every_line_of_a_fold_is_kept_and_none_is_lost() -> None:
    text = render_block(fixture(), State())
    result = import_markdown(text)
    kept = {line for k in result.kept for line in k.lines}
    folds = [n for n, line in enumerate(text.split("\n"), 1) if "Resources</summary>" in line]
    assert folds and all(n in kept for n in folds)
    assert all(u.reason != "not read" for u in result.unplaced)


def one_item(*resources: Resource, notes: str | None = None) -> Roadmap:
    item = Item("one", "First", "phase0", notes=notes, resources=resources)
    phase = Phase("phase0", "Basics", (Section("Topics", Kind.TOPIC, (item,)),))
    return Roadmap("Demo", (phase,), settings=Settings(show_resources=True))


def test_a_fold_edited_into_something_else_stays_notes_and_never_becomes_items() -> None:
    block = render_block(one_item(Resource("Docs", "https://a.example/", "docs")), State())
    for before, after in (
        ("[Docs](https://a.example/)", "[Docs](http://a.example/)"),  # validate would refuse it
        ("- [Docs]", "- my own line\n  - [Docs]"),  # a line that is no resource
        ("- [Docs]", "- [Docs](https://a.example/)\n  - [Docs]"),  # the same URL twice
    ):
        edited = block.replace(before, after, 1)
        assert edited != block
        result = import_markdown(edited)
        (item,) = result.data["phases"][0]["sections"][0]["items"]
        assert "resources" not in item and "items" not in item
        assert "Resources</summary>" in item["notes"]
        assert "show_resources" not in result.data.get("settings", {})
        load_roadmap(dump_roadmap(result.data))  # still a valid roadmap.yaml


def test_a_resource_titled_like_a_box_or_a_link_stays_a_resource() -> None:
    tricky = (
        Resource("[ ] not a box", "https://a.example/"),
        Resource("[x](https://evil.example) ](javascript:x)", "https://b.example/"),
    )
    result = import_markdown(render_block(one_item(*tricky), State()))
    (item,) = result.data["phases"][0]["sections"][0]["items"]
    assert "items" not in item and "notes" not in item
    assert load_roadmap(dump_roadmap(result.data)).item_index()["phase0.one"].resources == tricky


def test_a_readme_without_folds_imports_no_resources_and_no_setting() -> None:
    block = render_block(replace(fixture(), settings=Settings()), State())
    result = import_markdown(block)
    assert "show_resources" not in result.data.get("settings", {})
    assert resources_by_id(load_roadmap(dump_roadmap(result.data))) == {}


def test_the_yaml_dump_writes_resources_in_roadmap_yamls_order() -> None:
    data = {
        "version": 1,
        "title": "T",
        "phases": [
            {
                "id": "phase0",
                "title": "P",
                "sections": [
                    {
                        "items": [
                            {
                                "resources": [
                                    {
                                        "paid": True,
                                        "time": "2 h",
                                        "kind": "course",
                                        "url": "https://a.example/",
                                        "title": "A course",
                                    }
                                ],
                                "title": "One",
                                "id": "one",
                            }
                        ]
                    }
                ],
            }
        ],
    }
    text = dump_roadmap(data)
    assert (
        "          - id: one\n"
        "            title: One\n"
        "            resources:\n"
        "              - title: A course\n"
        "                url: https://a.example/\n"
        "                kind: course\n"
        "                time: 2 h\n"
        "                paid: true\n"
    ) in text
    assert load_roadmap(text).item_index()["phase0.one"].resources == (
        Resource("A course", "https://a.example/", "course", "2 h", paid=True),
    )


def test_an_item_with_short_notes_and_child_items_imports_back_nested() -> None:
    kid = Item("kid", "Kid", "phase0", parent="one")
    one = Item("one", "First", "phase0", notes="some notes", children=(kid,))
    phase = Phase("phase0", "Basics", (Section("Topics", Kind.TOPIC, (one,)),))
    result = import_markdown(render_block(Roadmap("Demo", (phase,)), State()))
    (item,) = result.data["phases"][0]["sections"][0]["items"]
    assert item["notes"] == "some notes"
    assert [c["id"] for c in item["items"]] == ["kid"]


TITLES = st.text(
    st.characters(codec="utf-8", categories=("L", "N", "P", "S", "Zs")), min_size=1, max_size=60
).filter(lambda t: t.strip() == t and t.strip() and "://" not in t)
RESOURCES = st.builds(
    Resource,
    title=TITLES,
    url=st.sampled_from(
        ["https://a.example/", "https://b.example/x_(y)?q=1#z", "https://c.example/%20"]
    ),
    kind=st.none() | st.sampled_from(RESOURCE_KINDS),
    time=st.none() | TITLES.map(lambda t: t[:40].strip() or "1 h"),
    paid=st.booleans(),
)


@settings(max_examples=80, deadline=None)
@given(st.lists(RESOURCES, min_size=1, max_size=3, unique_by=lambda r: r.url))
def test_any_resources_render_import_and_render_the_same_again(
    resources: list[Resource],
) -> None:
    first = render_block(one_item(*resources, notes="Read first."), State())
    trip = round_trip(first)
    assert trip.fixed
    assert trip.block == first  # the render of the import is the render it was read from
    # every field comes back as written (md_text's escapes undone), the URL with ( ) encoded
    encoded = [replace(r, url=r.url.replace("(", "%28").replace(")", "%29")) for r in resources]
    assert list(trip.roadmap.item_index()["phase0.one"].resources) == encoded


@FUZZ
@given(units)
def test_reading_a_resource_line_and_checking_a_url_take_linear_time(unit: str) -> None:
    def read(text: str) -> object:
        return read_resource_line(f"[{text}") or read_resource_line(f"[a]({text}")

    def check(text: str) -> object:
        return https_url_problem(f"https://{text}")

    assert_linear(read, unit)
    assert_linear(check, unit)
