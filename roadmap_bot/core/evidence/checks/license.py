"""The ``license`` check: a licence file at the root with text, else a licence in package metadata."""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from typing import Any

from roadmap_bot.core.evidence.check import Check
from roadmap_bot.core.evidence.facts import RepoFacts
from roadmap_bot.core.evidence.result import CheckResult
from roadmap_bot.core.evidence.snapshot import FileKind

_LICENSES = (
    ("MIT", r"\bMIT License\b|Permission is hereby granted, free of charge"),
    ("Apache-2.0", r"Apache License,?\s+Version 2\.0"),
    ("AGPL-3.0", r"GNU AFFERO GENERAL PUBLIC LICENSE"),
    ("LGPL", r"GNU LESSER GENERAL PUBLIC LICENSE"),
    ("GPL-3.0", r"GNU GENERAL PUBLIC LICENSE\s+Version 3"),
    ("GPL-2.0", r"GNU GENERAL PUBLIC LICENSE\s+Version 2"),
    ("MPL-2.0", r"Mozilla Public License,?\s+(?:Version|v\.?)\s*2\.0"),
    ("BSD-3-Clause", r"Neither the name of"),
    ("BSD-2-Clause", r"Redistribution and use in source and binary forms"),
    ("ISC", r"\bISC License\b|Permission to use, copy, modify, and/or distribute"),
    ("Unlicense", r"free and unencumbered software released into the public domain"),
    ("BSL-1.0", r"Boost Software License"),
    ("CC", r"Creative Commons"),
)


def license_name(text: str) -> str:
    """Name a licence text by its well-known wording, or say it is custom."""
    head = " ".join(text[:4000].split())
    for name, pattern in _LICENSES:
        if re.search(pattern, head, re.I):
            return name
    return "custom text"


def check_license(facts: RepoFacts) -> CheckResult:
    """Pass on a licence file at the root with text, else a licence in package metadata."""
    texts = facts.snapshot.texts
    files = list(facts.of_kind(FileKind.LICENSE))
    for path in files:
        text = texts.get(path)
        if text is None:
            return CheckResult("license", True, (path,), f"license: {path}")
        if len(text.strip()) >= 20:
            return CheckResult("license", True, (path,), f"license: {path} ({license_name(text)})")
    declared = pyproject_license(facts.toml.get("pyproject.toml"))
    if declared:
        return CheckResult(
            "license",
            True,
            ("pyproject.toml",),
            f"license: declared in pyproject.toml ({declared})",
        )
    for path in ("package.json", "setup.cfg"):
        declared = declared_license(path, texts.get(path, ""))
        if declared:
            return CheckResult(
                "license", True, (path,), f"license: declared in {path} ({declared})"
            )
    if files:
        return CheckResult("license", False, tuple(files), f"license: {files[0]} is empty")
    return CheckResult("license", False, (), "license: no LICENSE file at the root")


def pyproject_license(data: Mapping[str, Any] | None) -> str | None:
    """The licence a parsed pyproject.toml declares (PEP 621, else Poetry), or None; a
    ``project`` or ``tool.poetry`` that is not a table declares none."""
    if data is None:
        return None
    project: object = data.get("project", {})
    if not isinstance(project, Mapping):
        return None
    value: object = project.get("license")
    if not value:
        tool: object = data.get("tool", {})
        poetry: object = tool.get("poetry", {}) if isinstance(tool, Mapping) else None
        if not isinstance(poetry, Mapping):
            return None
        value = poetry.get("license")
    if isinstance(value, Mapping):
        value = value.get("text") or (f"see {value['file']}" if "file" in value else None)
    return _named(value)


def declared_license(path: str, text: str) -> str | None:
    """The licence a package.json or setup.cfg declares (``UNLICENSED`` is not one), or None."""
    value: object = None
    try:
        if path == "package.json":
            data = json.loads(text) if text else {}
            value = data.get("license") if isinstance(data, dict) else None
        else:
            match = re.search(r"^license[ \t]*=[ \t]*(\S.*)$", text, re.M)
            value = match.group(1) if match else None
    except (ValueError, RecursionError):
        return None
    return _named(value)


def _named(value: object) -> str | None:
    if not isinstance(value, str) or not value.strip() or value.upper() == "UNLICENSED":
        return None
    return value.strip()[:40]


# where the issue checklist sends a learner to read how (official documentation)
LEARN = (("Choose an open source license", "https://choosealicense.com/"),)

CHECK = Check(
    name="license",
    words="a licence",
    run=check_license,
    todo="a `LICENSE` file (GitHub offers one when you add a file)",
    learn=LEARN,
)
