"""Comment body → Command values: the slash-command grammar, bounded and safe on hostile text."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Collection, Mapping
from dataclasses import dataclass

from roadmap_bot.core.commands.registry import SPECS as SPECS
from roadmap_bot.core.commands.spec import ArgKind, CommandSpec
from roadmap_bot.core.commands.spec import CommandName as CommandName
from roadmap_bot.core.commands.visible import visible_lines
from roadmap_bot.core.repos import RepoKind, parse_repo, strip_userinfo
from roadmap_bot.core.safetext import cap, md_code
from roadmap_bot.core.suggest import suggest

MAX_BODY = 65_536  # GitHub's own limit for a comment body; anything past it is not read
MAX_COMMANDS = 20  # commands (valid or not) answered per comment; the rest get one notice
MAX_ARG = 500  # characters in a note, reason or repository
MAX_ECHO = 60  # characters of user text quoted back in a message
MAX_RAW = 200  # characters of the command line kept in Command.raw / CommandError.raw
COMMAND_CUTOFF = 0.75  # "/dnoe" → /done, "/lint" → /link; "/shrug", "/cc", "/usr" stay silent


@dataclass(frozen=True, slots=True)
class Command:
    """One parsed command; ``item_id`` is spelled as in the roadmap, ``arg`` is data only."""

    name: str  # the spec's name: for a shipped command, its CommandName
    item_id: str | None
    arg: str | None  # /done note or URL, /skip reason, /link and /unlink repository (normalised)
    line: int  # 1-based line in the comment body
    raw: str  # the command line as read (invisible characters removed, capped)


@dataclass(frozen=True, slots=True)
class CommandError:
    """A command line the bot will answer with ``message`` instead of running it."""

    line: int
    raw: str
    message: str  # markdown; user text in it is inside code spans, so it cannot mention or link


@dataclass(frozen=True, slots=True)
class ParseResult:
    """Everything a comment asked for, in order; at most MAX_COMMANDS + 2 values in all."""

    commands: tuple[Command, ...]
    errors: tuple[CommandError, ...]
    truncated: bool  # commands past MAX_COMMANDS, or text past MAX_BODY, were not read


_COMMAND = re.compile(r" {0,3}/([A-Za-z][A-Za-z0-9_-]*)(?:[ \t]+(.*))?")
_ID_LIKE = re.compile(r"[A-Za-z0-9_-]+\.[A-Za-z0-9_.-]*[A-Za-z0-9_-]")
_TRAILING = ".,;:!?)"
_INVISIBLE = frozenset({"Cc", "Cf", "Cs"})  # controls; format: zero-width, bidi; lone surrogates


def parse_comment(
    body: str, *, known_ids: Collection[str], default_item: str | None = None
) -> ParseResult:
    """Return the commands in ``body`` and an answer for each one that cannot run.

    ``known_ids`` are the roadmap's item ids; ``default_item`` is the item a bot-opened issue
    is about, used when a command leaves its ID out.
    """
    cut = len(body) > MAX_BODY
    if cut:
        body = body[:MAX_BODY]
        body = body[: body.rfind("\n") + 1]  # never read a line cut in half
    ids = _id_names(known_ids)
    commands: list[Command] = []
    errors: list[CommandError] = []
    extra = first_extra = 0
    for number, text in visible_lines(body):
        line = _clean(text)
        match = _COMMAND.fullmatch(line)
        if match is None:
            continue
        word, rest = match.group(1).lower(), (match.group(2) or "").replace("\t", " ").strip()
        if len(commands) + len(errors) == MAX_COMMANDS:
            if word in SPECS:  # past the bound only our own words are counted, cheaply
                extra += 1
                first_extra = first_extra or number
            continue
        close = word if word in SPECS else suggest(word, list(SPECS), cutoff=COMMAND_CUTOFF)
        if close is None:
            continue  # "/shrug", "/usr/bin": not talking to us
        raw = cap(line.strip(), MAX_RAW)
        if close != word:
            message = f"{_code('/' + word)} is not a command — did you mean {_code('/' + close)}?"
            errors.append(CommandError(number, raw, message))
            continue
        spec = SPECS[word]
        outcome = _parse_args(spec, rest, ids=ids, default_item=default_item)
        if isinstance(outcome, str):
            errors.append(CommandError(number, raw, outcome))
        else:
            commands.append(Command(spec.name, outcome[0], outcome[1], number, raw))
    if extra:
        note = f"only the first {MAX_COMMANDS} commands are run; {extra} more were ignored"
        errors.append(CommandError(first_extra, "", note))
    if cut:
        note = f"only the first {MAX_BODY:,} characters of a comment are read"
        errors.append(CommandError(body.count("\n") + 1, "", note))
    return ParseResult(tuple(commands), tuple(errors), truncated=cut or extra > 0)


def _parse_args(
    spec: CommandSpec, rest: str, *, ids: Mapping[str, str], default_item: str | None
) -> tuple[str | None, str | None] | str:
    """Return ``(item_id, arg)`` for the text after the command word, or an error message."""
    words = rest.split()
    if not spec.takes_item:
        return (None, None) if not words else _usage(spec, "takes nothing after it")
    if spec.arg is ArgKind.REPO:
        return _parse_repo_args(spec, words, ids=ids, default_item=default_item)
    first = words[0] if words else ""
    item_id = _resolve(first, ids) if first else None
    if item_id is None:
        if default_item is not None and (not first or spec.arg is ArgKind.TEXT):
            if first and _ID_LIKE.fullmatch(first.strip("`")):
                return _unknown(first, ids)  # a mistyped id, not the start of a note
            return _with_arg(spec, default_item, rest)
        return _unknown(first, ids) if first else _usage(spec, "needs an item id")
    if spec.arg is ArgKind.NONE:
        return (item_id, None) if len(words) == 1 else _usage(spec, "takes only an item id")
    return _with_arg(spec, item_id, rest.split(maxsplit=1)[1] if len(words) > 1 else "")


def _parse_repo_args(
    spec: CommandSpec, words: list[str], *, ids: Mapping[str, str], default_item: str | None
) -> tuple[str | None, str | None] | str:
    if len(words) == 2:
        item_id = _resolve(words[0], ids)
        if item_id is None:
            return _unknown(words[0], ids)
        repo = words[1]
    elif len(words) == 1 and default_item is not None and _resolve(words[0], ids) is None:
        item_id, repo = default_item, words[0]
    else:
        return _usage(spec, "needs an item id and one repository")
    if len(repo) > MAX_ARG:
        return _usage(spec, f"takes a repository of at most {MAX_ARG} characters")
    if strip_userinfo(repo) != repo:
        return (
            "that URL holds credentials (`user:secret@`); nothing was stored. The comment is "
            "public: edit it to remove them and revoke that token or password, then link the "
            f"repository without them — usage: {_code(spec.usage)}"
        )
    ref = parse_repo(repo.strip("<>"))
    if ref is None or ref.kind is RepoKind.LOCAL or ref.value.lower().startswith("file:"):
        return (
            f"{_code(repo)} is not a repository: use owner/name or a repository URL "
            f"(local paths work only in roadmap.yaml) — usage: {_code(spec.usage)}"
        )
    return item_id, ref.value


def _with_arg(spec: CommandSpec, item_id: str, text: str) -> tuple[str, str | None] | str:
    text = text.strip()
    if len(text) > MAX_ARG:
        return (
            f"the {spec.noun} is {len(text):,} characters long; keep it to {MAX_ARG} "
            f"(link to a longer text instead) — usage: {_code(spec.usage)}"
        )
    return item_id, text or None


def _id_names(known_ids: Collection[str]) -> dict[str, str]:
    """Each name an item answers to (case ignored) → its id as the roadmap spells it.

    A child item (``phase1.cnn.resnet``) also answers to its phase and slug alone
    (``phase1.resnet``, its id before it was nested) when no other item has that name."""
    ids: dict[str, str] = {}
    for known in known_ids:
        ids.setdefault(_ascii_lower(known), known)
    short: dict[str, list[str]] = {}
    for key, known in list(ids.items()):
        parts = key.split(".")
        if len(parts) > 2:
            short.setdefault(f"{parts[0]}.{parts[-1]}", []).append(known)
    for key, found in short.items():
        if len(found) == 1 and key not in ids:
            ids[key] = found[0]
    return ids


def _resolve(token: str, ids: Mapping[str, str]) -> str | None:
    """Return the known id ``token`` names (case ignored), or None."""
    key = _ascii_lower(token.strip("`"))
    return ids.get(key) or ids.get(key.rstrip(_TRAILING))


def _unknown(token: str, ids: Mapping[str, str]) -> str:
    close = suggest(token.strip("`"), list(dict.fromkeys(ids.values())))
    if close is not None:
        return f"no item {_code(token)} — did you mean {_code(close)}?"
    example = next(iter(ids.values()), "phase1.topic")
    return f"no item {_code(token)} in the roadmap — ids look like {_code(example)}"


def _usage(spec: CommandSpec, problem: str) -> str:
    return f"{_code('/' + spec.name)} {problem} — usage: {_code(spec.usage)}"


def _clean(text: str) -> str:
    """Drop control, zero-width and bidi characters; unusual spaces become plain ones."""
    out = []
    for char in text:
        category = unicodedata.category(char)
        if char == "\t":
            out.append(char)
        elif category[0] == "Z":
            out.append(" ")
        elif category not in _INVISIBLE:
            out.append(char)
    return "".join(out)


def _ascii_lower(text: str) -> str:
    """Lower-case ASCII letters only, so no look-alike letter can fold onto an id."""
    return text.translate(_ASCII_LOWER)


_ASCII_LOWER = str.maketrans("ABCDEFGHIJKLMNOPQRSTUVWXYZ", "abcdefghijklmnopqrstuvwxyz")


def _code(text: str) -> str:
    """Quote user text as one code span, capped, that no backtick in it can break out of."""
    return md_code(text, MAX_ECHO)
