"""Snapshots of many GitHub repos from a few batched GraphQL queries (the SnapshotProvider)."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Any

from roadmap_bot.adapters.evidence.setup import Setup
from roadmap_bot.adapters.github.answers import (
    Entry,
    blob_text,
    error_problem,
    head_info,
    origin_ref,
    renamed_note,
    state_problem,
    tree_entries,
    undecoded_oid,
    workflow_texts,
)
from roadmap_bot.adapters.github.batching import chunks, pack, run_split
from roadmap_bot.adapters.github.graphql_post import GraphQLPoster
from roadmap_bot.adapters.github.http import Transport
from roadmap_bot.adapters.github.queries import (
    ROOT_CANDIDATES,
    TREE_DEPTH,
    WORKFLOWS_DIR,
    RepoName,
    TextsRequest,
    TreeRequest,
    heads_query,
    texts_query,
    trees_query,
)
from roadmap_bot.adapters.github.rest_reads import list_tree, read_blob
from roadmap_bot.adapters.github.work import Work, plan, respell
from roadmap_bot.core.evidence.paths import own_paths
from roadmap_bot.core.evidence.snapshot import (
    MAX_TEXT_BYTES,
    FileKind,
    Origin,
    Progress,
    RepoSnapshot,
    SnapshotOutcome,
    Unchanged,
    Wanted,
    cap_texts,
    classify,
    decode_text,
    wanted_paths,
    wants_content,
)
from roadmap_bot.core.repos import RepoKind, RepoRef
from roadmap_bot.errors import GitHubError

# Batch sizes. Query 1 names no connections and returns ~200 bytes a repo: 100 a request keeps
# it well inside 10 s. Queries 2 and 3 make GitHub walk trees and read blobs; GitHub stops any
# query at 10 s, so a batch is sized to finish in a few seconds even for mid-sized repos (~25
# repos of a few hundred files, a few MB of answer). A batch that fails anyway is split in two.
HEADS_BATCH = 100
TREES_BATCH = 50
TEXTS_PER_QUERY = 500
TEXT_BYTES_PER_QUERY = 8 * 1024 * 1024
MAX_FETCH_BYTES = 4 * MAX_TEXT_BYTES  # larger files are not read at all (the checks cut at 1 MiB)
MAX_RAW_READS = 5  # per repo: wanted files GitHub sent no text for, read by REST and decoded here
MAX_ORIGIN_READMES = 3  # per repo: its shallowest READMEs, read from its origin at the same path


def claims(ref: RepoRef) -> str | None:
    """``owner/name`` or a github.com URL is this provider's, read as ``owner/name``."""
    return ref.value if ref.kind is RepoKind.GITHUB else None


def build(setup: Setup) -> GraphQLSnapshotProvider | None:
    """The provider over the run's connection; None offline (no GitHub in this run)."""
    transport = setup.connect()
    return None if transport is None else GraphQLSnapshotProvider(transport)


