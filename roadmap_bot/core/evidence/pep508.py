"""Python requirement names (PEP 508 / pip): normalise, parse lines, read ``pip install``."""

from __future__ import annotations

import re

_NAME = re.compile(r"^\s*([A-Za-z0-9](?:[A-Za-z0-9._-]*[A-Za-z0-9])?)")
_EGG = re.compile(r"#egg=([A-Za-z0-9][A-Za-z0-9._-]*)")
_COMMENT = re.compile(r"(?:^|\s)#")  # a comment starts here; it runs to the end


def _strip_comment(text: str) -> str:
    """``text`` up to its comment. (``(?:^|\\s)#.*$`` rescanned to the end of the line from
    every ``" #"`` when a newline followed: quadratic in a requirement string.)"""
    found = _COMMENT.search(text)
    return text if found is None else text[: found.start()]


def normalize(name: str) -> str:
    """Normalise a Python package name (PEP 503): case and runs of ``-_.`` do not matter."""
    return re.sub(r"[-_.]+", "-", name).lower()


def requirement_name(spec: str) -> str | None:
    """Return the normalised project name a PEP 508 / pip requirement names, or None."""
    spec = spec.strip().strip("\"'")
    egg = _EGG.search(spec)
    if egg:
        return normalize(egg.group(1))
    spec = _strip_comment(spec).strip()
    if not spec or spec.startswith(("-", ".", "/")):
        return None
    if "://" in spec.split("@")[0] or spec.startswith("git+"):
        tail = spec.rstrip("/").rsplit("/", 1)[-1].split("@")[0].removesuffix(".git")
        if tail.endswith((".whl", ".tar.gz", ".zip")):
            tail = tail.split("-", 1)[0]  # a wheel or sdist file name starts with the project
        return normalize(tail) if _NAME.fullmatch(tail) else None
    match = _NAME.match(spec)
    return normalize(match.group(1)) if match else None


def parse_requirements(text: str) -> list[str]:
    """Names in a requirements file; comments, ``-r``/``-c`` includes and options skipped."""
    names: list[str] = []
    for line in text.replace("\\\n", " ").splitlines():
        line = _strip_comment(line).strip()
        if line.startswith("-e ") or line.startswith("--editable"):
            egg = _EGG.search(line)
            if egg:
                names.append(normalize(egg.group(1)))
            continue
        name = requirement_name(line)
        if name:
            names.append(name)
    return names


_PIP_INSTALL = re.compile(r"\b(?:pip3?|uv pip|python3? -m pip)\s+install\s+([^;&|]+)")


def pip_install_names(text: str) -> list[str]:
    """Names given to ``pip install`` commands in shell text (options and ``-r`` skipped)."""
    names: list[str] = []
    for match in _PIP_INSTALL.finditer(text):
        skip_next = False
        for token in match.group(1).split():
            if skip_next:
                skip_next = False
                continue
            if token in {"-r", "--requirement", "-c", "--constraint", "-i", "--index-url"}:
                skip_next = True
                continue
            name = requirement_name(token)
            if name:
                names.append(name)
    return names
