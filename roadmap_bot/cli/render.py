"""``roadmap-bot render``: write the roadmap block into the README, and the badges it shows."""

from __future__ import annotations

import argparse
import os
import sys
from typing import Any

from roadmap_bot.adapters.files import inside, write_files
from roadmap_bot.adapters.project import Project, load_project
from roadmap_bot.cli.common import add_config_argument
from roadmap_bot.core.render.files import Layout, output_files
from roadmap_bot.core.render.readme import readme_warning, render_block


def register(sub: Any) -> None:
    parser = sub.add_parser(
        "render",
        help="render the README block (and its badges) from roadmap.yaml and the state",
        description=(
            "Render the roadmap between <!-- roadmap:start --> and <!-- roadmap:end --> in the "
            "README next to roadmap.yaml (appended when the markers are missing), and the badges "
            "and card it shows. Everything outside the markers is kept byte for byte; the state "
            "file is not touched."
        ),
        epilog="exit codes: 0 ok (or up to date with --check), 1 --check found changes, 2 bad input",
    )
    add_config_argument(parser)
    parser.add_argument(
        "--check", action="store_true", help="write nothing; exit 1 if a file is out of date"
    )
    parser.add_argument("--stdout", action="store_true", help="print the block instead of writing")
    parser.set_defaults(handler=run)


def rendered_files(project: Project) -> dict[str, bytes]:
    """README and badges as they should be (paths relative to roadmap.yaml's folder)."""
    layout = Layout.for_roadmap(project.roadmap, project.config.name)
    readme = project.readme_path
    current = readme.read_text(encoding="utf-8") if readme.is_file() else ""
    files = output_files(
        project.roadmap,
        project.state,
        layout=layout,
        readme_current=current,
        repo_slug=os.environ.get("GITHUB_REPOSITORY") or None,
        overrides=project.template_overrides(),
    )
    files.pop(layout.state)
    return files


def run(args: argparse.Namespace) -> int:
    project = load_project(args.config)
    if args.stdout:
        block = render_block(project.roadmap, project.state, overrides=project.template_overrides())
        print(block, end="")
        return 0
    files = rendered_files(project)
    readme = project.readme_path
    warning = readme_warning(str(readme), readme.read_text("utf-8") if readme.is_file() else "")
    if warning:
        print(f"roadmap-bot: warning: {warning}", file=sys.stderr)
    stale = [p for p, data in files.items() if _read(project, p) != data]
    if not stale:
        print(f"{project.readme_path}: up to date")
        return 0
    if args.check:
        print(f"out of date: {', '.join(stale)}; run `roadmap-bot render`")
        return 1
    changed = write_files(project.root, files)
    print(f"updated: {', '.join(changed)}")
    return 0


def _read(project: Project, rel: str) -> bytes | None:
    path = inside(project.root, rel)
    return path.read_bytes() if path.is_file() else None