class GraphQLSnapshotProvider:
    """Fetch snapshots of ``owner/name`` repos: heads first, then trees and texts of changed ones.

    It sends through the run's ``Transport`` (its one connection to GitHub), which it does not
    own: whoever opened the connection closes it and reads its stats."""

    def __init__(
        self,
        transport: Transport,
        *,
        batch_size: int = TREES_BATCH,
        heads_batch_size: int = HEADS_BATCH,
        depth: int = TREE_DEPTH,
    ) -> None:
        self._transport = transport
        self._graphql = GraphQLPoster(transport)
        self._batch = max(1, batch_size)
        self._heads_batch = max(1, heads_batch_size)
        self._depth = max(1, depth)

    def fetch(
        self,
        repos: Sequence[str],
        *,
        known_heads: Mapping[str, str],
        extra: Wanted | None = None,
        progress: Progress | None = None,
    ) -> dict[str, SnapshotOutcome]:
        """Return one outcome per requested repo string; per-repo failures are RepoProblems.

        ``progress`` hears once, when all are read (they are read together, in batches)."""
        done, spellings, work = plan(repos)
        known = {}
        for key, texts in spellings.items():
            head = next((known_heads[t] for t in texts if t in known_heads), None)
            if head is not None:
                known[key] = head
        outcomes = self._heads(work, known)
        changed = [w for k, w in work.items() if k not in outcomes]
        outcomes.update(self._trees(changed, extra))
        for item in changed:
            if item.key not in outcomes and item.incomplete:
                self._rest_tree(item)
        self._texts([w for w in changed if w.key not in outcomes], extra)
        for item in changed:
            if item.key not in outcomes:
                self._raw_texts(item, extra)
        readable = [w for w in changed if w.key not in outcomes]
        self._origins([w for w in readable if w.origin_ref], extra, readable)
        for item in changed:
            if item.key not in outcomes:
                outcomes[item.key] = self._snapshot(item, extra)
        for key, texts in spellings.items():
            for text in texts:
                done[text] = respell(outcomes[key], text)
        if progress is not None and repos:
            progress(len(repos), len(repos), repos[-1])
        return done

    # -- query 1 --------------------------------------------------------------------------

    def _heads(
        self, work: Mapping[str, Work], known: Mapping[str, str]
    ) -> dict[str, SnapshotOutcome]:
        outcomes: dict[str, SnapshotOutcome] = {}
        items = [work[k] for k in known]

        def run(chunk: list[Work]) -> None:
            data, errors = self._graphql.post(heads_query([w.name for w in chunk]))
            for i, item in enumerate(chunk):
                node = _readable(item, i, data, errors, outcomes)
                if node is not None and item.info is not None and item.info.oid == known[item.key]:
                    outcomes[item.key] = Unchanged(item.label, item.info.oid)

        self._in_batches(items, self._heads_batch, run, outcomes)
        return outcomes

    # -- query 2 --------------------------------------------------------------------------

    def _trees(self, items: list[Work], extra: Wanted | None) -> dict[str, SnapshotOutcome]:
        outcomes: dict[str, SnapshotOutcome] = {}
        roots = tuple(
            p for p in ROOT_CANDIDATES if wants_content(p) or (extra is not None and extra(p))
        )

        def run(chunk: list[Work], depth: int = self._depth) -> None:
            requests = [TreeRequest(w.name, w.oid, roots) for w in chunk]
            data, errors = self._graphql.post(trees_query(requests, depth=depth))
            for i, item in enumerate(chunk):
                node = _readable(item, i, data, errors, outcomes)
                if node is None:
                    continue
                tree = node.get("tree")
                item.tree_oid = (tree or {}).get("oid")
                item.entries, item.incomplete = tree_entries(tree)
                item.origin_ref = origin_ref(node)
                item.texts.update(workflow_texts(node.get("workflows"), WORKFLOWS_DIR))
                item.tried.update(item.texts)
                for j, path in enumerate(roots):
                    item.tried.add(path)
                    self._keep(item, path, node.get(f"f{j}"))

        def shallow(chunk: list[Work]) -> None:
            run(chunk, depth=1)  # a tree too big for one query: list it by REST instead

        self._in_batches(items, self._batch, run, outcomes, last_resort=shallow)
        return outcomes

    # -- the REST fallback for deep trees -------------------------------------------------------

    def _rest_tree(self, item: Work) -> None:
        """List the whole tree with one REST call (GitHub caps it at 100,000 entries / 7 MB)."""
        if not (item.info and item.info.oid):
            return
        try:
            found = list_tree(self._transport, item.info.name_with_owner, item.tree_oid or item.oid)
        except GitHubError as exc:
            if exc.status is None or exc.status in (401, 403, 429):
                raise
            item.truncated = True  # keep the shallow listing, and say it is partial
            return
        item.entries, item.truncated = found
        item.wanted = None
        item.incomplete = False

    def _raw_texts(self, item: Work, extra: Wanted | None) -> None:
        """Read wanted files GitHub would not decode, and decode them as the checks do."""
        if not item.undecoded or not item.info:
            return
        wanted = self._wanted(item, extra)
        todo = [(p, oid) for p, oid in sorted(item.undecoded.items()) if p in wanted]
        for path, oid in todo[:MAX_RAW_READS]:
            data = read_blob(self._transport, item.info.name_with_owner, oid)
            text = decode_text(data[:MAX_TEXT_BYTES], truncated=len(data) > MAX_TEXT_BYTES)
            if text is not None:
                item.texts[path] = text

    # -- query 3 --------------------------------------------------------------------------

    def _texts(self, items: list[Work], extra: Wanted | None) -> None:
        jobs: list[tuple[Work, str, int]] = []
        for item in items:
            wanted = self._wanted(item, extra)
            found = {e.path: e for e in item.entries if e.path in wanted}  # ~47 of ~300 entries
            for path in sorted(wanted):
                entry = found.get(path)
                size, symlink = (entry.size or 0, entry.symlink) if entry else (0, False)
                if path not in item.tried and not symlink and size <= MAX_FETCH_BYTES:
                    jobs.append((item, path, size))
        groups = pack(jobs, count=TEXTS_PER_QUERY, budget=TEXT_BYTES_PER_QUERY, weight=_size)
        for group in groups:
            # a text GitHub cannot return even alone is left out: the checks see it as absent
            run_split(
                group, self._run_texts, splittable=self._graphql.splittable, single_failed=_skip
            )

    def _run_texts(self, jobs: list[tuple[Work, str, int]]) -> None:
        by_repo: dict[str, tuple[Work, list[str]]] = {}
        for item, path, _size in jobs:
            by_repo.setdefault(item.key, (item, []))[1].append(path)
        requests = [
            TextsRequest(item.name, item.oid, tuple(paths)) for item, paths in by_repo.values()
        ]
        data, _errors = self._graphql.post(texts_query(requests))
        for i, (item, paths) in enumerate(by_repo.values()):
            node = data.get(f"r{i}") or {}
            for j, path in enumerate(paths):
                item.tried.add(path)
                self._keep(item, path, node.get(f"x{j}"))

    @staticmethod
    def _keep(item: Work, path: str, node: Mapping[str, Any] | None) -> None:
        text = blob_text(node)
        if text is not None:
            item.texts[path] = text
            return
        oid = undecoded_oid(node, MAX_FETCH_BYTES)
        if oid is not None:
            item.undecoded[path] = oid

    # -- the origins: a fork's parent, a generated repo's template ---------------------------

    def _origins(self, items: list[Work], extra: Wanted | None, read: list[Work]) -> None:
        """Read each origin's tree and README at its HEAD, and the blob ids of the forks (and
        generated repos) themselves, which the tree query leaves out: query 2 again with blob
        ids, one request per batch however many linked repos share an origin. An origin that
        is itself a linked repo read in this fetch at that HEAD gives its README as read; only
        its blob ids are asked. A repo whose origin, or whose own blob ids, GitHub does not
        answer for is judged as a whole (``origin`` None)."""
        users: dict[tuple[str, str], list[Work]] = {}
        for item in items:
            ref = item.origin_ref
            if ref is not None and ref.head and "/" in ref.name_with_owner:
                users.setdefault((ref.name_with_owner.lower(), ref.head), []).append(item)
        linked: dict[tuple[str, str], Work] = {}
        for other in read:
            info = other.info
            key = (info.name_with_owner.lower(), info.oid or "") if info else ("", "")
            if key in users and not (other.incomplete or other.truncated):
                linked[key] = other
        remote = [key for key in users if key not in linked]
        readmes = {
            key: tuple(sorted({p for w in users[key] for p in self._readmes(w, extra)}))
            for key in remote
        }
        need = [*(w for key in users for w in users[key]), *linked.values()]
        own = list({id(w): w for w in need if not _has_blob_ids(w)}.values())
        units: list[tuple[str, str] | Work] = [*remote, *own]

        def run(chunk: list[tuple[str, str] | Work]) -> None:
            requests = []
            for unit in chunk:
                if isinstance(unit, Work):
                    requests.append(TreeRequest(unit.name, unit.oid, ()))
                    continue
                ref = users[unit][0].origin_ref
                assert ref is not None and ref.head is not None
                owner, name = ref.name_with_owner.split("/", 1)
                requests.append(TreeRequest(RepoName(owner, name), ref.head, readmes[unit]))
            # blob ids and READMEs only: the workflows' texts were read with the linked repos
            query = trees_query(requests, depth=self._depth, blob_ids=True, workflows=False)
            data, _errors = self._graphql.post(query)
            for i, unit in enumerate(chunk):
                node = data.get(f"r{i}")
                if node is None:
                    continue
                if isinstance(unit, Work):
                    _with_blob_ids(unit, node)
                else:
                    self._origin_read(node, readmes[unit], users[unit])

        for batch in chunks(units, self._batch):
            run_split(batch, run, splittable=self._graphql.splittable, single_failed=_skip_origin)
        for key, other in linked.items():
            if _has_blob_ids(other):
                _give(users[key], {e.path: e.oid for e in other.entries if e.oid}, other.texts)
        for item in (w for found in users.values() for w in found):
            if not _has_blob_ids(item):
                item.origin = None  # nothing to compare with the origin's: judged whole

    def _readmes(self, item: Work, extra: Wanted | None) -> list[str]:
        self._wanted(item, extra)  # sets item.kinds
        found = (item.kinds or {}).get(FileKind.README, ())
        return sorted(found, key=_shallow_first)[:MAX_ORIGIN_READMES]

    def _origin_read(
        self, node: Mapping[str, Any], readmes: Sequence[str], users: list[Work]
    ) -> None:
        entries, incomplete = tree_entries(node.get("tree"))
        if incomplete:
            entries = self._origin_rest_tree(node, entries)  # deeper than the query reads
        blobs = {e.path: e.oid for e in entries if e.oid}
        texts = {p: t for j, p in enumerate(readmes) if (t := blob_text(node.get(f"f{j}")))}
        _give(users, blobs, texts)

    def _origin_rest_tree(self, node: Mapping[str, Any], shallow: list[Entry]) -> list[Entry]:
        """An origin's whole listing by REST (one call, as for a deep linked repo); on failure
        the shallow one: files below it count as the learner's."""
        tree = node.get("tree") or {}
        name, oid = node.get("nameWithOwner"), tree.get("oid")
        if not name or not oid:
            return shallow
        try:
            return list_tree(self._transport, str(name), str(oid))[0]
        except GitHubError as exc:
            if exc.status is None or exc.status in (401, 403, 429):
                raise
            return shallow

    # -- assembling -------------------------------------------------------------------------

    def _snapshot(self, item: Work, extra: Wanted | None) -> RepoSnapshot:
        info = item.info
        assert info is not None
        wanted = self._wanted(item, extra)
        texts, unread = cap_texts({p: t for p, t in item.texts.items() if p in wanted})
        return RepoSnapshot(
            repo=item.label,
            head=info.oid,
            paths=item.paths,
            texts=texts,
            unread=unread,
            default_branch=info.branch,
            ci_status=info.ci_status,
            truncated=item.truncated or item.incomplete,
            note=renamed_note(f"{item.name.owner}/{item.name.name}", info),
            kinds=item.kinds,
            own=item.own,
            # only a fork's or a generated repo's blob ids are compared with anything
            blobs={e.path: e.oid for e in item.entries if e.oid} if item.origin else {},
            origin=item.origin,
        )

    @staticmethod
    def _wanted(item: Work, extra: Wanted | None) -> frozenset[str]:
        """The texts the checks will read from this repo (its listing is final by now)."""
        if item.wanted is None:
            item.paths = tuple(sorted({e.path for e in item.entries}))  # (a path once)
            item.kinds = classify(item.paths)
            item.own = tuple(own_paths(item.paths))
            chosen = wanted_paths(item.paths, extra=extra, kinds=item.kinds, own=item.own)
            item.wanted = frozenset(chosen)
        return item.wanted

    def _in_batches(
        self,
        items: list[Work],
        size: int,
        run: Callable[[list[Work]], None],
        outcomes: dict[str, SnapshotOutcome],
        *,
        last_resort: Callable[[list[Work]], None] | None = None,
    ) -> None:
        """Run ``run`` over batches; a repo failing alone gets ``last_resort``, then a problem."""

        def failed(item: Work, error: GitHubError) -> None:
            if last_resort is not None:
                self._in_batches([item], 1, last_resort, outcomes)
            else:
                outcomes[item.key] = error_problem(item.label, None, str(error))

        for batch in chunks(items, size):
            run_split(batch, run, splittable=self._graphql.splittable, single_failed=failed)


