"""Locate and load a roadmap project on disk: roadmap.yaml, its state file, README and badges."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from roadmap_bot.adapters.files import inside
from roadmap_bot.adapters.state_store import load_state
from roadmap_bot.core.model import Roadmap, State
from roadmap_bot.core.repopaths import PathKind
from roadmap_bot.core.schema import RuleCheck, load_roadmap
from roadmap_bot.core.yamlloc import load_located
from roadmap_bot.errors import ConfigError, Problem, UsageError

TEMPLATE_DIR = ".github/roadmap-templates"


@dataclass(frozen=True, slots=True)
class Project:
    """A roadmap.yaml on disk and the files that belong to it (paths resolved next to it)."""

    config: Path
    roadmap: Roadmap
    state: State

    @property
    def root(self) -> Path:
        return self.config.parent

    # Each path is checked to stay inside the folder once links are followed (files.inside).
    @property
    def state_path(self) -> Path:
        return inside(self.root, self.roadmap.settings.state_file)

    @property
    def readme_path(self) -> Path:
        return inside(self.root, self.roadmap.settings.readme)

    @property
    def badges_dir(self) -> Path:
        return inside(self.root, self.roadmap.settings.badges_dir, kind=PathKind.FOLDER)

    def template_overrides(self) -> dict[str, str]:
        """User templates in .github/roadmap-templates/ (name → text); they replace shipped ones.

        Only regular files inside the folder count (a FIFO would block the read for ever; a link
        out of the folder would copy another file into the README)."""
        folder = self.root / TEMPLATE_DIR
        if not folder.is_dir():
            return {}
        found: dict[str, str] = {}
        for path in sorted(folder.glob("*.j2")):
            target = inside(self.root, f"{TEMPLATE_DIR}/{path.name}")
            if target.is_file():
                found[path.name] = target.read_text(encoding="utf-8")
        return found


def read_text(path: Path) -> str:
    """Read a UTF-8 text file; a missing or undecodable file is bad input (exit 2)."""
    if not path.is_file():
        if path.suffix.lower() not in (".yaml", ".yml"):
            raise UsageError(f"{path}: no such file")
        raise UsageError(
            f"{path}: no such file. Create one with `roadmap-bot import README.md -o {path.name}` "
            "or copy roadmap.yaml from the roadmap-bot repository."
        )
    try:
        return path.read_bytes().decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        message = f"not UTF-8 (byte {exc.start}): save the file as UTF-8"
        raise ConfigError([Problem(str(path), 1, 1, message)]) from exc


def load_config(path: Path) -> Roadmap:
    """Read and validate roadmap.yaml, including every evidence rule in it."""
    text = read_text(path)
    return load_roadmap(text, str(path), rule_check=rule_checker(text, str(path)))


def load_project(path: Path) -> Project:
    """Load roadmap.yaml and its state file."""
    roadmap = load_config(path)
    state = load_state(inside(path.parent, roadmap.settings.state_file))
    return Project(config=path, roadmap=roadmap, state=state)


def rule_checker(text: str, filename: str) -> RuleCheck | None:
    """Check rules against the technology catalog: the shipped one plus roadmap.yaml's additions."""
    try:
        from roadmap_bot.adapters.catalog_file import shipped_catalog
        from roadmap_bot.core.evidence.techs import merge_catalog
        from roadmap_bot.core.rules.evaluate import validate_rule
    except ImportError:  # pragma: no cover - the evidence engine ships with the package
        return None
    data = load_located(text, filename).data
    settings = data.get("settings") if isinstance(data, dict) else None
    extra = settings.get("technologies") if isinstance(settings, dict) else None
    try:
        catalog = merge_catalog(shipped_catalog(), extra if isinstance(extra, dict) else {})
    except (TypeError, ValueError, KeyError):
        catalog = shipped_catalog()  # malformed additions are reported by the schema

    def check(raw: Any) -> Iterable[tuple[Sequence[str | int], str]]:
        return [(problem.path, problem.message) for problem in validate_rule(raw, catalog)]

    return check
