"""The state of one repo while its snapshot is built, and answering under the user's spelling."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field, replace

from roadmap_bot.adapters.github.answers import Entry, HeadInfo, OriginRef
from roadmap_bot.adapters.github.queries import RepoName
from roadmap_bot.core.evidence.snapshot import (
    FileKind,
    Origin,
    ProblemKind,
    RepoProblem,
    SnapshotOutcome,
)
from roadmap_bot.core.repos import RepoKind, parse_repo


@dataclass(slots=True)
class Work:
    """What is known so far about one repo while its snapshot is built."""

    key: str  # lower-case owner/name: one fetch however the user spelled it
    label: str  # the first spelling, used in messages
    name: RepoName
    info: HeadInfo | None = None
    tree_oid: str | None = None
    entries: list[Entry] = field(default_factory=list)
    incomplete: bool = False
    truncated: bool = False
    texts: dict[str, str] = field(default_factory=dict)
    tried: set[str] = field(default_factory=set)
    undecoded: dict[str, str] = field(default_factory=dict)  # path → oid of text-less blobs
    wanted: frozenset[str] | None = None  # wanted_paths of the final listing, chosen once
    paths: tuple[str, ...] = ()  # the final listing's paths, sorted (set with ``wanted``)
    kinds: dict[FileKind, tuple[str, ...]] | None = None  # classify(paths)
    own: tuple[str, ...] | None = None  # own_paths(paths)
    origin_ref: OriginRef | None = None  # a fork's parent / the template it was generated from
    origin: Origin | None = None  # that origin's blobs for this repo's paths, and its README

    @property
    def oid(self) -> str:
        return self.info.oid if self.info and self.info.oid else "HEAD"


def plan(
    repos: Sequence[str],
) -> tuple[dict[str, SnapshotOutcome], dict[str, list[str]], dict[str, Work]]:
    """Problems for what is not owner/name; the spellings and the work item of each repo."""
    done: dict[str, SnapshotOutcome] = {}
    spellings: dict[str, list[str]] = {}
    work: dict[str, Work] = {}
    for text in repos:
        ref = parse_repo(text)
        if ref is None or ref.kind is not RepoKind.GITHUB:
            reason = f"{text!r} is not a GitHub owner/name repository."
            done[text] = RepoProblem(text, ProblemKind.ERROR, reason)
            continue
        key = ref.value.lower()
        spellings.setdefault(key, []).append(text)
        owner, name = ref.value.split("/", 1)
        work.setdefault(key, Work(key, text, RepoName(owner, name)))
    return done, spellings, work


def respell(outcome: SnapshotOutcome, text: str) -> SnapshotOutcome:
    """Report the outcome under the spelling the caller used."""
    if outcome.repo == text:
        return outcome
    if isinstance(outcome, RepoProblem):
        return RepoProblem(text, outcome.kind, outcome.reason.replace(outcome.repo, text))
    return replace(outcome, repo=text)
