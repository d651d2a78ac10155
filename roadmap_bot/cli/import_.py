"""``roadmap-bot import``: turn a markdown checklist roadmap into roadmap.yaml plus state."""

from __future__ import annotations

import argparse
import sys
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from roadmap_bot.adapters.catalog_file import shipped_catalog
from roadmap_bot.adapters.files import write_atomic
from roadmap_bot.adapters.project import read_text
from roadmap_bot.adapters.state_store import save_state
from roadmap_bot.core.importer.markdown import ImportResult, import_markdown
from roadmap_bot.core.importer.mojibake import looks_mojibaked, repair
from roadmap_bot.core.importer.yamldump import dump_roadmap
from roadmap_bot.core.model import Skip, State, Tick, TickSource
from roadmap_bot.core.rules.syntax import roadmap_rules
from roadmap_bot.core.schema import SCHEMA_URL
from roadmap_bot.errors import UsageError


def register(sub: Any) -> None:
    parser = sub.add_parser(
        "import",
        help="convert a markdown checklist (README) into roadmap.yaml",
        description=(
            "Read a markdown roadmap: headings become phases and sections, '- [ ]' / '- [x]' / "
            "'* [ ]' / '1. [ ]' lines become items (ticked ones are recorded as manual ticks in "
            "the state file), '**Goal:**' lines, emoji, links and free text are kept."
        ),
        epilog="exit codes: 0 written, 1 refused (file exists), 2 bad input",
    )
    parser.add_argument("source", type=Path, help="the markdown file, e.g. README.md")
    parser.add_argument("-o", "--output", type=Path, default=Path("roadmap.yaml"))
    parser.add_argument("--force", action="store_true", help="overwrite an existing output file")
    group = parser.add_mutually_exclusive_group()
    group.add_argument(
        "--repair",
        action="store_true",
        help="repair mis-decoded text (UTF-8 read as cp1252/cp1254: 'ðŸš€' → 🚀) before importing",
    )
    group.add_argument("--no-repair", action="store_true", help="import the text as it is")
    parser.add_argument(
        "--schema", default=SCHEMA_URL, help="the $schema reference written on line 1"
    )
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    text = read_text(args.source)
    text = _maybe_repair(text, args)
    result = import_markdown(text, default_title=args.source.stem)
    yaml_text = dump_roadmap(result.data, schema=args.schema)
    # what we write must load as any roadmap.yaml does
    roadmap, _ = roadmap_rules(yaml_text, str(args.output), shipped_catalog())
    if args.output.exists() and not args.force:
        raise UsageError(f"{args.output} exists; pass --force to overwrite it")
    write_atomic(args.output, yaml_text.encode("utf-8"))
    state_path = args.output.parent / roadmap.settings.state_file
    save_state(state_path, _state(result, source=str(args.source)))
    items = sum(1 for _ in roadmap.items())
    print(
        f"{args.output}: {len(roadmap.phases)} phases, {items} items "
        f"({len(result.ticked)} ticked, {len(result.skipped)} skipped → {state_path})"
    )
    return 0


def _maybe_repair(text: str, args: argparse.Namespace) -> str:
    if args.no_repair or not (args.repair or looks_mojibaked(text)):
        return text
    if not args.repair:
        if not (sys.stdin.isatty() and sys.stdout.isatty()):
            print(
                f"{args.source}: the text looks mis-decoded (UTF-8 read as a single-byte code page, "
                "e.g. 'ðŸš€' for 🚀); rerun with --repair to fix it, or --no-repair to keep it",
                file=sys.stderr,
            )
            return text
        answer = input(f"{args.source} looks mis-decoded (e.g. 'ðŸš€' for 🚀). Repair it? [Y/n] ")
        if answer.strip().lower() in {"n", "no"}:
            return text
    fixed = repair(text)
    note = f"repaired mis-decoded text ({fixed.table_fixes} damaged emoji restored from the table)"
    if fixed.leftovers:
        note += f"; could not repair: {', '.join(fixed.leftovers[:10])}"
    print(f"{args.source}: {note}", file=sys.stderr)
    return fixed.text


def _state(result: ImportResult, *, source: str) -> State:
    now = datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    ticks = {
        item_id: Tick(TickSource.MANUAL, now, "import", f"ticked in {source} when imported")
        for item_id in result.ticked
    }
    skips = {item_id: Skip(now, "import", f"skipped in {source}") for item_id in result.skipped}
    return State(ticks=ticks, skips=skips)
