"""Validate roadmap.yaml text and build a Roadmap, or raise ConfigError with file:line:column."""

from __future__ import annotations

import json
import posixpath
import re
import unicodedata
from collections.abc import Callable, Iterator, Mapping
from datetime import date
from functools import cache
from importlib import resources
from typing import Any

import jsonschema
import jsonschema.validators

from roadmap_bot.core.model import (
    MANUAL,
    MAX_RESOURCES,
    RESOURCE_URL_MAX,
    Item,
    Phase,
    Resource,
    Roadmap,
    Rule,
    RuleError,
    Section,
    SectionKind,
    Settings,
    build_rule,
    default_rule,
)
from roadmap_bot.core.repopaths import PathKind, repo_path
from roadmap_bot.core.repos import REPO_HELP, parse_repo, shown_repo, strip_userinfo
from roadmap_bot.core.suggest import did_you_mean
from roadmap_bot.core.yamlloc import Located, Path, load_located
from roadmap_bot.errors import ConfigError, Problem, RepoPathError

SUPPORTED_VERSION = 1
SCHEMA_URL = "https://raw.githubusercontent.com/roadmap-bot/roadmap-bot/v1/roadmap_bot/data/roadmap.schema.json"

# Validates and parses one rule as written (RuleError with its problems): core/rules/syntax.py's
# parse_rule with the technology catalog. Without one, rules are only built (build_rule).
RuleParser = Callable[[object], Rule]


@cache
def roadmap_json_schema() -> dict[str, Any]:
    """The JSON Schema of roadmap.yaml shipped in the package (package data, read once)."""
    text = resources.files("roadmap_bot").joinpath("data/roadmap.schema.json").read_text("utf-8")
    schema: dict[str, Any] = json.loads(text)
    return schema


def load_roadmap(
    text: str,
    filename: str = "roadmap.yaml",
    *,
    parse_rule: RuleParser | None = None,
    base: str = "",
) -> Roadmap:
    """Parse and validate roadmap.yaml text; every problem found is reported at once."""
    return roadmap_from(load_located(text, filename), parse_rule=parse_rule, base=base)


def roadmap_from(
    located: Located, *, parse_rule: RuleParser | None = None, base: str = ""
) -> Roadmap:
    """Validate parsed roadmap.yaml and build the Roadmap, each rule parsed once on the way.

    ``base`` is the folder holding roadmap.yaml relative to the repository root (``""``: the
    root, as for a local folder); the paths in ``settings`` are checked against it."""
    problems = _shape_problems(located)
    if problems:
        raise ConfigError(problems)
    rules, rule_problems = _parse_rules(located, parse_rule or build_rule)
    problems = (
        _schema_problems(located)
        + _semantic_problems(located)
        + rule_problems
        + _text_problems(located)
        + _path_problems(located, base)
        + _date_problems(located)
        + _resource_problems(located)
    )
    if problems:
        raise ConfigError(sorted(set(problems), key=lambda p: (p.line, p.column, p.message)))
    return build_roadmap(located.data, rules)


_KINDS: dict[type[object], str] = {
    list: "a list",
    str: "a text",
    int: "a number",
    float: "a number",
    bool: "true or false",
}


def _shape_problems(located: Located) -> list[Problem]:
    """The one problem of a file that is not a version 1 roadmap mapping at all, if so."""
    data = located.data
    if data is None:
        message = "the file is empty; roadmap.yaml needs version: 1, a title and phases"
        return [located.problem((), message)]
    if not isinstance(data, dict):
        found = _KINDS.get(type(data), "a single value")
        message = f"roadmap.yaml must be a mapping of keys (version, title, phases…), not {found}"
        return [located.problem((), message)]
    version = data.get("version")
    if version != SUPPORTED_VERSION:
        where: Path = ("version",) if "version" in data else ()
        said = "is missing" if "version" not in data else f"is {version!r}"
        return [
            located.problem(
                where, f"'version' {said}; this roadmap-bot reads version 1 (add 'version: 1')"
            )
        ]
    return []


