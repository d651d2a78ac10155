"""The command line: discovers subcommands and is the single error boundary (exit codes 0/1/2)."""

from __future__ import annotations

import argparse
import gc
import importlib
import sys
from collections.abc import Iterator, Sequence
from contextlib import contextmanager

from roadmap_bot import __version__
from roadmap_bot.errors import ConfigError, RoadmapBotError

EXIT_BAD_INPUT = 2  # no command given; errors carry their own exit_code (errors.py)

EPILOG = "exit codes: 0 ok, 1 failure (GitHub, network, a check that failed), 2 bad input"


# Every command: its name and the module of roadmap_bot.cli that defines it (``register(sub)``
# adds its parser, with ``handler=run``). A new command is one module and one line here. Only
# the module of the command being run is imported: a command pays for its own imports only, and
# ``--version`` for none (``--help`` and a missing or unknown command list them all).
COMMANDS: dict[str, str] = {
    "action": "action",
    "badges": "badges",
    "check": "check",
    "demo": "demo",
    "fingerprints": "fingerprints",
    "import": "import_",
    "render": "render",
    "respond": "respond",
    "schema": "schema",
    "status": "status",
    "sync": "sync",
    "validate": "validate",
}


def build_parser(argv: Sequence[str] | None = None) -> argparse.ArgumentParser:
    """The parser for ``argv``: with the chosen command's module only (see ``COMMANDS``)."""
    parser = argparse.ArgumentParser(
        prog="roadmap-bot",
        description="Keep a learning roadmap honest.",
        epilog=EPILOG,
    )
    parser.add_argument("--version", action="version", version=f"roadmap-bot {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name in _needed(sys.argv[1:] if argv is None else argv):
        module = importlib.import_module(f"{__name__}.{COMMANDS[name]}")
        module.register(sub)
    return parser


def _needed(argv: Sequence[str]) -> list[str]:
    """The commands whose modules ``argv`` needs: the one it names (its first word, since the
    top-level options take no value), none for ``--version`` alone, else all (to list them)."""
    first = next((arg for arg in argv if not arg.startswith("-")), None)
    if first in COMMANDS:
        return [first]
    if first is None and ("--version" in argv) and not ({"-h", "--help"} & set(argv)):
        return []
    return sorted(COMMANDS)


def main(argv: Sequence[str] | None = None) -> int:
    """Run one command and map every expected failure to its exit code, without a traceback."""
    parser = build_parser(argv)
    args = parser.parse_args(argv)
    handler = getattr(args, "handler", None)
    if handler is None:
        parser.print_help()
        return EXIT_BAD_INPUT
    try:
        with batch_gc():
            return int(handler(args))
    except ConfigError as exc:
        for problem in exc.problems:
            print(problem, file=sys.stderr)
        count = len(exc.problems)
        print(f"roadmap-bot: {count} problem{'s' if count != 1 else ''} found", file=sys.stderr)
        return exc.exit_code
    except RoadmapBotError as exc:
        print(f"roadmap-bot: {exc}", file=sys.stderr)
        return exc.exit_code
    except KeyboardInterrupt:
        print("roadmap-bot: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:  # `roadmap-bot check … | head`: the reader left, nothing to say
        _silence_stdout()
        return 141  # 128 + SIGPIPE, as a shell reports it


def _silence_stdout() -> None:
    """Point stdout at devnull so the interpreter's final flush raises no second error."""
    import os

    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError):  # no real file descriptor (a test's captured stdout)
        pass


@contextmanager
def batch_gc() -> Iterator[None]:
    """Collect cyclic garbage less often while a command runs.

    A sync allocates millions of short-lived, acyclic objects (GraphQL answers, paths, check
    results); CPython's default (a collection every 700 allocations, full ones walking every
    object) spent ~15% of a 1,000-repo run's CPU there. Objects from the imports are frozen
    out of the walk; cycles are still collected, just after 50,000 allocations instead of 700.
    """
    before = gc.get_threshold()
    gc.freeze()
    gc.set_threshold(max(before[0], 50_000), before[1], before[2])
    try:
        yield
    finally:
        gc.set_threshold(*before)
        gc.unfreeze()
