"""The jinja2 environment every bot text is rendered with: shipped templates, user overrides.

Without overrides, the shipped templates render in a plain environment (they are the package's
own code). With overrides, *every* template of that environment (the overrides, and the shipped
ones they fall back to or include) renders in ``template_sandbox.BoundedSandbox``: jinja's
immutable sandbox with bounded work and output. Any error in such a render (a syntax error, an
undefined name, an unsafe attribute, a bound exceeded) is a ``ConfigError`` naming the template
file and line (exit 2), never a traceback.
"""

from __future__ import annotations

import types
from collections.abc import Callable, Iterator, Mapping
from functools import cache
from typing import Any

import jinja2

from roadmap_bot.core.safetext import (
    escape_html,
    md_block,
    md_cell,
    md_code,
    md_inline,
    md_link,
    md_login,
    md_note,
    md_repo,
    md_text,
    neutralize_mentions,
)
from roadmap_bot.core.template_sandbox import MAX_OUTPUT, BoundedSandbox
from roadmap_bot.errors import ConfigError, Problem, TemplateLimitError

OVERRIDE_DIR = ".github/roadmap-templates"
_SHIPPED_PACKAGE_DIR = "roadmap_bot/templates/"


@cache
def _shipped() -> jinja2.BaseLoader:
    return jinja2.PackageLoader("roadmap_bot", "templates")


@cache
def shipped_template_names() -> tuple[str, ...]:
    """Every template the package ships (``readme.md.j2`` …): each one may be overridden."""
    return tuple(name for name in _shipped().list_templates() if name.endswith(".j2"))


class TemplateOverrides(dict[str, str]):
    """User templates (name → text) and the folder they were read from, which errors name
    (``docs/.github/roadmap-templates`` for a roadmap.yaml in ``docs/``)."""

    def __init__(self, texts: Mapping[str, str] | None = None, *, origin: str = OVERRIDE_DIR):
        super().__init__(texts or {})
        self.origin = origin


_OPTIONS: dict[str, Any] = {
    "undefined": jinja2.StrictUndefined,
    "autoescape": False,
    "keep_trailing_newline": True,
    "trim_blocks": True,
    "lstrip_blocks": True,
    "auto_reload": False,  # shipped files and strings do not change during a run: no stat a render
}


def template_env(overrides: Mapping[str, str] | None = None) -> jinja2.Environment:
    """Return a StrictUndefined environment; ``overrides`` (name → text) win over shipped ones.

    Errors name an override by the folder it was read from (``TemplateOverrides.origin``; a plain
    mapping: ``.github/roadmap-templates``). Autoescaping is off: templates produce markdown;
    user text goes through the ``md``/``html`` filters.
    """
    if not overrides:
        env = jinja2.Environment(loader=_shipped(), **_OPTIONS)
    else:
        origin = overrides.origin if isinstance(overrides, TemplateOverrides) else OVERRIDE_DIR
        sources = {name: (text, f"{origin.rstrip('/')}/{name}") for name, text in overrides.items()}
        env = _UserTemplates(
            loader=jinja2.ChoiceLoader([_OverrideLoader(sources), _shipped()]), **_OPTIONS
        )
    _add_filters(env)
    return env


def _add_filters(env: jinja2.Environment) -> None:
    env.filters["html"] = escape_html
    env.filters["md"] = md_inline  # user text in running markdown: no HTML, mention or marker
    env.filters["md_cell"] = md_cell  # the same in a table cell
    env.filters["md_block"] = md_block  # multi-line markdown (html=true keeps other HTML)
    env.filters["md_text"] = md_text  # the same, and markdown punctuation shown as typed
    env.filters["md_code"] = md_code  # user text as one code span
    env.filters["md_link"] = md_link  # [label](url) with a safe label and an http(s) url only
    env.filters["md_login"] = md_login  # @login for a valid login the bot names on purpose
    env.filters["md_repo"] = md_repo  # a repo reference as code, without credentials
    env.filters["md_note"] = md_note  # a stored /done note: the bot's code span or <url>, or text
    env.filters["nomention"] = neutralize_mentions


class _OverrideLoader(jinja2.BaseLoader):
    """The repository's overrides, each known by the path it was read from."""

    def __init__(self, sources: Mapping[str, tuple[str, str]]) -> None:
        self._sources = dict(sources)

    def get_source(
        self, environment: jinja2.Environment, template: str
    ) -> tuple[str, str, Callable[[], bool]]:
        if template not in self._sources:
            raise jinja2.TemplateNotFound(template)
        text, path = self._sources[template]
        return text, path, lambda: True


class _BoundedTemplate(jinja2.Template):
    """A template whose render is bounded and whose errors are located problems."""

    environment: _UserTemplates

    def render(self, *args: Any, **kwargs: Any) -> str:
        env = self.environment
        env.rb_budget.reset()
        try:
            context = self.new_context(dict(*args, **kwargs))
            try:
                return _collect(self.root_render_func(context))
            except Exception:
                env.handle_exception()  # re-raises with template files and lines in the traceback
        except ConfigError:
            raise
        except Exception as exc:
            raise ConfigError([_problem(exc, self)]) from exc


def _collect(chunks: Iterator[str]) -> str:
    """Join a render's output; past the cap, stop it where it is (so the error has its line)."""
    parts: list[str] = []
    total = 0
    for chunk in chunks:
        total += len(chunk)
        if total > MAX_OUTPUT:
            gen = chunks if isinstance(chunks, types.GeneratorType) else None
            error = TemplateLimitError(
                f"the output would be over {MAX_OUTPUT:,} characters; a template should print "
                "each item a few times at most"
            )
            if gen is not None:
                gen.throw(error)
            raise error
        parts.append(chunk)
    return "".join(parts)


class _UserTemplates(BoundedSandbox):
    """The sandbox with located errors: what overrides (and what they include) render in."""

    template_class = _BoundedTemplate

    def get_template(
        self, name: str | jinja2.Template, parent: str | None = None, globals: Any = None
    ) -> jinja2.Template:
        try:
            return super().get_template(name, parent, globals)
        except jinja2.TemplateSyntaxError as exc:
            path = _display(exc.filename) if exc.filename else str(exc.name or name)
            raise ConfigError(
                [Problem(path, exc.lineno or 1, 1, f"template syntax error: {exc.message}")]
            ) from exc


def _problem(exc: BaseException, template: jinja2.Template) -> Problem:
    """Where in which template ``exc`` happened (the innermost template frame), and what."""
    path, line = _display(template.filename or template.name or "template"), 1
    tb = exc.__traceback__
    while tb is not None:
        filename = tb.tb_frame.f_code.co_filename
        if filename.endswith(".j2") or OVERRIDE_DIR in filename:
            path, line = _display(filename), tb.tb_lineno
        tb = tb.tb_next
    if isinstance(exc, TemplateLimitError):
        message = f"template stopped: {exc}"
    elif isinstance(exc, jinja2.exceptions.SecurityError):
        message = f"template refused: {exc} (templates run in a sandbox)"
    elif isinstance(exc, RecursionError):
        message = "template error: too deeply nested (a macro or include that calls itself?)"
    else:
        detail = str(exc) or type(exc).__name__
        message = f"template error: {detail}"
    return Problem(path, line, 1, message[:500])


def _display(filename: str) -> str:
    """A shipped template's path from the package folder; an override's path as it was read."""
    normal = filename.replace("\\", "/")
    at = normal.rfind(_SHIPPED_PACKAGE_DIR)
    return normal[at:] if at >= 0 else filename
