"""``roadmap-bot render``: write the roadmap block into the README between the markers."""

from __future__ import annotations

import argparse
from typing import Any

from roadmap_bot.adapters.files import write_atomic
from roadmap_bot.adapters.project import Project, load_project
from roadmap_bot.cli.common import add_config_argument
from roadmap_bot.core.render import render_block, render_readme


def register(sub: Any) -> None:
    parser = sub.add_parser(
        "render",
        help="render the README block from roadmap.yaml and the state",
        description=(
            "Render the roadmap between <!-- roadmap:start --> and <!-- roadmap:end --> in the "
            "README next to roadmap.yaml (appended when the markers are missing). Everything "
            "outside the markers is kept byte for byte."
        ),
        epilog="exit codes: 0 ok (or up to date with --check), 1 --check found changes, 2 bad input",
    )
    add_config_argument(parser)
    parser.add_argument(
        "--check", action="store_true", help="write nothing; exit 1 if the README is out of date"
    )
    parser.add_argument("--stdout", action="store_true", help="print the block instead of writing")
    parser.set_defaults(handler=run)


def readme_text(project: Project, *, badges: str | None = None) -> tuple[str, str]:
    """Return the README as it is and as it should be."""
    path = project.readme_path
    current = path.read_text(encoding="utf-8") if path.is_file() else ""
    block = render_block(
        project.roadmap, project.state, badges=badges, overrides=project.template_overrides()
    )
    return current, render_readme(current, block)


def run(args: argparse.Namespace) -> int:
    project = load_project(args.config)
    if args.stdout:
        block = render_block(project.roadmap, project.state, overrides=project.template_overrides())
        print(block, end="")
        return 0
    current, wanted = readme_text(project)
    if current == wanted:
        print(f"{project.readme_path}: up to date")
        return 0
    if args.check:
        print(f"{project.readme_path}: out of date; run `roadmap-bot render`")
        return 1
    write_atomic(project.readme_path, wanted.encode("utf-8"))
    print(f"{project.readme_path}: updated")
    return 0
