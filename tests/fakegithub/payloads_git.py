"""REST JSON shapes for git data: commits, trees, blobs, refs, branches and contents."""

from __future__ import annotations

import base64
from typing import Any

from tests.fakegithub.gitstore import CommitObject, Signature
from tests.fakegithub.payloads import Urls, login, node_id
from tests.fakegithub.records import Repo
from tests.fakegithub.world import World

UNSIGNED = {
    "verified": False,
    "reason": "unsigned",
    "signature": None,
    "payload": None,
    "verified_at": None,
}


def b64(data: bytes) -> str:
    """Encode like GitHub's contents/blob API: base64 wrapped at 60 characters per line."""
    text = base64.b64encode(data).decode()
    return "".join(text[i : i + 60] + "\n" for i in range(0, len(text), 60))


def signature(sig: Signature) -> dict[str, str]:
    return {"name": sig.name, "email": sig.email, "date": sig.date}


def git_commit(u: Urls, repo: Repo, sha: str) -> dict[str, Any]:
    commit = repo.git.commits[sha]
    base = u.repo(repo)
    return {
        "sha": sha,
        "node_id": node_id("Commit", int(sha[:8], 16)),
        "url": f"{base}/git/commits/{sha}",
        "html_url": f"{u.html}/{repo.full_name}/commit/{sha}",
        "author": signature(commit.author),
        "committer": signature(commit.committer),
        "tree": {"sha": commit.tree, "url": f"{base}/git/trees/{commit.tree}"},
        "message": commit.message,
        "parents": [_parent(u, repo, p) for p in commit.parents],
        "verification": dict(UNSIGNED),
    }


def _parent(u: Urls, repo: Repo, sha: str) -> dict[str, str]:
    return {
        "sha": sha,
        "url": f"{u.repo(repo)}/commits/{sha}",
        "html_url": f"{u.html}/{repo.full_name}/commit/{sha}",
    }


def commit(world: World, u: Urls, repo: Repo, sha: str) -> dict[str, Any]:
    """The ``repos/get-commit`` shape (a commit plus the GitHub users behind it)."""
    record: CommitObject = repo.git.commits[sha]
    base = u.repo(repo)
    author = login(world, u, record.author.name)
    return {
        "sha": sha,
        "node_id": node_id("Commit", int(sha[:8], 16)),
        "url": f"{base}/commits/{sha}",
        "html_url": f"{u.html}/{repo.full_name}/commit/{sha}",
        "comments_url": f"{base}/commits/{sha}/comments",
        "commit": {
            "url": f"{base}/git/commits/{sha}",
            "author": signature(record.author),
            "committer": signature(record.committer),
            "message": record.message,
            "comment_count": 0,
            "tree": {"sha": record.tree, "url": f"{base}/git/trees/{record.tree}"},
            "verification": dict(UNSIGNED),
        },
        "author": author,
        "committer": author,
        "parents": [_parent(u, repo, p) for p in record.parents],
        "stats": {"additions": 0, "deletions": 0, "total": 0},
        "files": [],
    }


def branch(world: World, u: Urls, repo: Repo, name: str, sha: str) -> dict[str, Any]:
    base = u.repo(repo)
    return {
        "name": name,
        "commit": commit(world, u, repo, sha),
        "_links": {
            "self": f"{base}/branches/{name}",
            "html": f"{u.html}/{repo.full_name}/tree/{name}",
        },
        "protected": False,
        "protection": {
            "enabled": False,
            "required_status_checks": {"enforcement_level": "off", "contexts": [], "checks": []},
        },
        "protection_url": f"{base}/branches/{name}/protection",
    }


def ref(u: Urls, repo: Repo, name: str, sha: str) -> dict[str, Any]:
    kind = repo.git.kind(sha) or "commit"
    return {
        "ref": name,
        "node_id": node_id("Ref", abs(hash((repo.id, name))) % 10**9),
        "url": f"{u.repo(repo)}/git/{name}",
        "object": {"type": kind, "sha": sha, "url": f"{u.repo(repo)}/git/{kind}s/{sha}"},
    }


def tree(u: Urls, repo: Repo, sha: str, *, recursive: bool, truncate: bool) -> dict[str, Any]:
    entries = repo.git.walk(sha) if recursive else [(e.name, e) for e in repo.git.trees[sha]]
    if truncate:
        entries = entries[: max(1, len(entries) // 2)]
    items = []
    for path, entry in entries:
        item: dict[str, Any] = {
            "path": path,
            "mode": entry.mode,
            "type": entry.type,
            "sha": entry.sha,
        }
        if entry.type == "blob":
            item["size"] = len(repo.git.blobs[entry.sha])
        if entry.type != "commit":
            item["url"] = f"{u.repo(repo)}/git/{entry.type}s/{entry.sha}"
        items.append(item)
    return {
        "sha": sha,
        "url": f"{u.repo(repo)}/git/trees/{sha}",
        "tree": items,
        "truncated": truncate,
    }


def blob(u: Urls, repo: Repo, sha: str) -> dict[str, Any]:
    data = repo.git.blobs[sha]
    return {
        "sha": sha,
        "node_id": node_id("Blob", int(sha[:8], 16)),
        "size": len(data),
        "url": f"{u.repo(repo)}/git/blobs/{sha}",
        "content": b64(data),
        "encoding": "base64",
    }


def content_entry(u: Urls, repo: Repo, path: str, sha: str, kind: str, ref: str) -> dict[str, Any]:
    """One contents-API entry (file or dir) without ``content``."""
    self_url = f"{u.repo(repo)}/contents/{path}?ref={ref}"
    git_url = f"{u.repo(repo)}/git/{'blobs' if kind == 'file' else 'trees'}/{sha}"
    html_url = f"{u.html}/{repo.full_name}/{'blob' if kind == 'file' else 'tree'}/{ref}/{path}"
    size = len(repo.git.blobs[sha]) if kind == "file" else 0
    raw = f"{u.html}/raw/{repo.full_name}/{ref}/{path}" if kind == "file" else None
    return {
        "type": kind,
        "size": size,
        "name": path.rsplit("/", 1)[-1],
        "path": path,
        "sha": sha,
        "url": self_url,
        "git_url": git_url,
        "html_url": html_url,
        "download_url": raw,
        "_links": {"self": self_url, "git": git_url, "html": html_url},
    }


def content_file(u: Urls, repo: Repo, path: str, sha: str, ref: str) -> dict[str, Any]:
    out = content_entry(u, repo, path, sha, "file", ref)
    out.update({"content": b64(repo.git.blobs[sha]), "encoding": "base64"})
    return out
