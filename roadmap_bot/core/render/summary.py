"""What a run tells people: the job summary (markdown) and the terminal report (plain text)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from roadmap_bot.core.planning.plan import Plan, describe_plan
from roadmap_bot.core.progress import RoadmapProgress, progress_bar
from roadmap_bot.core.templating import template_env

SUMMARY_TEMPLATE = "summary.md.j2"


@dataclass(frozen=True, slots=True)
class RunFacts:
    """What happened outside the plan: issues touched, files written, API use."""

    opened: Sequence[tuple[str, int]] = ()
    closed: Sequence[tuple[str, int]] = ()
    parked: Sequence[tuple[str, int]] = ()  # closed to keep the window of open issues
    reopened: Sequence[tuple[str, int]] = ()  # parked earlier, back in the window
    files_changed: Sequence[str] = ()
    commit: str | None = None
    dry_run: bool = False
    offline: bool = False
    requests: Mapping[str, int] = field(default_factory=dict)  # kind → count
    quota: Mapping[str, int | None] = field(default_factory=dict)  # resource → remaining
    notes: Mapping[str, str] = field(default_factory=dict)  # repo → provider note
    delivery: str = ""  # how the change reached the repo: commit or pull request, and why
    warnings: Sequence[str] = ()  # e.g. the README left unchanged: its markers do not pair up
    from_readme: Sequence[str] = ()  # ticks taken from the README, hand edits left to the yaml
    from_dashboard: Sequence[str] = ()  # boxes ticked or unticked on the dashboard, and by whom


def progress_table(progress: RoadmapProgress) -> str:
    """A fixed-width table: one row per phase and a total; the current phase marked with ▶."""
    width = max([len(p.title) for p in progress.phases] + [5])
    rows = [f"  {'phase':<8} {'title':<{width}}  {'done':>7}  {'progress':<10}  {'%':>4}"]
    for p in progress.phases:
        mark = "▶" if p.id == progress.current_phase_id else " "
        done = f"{p.done}/{p.total}"
        skipped = f"  ({p.skipped} skipped)" if p.skipped else ""
        bar = progress_bar(p.done, p.total)
        rows.append(
            f"{mark} {p.id:<8} {p.title:<{width}}  {done:>7}  {bar}  {p.percent:>3}%{skipped}"
        )
    total = f"{progress.done}/{progress.total}"
    bar = progress_bar(progress.done, progress.total)
    rows.append(f"  {'total':<8} {'':<{width}}  {total:>7}  {bar}  {progress.percent:>3}%")
    return "\n".join(rows)


def terminal_report(plan: Plan, progress: RoadmapProgress, facts: RunFacts) -> str:
    """The plain-text report printed at the end of a run."""
    lines = [progress_table(progress), ""]
    title = "plan (dry run, nothing written)" if facts.dry_run else "changes"
    lines.append(f"{title}:")
    lines += [f"  {line}" for line in describe_plan(plan).splitlines()]
    if facts.files_changed:
        lines.append(
            f"  files {'to write' if facts.dry_run else 'written'}: {', '.join(facts.files_changed)}"
        )
    elif not facts.dry_run:
        lines.append("  files: unchanged")
    if facts.delivery:
        lines.append(f"  delivery: {facts.delivery}")
    for warning in facts.warnings:
        lines.append(f"  warning: {warning}")
    for taken in facts.from_readme:
        lines.append(f"  from the README: {taken}")
    for taken in facts.from_dashboard:
        lines.append(f"  from the dashboard: {taken}")
    for item_id, number in facts.opened:
        lines.append(f"  opened #{number} for {item_id}")
    for item_id, number in facts.closed:
        lines.append(f"  closed #{number} for {item_id}")
    for item_id, number in facts.parked:
        lines.append(f"  parked #{number} for {item_id} (the window of open issues is full)")
    for item_id, number in facts.reopened:
        lines.append(f"  reopened #{number} for {item_id} (a slot in the window freed)")
    if facts.requests:
        used = ", ".join(f"{k} {v}" for k, v in facts.requests.items())
        lines.append(f"  API requests: {used}")
    return "\n".join(lines) + "\n"


def job_summary(
    plan: Plan,
    progress: RoadmapProgress,
    facts: RunFacts,
    *,
    titles: Mapping[str, str],
    overrides: Mapping[str, str] | None = None,
) -> str:
    """The markdown job summary (GITHUB_STEP_SUMMARY), from the summary template."""
    template = template_env(overrides).get_template(SUMMARY_TEMPLATE)
    return template.render(
        plan=plan,
        progress=progress,
        facts=facts,
        titles=titles,
        bar=progress_bar,
    )
