"""``roadmap-bot import``: turn a markdown checklist roadmap into roadmap.yaml plus state."""

from __future__ import annotations

import argparse
import os
import posixpath
import sys
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from roadmap_bot.adapters.catalog_file import shipped_catalog
from roadmap_bot.adapters.files import write_atomic
from roadmap_bot.adapters.project import read_text
from roadmap_bot.adapters.state_store import save_state
from roadmap_bot.adapters.workspace import LocalWorkspace
from roadmap_bot.cli.validate import item_counts
from roadmap_bot.core.importer.markdown import ImportResult, import_markdown
from roadmap_bot.core.importer.migrate import (
    Span,
    imported_span,
    marked_span,
    shown_tick_dates,
    span_source,
    unified_diff,
    with_markers,
    without_chunk,
)
from roadmap_bot.core.importer.mojibake import looks_mojibaked, repair
from roadmap_bot.core.importer.yamldump import dump_roadmap
from roadmap_bot.core.model import Roadmap, Skip, State, Tick, TickSource
from roadmap_bot.core.renames import follow_renames
from roadmap_bot.core.render.badge_links import badge_markdown
from roadmap_bot.core.render.files import Layout, rendered_readme
from roadmap_bot.core.rules.syntax import roadmap_rules
from roadmap_bot.core.schema import SCHEMA_URL
from roadmap_bot.core.yamlloc import load_located
from roadmap_bot.errors import ConfigError, Problem, UsageError
from roadmap_bot.jobs.loading import read_overrides, read_state


def register(sub: Any) -> None:
    parser = sub.add_parser(
        "import",
        help="convert a markdown checklist (README) into roadmap.yaml",
        description=(
            "Read any markdown roadmap: headings become phases and sections, '- [ ]' / '- [x]' / "
            "'* [ ]' / '1. [ ]' lines (and bare '[ ]' lines) become items (ticked ones are "
            "recorded as manual ticks in the state file); every other line is kept as prose of "
            "its phase or section, or of the intro or outro, and the import lists where each "
            "went and what it did not keep, by line. A README holding the bot's markers: only "
            "the block between them is read (the text around it is the owner's)."
        ),
        epilog="exit codes: 0 written, 2 bad input or refused (an output file exists: add --force)",
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
        "--in-place",
        action="store_true",
        help=(
            "migrate in one command: also replace the imported part of SOURCE (its title "
            "heading or first phase to the end of its last phase; or the bot's block when it "
            "has the markers) with the markers and the rendered block; the text before and "
            "after it stays byte for byte"
        ),
    )
    parser.add_argument(
        "--dry-run",
        "--diff",
        dest="dry_run",
        action="store_true",
        help="with --in-place (implied): print the README's unified diff and write nothing",
    )
    parser.add_argument(
        "--schema", default=SCHEMA_URL, help="the $schema reference written on line 1"
    )
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    text = read_text(args.source)
    text = _maybe_repair(text, args)
    migrating = args.in_place or args.dry_run
    if migrating and args.stdout:
        raise UsageError("--stdout writes nothing; it does not go with --in-place or --dry-run")
    # a README holding the bot's markers: only the block is the roadmap, the rest is the owner's
    span = _span(text, args.source) if migrating else _marked(text, args.source)
    source_text = span_source(text, span) if span else text
    result, yaml_text, roadmap = _imported(source_text, args)
    if span is not None and span.marked:
        # the badges the bot renders into its block are the render's, not the intro's
        cleaned = without_chunk(source_text, _badges(roadmap, args.output.name))
        if cleaned != source_text:
            source_text = cleaned
            result, yaml_text, roadmap = _imported(source_text, args)
    if migrating and span is not None and not span.marked and not any(roadmap.items()):
        raise UsageError(
            f"{args.source} has no task boxes (`- [ ]`, `- [x]`), so there is no checklist for "
            "the bot to take over and the README is left as it is; write the roadmap's items as "
            f"task boxes first, or import without --in-place to start a roadmap.yaml from its "
            "headings"
        )
    report = sys.stderr if args.stdout else sys.stdout
    if span is not None and not migrating:
        print(
            f"{args.source}: read only the block between the markers (lines {span.first}-"
            f"{span.last}); the text around it is the owner's, not the roadmap's",
            file=report,
        )
    if span is not None and _only_outside(span, result, text, args.source):
        print(
            f"{args.source}: the block between the markers holds no task, the text around it "
            "does: move the markers around the roadmap, or remove them to import the whole file",
            file=report,
        )
    for line in _report(result, str(args.source)):
        print(line, file=report)
    if args.stdout:
        sys.stdout.write(yaml_text)
        return 0
    if args.output.exists() and not args.force and not args.dry_run:
        raise UsageError(f"{args.output} exists; pass --force to overwrite it")
    state_path = args.output.parent / roadmap.settings.state_file
    changed = _last_change(args.source) if result.ticked or result.skipped else None
    previous, moves = follow_renames(
        (item.id for item in roadmap.items()),
        _previous_state(args.output.parent, roadmap.settings.state_file),
    )
    for old, new in moves:
        print(f"{state_path}: what it holds for {old} is {new}'s now (nested or un-nested)")
    state = _state(
        result,
        source=str(args.source),
        changed=changed,
        shown=shown_tick_dates(source_text, result),
        previous=previous,
    )
    if changed is not None:
        print(f"{args.source}: ticks dated {changed.at}, {changed.what}")
    summary = (
        f"{args.output}: {len(roadmap.phases)} phases, {item_counts(roadmap)}; "
        f"{len(result.ticked)} ticked, {len(result.skipped)} skipped → {state_path}"
    )
    readme: str | None = None
    if span is not None and migrating:
        print(f"{args.source}: {_span_words(span)} what the bot takes over; the rest stays as is")
        readme = _migrated_readme(args, span, roadmap, state)
    if args.dry_run:
        print(f"dry run, nothing written; would write {summary}")
        return 0
    write_atomic(args.output, yaml_text.encode("utf-8"))
    save_state(state_path, state)
    print(summary)
    if readme is not None and span is not None:
        write_atomic(args.source, readme.encode("utf-8"))
        print(f"{args.source}: written, with the markers and the rendered block")
    return 0


