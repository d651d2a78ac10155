"""Every resource the shipped roadmap links has a row in docs/RESOURCES.md saying how it was
checked, and every row is a link the roadmap still ships (the file cannot drift)."""

from __future__ import annotations

from pathlib import Path

from roadmap_bot.jobs.loading import load_local_roadmap

ROOT = Path(__file__).resolve().parents[1]


def rows() -> dict[tuple[str, str], str]:
    found = {}
    for line in (ROOT / "docs" / "RESOURCES.md").read_text("utf-8").splitlines():
        if line.startswith("| phase"):
            item, _title, url, _kind, how = (c.strip() for c in line.strip("|").split(" | ", 4))
            found[(item, url)] = how.rstrip(" |")
    return found


def test_every_shipped_resource_has_a_row_saying_how_it_was_checked_and_no_row_is_stale() -> None:
    roadmap, _ = load_local_roadmap(ROOT / "roadmap.yaml")
    shipped = {(item.id, r.url) for item in roadmap.items() for r in item.resources}
    documented = rows()
    assert shipped == set(documented)
    assert all(len(how) > 20 for how in documented.values())
    assert all(url.startswith("https://") for _, url in shipped)
