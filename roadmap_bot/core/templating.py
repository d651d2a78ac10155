"""The jinja2 environment every bot text is rendered with: shipped templates, user overrides."""

from __future__ import annotations

from collections.abc import Mapping
from functools import cache

import jinja2


@cache
def _shipped() -> jinja2.BaseLoader:
    return jinja2.PackageLoader("roadmap_bot", "templates")


def template_env(overrides: Mapping[str, str] | None = None) -> jinja2.Environment:
    """Return a StrictUndefined environment; ``overrides`` (name → text) win over shipped ones.

    Autoescaping is off: templates produce markdown, and every user-provided string that lands in
    HTML context is passed through the ``html`` filter explicitly.
    """
    loaders: list[jinja2.BaseLoader] = []
    if overrides:
        loaders.append(jinja2.DictLoader(dict(overrides)))
    loaders.append(_shipped())
    env = jinja2.Environment(
        loader=jinja2.ChoiceLoader(loaders),
        undefined=jinja2.StrictUndefined,
        autoescape=False,
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
        auto_reload=False,  # shipped files and strings do not change during a run: no stat a render
    )
    env.filters["html"] = _html_escape
    return env


def _html_escape(value: object) -> str:
    return (
        str(value)
        .replace("&", "&amp;")
        .replace("<", "&lt;")
        .replace(">", "&gt;")
        .replace('"', "&quot;")
    )
