"""Read GraphQL and REST answers about a repo: its head, its file entries, why it cannot be read."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import Any, NamedTuple

from roadmap_bot.core.evidence.paths import is_vendored
from roadmap_bot.core.evidence.snapshot import MAX_TEXT_BYTES, ProblemKind, RepoProblem

_ROLLUP = {
    "SUCCESS": "success",
    "FAILURE": "failure",
    "ERROR": "failure",
    "PENDING": "pending",
    "EXPECTED": "pending",
}
SYMLINK_MODE = 0o120000
TOKEN_HINT = (
    "if it is private, the bot's token cannot see it: pass a token with read access to it "
    "as a secret (for example `token: ${{ secrets.ROADMAP_TOKEN }}`)"
)


@dataclass(frozen=True, slots=True)
class HeadInfo:
    """What query 1 learns about a repo."""

    name_with_owner: str
    archived: bool
    empty: bool
    branch: str | None
    oid: str | None
    ci_status: str | None


class Entry(NamedTuple):
    """A file in a repo's tree (a tuple: 300,000 of them are made for 1,000 repos)."""

    path: str
    size: int | None
    symlink: bool = False
    oid: str | None = None  # the git blob id, where the answer carries it


def head_info(node: Mapping[str, Any]) -> HeadInfo:
    """Read the ``RepoHead`` fragment."""
    ref = node.get("defaultBranchRef") or {}
    target = ref.get("target") or {}
    rollup = target.get("statusCheckRollup") or {}
    return HeadInfo(
        name_with_owner=str(node.get("nameWithOwner") or ""),
        archived=bool(node.get("isArchived")),
        empty=bool(node.get("isEmpty")) or not target.get("oid"),
        branch=ref.get("name"),
        oid=target.get("oid"),
        ci_status=_ROLLUP.get(str(rollup.get("state") or "")),
    )


@dataclass(frozen=True, slots=True)
class OriginRef:
    """Where a repo came from (the ``RepoOrigin`` fragment): a fork's parent or the template it
    was generated from, and that repo's HEAD."""

    kind: str  # "fork" | "template"
    name_with_owner: str
    head: str | None


def origin_ref(node: Mapping[str, Any]) -> OriginRef | None:
    """Read the ``RepoOrigin`` fragment; None when the repo is neither a fork nor generated from
    a template, or when GitHub does not show the token that repo (a private parent)."""
    for kind, key in (("fork", "parent"), ("template", "templateRepository")):
        other = node.get(key)
        if isinstance(other, Mapping) and other.get("nameWithOwner"):
            target = (other.get("defaultBranchRef") or {}).get("target") or {}
            oid = target.get("oid")
            return OriginRef(kind, str(other["nameWithOwner"]), str(oid) if oid else None)
    return None


def renamed_note(requested: str, info: HeadInfo) -> str | None:
    """Say so when GitHub answered under another name (the repo was renamed or transferred)."""
    if not info.name_with_owner or info.name_with_owner.lower() == requested.lower():
        return None
    return (
        f"renamed from {requested}: GitHub now calls it {info.name_with_owner} (the bot followed "
        "the redirect); update the link in roadmap.yaml"
    )


def state_problem(repo: str, info: HeadInfo) -> RepoProblem | None:
    """Archived and empty repos cannot be checked; say so kindly."""
    if info.archived:
        return RepoProblem(
            repo,
            ProblemKind.ARCHIVED,
            f"{repo} is archived (read-only), so the bot cannot check it; items linked to it keep "
            "their state. Unarchive it, or link the repository where the work continues.",
        )
    if info.empty:
        return RepoProblem(
            repo,
            ProblemKind.EMPTY,
            f"{repo} is empty (no commits yet), so there is nothing to check: push your work "
            "and the bot checks it on its next run.",
        )
    return None


def error_problem(repo: str, error: Mapping[str, Any] | None, detail: str = "") -> RepoProblem:
    """Turn a GraphQL error about one repo (or an HTTP failure) into an explained problem."""
    kind = str((error or {}).get("type") or "")
    message = str((error or {}).get("message") or detail)
    lowered = message.lower()
    if kind == "NOT_FOUND" or "could not resolve to a repository" in lowered:
        return RepoProblem(
            repo,
            ProblemKind.MISSING,
            f"{repo} was not found on GitHub. Check the spelling in roadmap.yaml; {TOKEN_HINT}.",
        )
    if "blocked" in lowered or "legal" in lowered or kind == "UNAVAILABLE_FOR_LEGAL_REASONS":
        return RepoProblem(
            repo,
            ProblemKind.BLOCKED,
            f"GitHub has blocked access to {repo} (unavailable for legal reasons), so the bot "
            "cannot check it. Link another repository for these items.",
        )
    if kind == "FORBIDDEN" or "not accessible" in lowered or "saml" in lowered:
        return RepoProblem(
            repo,
            ProblemKind.NO_ACCESS,
            f"The bot's token may not read {repo} ({message or 'forbidden'}). Private "
            "repositories need a token with read access (Contents: read) passed to the action "
            "as a secret.",
        )
    return RepoProblem(
        repo,
        ProblemKind.ERROR,
        f"GitHub could not return {repo} ({message or 'unknown error'}); the bot tries again "
        "on its next run.",
    )


