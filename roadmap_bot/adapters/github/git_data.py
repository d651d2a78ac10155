"""Read files and write one multi-file commit through GitHub's Git Data API.

The default branch is never forced; only the bot's own pull-request branch is (``pulls.py``).
"""

from __future__ import annotations

import base64
from collections.abc import Mapping

from github import GithubException, InputGitTreeElement, UnknownObjectException
from github.GitRef import GitRef
from github.GitTree import GitTree
from github.Repository import Repository

from roadmap_bot.adapters.files import blob_id
from roadmap_bot.adapters.github.errors import error_message
from roadmap_bot.errors import BranchProtectedError

FILE_MODE = "100644"


def head(repo: Repository) -> tuple[str, str]:
    """(default branch, its head sha): one GET of the repo (cached by PyGithub) and one of the ref."""
    branch = repo.default_branch
    ref = repo.get_git_ref(f"heads/{branch}")  # lazy: the GET happens on reading .object
    return branch, str(ref.object.sha)


def read_file(repo: Repository, path: str, ref: str | None) -> bytes | None:
    """A file's bytes, or None when absent; files over 1 MB come from the blob API."""
    try:
        found = repo.get_contents(path, ref=ref) if ref else repo.get_contents(path)
    except UnknownObjectException:
        return None
    if isinstance(found, list):
        return None  # a directory, not a file
    if found.type != "file":  # a symlink or submodule (a found file is complete: no GET)
        return None
    if found.encoding == "base64" and found.content is not None:
        return base64.b64decode(found.content)
    # the contents API leaves `content` empty for 1-100 MB files: read the blob instead
    blob = repo.get_git_blob(str(found.sha))
    return base64.b64decode(blob.content or "")


def commit(
    repo: Repository, files: Mapping[str, bytes | None], message: str, parent: str
) -> tuple[str, list[str]]:
    """Commit ``files`` over ``parent`` on the default branch; return the new (or same) head
    and the paths that changed (none: nothing was written). A refusing (protected) branch
    raises BranchProtectedError; a moved one ConflictError (errors.py: "not a fast forward")."""
    sha, changed = build_commit(repo, files, message, parent)
    if sha is None:
        return parent, []
    move_branch(repo, repo.default_branch, sha, force=False)
    return sha, changed


def build_commit(
    repo: Repository, files: Mapping[str, bytes | None], message: str, parent: str
) -> tuple[str | None, list[str]]:
    """A commit of ``files`` over ``parent`` that no branch points to yet (None: no change)."""
    parent_commit = repo.get_git_commit(parent)
    tree_sha = str(parent_commit.tree.sha)
    changes = _changes(repo, files, _tree_listing(repo, tree_sha))
    if not changes:
        return None, []
    base = GitTree(repo.requester, attributes={"sha": tree_sha}, completed=True)
    tree = repo.create_git_tree([element for _, element in changes], base_tree=base)
    new_commit = repo.create_git_commit(message, tree, [parent_commit])
    return str(new_commit.sha), [path for path, _ in changes]


def move_branch(repo: Repository, branch: str, sha: str, *, force: bool) -> None:
    """Point ``branch`` at ``sha``; a branch that refuses the bot (protection, a ruleset) raises
    BranchProtectedError with GitHub's reason."""
    ref = GitRef(repo.requester, url=f"{repo.url}/git/refs/heads/{branch}")  # lazy, no GET
    try:
        ref.edit(sha=sha, force=force)
    except GithubException as exc:
        refusal = protection_refusal(exc.status, exc.data)
        if refusal is None:
            raise
        raise BranchProtectedError(
            f"`{branch}` refused the bot's push ({exc.status}: {refusal})", status=exc.status
        ) from exc


def create_branch(repo: Repository, branch: str, sha: str) -> None:
    repo.create_git_ref(f"refs/heads/{branch}", sha)


def commit_blobs(repo: Repository, commit_sha: str) -> dict[str, str]:
    """path → blob id of every file in a commit (one GET of the commit, one of its tree)."""
    tree_sha = str(repo.get_git_commit(commit_sha).tree.sha)
    return {path: sha for path, (sha, _mode) in _tree_listing(repo, tree_sha).items()}


# Words of GitHub's answers when a protected branch or a ruleset refuses an update through the
# API (422; "Repository rule violations found" for rulesets, the rule's sentence for branch
# protection); "Update is not a fast forward" is a moved branch, not protection.
_PROTECTION_WORDS = (
    "protected branch",
    "rule violation",
    "through a pull request",
    "status check",
    "approving review",
    "cannot force-push",
    "push to this branch",
    "push declined",
)


def protection_refusal(status: int, body: object) -> str | None:
    """GitHub's reason when ``status``/``body`` is a protection refusal, else None."""
    if status not in (403, 409, 422):
        return None
    message = " ".join(error_message(body)[:2000].split())  # an answer's text, bounded
    lowered = message.lower()
    if "fast forward" in lowered or not any(word in lowered for word in _PROTECTION_WORDS):
        return None
    return message


def _tree_listing(repo: Repository, tree_sha: str) -> dict[str, tuple[str, str]]:
    """path → (blob sha, mode) of the parent's tree (at most 100,000 entries: GitHub's cap)."""
    tree = repo.get_git_tree(tree_sha, recursive=True)
    listing = {
        str(item.path): (str(item.sha), str(item.mode or FILE_MODE))
        for item in tree.tree or ()
        if item.type == "blob"
    }
    return listing


def _changes(
    repo: Repository,
    files: Mapping[str, bytes | None],
    existing: Mapping[str, tuple[str, str]],
) -> list[tuple[str, InputGitTreeElement]]:
    """(path, tree entry) for the files that differ from the parent; blobs only for binaries."""
    elements: list[tuple[str, InputGitTreeElement]] = []
    for path, content in sorted(files.items()):
        old = existing.get(path)
        if content is None:
            if old is not None:  # sha null deletes the path (GitHub docs, create a tree)
                elements.append((path, InputGitTreeElement(path, old[1], "blob", sha=None)))
            continue
        if old is not None and old[0] == blob_id(content):  # unchanged: no upload
            continue
        mode = old[1] if old and old[1] in ("100644", "100755") else FILE_MODE
        text = _utf8(content)
        if text is not None:  # text travels inside the tree request: no blob request per file
            elements.append((path, InputGitTreeElement(path, mode, "blob", content=text)))
            continue
        blob = repo.create_git_blob(base64.b64encode(content).decode("ascii"), "base64")
        elements.append((path, InputGitTreeElement(path, mode, "blob", sha=str(blob.sha))))
    return elements


def _utf8(content: bytes) -> str | None:
    """The text of UTF-8 content that survives GitHub's text round trip unchanged, else None."""
    try:
        text = content.decode("utf-8")
    except UnicodeDecodeError:
        return None
    return text if "\x00" not in text and "\r" not in text else None
