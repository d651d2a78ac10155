"""Snapshot provider for git URLs: ls-remote first, then a shallow blob-less clone, few blobs.

Per URL: ``git ls-remote --symref URL HEAD`` (an unchanged HEAD costs nothing more and answers
Unchanged); else a ``--depth 1 --filter=blob:none`` bare clone in ``cache_dir`` (one folder per
URL, refreshed with a shallow fetch later), ``git ls-tree -r`` for the paths, one batched fetch
of the wanted blobs, and ``git cat-file --batch`` to read them. A server without partial-clone
support simply sends every blob. Credentials in a URL never appear in a reason or an error.

A linked repo's URL comes from someone's roadmap or a ``/link`` command, so before git sees it:
its host must be one of ``hosts`` (github.com, gitlab.com, bitbucket.org, the GitHub Enterprise
host of ``GITHUB_SERVER_URL`` and any in ``ROADMAP_BOT_GIT_HOSTS``), no host or path may start
with ``-`` (git would read it as an option), the host must not resolve to a loopback, private,
link-local or otherwise internal address, and git may speak only https, ssh and git. ``file://``
URLs and internal hosts are read only with ``allow_local`` (``sync --offline`` on one's own
machine, ``check`` on a URL one typed, the tests), which also lifts the host list when
``hosts`` is None. Every URL reaches git after ``--``. What is read is bounded: at most
``MAX_PATHS`` paths, each blob streamed and cut at ``MAX_TEXT_BYTES`` (never held whole), at
most ``MAX_REPO_TEXT_BYTES`` a repo, and ``budget`` seconds a repo, after which it is
``TooLarge`` (cached by its head: the next run does not try again until it changes).
"""

from __future__ import annotations

import contextlib
import hashlib
import ipaddress
import os
import re
import socket
import subprocess
import threading
import time
from collections.abc import Callable, Collection, Iterator, Mapping, Sequence
from pathlib import Path
from typing import IO
from urllib.parse import urlsplit

from roadmap_bot.adapters.evidence.limits import ByteBudget, cap_paths, each_repo
from roadmap_bot.adapters.evidence.setup import DEFAULT_GIT_HOSTS, Setup
from roadmap_bot.core.evidence.snapshot import (
    MAX_PATHS,
    MAX_REPO_TEXT_BYTES,
    MAX_TEXT_BYTES,
    TIME_BUDGET,
    ProblemKind,
    Progress,
    RepoProblem,
    RepoSnapshot,
    SnapshotOutcome,
    TooLarge,
    Unchanged,
    Wanted,
    decode_text,
    over_repo_cap,
    read_order,
    wanted_paths,
)
from roadmap_bot.core.repos import RepoKind, RepoRef, strip_userinfo
from roadmap_bot.errors import GitFailed, Refused

GIT_TIMEOUT = 300  # seconds for one git command (a clone of a large tree)
# bytes one fetch of a repo's wanted blobs may receive: what is read from a repo at most, and a
# file's worth more (packs are compressed, so the texts read fit well within it)
FETCH_CAP = MAX_REPO_TEXT_BYTES + MAX_TEXT_BYTES
HOSTS_ENV = "ROADMAP_BOT_GIT_HOSTS"  # more hosts, comma-separated
_SYMLINK, _SUBMODULE = "120000", "160000"
_REF = "refs/heads/snapshot"  # where the cache keeps the fetched HEAD


def _redact(text: str) -> str:
    return strip_userinfo(text, mask="***")  # ``https://***@host/x``: a URL's credentials hidden


def claims(ref: RepoRef) -> str | None:
    """A git URL (``https://…``, ``git@host:…``, ``file://…``) not on github.com is this
    provider's, read as written."""
    return ref.value if ref.kind is RepoKind.GIT else None


def build(setup: Setup) -> GitUrlProvider:
    return GitUrlProvider(
        setup.git_cache, hosts=setup.hosts, allow_local=setup.allow_local, budget=setup.budget
    )


def git_hosts_from_env(env: Mapping[str, str]) -> frozenset[str]:
    """The hosts links may name: the defaults, the GitHub Enterprise host Actions runs on
    (``GITHUB_SERVER_URL``) and any listed in ``ROADMAP_BOT_GIT_HOSTS``."""
    hosts = set(DEFAULT_GIT_HOSTS)
    server = urlsplit(env.get("GITHUB_SERVER_URL", "")).hostname
    if server:
        hosts.add(server.lower())
    hosts.update(h.strip().lower() for h in env.get(HOSTS_ENV, "").split(",") if h.strip())
    return frozenset(hosts)


