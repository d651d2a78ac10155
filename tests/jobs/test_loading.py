"""The one loader: every shipped template is overridable everywhere, and errors name its file."""

from __future__ import annotations

from pathlib import Path

import pytest

from roadmap_bot.adapters.workspace import LocalWorkspace
from roadmap_bot.cli import main
from roadmap_bot.core.planning.dashboard import DASHBOARD_MARKER
from roadmap_bot.core.templating import shipped_template_names, template_env
from roadmap_bot.errors import ConfigError
from roadmap_bot.jobs.loading import TEMPLATE_DIR, load, load_local
from tests.cli.test_action_dashboard import edited_payload, toggle
from tests.fakegithub import FakeGitHub
from tests.support.action import run_action
from tests.support.respond import (
    REPO,
    ROADMAP,
    comment_event,
    comment_payload,
    issue_payload,
    new_issue,
    replies_to,
    run,
    seed,
    session_for,
)

SCHEDULE = {"schedule": "17 6 * * *"}

SHIPPED = Path(__file__).resolve().parents[2] / "roadmap_bot" / "templates"
MINIMAL = """\
version: 1
title: T
phases:
  - id: phase0
    title: P
    sections:
      - title: S
        items:
          - id: one
            title: One
"""


def marked(name: str) -> str:
    """The shipped template ``name`` with a line that shows the override rendered."""
    return f"OVERRIDE-{name}\n" + (SHIPPED / name).read_text(encoding="utf-8")


def test_the_overridable_templates_are_every_shipped_one() -> None:
    assert set(shipped_template_names()) == {p.name for p in SHIPPED.glob("*.j2")}
    assert {"reply.md.j2", "help.md.j2", "readme.md.j2"} <= set(shipped_template_names())


def test_locally_an_override_of_every_shipped_template_is_loaded_and_used(tmp_path: Path) -> None:
    (tmp_path / "roadmap.yaml").write_text(MINIMAL, encoding="utf-8")
    folder = tmp_path / TEMPLATE_DIR
    folder.mkdir(parents=True)
    for name in shipped_template_names():
        (folder / name).write_text(marked(name), encoding="utf-8")
    (folder / "notes.txt").write_text("not a template", encoding="utf-8")
    loaded = load_local(tmp_path / "roadmap.yaml")
    assert sorted(loaded.overrides) == sorted(shipped_template_names())
    assert all(text == marked(name) for name, text in loaded.overrides.items())
    assert main(["render", "-c", str(tmp_path / "roadmap.yaml")]) == 0
    assert "OVERRIDE-readme.md.j2" in (tmp_path / "README.md").read_text(encoding="utf-8")


def test_on_github_an_override_of_every_shipped_template_is_loaded_and_used_in_a_reply(
    fake_github: FakeGitHub, github_env: dict[str, str]
) -> None:
    seed(fake_github)
    overrides = {f"{TEMPLATE_DIR}/{name}": marked(name) for name in shipped_template_names()}
    fake_github.commit(REPO, overrides, message="my templates")
    with session_for(github_env) as session:
        loaded = load(session.workspace, "roadmap.yaml")
    assert sorted(loaded.overrides) == sorted(shipped_template_names())
    number = new_issue(fake_github)
    event, comment_id = comment_event(fake_github, number, "/help")
    assert run(github_env, event).exit_code == 0
    (reply,) = replies_to(fake_github, number, comment_id)
    assert "OVERRIDE-reply.md.j2" in reply  # ignored on GitHub before: only 5 names were read
    assert "OVERRIDE-help.md.j2" in reply


