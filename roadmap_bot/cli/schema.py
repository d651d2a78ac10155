"""``roadmap-bot schema``: print the JSON Schema of roadmap.yaml for editors."""

from __future__ import annotations

import argparse
import json
from typing import Any

from roadmap_bot.core.schema import roadmap_json_schema


def register(sub: Any) -> None:
    parser = sub.add_parser(
        "schema",
        help="print the JSON Schema of roadmap.yaml",
        description=(
            "Print the JSON Schema of roadmap.yaml. Save it (e.g. as roadmap.schema.json) and put "
            "`# yaml-language-server: $schema=./roadmap.schema.json` on the first line of "
            "roadmap.yaml: editors with the YAML language server then complete and check it."
        ),
    )
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    print(json.dumps(roadmap_json_schema(), indent=2, ensure_ascii=False))
    return 0
