"""One sync run: load → collect evidence → plan → write files and apply issue actions."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace
from functools import partial
from typing import Protocol

from roadmap_bot.adapters.actions_env import RunContext
from roadmap_bot.adapters.workspace import Workspace
from roadmap_bot.core.commands.apply import Effects
from roadmap_bot.core.delivery import COMMIT_MESSAGE, Delivery
from roadmap_bot.core.evidence.snapshot import Progress, SnapshotProvider
from roadmap_bot.core.model import CachedEvidence, ItemStatus, Roadmap, State, item_status
from roadmap_bot.core.planning.nudges import NUDGE_MARKER
from roadmap_bot.core.planning.plan import CommentIssue, Plan
from roadmap_bot.core.planning.planner import plan_sync
from roadmap_bot.core.progress import RoadmapProgress, roadmap_progress
from roadmap_bot.core.render.files import Layout, output_files, rendered_readme
from roadmap_bot.core.render.hand_edits import apply_hand_edits, by_bot, find_hand_edits
from roadmap_bot.core.render.readme import readme_warning
from roadmap_bot.core.rules.collect import Collected, rules_by_repo, wanted_extra
from roadmap_bot.core.rules.verdict import Verdict
from roadmap_bot.core.rules.verdicts import evaluate_items
from roadmap_bot.errors import ConflictError
from roadmap_bot.jobs.apply import Applied, Tracker, apply_actions
from roadmap_bot.jobs.dashboard import DashboardRead, read_dashboard
from roadmap_bot.jobs.loading import Loaded, load
from roadmap_bot.jobs.nudge_once import keep_one_nudge
from roadmap_bot.jobs.reading import EvidenceReader

MAX_ATTEMPTS = 4  # plan again after the branch moved under us (each attempt re-reads everything)


@dataclass(frozen=True, slots=True)
class Overrides:
    """Settings a run's caller overrides (the action's inputs), for every sync it runs."""

    open_issues: int | None = None  # settings.open_issues (the action's open-issues input)
    badges_dir: str | None = None  # settings.badges_dir (the action's badges-dir input)
    write_mode: str | None = None  # settings.write_mode (the action's write-mode input)


class RunPlace(Protocol):
    """What options are built from: the session's roadmap file, repository and GitHub."""

    config: str
    repo_slug: str | None
    context: RunContext


@dataclass(frozen=True, slots=True)
class SyncOptions:
    """How to run: where roadmap.yaml is inside the workspace, the time, the repo, the mode."""

    config: str = "roadmap.yaml"
    now: str = "1970-01-01T00:00:00Z"  # ISO-8601 UTC; ticks are stamped with it
    repo_slug: str | None = None
    server_url: str = "https://github.com"
    dry_run: bool = False
    commit_message: str = COMMIT_MESSAGE
    overrides: Overrides = Overrides()

    @classmethod
    def of(
        cls,
        session: RunPlace,
        *,
        now: str,
        dry_run: bool,
        commit_message: str = COMMIT_MESSAGE,
        overrides: Overrides | None = None,
    ) -> SyncOptions:
        """The options of a sync in ``session`` (the one place they are built)."""
        return cls(
            config=session.config,
            now=now,
            repo_slug=session.repo_slug,
            server_url=session.context.server_url,
            dry_run=dry_run,
            commit_message=commit_message,
            overrides=overrides or Overrides(),
        )


@dataclass(slots=True)
class SyncResult:
    """What one run found, decided and did."""

    roadmap: Roadmap
    state: State  # the state after the run
    plan: Plan
    collected: Collected
    verdicts: Mapping[str, Verdict]
    progress: RoadmapProgress
    files_changed: list[str] = field(default_factory=list)
    applied: Applied = field(default_factory=Applied)
    attempts: int = 1
    delivery: Delivery | None = None  # commit, pull request or nothing, and why
    warnings: list[str] = field(default_factory=list)  # e.g. README markers that do not pair up
    effects: Effects | None = None  # what ``mutate`` did to the state read (its outcomes)
    overrides: Mapping[str, str] = field(default_factory=dict)  # the user's templates, by name
    from_readme: tuple[str, ...] = ()  # ticks taken from the README, hand edits left to the yaml
    dashboard: DashboardRead | None = None  # boxes toggled on the dashboard issue, and by whom

    @property
    def ticked(self) -> list[str]:
        return [t.item_id for t in self.plan.ticked]


