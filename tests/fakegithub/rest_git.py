"""REST operations on git data (trees, blobs, commits, refs) and the contents API."""

from __future__ import annotations

import base64
import binascii
import re
from typing import Any

from tests.fakegithub import payloads_git as pg
from tests.fakegithub.gitstore import BLOB_MODE, CommitObject, Signature
from tests.fakegithub.protocol import HttpError, Response, invalid
from tests.fakegithub.rest_router import Ctx, Route
from tests.fakegithub.world import resolve_commitish

_SHA = re.compile(r"^[0-9a-f]{40}$")
_MODES = {
    "100644": "blob",
    "100755": "blob",
    "120000": "blob",
    "040000": "tree",
    "160000": "commit",
}


def _nonempty(ctx: Ctx) -> None:
    if ctx.repo.empty:
        raise HttpError(409, "Git Repository is empty.")


def get_tree(ctx: Ctx) -> Response:
    _nonempty(ctx)
    git, key = ctx.repo.git, ctx.params["tree_sha"]
    sha = key if key in git.trees else None
    if sha is None and (commit := resolve_commitish(ctx.repo, key)):
        sha = git.commits[commit].tree
    if sha is None:
        raise HttpError(404)
    recursive = "recursive" in ctx.req.query  # any value turns it on, even "0" (GitHub docs)
    body = pg.tree(ctx.urls, ctx.repo, sha, recursive=recursive, truncate=ctx.truncate_tree)
    return Response(200, body)


def create_tree(ctx: Ctx) -> Response:
    body, git = ctx.req.fields(), ctx.repo.git
    entries = body.get("tree")
    if not isinstance(entries, list):
        raise invalid("Tree", "tree", "missing_field")
    flat: dict[str, tuple[str, str]] = {}
    if base := body.get("base_tree"):
        if base not in git.trees:
            raise HttpError(422, "base_tree is not a valid tree oid")
        flat = git.flatten(base)
    for entry in entries:
        _apply_entry(ctx, flat, entry)
    try:
        sha = git.build(flat)
    except ValueError as exc:
        raise HttpError(422, f"tree is invalid: {exc}") from exc
    payload = pg.tree(ctx.urls, ctx.repo, sha, recursive=False, truncate=False)
    return Response(201, payload, {"location": payload["url"]})


def _apply_entry(ctx: Ctx, flat: dict[str, tuple[str, str]], entry: Any) -> None:
    git = ctx.repo.git
    if not isinstance(entry, dict) or not isinstance(entry.get("path"), str):
        raise HttpError(422, "Invalid tree info")
    path, mode = entry["path"].strip("/"), entry.get("mode", BLOB_MODE)
    if mode not in _MODES or entry.get("type", _MODES[mode]) != _MODES[mode]:
        raise HttpError(422, f"tree.mode {mode!r} does not match tree.type for {path}")
    for old in [p for p in flat if p == path or p.startswith(path + "/")]:
        del flat[old]
    if "content" in entry:
        flat[path] = (mode, git.put_blob(str(entry["content"]).encode()))
        return
    sha = entry.get("sha")
    if sha is None:
        return  # sha: null deletes the path
    kind = git.kind(sha) if isinstance(sha, str) else None
    if kind is None or (kind != _MODES[mode] and mode != "160000"):
        raise HttpError(422, f"tree.sha {sha} is not a valid {_MODES[mode]}")
    if kind == "tree":
        flat.update({f"{path}/{p}": leaf for p, leaf in git.flatten(sha).items()})
    else:
        flat[path] = (mode, sha)


def create_blob(ctx: Ctx) -> Response:
    body = ctx.req.fields()
    content, encoding = body.get("content"), body.get("encoding", "utf-8")
    if not isinstance(content, str):
        raise invalid("Blob", "content", "missing_field")
    if encoding in ("utf-8", "utf8"):
        data = content.encode()
    elif encoding == "base64":
        try:
            data = base64.b64decode(content, validate=False)
        except binascii.Error as exc:
            raise invalid("Blob", "content", value="not base64") from exc
    else:
        raise invalid("Blob", "encoding", "invalid", value=encoding)
    sha = ctx.repo.git.put_blob(data)
    url = f"{ctx.urls.repo(ctx.repo)}/git/blobs/{sha}"
    return Response(201, {"url": url, "sha": sha}, {"location": url})


