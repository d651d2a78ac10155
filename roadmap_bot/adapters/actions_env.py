"""The GitHub Actions environment: run context from GITHUB_* variables, outputs, summary, annotations."""

from __future__ import annotations

import json
import sys
import uuid
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TextIO

from roadmap_bot.errors import Problem, UsageError

MAX_PAYLOAD = 25 * 1024 * 1024  # GitHub caps webhook payloads at 25 MB


@dataclass(frozen=True, slots=True)
class RunContext:
    """What a run needs to know about where it runs; built once, at the edge, from the environment."""

    in_actions: bool
    event_name: str | None
    event_path: Path | None
    repository: str | None  # owner/name of the roadmap repo
    actor: str | None
    server_url: str
    workspace: Path
    output_path: Path | None
    summary_path: Path | None

    @classmethod
    def from_env(cls, env: Mapping[str, str]) -> RunContext:
        server = env.get("GITHUB_SERVER_URL", "https://github.com").rstrip("/")
        repository = env.get("GITHUB_REPOSITORY") or None
        return cls(
            in_actions=env.get("GITHUB_ACTIONS") == "true",
            event_name=env.get("GITHUB_EVENT_NAME") or None,
            event_path=_path(env.get("GITHUB_EVENT_PATH")),
            repository=repository,
            actor=env.get("GITHUB_ACTOR") or None,
            server_url=server,
            workspace=Path(env.get("GITHUB_WORKSPACE") or "."),
            output_path=_path(env.get("GITHUB_OUTPUT")),
            summary_path=_path(env.get("GITHUB_STEP_SUMMARY")),
        )

    def event_payload(self) -> Any:
        """The webhook payload Actions saved for this run, parsed ({} when no file is named).

        The one reader of event payloads (``action`` and ``respond --event-path``): an
        unreadable, oversized or non-JSON file is a UsageError; its shape is judged by
        ``core.commands.events.event_from_payload``."""
        path = self.event_path
        if path is None:
            return {}
        try:
            if path.stat().st_size > MAX_PAYLOAD:
                raise UsageError(
                    f"{path}: larger than GitHub's 25 MB payload limit; pass the real one"
                )
            return json.loads(path.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError) as exc:
            raise UsageError(f"cannot read the event payload {path}: {exc}") from exc
        except json.JSONDecodeError as exc:
            raise UsageError(
                f"{path}:{exc.lineno}:{exc.colno}: not JSON ({exc.msg}); pass the file GitHub "
                "wrote to $GITHUB_EVENT_PATH"
            ) from exc


def _path(value: str | None) -> Path | None:
    return Path(value) if value else None


class ActionsOutput:
    """Workflow commands, step outputs and the job summary (plain printing outside Actions)."""

    def __init__(self, context: RunContext, *, stream: TextIO | None = None) -> None:
        self.context = context
        self.stream = stream or sys.stdout

    def mask(self, secret: str | None) -> None:
        """Ask Actions to hide ``secret`` in every later log line."""
        if secret and self.context.in_actions:
            print(f"::add-mask::{secret}", file=self.stream)

    def set_output(self, name: str, value: str) -> None:
        """Write a step output with a random heredoc delimiter (values may hold newlines)."""
        if self.context.output_path is None:
            return
        delimiter = f"ghadelim_{uuid.uuid4().hex}"
        with self.context.output_path.open("a", encoding="utf-8") as handle:
            handle.write(f"{name}<<{delimiter}\n{value}\n{delimiter}\n")

    def summary(self, markdown: str) -> None:
        """Append markdown to the job summary (no-op outside Actions)."""
        if self.context.summary_path is None:
            return
        with self.context.summary_path.open("a", encoding="utf-8") as handle:
            handle.write(markdown.rstrip("\n") + "\n")

    def annotate(self, level: str, message: str, *, problem: Problem | None = None) -> None:
        """Print an ``::error``/``::warning``/``::notice`` annotation, pointing at a file line when known."""
        if not self.context.in_actions:
            print(f"{level}: {problem or message}", file=self.stream)
            return
        props = ""
        if problem is not None:
            props = f" file={_prop(problem.file)},line={problem.line},col={problem.column}"
        print(f"::{level}{props}::{_data(message)}", file=self.stream)

    @contextmanager
    def group(self, title: str) -> Iterator[None]:
        """Fold the lines printed inside into a collapsible log group."""
        if self.context.in_actions:
            print(f"::group::{_data(title)}", file=self.stream)
        try:
            yield
        finally:
            if self.context.in_actions:
                print("::endgroup::", file=self.stream)


def _data(text: str) -> str:
    """Escape a workflow-command message (GitHub's toolkit escapes %, CR and LF)."""
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _prop(text: str) -> str:
    """Escape a workflow-command property value (also ':' and ',')."""
    return _data(text).replace(":", "%3A").replace(",", "%2C")
