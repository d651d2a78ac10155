"""Render the package's SVG templates: every value XML-escaped, numbers printed short."""

from __future__ import annotations

from collections.abc import Mapping
from functools import cache
from typing import Any

import jinja2

from roadmap_bot.core.templating import template_env


def num(value: float) -> str:
    """Print a coordinate with at most two decimals and no trailing zeros: 82.0 → "82"."""
    text = f"{value:.2f}".rstrip("0").rstrip(".")
    return "0" if text == "-0" else text


@cache
def _svg_env() -> jinja2.Environment:
    """One autoescaping environment, so each template is compiled once per process."""
    return template_env().overlay(autoescape=True)


def render_svg(name: str, overrides: Mapping[str, str] | None = None, **context: Any) -> bytes:
    """Render ``name`` from templates/ (or the repository's override of it, in the sandbox) with
    autoescaping on; user text can never become markup."""
    env = template_env(overrides).overlay(autoescape=True) if overrides else _svg_env()
    return env.get_template(name).render(n=num, **context).encode()