def get_blob(ctx: Ctx) -> Response:
    sha = ctx.params["file_sha"]
    if sha not in ctx.repo.git.blobs:
        raise HttpError(404)
    return Response(200, pg.blob(ctx.urls, ctx.repo, sha))


def _signature(ctx: Ctx, raw: Any) -> Signature:
    now = ctx.world.now()
    if not isinstance(raw, dict):
        return Signature(ctx.viewer, f"{ctx.viewer}@users.noreply.github.com", now)
    return Signature(str(raw.get("name")), str(raw.get("email")), str(raw.get("date") or now))


def create_commit(ctx: Ctx) -> Response:
    body, git = ctx.req.fields(), ctx.repo.git
    message, tree, parents = body.get("message"), body.get("tree"), body.get("parents", [])
    if not isinstance(message, str):
        raise invalid("Commit", "message", "missing_field")
    if tree not in git.trees:
        raise HttpError(422, "Tree SHA does not exist")
    if not isinstance(parents, list) or any(p not in git.commits for p in parents):
        raise HttpError(422, "Parent SHA does not exist or is not a commit object")
    author = _signature(ctx, body.get("author"))
    committer = _signature(ctx, body.get("committer")) if body.get("committer") else author
    sha = git.put_commit(CommitObject(tree, tuple(parents), message, author, committer))
    payload = pg.git_commit(ctx.urls, ctx.repo, sha)
    return Response(201, payload, {"location": payload["url"]})


def get_git_commit(ctx: Ctx) -> Response:
    sha = ctx.params["commit_sha"]
    if sha not in ctx.repo.git.commits:
        raise HttpError(404)
    return Response(200, pg.git_commit(ctx.urls, ctx.repo, sha))


def get_ref(ctx: Ctx) -> Response:
    name = f"refs/{ctx.params['ref']}"
    if name not in ctx.repo.refs:
        raise HttpError(404)
    return Response(200, pg.ref(ctx.urls, ctx.repo, name, ctx.repo.refs[name]))


def create_ref(ctx: Ctx) -> Response:
    body = ctx.req.fields()
    name, sha = body.get("ref"), body.get("sha")
    if not isinstance(name, str) or not name.startswith("refs/") or name.count("/") < 2:
        raise HttpError(422, "ref must start with 'refs' and have at least two slashes.")
    if not isinstance(sha, str) or ctx.repo.git.kind(sha) is None:
        raise HttpError(422, "Object does not exist")
    if name in ctx.repo.refs:
        raise HttpError(422, "Reference already exists")
    ctx.repo.refs[name] = sha
    payload = pg.ref(ctx.urls, ctx.repo, name, sha)
    return Response(201, payload, {"location": payload["url"]})


# What GitHub answers when a protected branch refuses an update through the API: 422 for refs
# (https://developer.github.com/changes/2015-09-03-ensure-your-app-is-ready-for-protected-branches/),
# with the rule's sentence; a ruleset's answer starts "Repository rule violations found".
_PROTECTED_DOCS = "https://docs.github.com/articles/about-protected-branches"
_REFUSALS = {
    "pull-request": ("Changes must be made through a pull request.", _PROTECTED_DOCS),
    "status-checks": ('Required status check "ci" is expected.', _PROTECTED_DOCS),
    "ruleset": (
        "Repository rule violations found\n\nChanges must be made through a pull request.\n\n",
        "https://docs.github.com/rest/git/refs#update-a-reference",
    ),
}


def refuse_if_protected(ctx: Ctx, branch: str, *, status: int = 422, prefix: str = "") -> None:
    """Answer as GitHub does when ``branch`` is protected (``world.protect_branch``)."""
    how = ctx.repo.protected.get(branch)
    if how is not None:
        message, docs = _REFUSALS[how]
        raise HttpError(status, prefix + message, documentation_url=docs)


def update_ref(ctx: Ctx) -> Response:
    body, repo = ctx.req.fields(), ctx.repo
    name, sha = f"refs/{ctx.params['ref']}", body.get("sha")
    if name not in repo.refs:
        raise HttpError(422, "Reference does not exist")
    if not isinstance(sha, str) or not _SHA.match(sha) or repo.git.kind(sha) is None:
        raise HttpError(422, "Object does not exist")
    if name.startswith("refs/heads/"):
        refuse_if_protected(ctx, name.removeprefix("refs/heads/"))
    if not body.get("force") and not repo.git.is_ancestor(repo.refs[name], sha):
        raise HttpError(422, "Update is not a fast forward")  # how a moved branch shows up
    repo.refs[name] = sha
    if name == f"refs/heads/{repo.default_branch}":
        repo.pushed_at = repo.updated_at = ctx.world.now()
    return Response(200, pg.ref(ctx.urls, repo, name, sha))


