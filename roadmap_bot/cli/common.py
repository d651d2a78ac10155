"""Arguments and helpers shared by the subcommands."""

from __future__ import annotations

import argparse
from pathlib import Path

DEFAULT_CONFIG = "roadmap.yaml"


def config_path(value: str) -> Path:
    """The roadmap file a ``-c`` value names: a folder stands for its roadmap.yaml."""
    path = Path(value)
    return path / DEFAULT_CONFIG if path.is_dir() else path


_ROADMAP_YAML = object()  # the default default: roadmap.yaml in the current folder


def add_config_argument(
    parser: argparse.ArgumentParser, *, default: object = _ROADMAP_YAML
) -> None:
    """Add ``--config``/``-c`` (default roadmap.yaml in the current folder; a folder means its
    roadmap.yaml)."""
    parser.add_argument(
        "-c",
        "--config",
        type=config_path,
        default=Path(DEFAULT_CONFIG) if default is _ROADMAP_YAML else default,
        help="the roadmap file, or its folder (default: roadmap.yaml); state, README and badges "
        "live next to it",
    )