def _rule_nodes(data: Any) -> Iterator[tuple[Path, object]]:
    """Every rule written in roadmap.yaml (items' and settings.default_rules'), by its path."""
    for p, phase in _entries(data, "phases"):
        for s, section in _entries(phase, "sections"):
            for path, item in _item_tree(section, ("phases", p, "sections", s)):
                if "rule" in item:
                    yield (*path, "rule"), item["rule"]
    settings = data.get("settings") if isinstance(data, dict) else None
    defaults = settings.get("default_rules") if isinstance(settings, dict) else None
    if isinstance(defaults, dict):
        for kind, rule in defaults.items():
            yield ("settings", "default_rules", kind), rule


def _parse_rules(located: Located, parse: RuleParser) -> tuple[dict[Path, Rule], list[Problem]]:
    """Each rule parsed once, by its path; the problems of those that do not parse."""
    rules: dict[Path, Rule] = {}
    problems: list[Problem] = []
    for path, raw in _rule_nodes(located.data):
        try:
            rules[path] = parse(raw)
        except RuleError as exc:
            problems += [located.problem((*path, *p.path), p.message) for p in exc.problems]
    return rules, problems


@cache
def _validator() -> Any:
    """A validator for the shipped schema with its ``$defs`` references written in place.

    The same constraints (the file editors read is unchanged); a 1,000-item roadmap validates in
    ~40% less time without a reference lookup per item. A reference to a definition being
    inlined stays a reference (an item's child ``items`` refer to the item definition: one
    reference per nesting level; rules are checked by rules.syntax, not the schema)."""
    schema = roadmap_json_schema()
    defs = schema.get("$defs", {})

    def inline(node: Any, within: tuple[str, ...]) -> Any:
        if isinstance(node, list):
            return [inline(v, within) for v in node]
        if not isinstance(node, dict):
            return node
        ref = node.get("$ref")
        if isinstance(ref, str) and ref.startswith("#/$defs/") and len(node) == 1:
            name = ref.removeprefix("#/$defs/")
            if name in defs and name not in within:
                return inline(defs[name], (*within, name))
        return {key: inline(value, within) for key, value in node.items()}

    inlined = {k: inline(v, ()) for k, v in schema.items() if k != "$defs"}
    inlined["$defs"] = defs
    return _EcmaPatternValidator(inlined)


def _ecma_pattern(
    validator: Any, pattern: str, instance: Any, schema: Mapping[str, Any]
) -> Iterator[jsonschema.ValidationError]:
    """``pattern`` as JSON Schema means it (ECMA-262): ``$`` is the end of the string.

    jsonschema runs patterns with Python's ``re.search``, where ``$`` also matches before a
    final newline, so ``id: "one\\n"`` passed ``^[a-z0-9][a-z0-9_-]{0,63}$`` here while every
    editor refused it."""
    if isinstance(instance, str) and not ecma_regex(pattern).search(instance):
        yield jsonschema.ValidationError(f"{instance!r} does not match {pattern!r}")


_EcmaPatternValidator = jsonschema.validators.extend(
    jsonschema.Draft202012Validator, validators={"pattern": _ecma_pattern}
)


@cache
def ecma_regex(pattern: str) -> re.Pattern[str]:
    """Compile a schema pattern with ECMA-262's ``$`` (end of input, not "before a final \\n").

    Only our own schema's patterns come here; they use ``[0-9]`` rather than ``\\d`` (which is
    ASCII in ECMA, Unicode in Python), so ``$`` is the one difference that matters."""
    out: list[str] = []
    in_class = False
    i = 0
    while i < len(pattern):
        char = pattern[i]
        if char == "\\":
            out.append(pattern[i : i + 2])
            i += 2
            continue
        if in_class:
            in_class = char != "]"
        elif char == "[":
            in_class = True
        elif char == "$":
            char = r"\Z"
        out.append(char)
        i += 1
    return re.compile("".join(out))