def get_contents(ctx: Ctx) -> Response:
    repo = ctx.repo
    if repo.empty:
        raise HttpError(404, "This repository is empty.")
    ref = ctx.req.query.get("ref") or repo.default_branch
    sha = resolve_commitish(repo, ref)
    if sha is None:
        raise HttpError(404, f"No commit found for the ref {ref}")
    path = ctx.params.get("path", "").strip("/")
    entry = repo.git.lookup(repo.git.commits[sha].tree, path)
    if entry is None:
        raise HttpError(404)
    if entry.type == "blob":
        return Response(200, pg.content_file(ctx.urls, repo, path, entry.sha, ref))
    children = []
    for child in repo.git.trees[entry.sha]:
        kind = {"blob": "file", "tree": "dir", "commit": "submodule"}[child.type]
        child_path = f"{path}/{child.name}" if path else child.name
        children.append(pg.content_entry(ctx.urls, repo, child_path, child.sha, kind, ref))
    return Response(200, children)


def put_contents(ctx: Ctx) -> Response:
    body, repo = ctx.req.fields(), ctx.repo
    path = ctx.params["path"].strip("/")
    message, content = body.get("message"), body.get("content")
    if not isinstance(message, str) or not isinstance(content, str):
        raise invalid(
            "Contents", "message" if not isinstance(message, str) else "content", "missing_field"
        )
    try:
        data = base64.b64decode(content, validate=False)
    except binascii.Error as exc:
        raise HttpError(422, "content is not valid Base64") from exc
    branch = body.get("branch") or repo.default_branch
    head = repo.refs.get(f"refs/heads/{branch}")
    if head is None and not repo.empty:
        raise HttpError(404, f"Branch {branch} not found")
    refuse_if_protected(ctx, branch, status=409, prefix="Could not update file: ")
    flat = repo.git.flatten(repo.git.commits[head].tree) if head else {}
    existing = flat.get(path)
    if existing and body.get("sha") != existing[1]:
        if body.get("sha") is None:
            raise HttpError(422, 'Invalid request.\n\n"sha" wasn\'t supplied.')
        raise HttpError(409, f"{path} does not match {body['sha']}")
    blob = repo.git.put_blob(data)
    flat[path] = (existing[0] if existing else BLOB_MODE, blob)
    author = _signature(ctx, body.get("author") or body.get("committer"))
    commit = CommitObject(repo.git.build(flat), (head,) if head else (), message, author, author)
    sha = repo.git.put_commit(commit)
    repo.refs[f"refs/heads/{branch}"] = sha
    repo.pushed_at = repo.updated_at = ctx.world.now()
    content_payload = pg.content_entry(ctx.urls, repo, path, blob, "file", branch)
    payload = {"content": content_payload, "commit": pg.git_commit(ctx.urls, repo, sha)}
    return Response(200 if existing else 201, payload)


ROUTES = [
    Route("GET", "/git/trees/{tree_sha}", "git/get-tree", get_tree),
    Route("POST", "/git/trees", "git/create-tree", create_tree),
    Route("POST", "/git/blobs", "git/create-blob", create_blob),
    Route("GET", "/git/blobs/{file_sha}", "git/get-blob", get_blob),
    Route("POST", "/git/commits", "git/create-commit", create_commit),
    Route("GET", "/git/commits/{commit_sha}", "git/get-commit", get_git_commit),
    Route("GET", "/git/ref/{ref+}", "git/get-ref", get_ref),
    Route("POST", "/git/refs", "git/create-ref", create_ref),
    Route("PATCH", "/git/refs/{ref+}", "git/update-ref", update_ref),
    Route("GET", "/contents", "repos/get-content", get_contents),
    Route("GET", "/contents/{path+}", "repos/get-content", get_contents),
    Route("PUT", "/contents/{path+}", "repos/create-or-update-file-contents", put_contents),
]
