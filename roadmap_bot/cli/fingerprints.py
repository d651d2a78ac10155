"""``roadmap-bot fingerprints SOURCE... -o FILE``: hashed shingles of template READMEs.

Each SOURCE is ``[NAME=]PATH``: a README file, or a folder whose README files (any depth,
``README*`` in any case) are one template. The file written holds, per template, its name, its
source (``--source NAME=TEXT``, else the path given) and the hashes of its word shingles, never
its text (format: ``roadmap_bot/core/evidence/fingerprints.py``). ``--add`` keeps the
templates FILE already holds and replaces those named again.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from roadmap_bot.errors import UsageError

MAX_README_FILES = 200  # README files read from one folder


def register(sub: Any) -> None:
    parser = sub.add_parser(
        "fingerprints",
        help="make the boilerplate fingerprints of template READMEs",
        description=(
            "Write the fingerprints (hashed 5-word shingles, not the texts) of template READMEs "
            "to FILE. The readme check does not count README lines a template holds. The "
            "package ships data/boilerplate.json, made by this command."
        ),
    )
    parser.add_argument(
        "sources",
        nargs="+",
        metavar="SOURCE",
        help="[NAME=]PATH: a README file or a folder of them (NAME: the folder's or file's name)",
    )
    parser.add_argument("-o", "--output", required=True, metavar="FILE", help="the file to write")
    parser.add_argument(
        "--source",
        action="append",
        default=[],
        metavar="NAME=TEXT",
        help="where template NAME came from (a URL, package@version); default: its path",
    )
    parser.add_argument(
        "--add", action="store_true", help="keep FILE's other templates, replace those named"
    )
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    from roadmap_bot.core.evidence import fingerprints as fp
    from roadmap_bot.core.evidence.checks.readme import readme_words
    from roadmap_bot.core.evidence.snapshot import MAX_TEXT_BYTES

    origins = dict(_pair(text, "--source") for text in args.source)
    named = [_named(source) for source in args.sources]
    unknown = sorted(set(origins) - {name for name, _ in named})
    if unknown:
        raise UsageError(f"--source names no SOURCE: {', '.join(unknown)}")
    made: list[fp.Fingerprint] = []
    for name, path in named:
        files = _readmes(path)
        hashes: set[int] = set()
        for file in files:
            with file.open("rb") as handle:
                text = handle.read(MAX_TEXT_BYTES).decode("utf-8", "replace")
            hashes.update(fp.shingles(readme_words(text)))
        made.append(fp.Fingerprint(name, origins.get(name, str(path)), frozenset(hashes)))
        print(f"{name}: {len(files)} README file(s), {len(hashes)} shingles", file=sys.stderr)
    out = Path(args.output)
    if args.add and out.exists():
        made = fp.merge(fp.load(out.read_text("utf-8"), str(out)), made)
    out.write_text(fp.dump(made), "utf-8")
    print(f"wrote {out}: {len(made)} template(s)", file=sys.stderr)
    return 0


def _named(source: str) -> tuple[str, Path]:
    """(NAME, PATH) of a ``[NAME=]PATH`` source; the default name is the folder's or file's."""
    name, path = _pair(source, "SOURCE") if "=" in source else ("", source)
    where = Path(path)
    return name or (where.resolve().name if where.is_dir() else where.stem), where


def _pair(text: str, what: str) -> tuple[str, str]:
    name, sep, value = text.partition("=")
    if not sep or not name or not value:
        raise UsageError(f"{what} {text!r}: expected NAME=VALUE")
    return name, value


def _readmes(path: Path) -> list[Path]:
    """The README files of ``path``: itself if a file, else every README* under it, sorted."""
    if path.is_file():
        return [path]
    if not path.is_dir():
        raise UsageError(f"{path}: no such file or folder")
    found = sorted(
        p for p in path.rglob("*") if p.is_file() and p.name.lower().startswith("readme")
    )
    if not found:
        raise UsageError(f"{path}: no README file in it")
    return found[:MAX_README_FILES]
