"""The one loader: roadmap.yaml, the state, the README, template overrides and the catalog.

Every run reads a roadmap through ``load``: the CLI over the folder on disk (``load_local``, a
LocalWorkspace) and GitHub runs over the repository (the GitHub workspace). roadmap.yaml is
validated and each of its rules parsed once (core/rules/syntax.roadmap_rules); the same text is
not parsed again in the same process (a ``/done`` reads the roadmap for the command, its reply
and its sync).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path, PurePosixPath

from roadmap_bot.adapters.catalog_file import shipped_catalog
from roadmap_bot.adapters.workspace import LocalWorkspace, Workspace
from roadmap_bot.core.evidence.fingerprints import EMPTY, Boilerplate, user_boilerplate, user_file
from roadmap_bot.core.evidence.techs import Catalog
from roadmap_bot.core.model import Roadmap, State
from roadmap_bot.core.renames import follow_renames
from roadmap_bot.core.render.files import Layout
from roadmap_bot.core.rules.syntax import roadmap_rules
from roadmap_bot.core.state_codec import state_from_json
from roadmap_bot.core.templating import OVERRIDE_DIR, TemplateOverrides, shipped_template_names
from roadmap_bot.errors import ConfigError, Problem, UsageError

TEMPLATE_DIR = OVERRIDE_DIR  # next to roadmap.yaml


@dataclass(frozen=True, slots=True)
class Loaded:
    """A roadmap and everything read with it, from one version of the workspace."""

    roadmap: Roadmap  # every item with its parsed rule
    state: State
    readme: str  # the README's current text ("" when there is none)
    overrides: TemplateOverrides  # user templates, name → text, with the folder they came from
    catalog: Catalog  # the shipped technologies plus settings.technologies
    config: str  # roadmap.yaml's path in the workspace
    # state entries moved to an item's new id (nested or un-nested): (old id, new id)
    moved: tuple[tuple[str, str], ...] = ()
    # the user's own fingerprints (their course's starter READMEs), next to roadmap.yaml
    boilerplate: Boilerplate = EMPTY

    @property
    def layout(self) -> Layout:
        return Layout.for_roadmap(self.roadmap, self.config)


def load(workspace: Workspace, config: str, *, shown: str | None = None) -> Loaded:
    """Read roadmap.yaml, the state file, the README and template overrides from the workspace.

    ``shown`` is how problems in roadmap.yaml name it (default: ``config``)."""
    roadmap, catalog = load_roadmap_file(workspace, config, shown=shown)
    layout = Layout.for_roadmap(roadmap, config)
    # what the state holds under an id nesting or un-nesting changed follows the item
    stored = read_state(workspace, layout.state)
    state, moved = follow_renames((item.id for item in roadmap.items()), stored)
    readme_raw = workspace.read(layout.readme)
    # the README's byte-order mark, if any, is the user's: it stays in the text and is written back
    readme = _decode(readme_raw, layout.readme, keep_bom=True) if readme_raw else ""
    overrides = read_overrides(workspace, config)
    known = read_boilerplate(workspace, config)
    return Loaded(
        roadmap, state, readme, overrides, catalog, config, moved=tuple(moved), boilerplate=known
    )


def load_local(path: Path) -> Loaded:
    """``load`` for the roadmap.yaml at ``path`` on disk, its folder being the workspace."""
    _exists(path)
    return load(LocalWorkspace(path.parent), path.name, shown=str(path))


def load_local_roadmap(path: Path) -> tuple[Roadmap, Catalog]:
    """Only roadmap.yaml at ``path`` on disk, validated (``roadmap-bot validate``)."""
    _exists(path)
    return load_roadmap_file(LocalWorkspace(path.parent), path.name, shown=str(path))


def load_roadmap_file(
    workspace: Workspace, config: str, *, shown: str | None = None
) -> tuple[Roadmap, Catalog]:
    """roadmap.yaml validated, its rules parsed, and the technology catalog it extends."""
    raw = workspace.read(config)
    if raw is None:
        raise UsageError(
            f"{config}: not found in the repository; create it (roadmap-bot import README.md) "
            "or pass the right path with --config"
        )
    folder = str(PurePosixPath(config).parent)  # settings' paths are checked from here
    name = shown or config
    return _parsed(_decode(raw, name), name, "" if folder == "." else folder)


@lru_cache(maxsize=8)
def _parsed(text: str, filename: str, base: str) -> tuple[Roadmap, Catalog]:
    """The same text gives the same (immutable) roadmap: parse it once per process."""
    return roadmap_rules(text, filename, shipped_catalog(), base=base)


def read_state(workspace: Workspace, path: str) -> State:
    """The bot's state (an open bot pull request's, if any); a missing file is an empty state."""
    raw = workspace.read_memory(path)
    if not raw:
        return State()
    return state_from_json(_decode(raw, path, advice="restore the file from git history"), path)


def read_overrides(workspace: Workspace, config: str) -> TemplateOverrides:
    """The user's version of each shipped template found in the template folder next to
    roadmap.yaml (any shipped template may be overridden; other files there are not read)."""
    folder = PurePosixPath(config).parent / TEMPLATE_DIR
    found = TemplateOverrides(origin=str(folder))
    for name in shipped_template_names():
        path = str(folder / name)
        raw = workspace.read(path)
        if raw is not None:
            found[name] = _decode(raw, path)
    return found


def read_boilerplate(workspace: Workspace, config: str) -> Boilerplate:
    """The user's fingerprint file next to roadmap.yaml (``fingerprints.USER_FILE``, made by
    ``roadmap-bot fingerprints``): README text of their course's starters that is not the
    learner's; EMPTY without one, a located ConfigError when it is not a fingerprint file."""
    path = user_file(config)
    raw = workspace.read(path)
    return EMPTY if raw is None else user_boilerplate(raw, path)


def _exists(path: Path) -> None:
    if not path.is_file():
        raise UsageError(
            f"{path}: no such file. Create one with `roadmap-bot import README.md -o {path.name}` "
            "or copy roadmap.yaml from the roadmap-bot repository."
        )


def _decode(
    raw: bytes, path: str, *, advice: str = "save it as UTF-8", keep_bom: bool = False
) -> str:
    try:
        return raw.decode("utf-8" if keep_bom else "utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ConfigError([Problem(path, 1, 1, f"not UTF-8 (byte {exc.start}): {advice}")]) from exc
