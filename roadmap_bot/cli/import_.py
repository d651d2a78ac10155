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
from roadmap_bot.core.yamlloc import load_located
from roadmap_bot.errors import ConfigError, Problem, UsageError


def register(sub: Any) -> None:
    parser = sub.add_parser(
        "import",
        help="convert a markdown checklist (README) into roadmap.yaml",
        description=(
            "Read any markdown roadmap: headings become phases and sections, '- [ ]' / '- [x]' / "
            "'* [ ]' / '1. [ ]' lines (and bare '[ ]' lines) become items (ticked ones are "
            "recorded as manual ticks in the state file); every other line is kept as prose of "
            "its phase or section, or of the intro or outro, and the import lists where each "
            "went and what it did not keep, by line."
        ),
        epilog="exit codes: 0 written, 1 refused (file exists), 2 bad input",
    )
    parser.add_argument("source", type=Path, help="the markdown file, e.g. README.md")
    parser.add_argument("-o", "--output", type=Path, default=Path("roadmap.yaml"))
    parser.add_argument("--force", action="store_true", help="overwrite an existing output file")
    parser.add_argument(
        "--stdout",
        action="store_true",
        help="print the roadmap.yaml to standard output instead of writing files",
    )
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
    # what we write must load as any roadmap.yaml does; its problems are the markdown's lines
    try:
        roadmap, _ = roadmap_rules(yaml_text, str(args.output), shipped_catalog())
    except ConfigError as exc:
        raise ConfigError(_in_markdown(exc, yaml_text, result, str(args.source))) from None
    report = sys.stderr if args.stdout else sys.stdout
    for line in _report(result, str(args.source)):
        print(line, file=report)
    if args.stdout:
        sys.stdout.write(yaml_text)
        return 0
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


def _report(result: ImportResult, source: str) -> list[str]:
    """What became of the lines that are not items: kept as prose (where), or not kept (why)."""
    out: list[str] = []
    if result.bare:
        out.append(
            f"{source}: {len(result.bare)} task lines without a list marker ('[ ] …') were read "
            f"as items (lines {_ranges(result.bare)})"
        )
    kept = sum(len(k.lines) for k in result.kept)
    if kept:
        out.append(f"{source}: {kept} lines kept as prose or notes:")
        kept_in_order = sorted(result.kept, key=lambda k: min(k.lines))
        out += [f"  {k.where}: lines {_ranges(k.lines)}" for k in kept_in_order]
    if result.unplaced:
        out.append(f"{source}: {len(result.unplaced)} lines not kept:")
        out += [f"  {source}:{u.line}: {u.reason}: {u.text.strip()[:60]}" for u in result.unplaced]
    return out


def _ranges(numbers: tuple[int, ...]) -> str:
    """``(1, 2, 3, 7)`` → ``"1-3, 7"``."""
    spans: list[list[int]] = []
    for n in sorted(numbers):
        if spans and n == spans[-1][1] + 1:
            spans[-1][1] = n
        else:
            spans.append([n, n])
    return ", ".join(f"{a}-{b}" if a != b else str(a) for a, b in spans)


def _in_markdown(
    error: ConfigError, yaml_text: str, result: ImportResult, source: str
) -> list[Problem]:
    """The problems of the generated roadmap.yaml, each at the markdown line it came from."""
    try:
        located = load_located(yaml_text, "roadmap.yaml")
    except ConfigError:
        return [Problem(source, 1, 1, p.message) for p in error.problems]
    by_line: dict[int, tuple[str | int, ...]] = {}
    for path, (line, _) in located.values.items():
        if line not in by_line or len(path) > len(by_line[line]):
            by_line[line] = path
    problems: list[Problem] = []
    for problem in error.problems:
        path = by_line.get(problem.line, ())
        while path and path not in result.where:
            path = path[:-1]
        line, column = result.where.get(path, (1, 1))
        problems.append(Problem(source, line, column, problem.message))
    return problems


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