def _size(job: tuple[Work, str, int]) -> int:
    return job[2]


def _skip(job: tuple[Work, str, int], error: GitHubError) -> None:
    return None


def _give(users: list[Work], blobs: Mapping[str, str], texts: Mapping[str, str]) -> None:
    """Set each repo's ``origin`` from its origin's blob ids and README texts (by path)."""
    for item in users:
        ref = item.origin_ref
        assert ref is not None
        mine = sorted((item.kinds or {}).get(FileKind.README, ()), key=_shallow_first)
        readme = next((texts[p] for p in mine if texts.get(p)), None)
        item.origin = Origin(
            ref.kind,
            ref.name_with_owner,
            ref.head,
            {p: blobs[p] for p in item.paths if p in blobs},
            readme,
        )


def _shallow_first(path: str) -> tuple[int, str]:
    return (path.count("/"), path)


def _skip_origin(unit: tuple[str, str] | Work, error: GitHubError) -> None:
    return None  # an origin (or a fork's own listing) GitHub cannot return: judged whole


def _has_blob_ids(item: Work) -> bool:
    """Whether the repo's listing carries blob ids (asked for in the origins' query; a listing
    by REST has them already)."""
    return any(e.oid for e in item.entries)


def _with_blob_ids(item: Work, node: Mapping[str, Any]) -> None:
    """Take the blob ids of the repo's own listing, read again with them at the same commit
    (a listing the query could not read whole keeps none: the repo is judged whole)."""
    entries, incomplete = tree_entries(node.get("tree"))
    ids = {e.path: e.oid for e in entries if e.oid}
    if not incomplete and ids:
        item.entries = [e if e.oid else e._replace(oid=ids.get(e.path)) for e in item.entries]


def _readable(
    item: Work,
    i: int,
    data: Mapping[str, Any],
    errors: Mapping[tuple[str, ...], Any],
    outcomes: dict[str, SnapshotOutcome],
) -> Mapping[str, Any] | None:
    """The repo's node under alias ``r{i}`` with ``item.info`` set, or None with its problem
    recorded in ``outcomes`` (missing, no access, empty, archived, ...)."""
    node: Mapping[str, Any] | None = data.get(f"r{i}")
    if node is None:
        outcomes[item.key] = error_problem(item.label, errors.get((f"r{i}",)))
        return None
    item.info = head_info(node)
    problem = state_problem(item.label, item.info)
    if problem is not None:
        outcomes[item.key] = problem
        return None
    return node
