"""One error hierarchy: every exception class of roadmap_bot derives from errors.RoadmapBotError,
so the CLI's single error boundary (cli.main) knows each one and maps it to an exit code."""

from __future__ import annotations

import importlib
import inspect
import pkgutil

import roadmap_bot
from roadmap_bot.errors import RoadmapBotError


def roadmap_bot_modules() -> list[str]:
    names = [
        info.name
        for info in pkgutil.walk_packages(roadmap_bot.__path__, prefix="roadmap_bot.")
        if not info.name.startswith("roadmap_bot.demo") and info.name != "roadmap_bot.__main__"
    ]
    assert len(names) > 100, names  # the walk found the subpackages, not only the top level
    return names


def exception_classes() -> list[type[BaseException]]:
    found = []
    for name in roadmap_bot_modules():
        module = importlib.import_module(name)
        for _, cls in inspect.getmembers(module, inspect.isclass):
            if issubclass(cls, BaseException) and cls.__module__ == name:
                found.append(cls)
    return found


def test_every_exception_class_derives_from_roadmap_bot_error() -> None:
    outside = [
        f"{cls.__module__}.{cls.__qualname__}"
        for cls in exception_classes()
        if not issubclass(cls, RoadmapBotError)
    ]
    assert outside == []


def test_the_walk_finds_the_exception_classes_of_errors_py() -> None:
    assert {"ConfigError", "UsageError", "GitHubError"} <= {
        cls.__name__ for cls in exception_classes()
    }