def url_parts(url: str) -> tuple[str, str | None, str]:
    """(scheme, host, path) of a git URL: ``scheme://[user@]host[:port]/path`` or scp-like
    ``user@host:path`` (scheme ``ssh``)."""
    if "://" in url:
        parts = urlsplit(url)
        host = parts.hostname if parts.netloc else None
        return parts.scheme.lower(), host, parts.path
    userhost, _, path = url.partition(":")
    return "ssh", userhost.rpartition("@")[2].lower() or None, path


def check_url(
    url: str,
    hosts: Collection[str] | None,
    *,
    allow_local: bool,
    resolve: Callable[[str], list[str]] | None = None,
) -> None:
    """Raise Refused unless ``url`` may be handed to git (see the module docstring)."""
    scheme, host, path = url_parts(url)
    if scheme == "file":
        if not allow_local:
            raise Refused("file:// URLs are read only by `check` and `sync --offline`")
        return
    if scheme not in ("https", "http", "ssh", "git"):
        raise Refused(f"{scheme}:// is not a protocol the bot speaks (https, http, ssh or git)")
    if not host:
        raise Refused("the URL names no host")
    if host.startswith("-") or path.lstrip("/").startswith("-"):
        raise Refused("a host or path starting with '-' would be read by git as an option")
    if hosts is not None and host not in hosts:
        allowed = ", ".join(sorted(hosts))
        raise Refused(f"{host} is not a host links may name ({allowed}; add more in {HOSTS_ENV})")
    if allow_local:
        return
    for address in (resolve or _addresses)(host):
        ip = ipaddress.ip_address(address.split("%", 1)[0])
        if not ip.is_global or ip.is_multicast:
            raise Refused(f"{host} resolves to {ip}, an internal address the bot never contacts")


def _addresses(host: str) -> list[str]:
    try:
        infos = socket.getaddrinfo(host, None, proto=socket.IPPROTO_TCP)
    except (OSError, UnicodeError):
        return []  # unresolvable: git fails with its own message
    return [str(info[4][0]) for info in infos]


