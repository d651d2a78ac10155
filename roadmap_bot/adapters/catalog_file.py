"""Read the shipped technology catalog (roadmap_bot/data/technologies.yaml) once."""

from __future__ import annotations

from functools import lru_cache
from importlib import resources

from roadmap_bot.core.evidence.techs import Catalog, load_catalog
from roadmap_bot.core.yamlloc import safe_load

CATALOG_RESOURCE = "technologies.yaml"


@lru_cache(maxsize=1)
def shipped_catalog() -> Catalog:
    """The catalog bundled with the package (read and parsed on first use only)."""
    text = resources.files("roadmap_bot.data").joinpath(CATALOG_RESOURCE).read_text("utf-8")
    return load_catalog(safe_load(text))  # libyaml when available