def test_a_template_error_names_the_override_under_roadmap_yamls_folder(tmp_path: Path) -> None:
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "roadmap.yaml").write_text(MINIMAL, encoding="utf-8")
    folder = tmp_path / "docs" / TEMPLATE_DIR
    folder.mkdir(parents=True)
    (folder / "readme.md.j2").write_text("fine\n{% if %}\n", encoding="utf-8")
    loaded = load(LocalWorkspace(tmp_path), "docs/roadmap.yaml")
    with pytest.raises(ConfigError) as info:
        template_env(loaded.overrides).get_template("readme.md.j2")
    problem = info.value.problems[0]
    assert (problem.file, problem.line) == (f"docs/{TEMPLATE_DIR}/readme.md.j2", 2)
    (folder / "readme.md.j2").write_text("fine\n{{ nothing.here }}\n", encoding="utf-8")
    loaded = load(LocalWorkspace(tmp_path), "docs/roadmap.yaml")
    with pytest.raises(ConfigError) as info:
        template_env(loaded.overrides).get_template("readme.md.j2").render()
    assert info.value.problems[0].file == f"docs/{TEMPLATE_DIR}/readme.md.j2"


def test_every_overridden_template_is_used_where_it_renders_in_action_runs(
    fake_github: FakeGitHub, tmp_path: Path
) -> None:
    """Each shipped template, overridden in the repo, shows in what the action writes with it."""
    seed(fake_github)
    overrides = {f"{TEMPLATE_DIR}/{name}": marked(name) for name in shipped_template_names()}
    # nudges on: the first /done run finds the other issue quiet (the fake's clock is months back)
    nudging = ROADMAP.replace("open_issues: 2\n", "open_issues: 2\n  nudge_after_days: 1\n")
    fake_github.commit(REPO, {**overrides, "roadmap.yaml": nudging}, message="my templates")
    seen: set[str] = set()

    def saw(text: str) -> None:
        seen.update(n for n in shipped_template_names() if f"OVERRIDE-{n}" in text)

    scheduled = run_action(fake_github, tmp_path, event="schedule", payload=SCHEDULE)
    assert scheduled.code == 0, scheduled.log
    saw(scheduled.summary)
    files = fake_github.files(REPO)
    for path in ("README.md", ".github/roadmap/progress.svg", ".github/roadmap/card.svg"):
        saw(files[path].decode("utf-8"))
    for issue in fake_github.issues(REPO):
        saw(issue["body"] or "")
    first, second = scheduled.json_output("opened")

    for body in ("/done phase0.python finished", "/help"):
        payload = comment_payload(fake_github, first, body)
        answered = run_action(fake_github, tmp_path, event="issue_comment", payload=payload)
        assert answered.code == 0, answered.log
    fewer = nudging.replace("open_issues: 2", "open_issues: 1")
    fake_github.commit(REPO, {"roadmap.yaml": fewer}, message="one issue at a time")
    parked = run_action(fake_github, tmp_path, event="schedule", payload=SCHEDULE)
    assert parked.code == 0, parked.log  # the window parks the newest of the two open issues
    payload = issue_payload(fake_github, second, "completed", actor="tim")  # triage: refused
    assert run_action(fake_github, tmp_path, event="issues", payload=payload).code == 0
    # a box ticked on the dashboard by a triage user: refused too (the dashboard's own answer)
    [board] = [i for i in fake_github.issues(REPO) if DASHBOARD_MARKER in (i["body"] or "")]
    boxed = toggle(board["body"], "phase0.git")
    payload = edited_payload(fake_github, board["number"], boxed, actor="tim")
    boxed_run = run_action(fake_github, tmp_path, event="issues", payload=payload)
    assert boxed_run.code == 0, boxed_run.log
    for issue in fake_github.issues(REPO):
        for comment in fake_github.comments(REPO, issue["number"]):
            saw(comment["body"])

    assert seen == set(shipped_template_names())


def test_render_keeps_a_readmes_byte_order_mark_and_line_endings(tmp_path: Path) -> None:
    (tmp_path / "roadmap.yaml").write_text(MINIMAL, encoding="utf-8")
    readme = tmp_path / "README.md"
    readme.write_bytes(b"\xef\xbb\xbf# My notes\r\n\r\nwritten on Windows\r\n")
    assert main(["render", "-c", str(tmp_path / "roadmap.yaml")]) == 0
    written = readme.read_bytes()
    assert written.startswith(b"\xef\xbb\xbf# My notes\r\n\r\nwritten on Windows\r\n")
    assert b"<!-- roadmap:start -->" in written
    assert main(["render", "-c", str(tmp_path / "roadmap.yaml")]) == 0
    assert readme.read_bytes() == written  # a second render changes nothing
