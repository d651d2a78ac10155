"""Helpers for the card tests: a roadmap and ticks to render, and readers of the rendered SVG
(rows, bar widths, texts, ``assert_self_contained``)."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

from roadmap_bot.core.model import (
    Item,
    Phase,
    Roadmap,
    Section,
    SectionKind,
    State,
    Tick,
    TickSource,
)
from roadmap_bot.core.progress import roadmap_progress
from roadmap_bot.core.render.card import (
    CARD_LIGHT,
    card_svg,
)

SVG = "{http://www.w3.org/2000/svg}"


URL_REF = re.compile(r"url\(\s*['\"]?([^)'\"]*)")


TICK = Tick(TickSource.MANUAL, "2025-03-01T10:00:00Z", "alice", "done")


def make_roadmap(title: str, sizes: list[int], *, phase_title: str = "Phase") -> Roadmap:
    phases = tuple(
        Phase(
            f"phase{p}",
            f"{phase_title} {p}",
            (
                Section(
                    "Topics",
                    SectionKind.TOPIC,
                    tuple(Item(f"t{i}", f"Topic {i}", f"phase{p}") for i in range(size)),
                ),
            ),
        )
        for p, size in enumerate(sizes)
    )
    return Roadmap(title=title, phases=phases)


def ticked(*ids: str) -> State:
    return State(ticks=dict.fromkeys(ids, TICK))


def render(roadmap: Roadmap, state: State, *, theme=CARD_LIGHT, today: str = "2025-03-14"):
    return card_svg(roadmap_progress(roadmap, state), today=today, theme=theme)


def assert_self_contained(svg: bytes) -> ET.Element:
    """Parse ``svg`` and check it loads nothing from outside: no scripts, links, images, fonts."""
    root = ET.fromstring(svg)
    assert root.tag == f"{SVG}svg"
    assert root.get("viewBox")
    for element in root.iter():
        tag = element.tag.removeprefix(SVG)
        assert tag not in {"script", "image", "foreignObject", "use", "a", "iframe", "feImage"}
        for name, value in element.attrib.items():
            assert not name.endswith("href") and not name.lower().startswith("on"), name
            if name not in {"aria-label"}:  # text for screen readers, not a reference
                assert all(ref.startswith("#") for ref in URL_REF.findall(value)), value
        if tag == "style":
            css = element.text or ""
            assert "@import" not in css and "@font-face" not in css and "url(" not in css
    return root


def rows(root: ET.Element) -> list[ET.Element]:
    return [g for g in root.iter(f"{SVG}g") if "phase" in g.get("class", "").split()]


def bar_width(row: ET.Element) -> float:
    bars = [r for r in row.iter(f"{SVG}rect") if r.get("class") == "bar"]
    return float(bars[0].get("width", "0")) if bars else 0.0


def texts(root: ET.Element) -> list[str]:
    return ["".join(t.itertext()) for t in root.iter(f"{SVG}text")]
