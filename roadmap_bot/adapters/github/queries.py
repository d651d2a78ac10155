"""The GraphQL documents the evidence provider sends, built for many repos at once (aliases).

Three queries, each batching repos under aliases ``r0``, ``r1``, …; every dynamic value travels
as a variable, never spliced into the document:

1. ``RoadmapHeads``: existence, visibility, archived/empty flags, default branch, HEAD oid and
   its ``statusCheckRollup``. No connections, so it costs 1 point however many repos it names.
2. ``RoadmapTrees``: the same plus the tree ``TREE_DEPTH`` levels deep (entry names, types,
   modes, sizes, blob ids), the texts of the usual root files (README, manifests, …) and the
   workflow folder's texts, inline, and where the repo came from (``parent`` of a fork,
   ``templateRepository`` of a generated repo). The same query reads those origins' trees and
   READMEs at their HEAD, one query per batch of origins.
3. ``RoadmapTexts``: the texts of the remaining wanted paths by ``object(expression: "OID:path")``.

``Tree.entries`` is a list, not a connection, so none of this counts towards the 500,000-node
limit or costs more than a point; what bounds a batch is GitHub's 10-second execution limit
and the answer's size, which grow with every tree expanded and every text returned.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

TREE_DEPTH = 4  # root entries + 3 levels: reaches src/pkg/tests/test_x.py and .github/workflows/x
WORKFLOWS_DIR = ".github/workflows"
# Root files most repos have whose text the checks read; only those ``wanted`` accepts are asked
# for, and a name that does not exist costs a null. Others are fetched by query 3.
ROOT_CANDIDATES = (
    "README.md",
    "README.rst",
    "README.txt",
    "README",
    "readme.md",
    "LICENSE",
    "LICENSE.md",
    "LICENSE.txt",
    "requirements.txt",
    "requirements-dev.txt",
    "pyproject.toml",
    "setup.py",
    "setup.cfg",
    "environment.yml",
    "Pipfile",
    "package.json",
    "Dockerfile",
    "docker-compose.yml",
    "MLproject",
    ".gitlab-ci.yml",
    ".travis.yml",
    "Jenkinsfile",
    "azure-pipelines.yml",
)

_HEAD_FIELDS = """
fragment RepoHead on Repository {
  nameWithOwner
  isPrivate
  isArchived
  isEmpty
  defaultBranchRef {
    name
    target {
      oid
      ... on Commit { statusCheckRollup { state } }
    }
  }
}
"""

# Where a repo came from: a fork's parent, a generated repo's template (no connections: free).
_ORIGIN_FIELDS = """
fragment RepoOrigin on Repository {
  isFork
  parent { nameWithOwner defaultBranchRef { target { oid } } }
  templateRepository { nameWithOwner defaultBranchRef { target { oid } } }
}
"""

_BLOB_FIELDS = """
fragment BlobText on Blob { oid byteSize isBinary text }
"""

_RATE = "rateLimit { cost remaining limit resetAt }"


def _entries_fragments(depth: int, *, blob_ids: bool = False) -> str:
    """``Entries1`` … ``Entries{depth}``: each level's entries, expanding trees one level less.

    The mode says the type; ``blob_ids`` adds each blob's oid, which says a file is byte for
    byte its origin's: asked only for forks, generated repos and their origins (about 50 of a
    listing's bytes per file, so not for the thousands of files of repos with no origin)."""
    fields = "name mode size oid" if blob_ids else "name mode size"
    parts = [f"fragment Entries1 on Tree {{ entries {{ {fields} }} }}"]
    for level in range(2, depth + 1):
        parts.append(
            f"fragment Entries{level} on Tree {{ entries {{ {fields} "
            f"object {{ ... on Tree {{ ...Entries{level - 1} }} }} }} }}"
        )
    return "\n".join(parts) + "\n"


@dataclass(frozen=True, slots=True)
class RepoName:
    """Owner and name as GitHub spells them in a query."""

    owner: str
    name: str


@dataclass(frozen=True, slots=True)
class Query:
    """A document and its variables, ready to POST."""

    name: str
    document: str
    variables: dict[str, str]

    def payload(self) -> dict[str, object]:
        return {"query": self.document, "variables": self.variables, "operationName": self.name}