# Builds an Entry without a Python-level __new__ call (300,000 of them for 1,000 repos).
_new = tuple.__new__
_MODE_TYPES = {0o040000: "tree", 0o160000: "commit"}  # git modes; every other mode is a blob


def tree_entries(tree: Mapping[str, Any] | None, prefix: str = "") -> tuple[list[Entry], bool]:
    """Flatten a ``EntriesN`` answer; the flag says some non-vendored folder was not expanded."""
    files: list[Entry] = []
    incomplete = _walk(tree, prefix, files.append) if tree is not None else True
    return files, incomplete


def _walk(tree: Mapping[str, Any], prefix: str, add: Callable[[Entry], None]) -> bool:
    """Add the blobs under ``tree`` (one list for the whole walk); True if a folder is missing."""
    incomplete = False
    for entry in tree.get("entries") or ():
        mode = entry.get("mode")
        kind = _MODE_TYPES.get(mode, "blob") if mode is not None else entry.get("type")
        if kind == "blob":
            symlink = mode == SYMLINK_MODE or mode == "120000"
            add(_new(Entry, (prefix + entry["name"], entry.get("size"), symlink, entry.get("oid"))))
        elif kind == "tree":
            path = prefix + entry["name"]
            inner = entry.get("object")
            if inner is None or "entries" not in inner:
                incomplete = incomplete or not is_vendored(f"{path}/x")
                continue
            incomplete = _walk(inner, f"{path}/", add) or incomplete
        # "commit" entries are submodules: another repository, not files of this one
    return incomplete


def rest_tree_entries(body: Mapping[str, Any]) -> tuple[list[Entry], bool]:
    """Read ``GET /git/trees/{sha}?recursive=1``: its blobs and whether GitHub truncated it."""
    files = [
        Entry(str(item["path"]), item.get("size"), _is_symlink(item.get("mode")), item.get("sha"))
        for item in body.get("tree") or ()
        if item.get("type") == "blob"
    ]
    return files, bool(body.get("truncated"))


def _is_symlink(mode: object) -> bool:
    if isinstance(mode, str):
        return mode == "120000"
    return mode == SYMLINK_MODE


def blob_text(node: Mapping[str, Any] | None) -> str | None:
    """A ``BlobText`` answer's text (cut to the checks' limit), or None when binary or absent."""
    if not node or node.get("isBinary") or node.get("text") is None:
        return None
    text = str(node["text"])
    return text[:MAX_TEXT_BYTES] if len(text) > MAX_TEXT_BYTES else text


def undecoded_oid(node: Mapping[str, Any] | None, limit: int) -> str | None:
    """The oid of a blob GitHub sent no text for (binary to it, or not UTF-8), if small enough.

    GitHub decodes only UTF-8; a Latin-1 README comes back without text. The checks decode
    such bytes themselves (``decode_text``), so the provider reads them raw.
    """
    if not node or node.get("text") is not None or not node.get("oid"):
        return None
    return str(node["oid"]) if int(node.get("byteSize") or 0) <= limit else None


def workflow_texts(node: Mapping[str, Any] | None, directory: str) -> dict[str, str]:
    """Texts of the workflow folder's files, keyed by path."""
    texts: dict[str, str] = {}
    for entry in (node or {}).get("entries") or ():
        if entry.get("type") != "blob":
            continue
        text = blob_text(entry.get("object"))
        if text is not None:
            texts[f"{directory}/{entry['name']}"] = text
    return texts


def errors_by_alias(
    errors: Iterable[Mapping[str, Any]],
) -> dict[tuple[str, ...], Mapping[str, Any]]:
    """Index GraphQL errors by their ``path`` (aliases), e.g. ``("r3",)`` or ``("r3", "x0")``."""
    found: dict[tuple[str, ...], Mapping[str, Any]] = {}
    for error in errors:
        path = tuple(str(p) for p in error.get("path") or ())
        if path:
            found.setdefault(path, error)
    return found