def _schema_problems(located: Located) -> list[Problem]:
    validator = _validator()
    problems: list[Problem] = []
    for error in validator.iter_errors(located.data):
        problems.extend(_explain(located, error))
    return problems


def _explain(located: Located, error: jsonschema.ValidationError) -> list[Problem]:
    path: Path = tuple(error.absolute_path)
    name = str(path[-1]) if path and isinstance(path[-1], str) else "value"
    kind = error.validator
    if "resources" in path and (found := _resource_problem(located, path, name, error)) is not None:
        return found
    if kind == "additionalProperties" and isinstance(error.instance, dict):
        allowed = sorted(error.schema.get("properties", {}))
        return [
            located.problem((*path, key), _unknown_key(str(key), allowed), key=True)
            for key in error.instance
            if key not in allowed
        ]
    if kind == "required":
        missing = str(error.message).split("'")[1] if "'" in error.message else "a key"
        return [located.problem(path, f"missing required key '{missing}'")]
    if kind == "type":
        want = error.validator_value
        want_text = " or ".join(want) if isinstance(want, list) else str(want)
        got = _json_type(error.instance)
        return [located.problem(path, f"'{name}' should be {_article(want_text)}, not {got}")]
    if (
        kind == "pattern"
        and isinstance(error.instance, str)
        and error.instance.strip()
        and not error.instance.isprintable()
        and name not in _OWN_MESSAGE
    ):
        return []  # a line break or control character: _text_problems says which, where
    if (kind in {"minLength", "pattern"} and name in {"title", "goal"}) or (
        kind == "minLength" and error.instance == ""
    ):
        return [located.problem(path, f"'{name}' is empty; write some text")]
    if kind == "pattern" and name == "id":
        return [
            located.problem(
                path,
                f"invalid id {error.instance!r}: use lower-case letters, digits, '-' and '_' "
                "(at most 64, starting with a letter or digit)",
            )
        ]
    if kind == "pattern" and name == "start":
        return [
            located.problem(path, f"'start' must be a date like 2026-01-31, not {error.instance!r}")
        ]
    if kind == "enum":
        options = [str(v) for v in error.validator_value]
        hint = did_you_mean(str(error.instance), options)
        return [
            located.problem(path, f"'{error.instance}' is not one of {', '.join(options)}{hint}")
        ]
    if "rule" in path or tuple(path[:2]) == ("settings", "default_rules"):
        return []  # every rule is validated by the rule parser, with its hints (_parse_rules)
    if kind == "minItems":
        return [located.problem(path, f"'{name}' needs at least {error.validator_value} entry")]
    if kind == "uniqueItems":
        return [located.problem(path, f"'{name}' lists the same entry twice")]
    if kind in {"minimum", "maximum"}:
        return [located.problem(path, f"'{name}' {error.message}")]
    return [located.problem(path, error.message)]


def _semantic_problems(located: Located) -> list[Problem]:
    """Problems no JSON Schema can express: duplicate ids, repo syntax (rules: _parse_rules)."""
    problems: list[Problem] = []
    phase_ids: set[str] = set()
    for p, phase in _entries(located.data, "phases"):
        base_p: Path = ("phases", p)
        pid = phase.get("id")
        if isinstance(pid, str) and pid in phase_ids:
            problems.append(located.problem((*base_p, "id"), f"duplicate phase id '{pid}'"))
        phase_ids.add(str(pid))
        slugs: set[str] = set()
        phase_level = phase.get("level", 2)
        for s, section in _entries(phase, "sections"):
            level = section.get("level")
            if isinstance(level, int) and isinstance(phase_level, int) and level <= phase_level:
                message = (
                    f"a section's heading level ({level}) must be deeper than its phase's "
                    f"({phase_level}): the README would read it as a phase"
                )
                problems.append(located.problem(("phases", p, "sections", s, "level"), message))
            for base, item in _item_tree(section, (*base_p, "sections", s)):
                slug = item.get("id")
                if isinstance(slug, str) and slug in slugs:
                    message = (
                        f"duplicate item id '{pid}.{slug}' (ids must be unique within a phase)"
                    )
                    problems.append(located.problem((*base, "id"), message))
                slugs.add(str(slug))
                if "rule" in item and _entries(item, "items"):
                    message = (
                        "an item with child items takes no rule: it is done when all its "
                        "children are done or skipped (put the rule on the children)"
                    )
                    problems.append(located.problem((*base, "rule"), message))
                repos = item.get("repos")
                for r, repo in enumerate(repos if isinstance(repos, list) else []):
                    if isinstance(repo, str) and strip_userinfo(repo) != repo:
                        message = (
                            "this repository URL holds credentials (user:secret@), which would "
                            "be published with the roadmap: remove them (the bot reads private "
                            "GitHub repos with its token; see docs/USAGE.md)"
                        )
                        problems.append(located.problem((*base, "repos", r), message))
                    elif isinstance(repo, str) and parse_repo(repo) is None:
                        message = f"bad repo {shown_repo(repo)!r}: {REPO_HELP}"
                        problems.append(located.problem((*base, "repos", r), message))
    return problems