def _imported(text: str, args: argparse.Namespace) -> tuple[ImportResult, str, Roadmap]:
    """The import of ``text``, its roadmap.yaml text, and that loaded as any roadmap.yaml is."""
    result = import_markdown(text, default_title=args.source.stem)
    yaml_text = dump_roadmap(result.data, schema=args.schema)
    # what we write must load as any roadmap.yaml does; its problems are the markdown's lines
    try:
        roadmap, _ = roadmap_rules(yaml_text, str(args.output), shipped_catalog())
    except ConfigError as exc:
        raise ConfigError(_in_markdown(exc, yaml_text, result, str(args.source))) from None
    return result, yaml_text, roadmap


def _badges(roadmap: Roadmap, config: str) -> str:
    """The badges ``render`` puts into the block (as core/render/files.py computes them)."""
    layout = Layout.for_roadmap(roadmap, config)
    readme_dir = posixpath.dirname(layout.readme) or "."
    rel_badges = posixpath.relpath(layout.badges_dir, readme_dir)
    slug = os.environ.get("GITHUB_REPOSITORY") or None
    return badge_markdown(roadmap, badges_dir=rel_badges, repo_slug=slug)


def _span(text: str, source: Path) -> Span:
    """The part of the README ``--in-place`` replaces (core/importer/migrate.py says which)."""
    span = _marked(text, source)
    return span or imported_span(text, import_markdown(text, default_title=source.stem))


def _marked(text: str, source: Path) -> Span | None:
    """The bot's block when the README holds its markers (a plain import reads only that),
    else None; markers that do not pair up are refused as ``--in-place`` refuses them."""
    try:
        return marked_span(text)
    except ValueError as exc:
        raise UsageError(f"{source}: {exc}") from None


def _only_outside(span: Span, result: ImportResult, text: str, source: Path) -> bool:
    """Whether the bot's block holds no task while the README around it does."""
    if not span.marked or _has_tasks(result):
        return False
    return _has_tasks(import_markdown(text, default_title=source.stem))


def _has_tasks(result: ImportResult) -> bool:
    return any("items" in path for path in result.where)


def _span_words(span: Span) -> str:
    if span.marked:
        return f"the block between the markers (lines {span.first}-{span.last}) is"
    return f"lines {span.first}-{span.last} are"


def _migrated_readme(args: argparse.Namespace, span: Span, roadmap: Roadmap, state: State) -> str:
    """The README with the span replaced by the block ``render`` would write (badges and
    template overrides as ``render`` finds them next to the output); printed as a diff first."""
    raw = args.source.read_bytes().decode("utf-8")
    root, config = args.output.parent, args.output.name
    layout = Layout.for_roadmap(roadmap, config)
    new = rendered_readme(
        roadmap,
        state,
        layout=layout,
        readme_current=with_markers(raw, span),
        repo_slug=os.environ.get("GITHUB_REPOSITORY") or None,
        overrides=read_overrides(LocalWorkspace(root), config),
    )
    if (root / layout.readme).resolve() != args.source.resolve():
        print(
            f"{args.source}: note: {args.output} names {root / layout.readme} as its README "
            "(settings.readme): `render` and the runs write the block there",
            file=sys.stderr,
        )
    diff = unified_diff(raw, new, args.source.as_posix())
    print(diff or f"{args.source}: no change", end="" if diff else "\n")
    return new


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


@dataclass(frozen=True, slots=True)
class _Changed:
    """When the README last changed (ISO-8601 UTC) and how that was found out."""

    at: str
    what: str


def _last_change(path: Path) -> _Changed:
    """The README's last commit date in a git checkout, else its modification time."""
    commit = LocalWorkspace(path.absolute().parent).last_change(path.name)
    if commit is not None and commit.date:
        return _Changed(commit.date, f"the last commit of {path.name} ({commit.oid[:7]})")
    mtime = datetime.fromtimestamp(path.stat().st_mtime, UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    return _Changed(mtime, f"the modification time of {path.name} (not in a git checkout)")


def _previous_state(root: Path, state_file: str) -> State:
    """The state already next to the output (a re-import keeps its ticks), else empty."""
    try:
        return read_state(LocalWorkspace(root), state_file)
    except (ConfigError, UsageError, OSError):
        return State()


def _state(
    result: ImportResult,
    *,
    source: str,
    changed: _Changed | None,
    shown: dict[str, str],
    previous: State,
) -> State:
    """Ticks and skips for the boxes ticked or struck in the README. A tick is dated the day
    the bot's block shows for it (kept as the previous state has it when that is the same
    day), else the README's last change: when it was ticked is not known, only that it was
    by then. A skip the previous state holds is kept."""
    at = changed.at if changed else ""
    ticks: dict[str, Tick] = {}
    for item_id in result.ticked:
        day = shown.get(item_id)
        old = previous.ticks.get(item_id)
        if day and old is not None and old.at[:10] == day:
            ticks[item_id] = old
        else:
            when = f"{day}T00:00:00Z" if day else at
            ticks[item_id] = Tick(
                TickSource.MANUAL, when, "import", f"ticked in {source} when imported"
            )
    skips = {
        item_id: previous.skips.get(item_id) or Skip(at, "import", f"skipped in {source}")
        for item_id in result.skipped
    }
    return State(ticks=ticks, skips=skips)
