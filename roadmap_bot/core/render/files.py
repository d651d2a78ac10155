"""Every file a run writes into the roadmap repo: README block, state file, badges and card."""

from __future__ import annotations

import posixpath
from collections.abc import Mapping
from dataclasses import dataclass

from roadmap_bot.core.model import Roadmap, State
from roadmap_bot.core.render.badge_links import badge_markdown
from roadmap_bot.core.render.badges import badge_files, last_activity_date
from roadmap_bot.core.render.readme import render_block, render_readme
from roadmap_bot.core.repopaths import PathKind, repo_path
from roadmap_bot.core.state_codec import state_to_json
from roadmap_bot.errors import ConfigError, Problem, RepoPathError

NEVER = "not yet"  # the card's "Updated …" before anything was ticked (deterministic, no clock)


@dataclass(frozen=True, slots=True)
class Layout:
    """Where the files live, relative to the repository root (posix paths)."""

    config: str = "roadmap.yaml"
    readme: str = "README.md"
    state: str = "roadmap.state.json"
    badges_dir: str = ".github/roadmap"

    @classmethod
    def for_roadmap(cls, roadmap: Roadmap, config: str) -> Layout:
        """The paths ``roadmap``'s settings name, from ``config``'s folder; each inside the
        repository (validation said so with line and column; this holds for every caller, e.g.
        a badges folder given as an action input)."""
        base = posixpath.dirname(config)
        settings = roadmap.settings
        return cls(
            config=config,
            readme=_inside(config, "readme", settings.readme, base, PathKind.FILE),
            state=_inside(config, "state_file", settings.state_file, base, PathKind.FILE),
            badges_dir=_inside(config, "badges_dir", settings.badges_dir, base, PathKind.FOLDER)
            or ".",
        )


def _inside(config: str, key: str, value: str, base: str, kind: PathKind) -> str:
    try:
        return repo_path(value, base=base, kind=kind)
    except RepoPathError as exc:
        raise ConfigError([Problem(config, 1, 1, f"{key} {value!r} {exc}")]) from None


def output_files(
    roadmap: Roadmap,
    state: State,
    *,
    layout: Layout,
    readme_current: str,
    repo_slug: str | None = None,
    server_url: str = "https://github.com",
    overrides: Mapping[str, str] | None = None,
    badges: bool = True,
) -> dict[str, bytes]:
    """Path (relative to the repo root) → the bytes it should hold after this run."""
    files: dict[str, bytes] = {}
    badges_md = _badges_markdown(roadmap, layout, repo_slug) if badges else None
    if badges:
        today = last_activity_date(state) or NEVER
        for name, data in badge_files(
            roadmap, state, today=today, repo_slug=repo_slug, overrides=overrides
        ).items():
            files[posixpath.join(layout.badges_dir, name)] = data
    block = render_block(
        roadmap, state, server_url=server_url, badges=badges_md, overrides=overrides
    )
    files[layout.readme] = render_readme(readme_current, block).encode("utf-8")
    files[layout.state] = state_to_json(state).encode("utf-8")
    return dict(sorted(files.items()))


def _badges_markdown(roadmap: Roadmap, layout: Layout, repo_slug: str | None) -> str:
    readme_dir = posixpath.dirname(layout.readme) or "."
    rel_badges = posixpath.relpath(layout.badges_dir, readme_dir)
    return badge_markdown(roadmap, badges_dir=rel_badges, repo_slug=repo_slug)


def rendered_readme(
    roadmap: Roadmap,
    state: State,
    *,
    layout: Layout,
    readme_current: str,
    repo_slug: str | None = None,
    server_url: str = "https://github.com",
    overrides: Mapping[str, str] | None = None,
) -> str:
    """The README ``output_files`` writes for (roadmap, state), without the other files."""
    block = render_block(
        roadmap,
        state,
        server_url=server_url,
        badges=_badges_markdown(roadmap, layout, repo_slug),
        overrides=overrides,
    )
    return render_readme(readme_current, block)