class GitUrlProvider:
    """Snapshots of repos reachable by git URL (https, ssh, file)."""

    def __init__(
        self,
        cache_dir: Path,
        *,
        hosts: Collection[str] | None = DEFAULT_GIT_HOSTS,
        allow_local: bool = False,
        budget: float | None = TIME_BUDGET,
        clock: Callable[[], float] = time.monotonic,
        resolve: Callable[[str], list[str]] | None = None,
    ) -> None:
        self.cache_dir = cache_dir
        self.hosts = None if hosts is None else frozenset(h.lower() for h in hosts)
        self.allow_local = allow_local
        self.budget = budget  # seconds to read one repo; then it is TooLarge
        self.clock = clock
        self.resolve = resolve
        self.blobs_read = 0
        self._end: float | None = None  # the current repo's deadline (clock time)

    def fetch(
        self,
        repos: Sequence[str],
        *,
        known_heads: Mapping[str, str],
        extra: Wanted | None = None,
        progress: Progress | None = None,
    ) -> dict[str, SnapshotOutcome]:
        return each_repo(self._one, repos, known_heads, extra, progress)

    def _one(self, url: str, known: str | None, extra: Wanted | None) -> SnapshotOutcome:
        shown = _redact(url)
        try:
            check_url(url, self.hosts, allow_local=self.allow_local, resolve=self.resolve)
        except Refused as exc:
            return RepoProblem(url, ProblemKind.BLOCKED, f"{shown}: not read: {exc}")
        self._end = None if self.budget is None else self.clock() + self.budget
        head = None
        try:
            head, branch = self._ls_remote(url)
            if head is None:
                reason = f"{shown}: the repository is empty; push a first commit"
                return RepoProblem(url, ProblemKind.EMPTY, reason)
            if known == head:
                return Unchanged(url, head)
            gitdir = self._clone(url)
            commit = self._git(gitdir, "rev-parse", f"{_REF}^{{commit}}").strip() or head
            entries, truncated = self._ls_tree(gitdir, commit)
            texts, unread = self._read(gitdir, entries, extra)
        except GitFailed as exc:
            return _problem(url, exc.stderr)
        except subprocess.TimeoutExpired:
            if self._over_budget() and head is not None:
                return TooLarge(url, head, f"reading it took longer than {self.budget:g} s")
            reason = f"{shown}: git took longer than {GIT_TIMEOUT}s; try again later"
            return RepoProblem(url, ProblemKind.ERROR, reason)
        return RepoSnapshot(
            url,
            commit,
            tuple(sorted(entries)),
            texts,
            default_branch=branch,
            truncated=truncated,
            unread=unread,
        )

    def _over_budget(self) -> bool:
        return self._end is not None and self.clock() >= self._end

    def _timeout(self) -> float:
        """Seconds the next git command may take: GIT_TIMEOUT, or what is left of the budget."""
        if self._end is None:
            return GIT_TIMEOUT
        return max(0.001, min(GIT_TIMEOUT, self._end - self.clock()))

    # --- git plumbing --------------------------------------------------------------------

    def _env(self) -> dict[str, str]:
        protocols = "https:http:ssh:git" + (":file" if self.allow_local else "")
        return {
            **os.environ,
            "GIT_TERMINAL_PROMPT": "0",
            "GCM_INTERACTIVE": "never",
            "GIT_ALLOW_PROTOCOL": protocols,  # no ext:: or fd:: transports, whatever a URL says
        }

    def _git(self, gitdir: Path | None, *args: str, stdin: bytes | None = None) -> str:
        return self._run(gitdir, *args, stdin=stdin).decode("utf-8", "surrogateescape")

    def _command(self, gitdir: Path | None, args: Sequence[str]) -> list[str]:
        return ["git"] + (["--git-dir", str(gitdir)] if gitdir else []) + list(args)

    def _run(self, gitdir: Path | None, *args: str, stdin: bytes | None = None) -> bytes:
        done = subprocess.run(
            self._command(gitdir, args),
            input=stdin,
            capture_output=True,
            timeout=self._timeout(),
            env=self._env(),
            check=False,
        )
        if done.returncode != 0:
            raise GitFailed(_redact(done.stderr.decode("utf-8", "replace")))
        return done.stdout

    @contextlib.contextmanager
    def _stream(self, gitdir: Path, *args: str, stdin: bytes = b"") -> Iterator[IO[bytes]]:
        """Run git with its output read as a stream (never held whole), killed at the budget."""
        timeout = self._timeout()
        proc = subprocess.Popen(
            self._command(gitdir, args),
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
            env=self._env(),
        )
        fired = threading.Event()

        def kill() -> None:
            fired.set()
            proc.kill()

        timer = threading.Timer(timeout, kill)
        timer.start()
        try:
            assert proc.stdin is not None and proc.stdout is not None
            with contextlib.suppress(BrokenPipeError):
                proc.stdin.write(stdin)  # a few KB of object ids: fits the pipe
                proc.stdin.close()
            yield proc.stdout
        finally:
            timer.cancel()
            proc.kill()
            proc.wait()
            if proc.stdout is not None:
                proc.stdout.close()
        if fired.is_set():
            raise subprocess.TimeoutExpired(args[0], timeout)

    def _ls_remote(self, url: str) -> tuple[str | None, str | None]:
        out = self._git(None, "ls-remote", "--symref", "--", url, "HEAD")
        head = branch = None
        for line in out.splitlines():
            if line.startswith("ref: ") and line.endswith("\tHEAD"):
                branch = line[5:-5].removeprefix("refs/heads/")
            elif line.endswith("\tHEAD"):
                head = line.split("\t", 1)[0]
        return head, branch

    def _clone(self, url: str) -> Path:
        gitdir = self.cache_dir / hashlib.sha256(url.encode()).hexdigest()[:24]
        if not (gitdir / "HEAD").exists():
            self.cache_dir.mkdir(parents=True, exist_ok=True)
            self._git(None, "init", "--bare", "-q", str(gitdir))
            self._git(gitdir, "remote", "add", "--", "origin", url)
            self._git(gitdir, "symbolic-ref", "HEAD", _REF)
        fetch = ["fetch", "-q", "--depth", "1", "--filter=blob:none", "--no-tags", "origin"]
        fetch.append(f"+HEAD:{_REF}")  # a ref keeps the snapshot safe from gc
        self._git(gitdir, *fetch)
        return gitdir

    def _ls_tree(self, gitdir: Path, commit: str) -> tuple[dict[str, tuple[str, str]], bool]:
        """path → (mode, blob id) of the commit's files (at most MAX_PATHS; then True)."""
        entries: dict[str, tuple[str, str]] = {}
        rest = b""
        with self._stream(gitdir, "ls-tree", "-r", "-z", "--full-tree", commit) as out:
            while len(entries) <= MAX_PATHS and (chunk := out.read(1 << 16)):
                *records, rest = (rest + chunk).split(b"\0")
                for record in records:
                    meta, _, path = record.decode("utf-8", "surrogateescape").partition("\t")
                    mode, _, oid = meta.split(" ")
                    entries[path] = (mode, oid)
        kept, truncated = cap_paths(entries)
        return {p: entries[p] for p in kept}, truncated

    def _read(
        self, gitdir: Path, entries: Mapping[str, tuple[str, str]], extra: Wanted | None
    ) -> tuple[dict[str, str], dict[str, str]]:
        """The wanted texts, in ``read_order`` under the per-repo cap, and the ones left out."""
        wanted = [
            p
            for p in read_order(wanted_paths(tuple(sorted(entries)), extra=extra))
            if entries[p][0] not in (_SYMLINK, _SUBMODULE)
        ]
        if not wanted:
            return {}, {}
        oids = sorted({entries[p][1] for p in wanted})
        huge = self._fetch_blobs(gitdir, oids)
        order = [  # read_order, each once; a blob too large to transfer is never asked for
            oid for oid in dict.fromkeys(entries[p][1] for p in wanted) if oid not in huge
        ]
        sizes = self._sizes(gitdir, order)
        limits: dict[str, int] = {}  # oid → bytes to keep, within the per-repo total
        budget = ByteBudget()
        for oid in order:
            if oid in sizes and (limit := budget.next_limit()) > 0:
                limits[oid] = limit
                budget.spend(min(sizes[oid], limit))
        whole = [o for o in limits if sizes[o] <= limits[o]]
        with self._stream(
            gitdir, "cat-file", "--batch", stdin="".join(o + "\n" for o in whole).encode()
        ) as out:
            blobs = _read_batch(out, MAX_TEXT_BYTES, MAX_REPO_TEXT_BYTES)
        for oid in limits:
            if oid not in blobs:  # larger than it may be: its first bytes only
                blobs[oid] = (self._prefix(gitdir, oid, limits[oid]), True)
        self.blobs_read += len(blobs)
        texts: dict[str, str] = {}
        unread: dict[str, str] = {}
        for path in wanted:
            oid = entries[path][1]
            if oid in huge:
                unread[path] = (
                    f"{path} was not read: it is larger than the "
                    f"{FETCH_CAP // (1024 * 1024)} MB the bot transfers for one repo's texts"
                )
            elif oid in sizes and oid not in limits:
                unread[path] = over_repo_cap(path)
            if oid not in blobs:
                continue
            data, cut = blobs[oid]
            text = decode_text(data, truncated=cut)
            if text is not None:
                texts[path] = text
        return texts, unread

    def _fetch_blobs(self, gitdir: Path, oids: Sequence[str]) -> set[str]:
        """Fetch ``oids`` in one round trip, with at most FETCH_CAP bytes received a fetch;
        return the blobs found too large to transfer.

        Git has no byte limit and a blob:limit filter does not apply to objects asked for by id,
        so a 400 MB README would be transferred whole before its first MB is read. A fetch that
        passes the cap is stopped and its half-received pack dropped; the set is then halved
        and each half fetched again, until the blob that alone passes the cap is known (about
        2·log2(n) fetches of at most the cap each, only when some blob is that large). A server
        that refuses fetch by id still serves blobs lazily to cat-file."""
        huge: set[str] = set()
        pending = [list(oids)]
        while pending:
            part = pending.pop()
            try:
                if self._fetch_capped(gitdir, part):
                    continue
            except GitFailed:
                continue  # lazily served by cat-file, if at all
            if len(part) == 1:
                huge.add(part[0])
            else:
                middle = len(part) // 2
                pending += [part[middle:], part[:middle]]
        return huge

    def _fetch_capped(self, gitdir: Path, oids: Sequence[str]) -> bool:
        """One ``git fetch`` of ``oids``; False when it was stopped at FETCH_CAP bytes.

        The bytes received are the size of the pack git is writing (``fetch.unpackLimit=1``
        makes every fetch keep a pack, written to ``objects/pack/tmp_pack_*`` as it arrives)."""
        args = [
            "-c",
            "fetch.negotiationAlgorithm=noop",
            "-c",
            "fetch.unpackLimit=1",
            "fetch",
            "-q",
            "--no-tags",
            "--no-write-fetch-head",
            "--filter=blob:none",
            "origin",
            *oids,
        ]
        packs = gitdir / "objects" / "pack"
        deadline = self.clock() + self._timeout()
        proc = subprocess.Popen(
            self._command(gitdir, args),
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            env=self._env(),
        )
        try:
            while proc.poll() is None:
                if _received(packs) > FETCH_CAP:
                    return False
                if self.clock() > deadline:
                    raise GitFailed("git fetch took longer than the time left for this repo")
                time.sleep(0.01)
            if proc.returncode != 0:
                assert proc.stderr is not None
                raise GitFailed(_redact(proc.stderr.read(4096).decode("utf-8", "replace")))
            return True
        finally:
            if proc.poll() is None:
                proc.kill()
            proc.wait()
            if proc.stderr is not None:
                proc.stderr.close()
            for tmp in packs.glob("tmp_pack_*"):  # a stopped fetch's partial pack
                with contextlib.suppress(OSError):
                    tmp.unlink()

    def _sizes(self, gitdir: Path, oids: list[str]) -> dict[str, int]:
        """oid → size of each blob the clone has (``cat-file --batch-check``; missing: left out)."""
        out = self._git(
            gitdir, "cat-file", "--batch-check", stdin="".join(o + "\n" for o in oids).encode()
        )
        sizes: dict[str, int] = {}
        for line in out.splitlines():
            parts = line.split()
            if len(parts) == 3 and parts[1] == "blob":
                sizes[parts[0]] = int(parts[2])
        return sizes

    def _prefix(self, gitdir: Path, oid: str, limit: int) -> bytes:
        """The first ``limit`` bytes of a large blob; git streams it (a low big-file threshold)
        and is stopped once they are read, so neither process holds the whole blob."""
        with self._stream(gitdir, "-c", "core.bigFileThreshold=1m", "cat-file", "blob", oid) as out:
            return out.read(limit)


