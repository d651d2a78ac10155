"""Read the roadmap repo's own files in one GraphQL query: the branch head and the texts asked for.

One query pins the default branch's head and returns, at that same commit, the text of each file
asked for (and, for a folder, its files' texts): roadmap.yaml, the state file, the README and the
template overrides cost one request instead of a REST call each.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from roadmap_bot.adapters.github.queries import Query
from roadmap_bot.core.render.hand_edits import FileCommit
from roadmap_bot.errors import GitHubError

_BLOB = "... on Blob { oid text isBinary }"
_COMMIT = "oid url messageHeadline committedDate author { name user { login } }"


@dataclass(frozen=True, slots=True)
class RepoFiles:
    """The head and what was found: path → text (None: absent), and paths whose text GitHub
    did not send (binary or too large), which the caller reads by REST."""

    branch: str
    head: str
    texts: Mapping[str, str | None] = field(default_factory=dict)
    unread: tuple[str, ...] = ()
    oids: Mapping[str, str] = field(default_factory=dict)  # path → blob id, for every file seen
    folders: frozenset[str] = (
        frozenset()
    )  # folders listed whole (a path under one not seen: absent)
    changes: Mapping[str, FileCommit | None] = field(default_factory=dict)  # path → last commit


def files_query(
    owner: str,
    name: str,
    paths: Sequence[str],
    listings: Sequence[str] = (),
    *,
    extra: Sequence[str] = (),
    dates: Mapping[str, str] | None = None,
    top: Sequence[str] = (),
    histories: Sequence[str] = (),
) -> Query:
    """``HEAD:<path>`` for each path (a blob's text, or a folder's blobs' texts), and for each
    listing folder only its files' blob ids (enough to tell whether a write changes them).

    ``extra`` adds fields of the repository (issues, say); ``dates`` declares the ``DateTime``
    variables they use; ``top`` adds fields beside ``repository`` (``viewer``, say); for each
    of ``histories`` the head commit's last commit that changed it (who, which, when)."""
    variables = {"owner": owner, "name": name}
    history = ""
    for i, path in enumerate(histories):
        variables[f"h{i}"] = path
        history += f" h{i}: history(path: $h{i}, first: 1) {{ nodes {{ {_COMMIT} }} }}"
    target = f"target {{ oid ... on Commit {{{history} }} }}" if history else "target { oid }"
    fields = list(extra)
    for i, path in enumerate(paths):
        variables[f"p{i}"] = f"HEAD:{path}"
        fields.append(
            f"    f{i}: object(expression: $p{i}) {{ {_BLOB} "
            f"... on Tree {{ entries {{ name type object {{ {_BLOB} }} }} }} }}"
        )
    for i, path in enumerate(listings):
        variables[f"l{i}"] = f"HEAD:{path}"
        fields.append(
            f"    l{i}: object(expression: $l{i}) {{ ... on Tree {{ entries {{ name type oid }} }} }}"
        )
    declared = ", ".join(f"${key}: String!" for key in variables)
    for key, value in (dates or {}).items():
        variables[key] = value
        declared += f", ${key}: DateTime!"
    document = (
        f"query RoadmapRepoFiles({declared}) {{\n"
        "  repository(owner: $owner, name: $name) {\n"
        f"    defaultBranchRef {{ name {target} }}\n"
        + "\n".join(fields)
        + "\n  }\n"
        + "".join(f"  {field}\n" for field in top)
        + "  rateLimit { cost remaining limit resetAt }\n}\n"
    )
    return Query("RoadmapRepoFiles", document, variables)


def parse_repo_files(
    repo: str,
    found: Any,
    paths: Sequence[str],
    listings: Sequence[str] = (),
    histories: Sequence[str] = (),
) -> RepoFiles:
    """Read the ``repository`` node of a ``files_query`` answer."""
    if not isinstance(found, dict):
        raise GitHubError(f"cannot read {repo}: it does not exist or the token cannot see it")
    ref = found.get("defaultBranchRef") or {}
    head = (ref.get("target") or {}).get("oid")
    if not head:
        raise GitHubError(f"{repo} is empty: push a first commit with roadmap.yaml")
    seen = _Seen()
    for i, path in enumerate(paths):
        seen.collect(path, found.get(f"f{i}"))
    for i, path in enumerate(listings):
        listing = found.get(f"l{i}")
        if not isinstance(listing, dict) or "entries" not in listing:
            seen.texts.setdefault(path, None)
            continue
        seen.folders.add(path)
        for entry in listing.get("entries") or ():
            if entry.get("type") == "blob" and entry.get("oid"):
                seen.oids[f"{path}/{entry['name']}"] = str(entry["oid"])
    return RepoFiles(
        branch=str(ref.get("name")),
        head=str(head),
        texts=seen.texts,
        unread=tuple(seen.unread),
        oids=seen.oids,
        folders=frozenset(seen.folders),
        changes={
            path: _last_commit(ref.get("target"), f"h{i}") for i, path in enumerate(histories)
        },
    )


def _last_commit(target: Any, alias: str) -> FileCommit | None:
    """The one node of a ``history(first: 1)`` answer (None: the file has no commit)."""
    history = target.get(alias) if isinstance(target, dict) else None
    nodes = history.get("nodes") if isinstance(history, dict) else None
    node = nodes[0] if isinstance(nodes, list) and nodes else None
    if not isinstance(node, dict) or not node.get("oid"):
        return None
    author = node.get("author")
    author = author if isinstance(author, dict) else {}
    user = author.get("user")
    login = user.get("login") if isinstance(user, dict) else None
    return FileCommit(
        oid=str(node["oid"]),
        login=login if isinstance(login, str) and login else None,
        name=str(author.get("name") or ""),
        date=str(node["committedDate"]) if node.get("committedDate") else None,
        headline=str(node.get("messageHeadline") or ""),
        url=str(node["url"]) if node.get("url") else None,
    )


@dataclass(slots=True)
class _Seen:
    texts: dict[str, str | None] = field(default_factory=dict)
    unread: list[str] = field(default_factory=list)
    oids: dict[str, str] = field(default_factory=dict)
    folders: set[str] = field(default_factory=set)

    def collect(self, path: str, obj: Any) -> None:
        if not isinstance(obj, dict):
            self.texts[path] = None
            return
        if "entries" in obj:  # a folder: its files, one level down
            self.folders.add(path)
            for entry in obj.get("entries") or ():
                if entry.get("type") == "blob":
                    self.collect(f"{path}/{entry['name']}", entry.get("object"))
            return
        if obj.get("oid"):
            self.oids[path] = str(obj["oid"])
        if obj.get("isBinary") or obj.get("text") is None:
            self.unread.append(path)
            return
        self.texts[path] = str(obj["text"])