# Titles are one line of markdown: a heading, a list entry, an issue title.
_ONE_LINE = frozenset({"title", "duration", "emoji", "time"})
# Keys whose schema pattern already says what is wrong (an id, a date) in its own words.
_OWN_MESSAGE = frozenset({"id", "start"})
_LINE_BREAKS = "\n\r\v\f\x1c\x1d\x1e\x85\u2028\u2029"  # what str.splitlines splits on


def _text_problems(located: Located) -> list[Problem]:
    """Control characters anywhere (NUL, ESC … written as YAML escapes) but tab (and newline
    in free text), and line breaks in titles, located at the value (or key) that holds them."""
    problems: list[Problem] = []
    stack: list[tuple[Path, Any]] = [((), located.data)]
    while stack:
        path, value = stack.pop()
        if isinstance(value, dict):
            for key, child in value.items():
                if isinstance(key, str) and (bad := _control_char(key, allow="\t")):
                    problems.append(located.problem((*path, key), _control_message(bad), key=True))
                stack.append(((*path, key), child))
        elif isinstance(value, list):
            stack.extend(((*path, i), child) for i, child in enumerate(value))
        elif isinstance(value, str):
            name = path[-1] if path else ""
            if len(path) == 2 and path[0] == "settings" and name in _SETTING_PATHS:
                continue  # _path_problems says what is wrong with a path
            if name in _OWN_MESSAGE:
                continue  # the schema's pattern refuses it in words of its own
            if name in _ONE_LINE and any(c in _LINE_BREAKS for c in value):
                message = f"'{name}' must be one line; it contains a line break"
                if value.endswith("\n") and not any(c in _LINE_BREAKS for c in value[:-1]):
                    message += " at its end (a `>` or `|` block keeps it: write `>-` or `|-`)"
                problems.append(located.problem(path, message))
            elif bad := _control_char(value, allow="\t" if name in _ONE_LINE else "\n\t"):
                problems.append(located.problem(path, _control_message(bad)))
    return problems


def _control_char(text: str, *, allow: str) -> str | None:
    """The first C0/C1 control character in ``text`` other than those in ``allow``."""
    if text.isprintable():  # the common case, in C
        return None
    return next(
        (c for c in text if c not in allow and unicodedata.category(c) == "Cc"),
        None,
    )


def _control_message(char: str) -> str:
    name = _CONTROL_NAMES.get(char, "")
    named = f" ({name})" if name else ""
    return (
        f"contains the control character U+{ord(char):04X}{named}, which would reach the "
        "README and issues as is; remove it"
    )


_CONTROL_NAMES = {
    "\0": "NUL",
    "\x1b": "ESC",
    "\t": "tab",
    "\r": "carriage return",
    "\x7f": "DEL",
    "\x08": "backspace",
}

# settings key → what it names; each is a path relative to roadmap.yaml's folder.
_SETTING_PATHS = {
    "readme": PathKind.FILE,
    "state_file": PathKind.FILE,
    "badges_dir": PathKind.FOLDER,
}


