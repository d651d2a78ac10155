"""Sample roadmaps, states and badge files for the badge and card tests, and the badges CLI run."""

from __future__ import annotations

from pathlib import Path

from roadmap_bot.cli import main
from roadmap_bot.core.model import (
    Item,
    Phase,
    Roadmap,
    Section,
    SectionKind,
    Settings,
    Skip,
    State,
    Tick,
    TickSource,
)
from roadmap_bot.core.render.badges import (
    badge_files,
)

GOLDEN = Path(__file__).resolve().parents[1] / "golden" / "badges"


TICK = Tick(TickSource.MANUAL, "2025-03-01T10:00:00Z", "alice", "done")


SHIELDS_ENDPOINT_SCHEMA = {
    "type": "object",
    "required": ["schemaVersion", "label", "message"],
    "additionalProperties": False,
    "properties": {
        "schemaVersion": {"const": 1},
        "label": {"type": "string"},
        "message": {"type": "string", "minLength": 1},
        "color": {"type": "string"},
        "labelColor": {"type": "string"},
        "isError": {"type": "boolean"},
        "namedLogo": {"type": "string"},
        "logoSvg": {"type": "string"},
        "logoColor": {"type": "string"},
        "logoWidth": {"type": "number"},
        "logoPosition": {"type": "number"},
        "style": {"type": "string"},
        "cacheSeconds": {"type": "integer", "minimum": 0},
    },
}


def item(phase: str, slug: str, *repos: str) -> Item:
    return Item(slug, f"Learn {slug}", phase, repos=tuple(repos))


def sample_roadmap(**settings: str) -> Roadmap:
    """Three phases; projects link repos in every spelling the schema allows."""
    return Roadmap(
        title="ML Engineer Roadmap",
        settings=Settings(**settings),  # type: ignore[arg-type]
        phases=(
            Phase("phase0", "Foundations", (topics("phase0", "python", "git", "sql"),)),
            Phase(
                "phase1",
                "Classical ML & tabular data",
                (
                    Section(
                        "Projects",
                        SectionKind.PROJECT,
                        (
                            item("phase1", "tabular", "alice/titanic"),
                            item("phase1", "houses", "https://github.com/Alice/Titanic.git"),
                            item("phase1", "local", "./notebooks", "git@gitlab.com:a/b.git"),
                        ),
                    ),
                ),
            ),
            Phase("phase2", "LLMs & RAG", (topics("phase2", "rag", "prompting", "agents"),)),
        ),
    )


def topics(phase: str, *slugs: str) -> Section:
    return Section("Topics", SectionKind.TOPIC, tuple(item(phase, s) for s in slugs))


def sample_state() -> State:
    done = ["phase0.python", "phase0.git", "phase0.sql", "phase1.tabular", "phase2.prompting"]
    ticks = dict.fromkeys(done, TICK)
    return State(
        ticks=ticks,
        skips={"phase2.agents": Skip("2025-03-05T08:00:00Z", "alice", "not planned")},
        links={"phase2.rag": ("alice/rag-demo",)},
    )


def sample_files() -> dict[str, bytes]:
    return badge_files(
        sample_roadmap(), sample_state(), today="2025-03-14", repo_slug="alice/roadmap"
    )


CONFIG = """\
version: 1
title: CLI roadmap
phases:
  - id: phase0
    title: Basics
    sections:
      - title: Projects
        kind: project
        items:
          - id: one
            title: First project
            repos: [alice/first]
          - id: two
            title: Second project
"""


def run_cli(tmp_path: Path, *args: str) -> int:
    return main(["badges", "--config", str(tmp_path / "roadmap.yaml"), *args])