def _declare(variables: dict[str, str]) -> str:
    return ", ".join(f"${key}: String!" for key in variables)


def _repo_vars(i: int, repo: RepoName, variables: dict[str, str]) -> str:
    variables[f"o{i}"] = repo.owner
    variables[f"n{i}"] = repo.name
    return f"r{i}: repository(owner: $o{i}, name: $n{i})"


def heads_query(repos: Sequence[RepoName]) -> Query:
    """Query 1: the cheap look at every repo's HEAD."""
    variables: dict[str, str] = {}
    fields = [
        f"  {_repo_vars(i, repo, variables)} {{ ...RepoHead }}" for i, repo in enumerate(repos)
    ]
    body = "\n".join(fields)
    document = (
        f"query RoadmapHeads({_declare(variables)}) {{\n  {_RATE}\n{body}\n}}\n{_HEAD_FIELDS}"
    )
    return Query("RoadmapHeads", document, variables)


@dataclass(frozen=True, slots=True)
class TreeRequest:
    """One repo of query 2: ``rev`` is the commit oid when known, else ``HEAD``."""

    repo: RepoName
    rev: str
    root_files: tuple[str, ...]


def trees_query(
    requests: Sequence[TreeRequest],
    *,
    depth: int = TREE_DEPTH,
    blob_ids: bool = False,
    workflows: bool = True,
) -> Query:
    """Query 2: heads, trees ``depth`` levels deep (with each blob's oid when ``blob_ids``),
    root texts and (``workflows``) the workflow files' texts."""
    variables: dict[str, str] = {}
    fields = []
    for i, req in enumerate(requests):
        variables[f"t{i}"] = f"{req.rev}:"
        inner = [
            "...RepoHead",
            "...RepoOrigin",
            f"tree: object(expression: $t{i}) {{ ... on Tree {{ oid ...Entries{depth} }} }}",
        ]
        if workflows:
            variables[f"w{i}"] = f"{req.rev}:{WORKFLOWS_DIR}"
            inner.append(
                f"workflows: object(expression: $w{i}) {{ ... on Tree {{ entries {{ name type "
                f"mode size object {{ ...BlobText }} }} }} }}"
            )
        for j, path in enumerate(req.root_files):
            variables[f"f{i}_{j}"] = f"{req.rev}:{path}"
            inner.append(f"f{j}: object(expression: $f{i}_{j}) {{ ...BlobText }}")
        fields.append(f"  {_repo_vars(i, req.repo, variables)} {{ {' '.join(inner)} }}")
    body = "\n".join(fields)
    texts = workflows or any(req.root_files for req in requests)  # a fragment must be used
    document = (
        f"query RoadmapTrees({_declare(variables)}) {{\n  {_RATE}\n{body}\n}}\n"
        f"{_HEAD_FIELDS}{_ORIGIN_FIELDS}{_BLOB_FIELDS if texts else ''}"
        f"{_entries_fragments(depth, blob_ids=blob_ids)}"
    )
    return Query("RoadmapTrees", document, variables)


@dataclass(frozen=True, slots=True)
class TextsRequest:
    """One repo of query 3: the paths to read at commit ``oid``."""

    repo: RepoName
    oid: str
    paths: tuple[str, ...]


def texts_query(requests: Sequence[TextsRequest]) -> Query:
    """Query 3: the texts of named paths at a known commit."""
    variables: dict[str, str] = {}
    fields = []
    for i, req in enumerate(requests):
        inner = []
        for j, path in enumerate(req.paths):
            variables[f"x{i}_{j}"] = f"{req.oid}:{path}"
            inner.append(f"x{j}: object(expression: $x{i}_{j}) {{ ...BlobText }}")
        fields.append(f"  {_repo_vars(i, req.repo, variables)} {{ {' '.join(inner)} }}")
    body = "\n".join(fields)
    document = (
        f"query RoadmapTexts({_declare(variables)}) {{\n  {_RATE}\n{body}\n}}\n{_BLOB_FIELDS}"
    )
    return Query("RoadmapTexts", document, variables)
