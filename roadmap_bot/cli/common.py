"""Arguments and helpers shared by the subcommands."""

from __future__ import annotations

import argparse
from pathlib import Path

DEFAULT_CONFIG = "roadmap.yaml"


def add_config_argument(parser: argparse.ArgumentParser) -> None:
    """Add ``--config``/``-c`` (default roadmap.yaml in the current folder)."""
    parser.add_argument(
        "-c",
        "--config",
        type=Path,
        default=Path(DEFAULT_CONFIG),
        help="the roadmap file (default: roadmap.yaml); state, README and badges live next to it",
    )