def _path_problems(located: Located, base: str) -> list[Problem]:
    """settings.readme / state_file / badges_dir must stay inside the repository (repopaths),
    and the files the bot writes must not be roadmap.yaml or each other."""
    settings = located.data.get("settings")
    if not isinstance(settings, dict):
        settings = {}
    problems: list[Problem] = []
    resolved: dict[str, str] = {}
    for key, kind in _SETTING_PATHS.items():
        if key not in settings:
            continue
        value = settings[key]
        if not isinstance(value, str) or not value:
            continue  # the schema says what is wrong with its type
        try:
            resolved[key] = repo_path(value, base=base, kind=kind)
        except RepoPathError as exc:
            problems.append(located.problem(("settings", key), f"'{key}' {value!r} {exc}"))
    # Only the files the bot replaces whole: roadmap.yaml must not become one of them.
    defaults = {"readme": Settings().readme, "state_file": Settings().state_file}
    config = _joined(base, posixpath.basename(located.filename))
    owners: dict[str, str] = {config.casefold(): "roadmap.yaml itself"}
    for key, default in defaults.items():
        if key not in settings:
            owners.setdefault(_joined(base, default).casefold(), f"the {key} (default {default})")
    for key in defaults:
        if key not in resolved:
            continue
        other = owners.get(resolved[key].casefold())
        if other is not None:
            message = f"'{key}' names the same file as {other}; each needs a file of its own"
            problems.append(located.problem(("settings", key), message))
        owners[resolved[key].casefold()] = f"'{key}'"
    return problems


