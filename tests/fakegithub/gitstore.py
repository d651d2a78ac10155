"""A content-addressed git object store (blobs, trees, commits) with real git SHA-1 ids."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import datetime
from typing import cast

BLOB_MODE = "100644"
EXEC_MODE = "100755"
LINK_MODE = "120000"
TREE_MODE = "040000"
SUBMODULE_MODE = "160000"


@dataclass(frozen=True, slots=True)
class TreeEntry:
    """One entry of a tree: ``type`` is blob, tree or commit (a submodule)."""

    mode: str
    type: str
    name: str
    sha: str


@dataclass(frozen=True, slots=True)
class Signature:
    """Author or committer of a commit; ``date`` is ISO-8601 UTC (``2024-01-01T00:00:00Z``)."""

    name: str
    email: str
    date: str


@dataclass(frozen=True, slots=True)
class CommitObject:
    """A commit: its tree, parents, message and signatures."""

    tree: str
    parents: tuple[str, ...]
    message: str
    author: Signature
    committer: Signature


class GitStore:
    """Blobs, trees and commits of one repository, keyed by the SHA git would give them."""

    def __init__(self) -> None:
        self.blobs: dict[str, bytes] = {}
        self.trees: dict[str, tuple[TreeEntry, ...]] = {}
        self.commits: dict[str, CommitObject] = {}

    def copy(self) -> GitStore:
        """Another store holding the same objects (a fork shares its parent's history)."""
        other = GitStore()
        other.blobs, other.trees = dict(self.blobs), dict(self.trees)
        other.commits = dict(self.commits)
        return other

    def put_blob(self, data: bytes) -> str:
        sha = _hash(b"blob", data)
        self.blobs[sha] = data
        return sha

    def put_tree(self, entries: list[TreeEntry] | tuple[TreeEntry, ...]) -> str:
        ordered = tuple(sorted(entries, key=_tree_sort_key))
        raw = b"".join(
            f"{e.mode.lstrip('0')} {e.name}".encode() + b"\0" + bytes.fromhex(e.sha)
            for e in ordered
        )
        sha = _hash(b"tree", raw)
        self.trees[sha] = ordered
        return sha

    def put_commit(self, commit: CommitObject) -> str:
        lines = [f"tree {commit.tree}"]
        lines += [f"parent {p}" for p in commit.parents]
        lines.append(f"author {_sig(commit.author)}")
        lines.append(f"committer {_sig(commit.committer)}")
        sha = _hash(b"commit", ("\n".join(lines) + "\n\n" + commit.message).encode())
        self.commits[sha] = commit
        return sha

    def tree_from_files(self, files: dict[str, bytes]) -> str:
        """Write the nested trees for a flat ``{path: bytes}`` map and return the root sha."""
        return self.build({path: (BLOB_MODE, self.put_blob(data)) for path, data in files.items()})

    def build(self, flat: dict[str, tuple[str, str]]) -> str:
        """Write nested trees for ``{path: (mode, sha)}`` leaves (blobs, links, submodules)."""
        root: dict[str, object] = {}
        for path, leaf in flat.items():
            parts = [p for p in path.strip("/").split("/") if p]
            if not parts:
                raise ValueError(f"empty file path {path!r}")
            node = root
            for part in parts[:-1]:
                child = node.setdefault(part, {})
                if not isinstance(child, dict):
                    raise ValueError(f"{path!r} puts a file under the file {part!r}")
                node = child
            if isinstance(node.get(parts[-1]), dict):
                raise ValueError(f"{path!r} is a directory")
            node[parts[-1]] = leaf
        return self._write_dir(root)

    def flatten(self, tree_sha: str) -> dict[str, tuple[str, str]]:
        """Return ``{path: (mode, sha)}`` for every non-tree entry under a tree."""
        return {path: (e.mode, e.sha) for path, e in self.walk(tree_sha) if e.type != "tree"}

    def _write_dir(self, node: dict[str, object]) -> str:
        entries = []
        for name, value in node.items():
            if isinstance(value, dict):
                entries.append(TreeEntry(TREE_MODE, "tree", name, self._write_dir(value)))
            else:
                mode, sha = cast(tuple[str, str], value)
                kind = "commit" if mode == SUBMODULE_MODE else "blob"
                entries.append(TreeEntry(mode, kind, name, sha))
        return self.put_tree(entries)

    def files(self, tree_sha: str) -> dict[str, bytes]:
        """Return every blob under a tree as ``{path: bytes}``."""
        return {path: self.blobs[e.sha] for path, e in self.walk(tree_sha) if e.type == "blob"}

    def walk(self, tree_sha: str, prefix: str = "") -> list[tuple[str, TreeEntry]]:
        """Return ``(path, entry)`` for every entry under a tree, parents before children."""
        out: list[tuple[str, TreeEntry]] = []
        for entry in self.trees[tree_sha]:
            path = f"{prefix}{entry.name}"
            out.append((path, entry))
            if entry.type == "tree":
                out.extend(self.walk(entry.sha, f"{path}/"))
        return out

    def lookup(self, tree_sha: str, path: str) -> TreeEntry | None:
        """Return the entry at ``path`` under a tree (None if absent); "" is the tree itself."""
        entry = TreeEntry(TREE_MODE, "tree", "", tree_sha)
        for part in (p for p in path.strip("/").split("/") if p):
            if entry.type != "tree":
                return None
            entry = next((e for e in self.trees[entry.sha] if e.name == part), None)  # type: ignore[assignment]
            if entry is None:
                return None
        return entry

    def kind(self, sha: str) -> str | None:
        """Return "blob", "tree" or "commit" for a stored object, None if unknown."""
        if sha in self.blobs:
            return "blob"
        if sha in self.trees:
            return "tree"
        if sha in self.commits:
            return "commit"
        return None

    def is_ancestor(self, ancestor: str, descendant: str) -> bool:
        """Return True if ``ancestor`` is reachable from ``descendant`` (or equal to it)."""
        todo, seen = [descendant], set()
        while todo:
            sha = todo.pop()
            if sha == ancestor:
                return True
            if sha in seen or sha not in self.commits:
                continue
            seen.add(sha)
            todo.extend(self.commits[sha].parents)
        return False

    def history(self, head: str) -> list[str]:
        """Return commit shas reachable from ``head``, newest first (first-parent order)."""
        out, sha = [], head
        while sha in self.commits:
            out.append(sha)
            parents = self.commits[sha].parents
            if not parents:
                break
            sha = parents[0]
        return out


def _hash(kind: bytes, data: bytes) -> str:
    return hashlib.sha1(kind + b" " + str(len(data)).encode() + b"\0" + data).hexdigest()


def _tree_sort_key(entry: TreeEntry) -> bytes:
    # git sorts tree entries as if directory names ended in "/"
    return (entry.name + ("/" if entry.type == "tree" else "")).encode()


def _sig(sig: Signature) -> str:
    stamp = int(datetime.fromisoformat(sig.date.replace("Z", "+00:00")).timestamp())
    return f"{sig.name} <{sig.email}> {stamp} +0000"