def _received(packs: Path) -> int:
    """Bytes of the packs being received into ``packs`` (0 when none is)."""
    total = 0
    with contextlib.suppress(OSError):
        for tmp in packs.glob("tmp_pack_*"):
            with contextlib.suppress(OSError):
                total += tmp.stat().st_size
    return total


def _read_batch(out: IO[bytes], per_blob: int, total: int) -> dict[str, tuple[bytes, bool]]:
    """Read ``cat-file --batch`` output (``<oid> blob <size>\\n<bytes>\\n`` per object) as a
    stream: oid → (at most ``per_blob`` bytes, whether it was cut). The rest of a larger blob
    is read and dropped, never held; once ``total`` bytes are kept, reading stops."""
    blobs: dict[str, tuple[bytes, bool]] = {}
    kept = 0
    while kept < total:
        header = out.readline(200).split()
        if len(header) != 3:
            if not header:
                break
            continue  # "<oid> missing"
        size = int(header[2])
        limit = min(per_blob, total - kept)
        data = out.read(min(size, limit))
        left = size - len(data)
        while left > 0 and (chunk := out.read(min(left, 1 << 20))):
            left -= len(chunk)
        out.read(1)  # the newline after the object
        blobs[header[0].decode()] = (data, size > len(data))
        kept += len(data)
    return blobs


_MISSING = re.compile(
    r"not found|does not exist|does not appear to be a git repository|no such file", re.I
)
_NO_ACCESS = re.compile(
    r"authentication failed|could not read username|permission denied|terminal prompts disabled"
    r"|\b403\b|access denied|not authorized",
    re.I,
)


def _problem(url: str, stderr: str) -> RepoProblem:
    shown = _redact(url)
    detail = " ".join(stderr.split())[:200]
    if _MISSING.search(stderr):
        reason = f"{shown}: no repository at this URL ({detail}); check the URL"
        return RepoProblem(url, ProblemKind.MISSING, reason)
    if _NO_ACCESS.search(stderr):
        reason = f"{shown}: access denied ({detail}); make it public or give the bot access"
        return RepoProblem(url, ProblemKind.NO_ACCESS, reason)
    return RepoProblem(url, ProblemKind.ERROR, f"{shown}: git failed ({detail}); try again later")
