"""``roadmap-bot render``: write the roadmap block into the README, and the badges it shows."""

from __future__ import annotations

import argparse
import os
import sys
from typing import Any

from roadmap_bot.adapters.files import inside, write_files
from roadmap_bot.adapters.workspace import LocalWorkspace
from roadmap_bot.cli.common import add_config_argument
from roadmap_bot.core.render.files import output_files
from roadmap_bot.core.render.readme import readme_warning, render_block
from roadmap_bot.jobs.loading import Loaded, load_local


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


def rendered_files(loaded: Loaded) -> dict[str, bytes]:
    """README and badges as they should be (paths relative to roadmap.yaml's folder)."""
    layout = loaded.layout
    files = output_files(
        loaded.roadmap,
        loaded.state,
        layout=layout,
        readme_current=loaded.readme,
        repo_slug=os.environ.get("GITHUB_REPOSITORY") or None,
        overrides=loaded.overrides,
    )
    files.pop(layout.state)
    return files


def run(args: argparse.Namespace) -> int:
    loaded = load_local(args.config)
    if args.stdout:
        block = render_block(loaded.roadmap, loaded.state, overrides=loaded.overrides)
        print(block, end="")
        return 0
    root = args.config.parent
    readme = inside(root, loaded.layout.readme)
    files = rendered_files(loaded)
    warning = readme_warning(str(readme), loaded.readme)
    if warning:
        print(f"roadmap-bot: warning: {warning}", file=sys.stderr)
    workspace = LocalWorkspace(root)
    stale = [p for p, data in files.items() if workspace.read(p) != data]
    if not stale:
        print(f"{readme}: up to date")
        return 0
    if args.check:
        print(f"out of date: {', '.join(stale)}; run `roadmap-bot render`")
        return 1
    changed = write_files(root, files)
    print(f"updated: {', '.join(changed)}")
    return 0
