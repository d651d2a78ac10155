"""Small builders shared by the tests (no fakes here: tests/fakegithub is the one fake GitHub)."""

from __future__ import annotations

from pathlib import Path

from roadmap_bot.core.model import Roadmap
from roadmap_bot.core.schema import load_roadmap

ROOT = Path(__file__).resolve().parents[2]
FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
GOLDEN = Path(__file__).resolve().parents[1] / "golden"


def shipped_roadmap_text() -> str:
    return (ROOT / "roadmap.yaml").read_text(encoding="utf-8")


def shipped_roadmap() -> Roadmap:
    return load_roadmap(shipped_roadmap_text(), "roadmap.yaml")


def seed_text() -> str:
    """The seed README as it was found: UTF-8 once mis-decoded as cp1254."""
    return (FIXTURES / "seed_roadmap.md").read_text(encoding="utf-8")


MINIMAL = """\
version: 1
title: Demo
phases:
  - id: phase0
    title: Basics
    sections:
      - title: Topics
        items:
          - id: one
            title: First topic
"""