def _date_problems(located: Located) -> list[Problem]:
    """``settings.start`` shaped like a date (the schema's pattern) must also be one."""
    settings = located.data.get("settings")
    start = settings.get("start") if isinstance(settings, dict) else None
    if not isinstance(start, str) or not ecma_regex(r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$").search(start):
        return []
    try:
        date.fromisoformat(start)
    except ValueError:
        return [located.problem(("settings", "start"), f"'start' {start!r} is not a real date")]
    return []


# A host name as a link may show it: ASCII labels of letters, digits and inner '-' (an
# internationalised name in its xn-- form), dot-separated, at most 253 characters.
_HOST = re.compile(
    r"(?i)(?=.{1,253}\Z)[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)*"
)
# what a markdown link target cannot hold as is (safetext.safe_url refuses it: the link is lost)
_LINK_BREAKERS = frozenset("<>\"'`\\")


def https_url_problem(url: str) -> str | None:
    """Why ``url`` is not an absolute ``https://`` URL with a host that a resource may link to
    (no other scheme, no credentials, no spaces or invisible characters), or None when it is.

    A control character other than tab and newline is left to ``_text_problems``, which names
    it (one message per problem)."""
    if _control_char(url, allow="\t\n"):
        return None
    if any(c.isspace() for c in url):
        return "a URL holds no spaces or line breaks (write a space as %20)"
    hidden = next((c for c in url if unicodedata.category(c) == "Cf"), None)
    if hidden is not None:
        return f"the URL holds the invisible character U+{ord(hidden):04X}; remove it"
    scheme, sep, rest = url.partition("://")
    if not sep or not re.fullmatch(r"[A-Za-z][A-Za-z0-9+.-]{0,30}", scheme):
        head = url.split(":", 1)[0] if re.match(r"[A-Za-z][A-Za-z0-9+.-]{0,30}:", url) else ""
        if head and head.lower() not in {"http", "https"}:
            return f"links use https:// only, not {head.lower()}: (write an absolute https:// URL)"
        return "not an absolute URL: write it whole, starting with https://"
    if scheme.lower() == "http":
        return "an http:// link can be altered on the way: use its https:// address"
    if scheme.lower() != "https":
        return f"links use https:// only, not {scheme.lower()}://"
    authority = re.split(r"[/?#]", rest, maxsplit=1)[0]
    if "@" in authority:
        return (
            "this URL holds credentials (user@ or user:secret@), which would be published "
            "with the roadmap: remove them"
        )
    breaker = next((c for c in url if c in _LINK_BREAKERS), None)
    if breaker is not None:
        return f"the URL holds {breaker!r}, which a markdown link cannot hold: percent-encode it"
    if authority.startswith("["):
        return "the URL's host is an IP address: link to the site by its host name"
    host, colon, port = authority.rpartition(":") if ":" in authority else (authority, "", "")
    if colon and not (port.isascii() and port.isdigit() and 0 < int(port) < 65536):
        return f"the URL's port {port!r} is not a number from 1 to 65535"
    if not host:
        return "the URL has no host: write it as https://host/path"
    if not _HOST.fullmatch(host.removesuffix(".")):
        return (
            f"the URL's host {host!r} is not a host name (letters, digits, '-' and '.'; an "
            "internationalised name in its xn-- form)"
        )
    return None


def _resource_problems(located: Located) -> list[Problem]:
    """Each resource's URL must be an absolute https URL (``https_url_problem``), and an item
    lists a URL once."""
    problems: list[Problem] = []
    for p, phase in _entries(located.data, "phases"):
        for s, section in _entries(phase, "sections"):
            for base, item in _item_tree(section, ("phases", p, "sections", s)):
                seen: set[str] = set()
                for r, resource in _entries(item, "resources"):
                    url = resource.get("url")
                    if not isinstance(url, str) or len(url) > RESOURCE_URL_MAX:
                        continue  # the schema says what is wrong with it
                    at: Path = (*base, "resources", r, "url")
                    problem = https_url_problem(url)
                    if problem is not None:
                        problems.append(located.problem(at, problem))
                    elif url in seen:
                        problems.append(located.problem(at, "this item lists the same URL twice"))
                    seen.add(url)
    return problems


def _resource_problem(
    located: Located, path: Path, name: str, error: jsonschema.ValidationError
) -> list[Problem] | None:
    """A resource's schema error in words of its own (none: another check says it), or None
    for the general wording."""
    kind = error.validator
    if kind == "pattern" and name == "url":
        return []  # _resource_problems says what is wrong with the URL
    if kind == "maxItems" and name == "resources":
        return [located.problem(path, f"an item lists at most {MAX_RESOURCES} resources")]
    if kind == "maxLength":
        limit = error.validator_value
        return [located.problem(path, f"'{name}' is longer than {limit} characters")]
    return None


def _joined(base: str, path: str) -> str:
    return posixpath.normpath(posixpath.join(base or ".", path))


def _entries(container: Any, key: str) -> list[tuple[int, dict[str, Any]]]:
    """The mapping entries of ``container[key]`` with their indexes, skipping malformed ones."""
    values = container.get(key) if isinstance(container, dict) else None
    if not isinstance(values, list):
        return []
    return [(i, v) for i, v in enumerate(values) if isinstance(v, dict)]


def _item_tree(container: Any, base: Path) -> Iterator[tuple[Path, dict[str, Any]]]:
    """The items under ``container`` (a section or an item), children after their parent."""
    for i, item in _entries(container, "items"):
        path: Path = (*base, "items", i)
        yield path, item
        yield from _item_tree(item, path)


def build_roadmap(data: Mapping[str, Any], rules: Mapping[Path, Rule] | None = None) -> Roadmap:
    """Turn validated data into the immutable model; ``rules`` are its rules parsed, by path
    (None: built here without a catalog). Items without a rule get their kind's default."""
    if rules is None:
        rules = {path: build_rule(raw) for path, raw in _rule_nodes(data)}
    settings = data.get("settings", {})
    defaults = {
        str(path[2]): rule
        for path, rule in rules.items()
        if path[:2] == ("settings", "default_rules")
    }
    return Roadmap(
        title=data["title"],
        intro=_text_block(data.get("intro")),
        outro=_text_block(data.get("outro")),
        settings=Settings(
            open_issues=settings.get("open_issues", 3),
            start=settings.get("start"),
            badges_dir=settings.get("badges_dir", ".github/roadmap"),
            state_file=settings.get("state_file", "roadmap.state.json"),
            readme=settings.get("readme", "README.md"),
            write_mode=settings.get("write_mode", "commit"),
            show_ids=settings.get("show_ids", False),
            show_title=settings.get("show_title", True),
            show_resources=settings.get("show_resources", False),
            dashboard=settings.get("dashboard", True),
            nudge_after_days=settings.get("nudge_after_days"),
        ),
        phases=tuple(_phase(p, n, rules, defaults) for n, p in enumerate(data["phases"])),
    )


def _text_block(text: str | None) -> str | None:
    """Free markdown without surrounding blank lines (YAML block scalars add a final newline)."""
    return text.strip("\n") or None if text else None


def _phase(
    data: Mapping[str, Any], at: int, rules: Mapping[Path, Rule], defaults: Mapping[str, Rule]
) -> Phase:
    return Phase(
        id=data["id"],
        title=data["title"],
        duration=data.get("duration"),
        goal=data.get("goal"),
        prose=_text_block(data.get("prose")),
        level=data.get("level", 2),
        sections=tuple(
            _section(s, data["id"], ("phases", at, "sections", n), rules, defaults)
            for n, s in enumerate(data.get("sections", ()))
        ),
    )


def _section(
    data: Mapping[str, Any],
    phase_id: str,
    at: Path,
    rules: Mapping[Path, Rule],
    defaults: Mapping[str, Rule],
) -> Section:
    kind = SectionKind(data.get("kind", "topic"))
    default = default_rule(kind, defaults)
    return Section(
        title=data.get("title", ""),
        emoji=data.get("emoji"),
        kind=kind,
        prose=_text_block(data.get("prose")),
        level=data.get("level"),
        items=tuple(
            _item(i, phase_id, None, (*at, "items", n), rules, default)
            for n, i in enumerate(data["items"])
        ),
    )


def _item(
    data: Mapping[str, Any],
    phase_id: str,
    parent: str | None,
    at: Path,
    rules: Mapping[Path, Rule],
    default: Rule,
) -> Item:
    """An item and its children; a parent has no rule (its children's ticks tick it)."""
    slug = data["id"]
    under = f"{parent}.{slug}" if parent else slug
    children = tuple(
        _item(c, phase_id, under, (*at, "items", n), rules, default)
        for n, c in enumerate(data.get("items", ()))
    )
    return Item(
        slug=slug,
        title=data["title"],
        phase_id=phase_id,
        notes=data.get("notes"),
        repos=tuple(data.get("repos", ())),
        rule=MANUAL if children else _own_work(rules.get((*at, "rule"), default), data),
        done=bool(data.get("done", False)),
        children=children,
        parent=parent,
        resources=tuple(_resource(r) for r in data.get("resources", ())),
    )


def _resource(data: Mapping[str, Any]) -> Resource:
    return Resource(
        title=data["title"],
        url=data["url"],
        kind=data.get("kind"),
        time=data.get("time"),
        paid=data.get("paid", False) is True,
    )


def _own_work(rule: Rule, data: Mapping[str, Any]) -> Rule:
    """The item's ``own_work: false`` turns the origin judgement off for its rule."""
    if data.get("own_work") is False and rule.own_work and not rule.manual:
        return Rule(rule.require, rule.scope, rule.manual, own_work=False)
    return rule


def _unknown_key(key: str, allowed: list[str]) -> str:
    return f"unknown key '{key}'{did_you_mean(key, allowed)} (allowed: {', '.join(allowed)})"


def _json_type(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, int | float):
        return "a number"
    if isinstance(value, str):
        return "a string"
    if isinstance(value, list):
        return "a list"
    return "a mapping"


def _article(word: str) -> str:
    nouns = {
        "string": "a string",
        "array": "a list",
        "object": "a mapping",
        "integer": "an integer",
        "boolean": "a boolean",
        "number": "a number",
    }
    return " or ".join(nouns.get(w.strip(), w) for w in word.split(" or "))