# a change to apply to the freshly read state: the new state and what each command did
Mutation = Callable[[Roadmap, State], Effects]


def sync(
    workspace: Workspace,
    tracker: Tracker | None,
    providers: SnapshotProvider,
    options: SyncOptions,
    *,
    mutate: Mutation | None = None,
    progress: Progress | None = None,
) -> SyncResult:
    """Run until the files are written over the version read (re-plan when the branch moved).

    ``providers`` reads the linked repos (and the files the rules' ``contains:`` requirements
    read), telling ``progress`` of the repos read. ``mutate`` (commands,
    issue events) is applied to the state read in each attempt, so after a conflict it is
    applied again to the newer state: nothing is lost and nothing is applied twice. The result
    carries the effects of the attempt that was written.
    """
    reader: EvidenceReader | None = None
    for attempt in range(1, MAX_ATTEMPTS + 1):
        workspace.refresh()
        loaded = load(workspace, options.config)
        roadmap = loaded.roadmap
        roadmap = _with_overrides(roadmap, options)
        effects = None if mutate is None else mutate(roadmap, loaded.state)
        state = loaded.state if effects is None else effects.state
        # who the token acts as: learned with the roadmap files' query, so it costs nothing here
        bot_login = tracker.identity() if tracker else ""
        state, from_readme, readme_problem = _from_readme(
            workspace, loaded, roadmap, state, options, bot_login
        )
        rules = rules_by_repo(roadmap, state)
        repos = list(rules)
        if reader is None:
            extra = wanted_extra(r for rs in rules.values() for r in rs)
            reader = EvidenceReader(providers, extra=extra, progress=progress)
        # after the branch moved, what was read is reused: only repos the new roadmap adds are read
        collected = reader.collect(
            repos, state.evidence, loaded.catalog, rules, boilerplate=loaded.boilerplate
        )
        verdicts = evaluate_items(roadmap, state, collected.evidence, heads=collected.heads)
        issues = tracker.list_issues(label=None, state="all") if tracker else []
        dashboard = None
        if tracker is not None:  # boxes ticked on the dashboard issue: /done and /undo
            dashboard = read_dashboard(
                tracker,
                roadmap,
                state,
                issues,
                bot_login=bot_login,
                repo_slug=options.repo_slug,
                now=options.now,
            )
            state = dashboard.state
        plan_with = partial(
            plan_sync,
            roadmap,
            state,
            verdicts,
            issues,
            now=options.now,
            repo_slug=options.repo_slug,
            bot_login=bot_login,
            templates=loaded.overrides,
            evidence=collected.evidence,  # each linked repo's lines of an issue's checklist
            heads=collected.heads,
            dashboard=dashboard.inputs if dashboard else None,
        )
        plan = plan_with(comments=[])
        # Comments only matter where the plan would post a tick comment (is it there already?):
        # list those issues' comments, not every open issue's, and plan again (issue 9: a warm
        # run must not spend a request per open issue). A nudge is on record in the state, so
        # its issue's comments are not read before it (``keep_one_nudge`` reads them after).
        commented = sorted(
            {
                a.number
                for a in plan.actions
                if isinstance(a, CommentIssue) and NUDGE_MARKER not in a.body
            }
        )
        if commented and tracker is not None:
            found = [c for n in commented for c in tracker.list_comments(issue_number=n)]
            plan = plan_with(comments=found)
        new_state = replace(plan.new_state, evidence=_kept_cache(collected))
        files = output_files(
            roadmap,
            new_state,
            layout=Layout.for_roadmap(roadmap, options.config),
            readme_current=loaded.readme,
            repo_slug=options.repo_slug,
            server_url=options.server_url,
            overrides=loaded.overrides,
        )
        result = SyncResult(
            roadmap=roadmap,
            state=new_state,
            plan=plan,
            collected=collected,
            verdicts=verdicts,
            progress=roadmap_progress(roadmap, new_state),
            attempts=attempt,
            warnings=_warnings(
                readme_warning(_readme_path(roadmap, options), loaded.readme), readme_problem
            )
            + _moved(loaded.moved),
            effects=effects,
            overrides=loaded.overrides,
            from_readme=from_readme,
            dashboard=dashboard,
        )
        if options.dry_run:
            result.files_changed = [p for p, data in files.items() if workspace.read(p) != data]
            return result
        try:
            written = workspace.write(
                files, message=options.commit_message, mode=roadmap.settings.write_mode
            )
            result.files_changed, result.delivery = written.changed, written.delivery
        except ConflictError:
            if attempt == MAX_ATTEMPTS:
                raise
            continue
        if tracker is not None:
            result.applied = apply_actions(tracker, plan.actions)
            result.warnings.extend(result.applied.warnings)  # e.g. the dashboard not pinned
            keep_one_nudge(tracker, plan.actions, bot_login, result.applied)
        if dashboard is not None:  # boxes someone without write access toggled
            result.warnings.extend(dashboard.warnings)
        return result
    raise AssertionError("unreachable")  # pragma: no cover


