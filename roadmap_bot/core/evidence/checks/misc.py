"""The smaller built-in checks: ci_passing, mlflow/wandb/tracking, docker, license, notebook, demo."""

from __future__ import annotations

import json
import re
from collections.abc import Mapping

from roadmap_bot.core.boundedtoml import load_toml
from roadmap_bot.core.evidence.facts import RepoFacts
from roadmap_bot.core.evidence.result import CheckResult
from roadmap_bot.core.evidence.snapshot import FileKind, file_kind

_TRACKERS = {"mlflow": "MLflow", "wandb": "W&B"}
_TRACKER_FILES = {"mlflow": "no MLproject or mlruns/", "wandb": "no wandb/ run folder"}


def check_ci_passing(facts: RepoFacts) -> CheckResult:
    """Pass when the provider reports the default branch's latest CI status as success."""
    status = facts.snapshot.ci_status
    branch = facts.snapshot.default_branch or "the default branch"
    if status == "success":
        return CheckResult("ci_passing", True, (), f"ci_passing: latest CI run on {branch} passed")
    if status is None:
        return CheckResult(
            "ci_passing",
            False,
            (),
            "ci_passing: CI status is unknown for this source "
            "(only the GitHub provider can see CI results)",
        )
    return CheckResult(
        "ci_passing", False, (), f"ci_passing: latest CI status on {branch} is {status}"
    )


def check_tracker(name: str, facts: RepoFacts, techs: Mapping[str, CheckResult]) -> CheckResult:
    """``mlflow`` / ``wandb``: the tracker in a manifest, an import or call, or its run files."""
    found = techs.get(name)
    if found is not None:
        evidence = found.reason.split(" — ", 1)[-1]
        return CheckResult(name, True, found.paths, f"{name}: {evidence}")
    return CheckResult(name, False, (), f"{name}: {_not_found(name, facts)}")


def _not_found(name: str, facts: RepoFacts) -> str:
    read, total = facts.sources_read, facts.sources_total
    sources = f"not imported ({read} of {total} Python files and notebooks read)"
    text = f"not in any dependency manifest, {sources}, {_TRACKER_FILES[name]}"
    commented = [
        path
        for path, body in facts.snapshot.texts.items()
        if name in body.lower()
        and file_kind(path) is FileKind.MANIFEST
        and re.search(rf"^[ \t]*#[^\n]*\b{name}\b", body, re.M | re.I)
    ]
    if commented:
        text += f" ({name} appears only commented out in {commented[0]})"
    skipped = [why for p, why in facts.unreadable.items() if file_kind(p) is FileKind.MANIFEST]
    if skipped:
        more = f"; and {len(skipped) - 1} more" if len(skipped) > 1 else ""
        text += f" ({skipped[0]}{more})"
    return text


def check_tracking(mlflow: CheckResult, wandb: CheckResult) -> CheckResult:
    """``tracking``: MLflow or W&B."""
    for result, label in ((mlflow, "MLflow"), (wandb, "W&B")):
        if result.passed:
            return CheckResult(
                "tracking",
                True,
                result.paths,
                f"tracking: {label} — {result.reason.split(': ', 1)[1]}",
            )
    return CheckResult("tracking", False, (), "tracking: neither MLflow nor W&B is used")


def check_docker(facts: RepoFacts) -> CheckResult:
    """Pass on a Dockerfile with a FROM line or a compose file with services."""
    texts = facts.snapshot.texts
    files = list(facts.of_kind(FileKind.DOCKER))
    good: list[tuple[str, str]] = []
    for path in files:
        text = texts.get(path)
        compose = "compose" in path.rsplit("/", 1)[-1].lower()
        if text is None:
            good.append((path, "not read"))
        elif compose and re.search(r"^services[ \t]*:", text, re.M):
            good.append((path, "compose services"))
        elif not compose:
            base = dockerfile_base(text)
            if base:
                good.append((path, f"FROM {base}"))
    if good:
        path, what = good[0]
        return CheckResult("docker", True, tuple(p for p, _ in good), f"docker: {path} ({what})")
    if files:
        why = next((facts.unreadable[p] for p in files if p in facts.unreadable), None)
        what = why or f"{files[0]} defines no image or service"
        return CheckResult("docker", False, tuple(files), f"docker: {what}")
    return CheckResult("docker", False, (), "docker: no Dockerfile or compose file")


