"""Encode the State as stable, human-readable JSON and decode it back with clear errors."""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from typing import Any

import orjson

from roadmap_bot.core.model import CachedEvidence, Skip, State, Tick, TickSource
from roadmap_bot.errors import ConfigError, Problem

STATE_VERSION = 1
MAX_HANDLED_COMMENTS = 500  # ids of answered comments kept for replay protection
MAX_NUDGED = 2_000  # items with a nudge on record (a roadmap has far fewer; a hand-edited file
# cannot make the week's rule read more)
_TIMESTAMP = re.compile(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z")
MAX_DEPTH = 254  # orjson writes at most 255 levels (the document object is one of them)


def state_to_json(state: State) -> str:
    """Serialise with sorted keys and one field per line so a change is a small diff."""
    doc: dict[str, Any] = {
        "version": STATE_VERSION,
        "ticks": {k: _tick_json(v) for k, v in sorted(state.ticks.items())},
        "skips": {k: _drop_none(_skip_json(v)) for k, v in sorted(state.skips.items())},
        "links": {k: list(v) for k, v in sorted(state.links.items()) if v},
        "evidence": {
            k: _drop_none(
                {
                    "head": v.head,
                    "version": v.version,
                    "results": v.results,
                    "techs": v.techs,
                    "known": v.known or None,
                }
            )
            for k, v in sorted(state.evidence.items())
        },
        "handled_comments": sorted(set(state.handled_comments))[-MAX_HANDLED_COMMENTS:],
    }
    if state.nudged:  # absent until the first nudge: a state without one is byte for byte as before
        doc["nudged"] = dict(sorted(state.nudged.items()))
    # orjson's OPT_INDENT_2 | OPT_SORT_KEYS output is byte for byte json.dumps(indent=2,
    # sort_keys=True, ensure_ascii=False) (a test holds it to that), ten times faster on the
    # evidence cache of 1,000 repos.
    options = orjson.OPT_INDENT_2 | orjson.OPT_SORT_KEYS
    return orjson.dumps(doc, option=options).decode("utf-8") + "\n"


def state_from_json(text: str, filename: str) -> State:
    """Parse the state file; an unreadable one is a located ConfigError, never a traceback."""
    if not text.strip():
        return State()
    try:
        doc = json.loads(text)
    except json.JSONDecodeError as exc:
        raise ConfigError(
            [Problem(filename, exc.lineno, exc.colno, f"invalid JSON: {exc.msg}")]
        ) from exc
    except RecursionError:  # ~1,000 levels: deeper than the json module's decoder goes
        raise ConfigError([_too_deep(text, filename)]) from None
    try:  # the one check of depth that costs little (C): what cannot be written back is refused
        orjson.dumps(doc)
    except (TypeError, orjson.JSONEncodeError):
        raise ConfigError([_too_deep(text, filename)]) from None
    if not isinstance(doc, dict):
        raise ConfigError([Problem(filename, 1, 1, "the state file must hold a JSON object")])
    version = doc.get("version")
    if version != STATE_VERSION:
        message = f"state version {version!r} is not supported (expected {STATE_VERSION})"
        raise ConfigError([Problem(filename, 1, 1, message)])
    try:
        return State(
            ticks={k: _tick(v) for k, v in doc.get("ticks", {}).items()},
            skips={k: Skip(**_fields(v, Skip)) for k, v in doc.get("skips", {}).items()},
            links={k: tuple(str(r) for r in v) for k, v in doc.get("links", {}).items()},
            evidence={
                k: CachedEvidence(
                    head=str(v["head"]),
                    results=dict(v.get("results", {})),
                    version=int(v.get("version", 1)),
                    techs=None if v.get("techs") is None else tuple(str(t) for t in v["techs"]),
                    known=str(v.get("known") or ""),
                )
                for k, v in doc.get("evidence", {}).items()
            },
            handled_comments=tuple(int(c) for c in doc.get("handled_comments", [])),
            nudged=_nudged(doc.get("nudged", {})),
        )
    except (TypeError, ValueError, KeyError, AttributeError) as exc:
        message = f"malformed state entry ({exc}); fix it by hand or restore it from git history"
        raise ConfigError([Problem(filename, 1, 1, message)]) from exc


def _nudged(doc: Mapping[str, Any]) -> dict[str, str]:
    """item id → when it was last nudged (``YYYY-MM-DDTHH:MM:SSZ``), the newest ``MAX_NUDGED``.

    A value that is no such timestamp is refused (it would compare as text in the planner)."""
    found = {str(k): str(v) for k, v in doc.items()}
    for item_id, at in found.items():
        if not _TIMESTAMP.fullmatch(at):
            raise ValueError(f"nudged[{item_id!r}] is not a UTC timestamp: {at!r}")
    newest = sorted(found.items(), key=lambda kv: (kv[1], kv[0]))[-MAX_NUDGED:]
    return dict(sorted(newest))


def _too_deep(text: str, filename: str) -> Problem:
    """Where ``text`` first nests deeper than MAX_DEPTH (a scan of brackets outside strings)."""
    depth, line, column, in_string, escaped = 0, 1, 0, False, False
    for char in text:
        column += 1
        if char == "\n":
            line, column = line + 1, 0
        elif in_string:
            escaped, in_string = (False, True) if escaped else (char == "\\", char != '"')
        elif char == '"':
            in_string = True
        elif char in "[{":
            depth += 1
            if depth > MAX_DEPTH:
                break
        elif char in "]}":
            depth -= 1
    message = (
        f"nested deeper than {MAX_DEPTH} levels, which no state roadmap-bot writes has; "
        "restore the file from git history (or delete it to start over)"
    )
    return Problem(filename, line, max(column, 1), message)


def _tick_json(tick: Tick) -> dict[str, Any]:
    doc: dict[str, Any] = {
        "source": tick.source.value,
        "at": tick.at,
        "by": tick.by,
        "reason": tick.reason,
        "url": tick.url,
        "repo": tick.repo,
        "commit": tick.commit,
        "checks": list(tick.checks),
    }
    return _drop_none(doc, keep_empty=False)


def _skip_json(skip: Skip) -> dict[str, Any]:
    return {"at": skip.at, "by": skip.by, "reason": skip.reason, "url": skip.url}


def _tick(doc: Mapping[str, Any]) -> Tick:
    fields = _fields(doc, Tick)
    fields["source"] = TickSource(fields.get("source", "manual"))
    fields["checks"] = tuple(fields.get("checks", ()))
    return Tick(**fields)


def _fields(doc: Mapping[str, Any], cls: type) -> dict[str, Any]:
    names = set(cls.__dataclass_fields__)  # type: ignore[attr-defined]
    return {k: v for k, v in doc.items() if k in names}


def _drop_none(doc: dict[str, Any], *, keep_empty: bool = True) -> dict[str, Any]:
    return {k: v for k, v in doc.items() if v is not None and (keep_empty or v != [])}