def _from_readme(
    workspace: Workspace,
    loaded: Loaded,
    roadmap: Roadmap,
    state: State,
    options: SyncOptions,
    bot_login: str,
) -> tuple[State, tuple[str, ...], str | None]:
    """Apply the boxes ticked or unticked by hand in the README (a two-way README) to ``state``:
    the new state, what was taken or left (lines for the summary), and a warning or None.

    The README is compared with what the bot would write from the state stored with it (not
    ``state``, which this run's commands may have changed already). Nothing is read when the
    README's last commit is the bot's, or while the state is the bot's pull request's."""
    path = _readme_path(roadmap, options)
    if not loaded.readme or workspace.memory_apart():
        return state, (), None
    commit = workspace.last_change(path)
    if by_bot(commit, bot_login):
        return state, (), None
    expected = rendered_readme(
        roadmap,
        loaded.state,
        layout=Layout.for_roadmap(roadmap, options.config),
        readme_current=loaded.readme,
        repo_slug=options.repo_slug,
        server_url=options.server_url,
        overrides=loaded.overrides,
    )
    items = [(i.id, item_status(i, loaded.state) is ItemStatus.DONE) for i in roadmap.items()]
    edits = find_hand_edits(loaded.readme, expected, items, path=path)
    new_state, lines = apply_hand_edits(roadmap, state, edits, commit, now=options.now, path=path)
    return new_state, lines, edits.warning


def _with_overrides(roadmap: Roadmap, options: SyncOptions) -> Roadmap:
    """Apply the settings the run's options override (the action's inputs)."""
    settings, wanted = roadmap.settings, options.overrides
    if wanted.open_issues is not None:
        settings = replace(settings, open_issues=wanted.open_issues)
    if wanted.write_mode is not None:
        settings = replace(settings, write_mode=wanted.write_mode)
    if wanted.badges_dir is not None:
        settings = replace(settings, badges_dir=wanted.badges_dir)
    return roadmap if settings is roadmap.settings else replace(roadmap, settings=settings)


def _kept_cache(collected: Collected) -> dict[str, CachedEvidence]:
    """The evidence cache to store: only repos still linked, so removed links leave no residue."""
    return {repo: cache for repo, cache in collected.cache.items() if repo in collected.evidence}


def _readme_path(roadmap: Roadmap, options: SyncOptions) -> str:
    return Layout.for_roadmap(roadmap, options.config).readme


def _warnings(*found: str | None) -> list[str]:
    return [w for w in found if w]


def _moved(moves: tuple[tuple[str, str], ...]) -> list[str]:
    """A line for each item whose state followed it to its new id (jobs/loading.py)."""
    return [
        f"kept the tick, skip, links or nudge date of {old} under {new}: its id changed in roadmap.yaml "
        "(nested or un-nested)"
        for old, new in moves
    ]