def dockerfile_base(text: str) -> str | None:
    """The image of a Dockerfile's first ``FROM`` line (options skipped), or None.

    Line by line: ``^\\s*FROM`` under re.M let ``\\s*`` run over every following newline from
    each line start (a Dockerfile of 100,000 newlines took 55 s)."""
    for line in text.splitlines():
        words = line.split(None, 1)
        if words and words[0].upper() == "FROM" and len(words) == 2:
            image = next((w for w in words[1].split() if not w.startswith("--")), None)
            if image is not None:
                return image
    return None


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
    for path in ("pyproject.toml", "package.json", "setup.cfg"):
        declared = declared_license(path, texts.get(path, ""))
        if declared:
            return CheckResult(
                "license", True, (path,), f"license: declared in {path} ({declared})"
            )
    if files:
        return CheckResult("license", False, tuple(files), f"license: {files[0]} is empty")
    return CheckResult("license", False, (), "license: no LICENSE file at the root")


def declared_license(path: str, text: str) -> str | None:
    """The licence a package manifest declares (``UNLICENSED`` is not one), or None."""
    value: object = None
    try:
        if path == "pyproject.toml":
            data = load_toml(text) or {}
            value = data.get("project", {}).get("license") or (
                data.get("tool", {}).get("poetry", {}).get("license")
            )
            if isinstance(value, dict):
                value = value.get("text") or (f"see {value['file']}" if "file" in value else None)
        elif path == "package.json":
            data = json.loads(text) if text else {}
            value = data.get("license") if isinstance(data, dict) else None
        else:
            match = re.search(r"^license[ \t]*=[ \t]*(\S.*)$", text, re.M)
            value = match.group(1) if match else None
    except (ValueError, AttributeError, RecursionError):
        return None
    if not isinstance(value, str) or not value.strip() or value.upper() == "UNLICENSED":
        return None
    return value.strip()[:40]


def check_notebook(facts: RepoFacts) -> CheckResult:
    """Pass on a Jupyter notebook that is not empty (checkpoints and vendored dirs ignored)."""
    notebooks = [p for p in facts.sources if p.endswith(".ipynb")]
    if not notebooks:
        return CheckResult("notebook", False, (), "notebook: no .ipynb files")
    empty = [p for p in notebooks if facts.notebooks.get(p) is False]
    kept = [p for p in notebooks if p not in empty]
    if not kept:
        return CheckResult(
            "notebook", False, tuple(notebooks), f"notebook: {notebooks[0]} has no code"
        )
    noun = "notebook" if len(kept) == 1 else "notebooks"
    return CheckResult(
        "notebook", True, tuple(kept), f"notebook: {len(kept)} {noun}, e.g. {kept[0]}"
    )


DEMO_HOSTS = (
    (
        "Hugging Face Space",
        r"https?://huggingface\.co/spaces/[\w.-]+/[\w.-]+|https?://[\w-]+\.hf\.space\b",
    ),
    (
        "Streamlit app",
        r"https?://[\w.-]+\.streamlit\.app\b|https?://share\.streamlit\.io/[\w.-]+/[\w.-]+",
    ),
    (
        "Gradio share link (these expire after 72 hours)",
        r"https?://(?!www\.)[\w-]+\.gradio\.(?:live|app)\b",
    ),
)


def readme_texts(facts: RepoFacts) -> list[tuple[str, str]]:
    """The README texts read, GitHub's display order first."""
    texts = facts.snapshot.texts
    return [(p, texts[p]) for p in facts.of_kind(FileKind.README) if p in texts]


def check_demo(facts: RepoFacts) -> CheckResult:
    """Pass when a README links a live demo on Hugging Face Spaces, Streamlit or Gradio."""
    readmes = readme_texts(facts)
    for path, text in readmes:
        for label, pattern in DEMO_HOSTS:
            match = re.search(pattern, text)
            if match:
                return CheckResult(
                    "demo", True, (path,), f"demo: {path} links a {label}: {match.group(0)}"
                )
    said = (
        f"{readmes[0][0]} links no Hugging Face Space, Streamlit app or Gradio demo"
        if readmes
        else "no README was read to look for a Hugging Face Space, Streamlit app or Gradio demo"
    )
    return CheckResult(
        "demo",
        False,
        (),
        f"demo: {said} (for another host, name its URL in the rule: {{demo: URL}})",
    )
