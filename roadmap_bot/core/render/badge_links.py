"""Where badge files live and the markdown that shows them: README, profile and project snippets."""

from __future__ import annotations

import posixpath
from collections.abc import Iterable
from urllib.parse import quote

from roadmap_bot.core.model import Roadmap
from roadmap_bot.core.repos import RepoKind, parse_repo
from roadmap_bot.core.safetext import escape_html, one_line
from roadmap_bot.errors import UsageError

REPOS_DIR = "repos"
RESERVED_NAMES = frozenset({"progress", "current", "card", "card-dark"})
SHIELDS_ENDPOINT = "https://img.shields.io/endpoint?url="
RAW_BASE = "https://raw.githubusercontent.com"


def repo_file_stem(repo: str) -> str:
    """Return ``repos/<owner>__<name>`` for ``owner/name`` (GitHub owners cannot contain "_")."""
    return f"{REPOS_DIR}/{repo.lower().replace('/', '__')}"


def phase_file_stem(phase_id: str) -> str:
    """Return a safe file name stem for a phase id, kept apart from the fixed names."""
    stem = "".join(c if c.isascii() and (c.isalnum() or c in "._-") else "-" for c in phase_id)
    stem = stem.strip(".") or "phase"
    return f"phase-{stem}" if stem in RESERVED_NAMES else stem


def raw_url(repo_slug: str, path: str) -> str:
    """Return the raw.githubusercontent.com URL of ``path`` on the default branch (HEAD)."""
    return f"{RAW_BASE}/{check_repo_slug(repo_slug)}/HEAD/{quote(path)}"


def endpoint_url(json_url: str) -> str:
    """Return the shields.io URL that draws the endpoint badge served at ``json_url``."""
    return SHIELDS_ENDPOINT + quote(json_url, safe="")


def badge_markdown(roadmap: Roadmap, *, badges_dir: str, repo_slug: str | None) -> str:
    """Return the badges and the card for the roadmap's README, by paths relative to the README.

    With ``repo_slug``, a collapsed block follows with :func:`profile_snippet` for a profile.
    """
    readme_dir = posixpath.dirname(roadmap.settings.readme.lstrip("/"))

    def rel(name: str) -> str:
        return quote(posixpath.relpath(_join(badges_dir, name), readme_dir or "."))

    alt = escape_html(f"{one_line(roadmap.title)}: roadmap progress")
    lines = [
        f"![Roadmap progress]({rel('progress.svg')}) ![Current phase]({rel('current.svg')})",
        "",
        *_picture(rel("card.svg"), rel("card-dark.svg"), alt),
    ]
    if repo_slug:
        lines += [
            "",
            "<details>",
            "<summary>Show this roadmap on your GitHub profile</summary>",
            "",
            "Paste this into your profile README (the repository named after your account):",
            "",
            "```markdown",
            profile_snippet(badges_dir=badges_dir, repo_slug=repo_slug),
            "```",
            "",
            "</details>",
        ]
    return "\n".join(lines) + "\n"


def profile_snippet(*, badges_dir: str, repo_slug: str, roadmap_url: str | None = None) -> str:
    """Return markdown for another README: a shields badge linking to the roadmap, and the card."""
    target = _link_target(roadmap_url, repo_slug)
    badge = endpoint_url(raw_url(repo_slug, _join(badges_dir, "progress.json")))
    card = raw_url(repo_slug, _join(badges_dir, "card.svg"))
    card_dark = raw_url(repo_slug, _join(badges_dir, "card-dark.svg"))
    lines = [f"[![Learning roadmap]({badge})]({target})", "", *_picture(card, card_dark, "Roadmap")]
    return "\n".join(lines)


def repo_badge_markdown(
    project: str, *, badges_dir: str, repo_slug: str, roadmap_url: str | None = None
) -> str:
    """Return the line a linked project pastes in its README: its badge, linking to the roadmap."""
    json_path = _join(badges_dir, repo_file_stem(project) + ".json")
    image = endpoint_url(raw_url(repo_slug, json_path))
    return f"[![roadmap]({image})]({_link_target(roadmap_url, repo_slug)})"


def repos_index(
    repos: Iterable[str], *, badges_dir: str, repo_slug: str, roadmap_url: str | None
) -> str:
    """Return ``repos/README.md``: for each linked project, the line its README can show."""
    lines = [
        "# Project badges",
        "",
        "Each project linked from the roadmap has a badge here (`.json` for shields.io, `.svg`",
        "self-contained). Paste a project's line into its README to link back to the roadmap.",
    ]
    for repo in repos:
        snippet = repo_badge_markdown(
            repo, badges_dir=badges_dir, repo_slug=repo_slug, roadmap_url=roadmap_url
        )
        lines += ["", f"## {repo}", "", "```markdown", snippet, "```"]
    return "\n".join(lines) + "\n"


def _picture(light: str, dark: str, alt: str) -> list[str]:
    # GitHub picks <source> by the viewer's theme (docs: "Specifying the theme an image is shown
    # to"); a <picture> inside a link is not switched, so the card is never wrapped in one.
    return [
        "<picture>",
        f'  <source media="(prefers-color-scheme: dark)" srcset="{dark}">',
        f'  <img alt="{alt}" src="{light}" width="500">',
        "</picture>",
    ]


def _join(badges_dir: str, name: str) -> str:
    return posixpath.join(badges_dir.strip("/") or ".", name)


def check_repo_slug(repo_slug: str) -> str:
    """Return ``repo_slug`` if it is a GitHub ``owner/name``; raise UsageError otherwise."""
    ref = parse_repo(repo_slug)
    if ref is None or ref.kind is not RepoKind.GITHUB or ref.value != repo_slug:
        raise UsageError(
            f"{repo_slug!r} is not a GitHub repository name: the badge links need it as"
            " owner/name, e.g. --repo octocat/roadmap"
        )
    return repo_slug


def _link_target(roadmap_url: str | None, repo_slug: str) -> str:
    url = roadmap_url or f"https://github.com/{check_repo_slug(repo_slug)}"
    return quote(url, safe=":/?#[]@!$&'*+,;=%~")
