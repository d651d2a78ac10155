"""A roadmap.yaml (or action input) written by someone who does not mean well: no file escapes,
no multi-line titles, full-match ids, bounded YAML, bounded state JSON and linear-time regexes."""

from __future__ import annotations

import os
import posixpath
import re
import time
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from roadmap_bot.adapters.files import write_files
from roadmap_bot.adapters.workspace import GitHubWorkspace
from roadmap_bot.cli import main
from roadmap_bot.cli.action import ActionInputs
from roadmap_bot.core.evidence.checks.generic import check_contains
from roadmap_bot.core.evidence.result import CheckResult
from roadmap_bot.core.evidence.snapshot import RepoSnapshot
from roadmap_bot.core.model import Roadmap, Settings
from roadmap_bot.core.render.files import Layout
from roadmap_bot.core.repopaths import PathKind, repo_path
from roadmap_bot.core.schema import load_roadmap
from roadmap_bot.core.userregex import MAX_SEARCH_CHARS, first_match
from roadmap_bot.errors import ConfigError, RepoPathError, UsageError
from tests.fakegithub.fake import FakeGitHub
from tests.support.action import REPO, run_action, writes
from tests.support.helpers import MINIMAL


def problems(text: str, *, base: str = "") -> list[str]:
    with pytest.raises(ConfigError) as info:
        load_roadmap(text, "roadmap.yaml", **({"base": base} if base else {}))
    return [str(p) for p in info.value.problems]


def with_settings(**values: str) -> str:
    lines = "".join(f"  {key}: {value}\n" for key, value in values.items())
    return MINIMAL + "settings:\n" + lines


# --- 1. paths from configuration stay inside the repository ------------------------------------


def test_render_refuses_a_readme_path_that_climbs_out_and_writes_nothing_outside(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    project = tmp_path / "repo"
    project.mkdir()
    config = project / "roadmap.yaml"
    config.write_text(with_settings(readme="../site-packages/evil.pth"), encoding="utf-8")
    assert main(["render", "-c", str(config)]) == 2
    err = capsys.readouterr().err
    assert f"{config}:12:11: 'readme' '../site-packages/evil.pth' leads outside" in err
    assert "Traceback" not in err
    assert not (tmp_path / "site-packages").exists()


@pytest.mark.parametrize(
    ("key", "value", "says"),
    [
        ("readme", "/etc/x", "is an absolute path"),
        ("state_file", "/tmp/state.json", "is an absolute path"),
        ("badges_dir", "../../etc", "leads outside the repository"),
        ("badges_dir", "a/../../b", "leads outside the repository"),
        ("state_file", ".git/hooks/post-checkout", "is inside .git"),
        ("readme", ".GIT/config", "is inside .git"),
        ("badges_dir", "docs/.git", "is inside .git"),
        ("badges_dir", ".github/workflows", "needs the `workflows` permission"),
        ("readme", ".github/workflows/ci.yml", "needs the `workflows` permission"),
        ("readme", "'C:/Users/x/README.md'", "is an absolute path"),
        ("readme", "'docs\\README.md'", "contains a backslash"),
        ("readme", '"README\\0.md"', "control character U+0000"),
        ("readme", "'~/README.md'", "home folder"),
        ("state_file", "README.md", "same file as the readme"),
        ("readme", "roadmap.yaml", "same file as roadmap.yaml itself"),
    ],
)
def test_a_setting_path_outside_the_repository_is_a_located_error(
    key: str, value: str, says: str
) -> None:
    (found,) = problems(with_settings(**{key: value}))
    column = len(key) + 5
    assert found.startswith(f"roadmap.yaml:12:{column}: ")
    assert says in found


def test_a_path_that_climbs_from_a_subfolder_back_into_the_repository_is_fine() -> None:
    roadmap = load_roadmap(with_settings(readme="../README.md"), "docs/roadmap.yaml", base="docs")
    assert Layout.for_roadmap(roadmap, "docs/roadmap.yaml").readme == "README.md"
    assert problems(with_settings(readme="../README.md"), base="")  # from the root it escapes


def test_the_layout_refuses_a_path_that_escapes_whoever_built_the_settings() -> None:
    roadmap = Roadmap(title="t", phases=(), settings=Settings(badges_dir="../../etc"))
    with pytest.raises(ConfigError, match=r"badges_dir '\.\./\.\./etc' leads outside"):
        Layout.for_roadmap(roadmap, "docs/roadmap.yaml")


@pytest.mark.parametrize(
    ("value", "says"),
    [
        (".git/hooks", "is inside .git"),
        (".github/workflows", "`workflows` permission"),
        ("docs/../.git", "is inside .git"),
    ],
)
def test_an_action_input_path_into_git_or_workflows_is_an_input_error(
    value: str, says: str
) -> None:
    with pytest.raises(UsageError, match="input badges-dir: ") as info:
        ActionInputs.from_env({"INPUT_BADGES_DIR": value})
    assert says in str(info.value)


def test_a_github_workspace_never_sends_a_path_outside_the_repository() -> None:
    workspace = GitHubWorkspace(client=None)  # type: ignore[arg-type]  # never reached
    workspace.head = "0" * 40
    for path in ("../../etc/card.svg", "/etc/x", ".git/config", ".github/workflows/x.yml"):
        with pytest.raises(UsageError, match="refusing to write"):
            workspace.write({path: b"x"}, message="m")


# Paths as an attacker would write them: segments from a small alphabet of tricky pieces.
_SEGMENTS = st.sampled_from(
    ["..", ".", "", "a", ".git", ".GIT", ".git.", "git~1", ".github", "workflows", "Workflows", "~"]
)
_PATHS = st.lists(_SEGMENTS, min_size=1, max_size=6).map("/".join) | st.text(max_size=20)


@settings(max_examples=400, deadline=None)
@given(base=st.lists(st.sampled_from(["a", "b", "docs"]), max_size=2).map("/".join), value=_PATHS)
def test_every_path_the_rule_accepts_is_inside_the_repository_and_outside_git(
    base: str, value: str
) -> None:
    for kind in PathKind:
        try:
            path = repo_path(value, base=base, kind=kind)
        except RepoPathError:
            continue
        assert not path.startswith(("/", "../")) and path != ".."
        assert posixpath.normpath(path or ".") == (path or ".")
        parts = path.casefold().split("/")
        assert ".git" not in [p.rstrip(". ") for p in parts]
        assert parts[:2] != [".github", "workflows"]


def test_a_readme_symlinked_outside_the_folder_is_neither_read_nor_written(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("private\n", encoding="utf-8")
    project = tmp_path / "repo"
    project.mkdir()
    (project / "roadmap.yaml").write_text(MINIMAL, encoding="utf-8")
    (project / "README.md").symlink_to(secret)
    assert main(["render", "-c", str(project / "roadmap.yaml")]) == 2
    err = capsys.readouterr().err
    assert "symbolic link" in err and "Traceback" not in err
    assert secret.read_text(encoding="utf-8") == "private\n"


def test_a_local_sync_does_not_read_through_a_link_leading_out_of_the_folder(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # a cloned repo whose template override links to a private file: the rendered README would
    # carry the file's text into the next commit
    secret = tmp_path / "id_secret"
    secret.write_text("PRIVATE KEY WORDS\n", encoding="utf-8")
    project = tmp_path / "repo"
    templates = project / ".github" / "roadmap-templates"
    templates.mkdir(parents=True)
    (project / "roadmap.yaml").write_text(MINIMAL, encoding="utf-8")
    (templates / "readme.md.j2").symlink_to(secret)
    code = main(["sync", "--offline", "-c", str(project / "roadmap.yaml")])
    captured = capsys.readouterr()
    assert code == 2, captured.out + captured.err
    assert "symbolic link" in captured.err
    readme = project / "README.md"
    assert not readme.exists() or "PRIVATE" not in readme.read_text(encoding="utf-8")


def test_a_badges_folder_symlinked_outside_gets_no_file(tmp_path: Path) -> None:
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    project = tmp_path / "repo"
    (project / ".github").mkdir(parents=True)
    (project / ".github" / "roadmap").symlink_to(elsewhere, target_is_directory=True)
    with pytest.raises(UsageError, match="outside"):
        write_files(project, {".github/roadmap/card.svg": b"<svg/>", "README.md": b"x"})
    assert list(elsewhere.iterdir()) == []
    assert not (project / "README.md").exists()  # nothing is written when one path is refused


def test_a_symlink_that_stays_inside_the_folder_is_written_through(tmp_path: Path) -> None:
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "README.md").write_text("old", encoding="utf-8")
    (tmp_path / "README.md").symlink_to(Path("docs") / "README.md")
    assert write_files(tmp_path, {"README.md": b"new"}) == ["README.md"]
    assert os.path.islink(tmp_path / "README.md")
    assert (tmp_path / "docs" / "README.md").read_bytes() == b"new"


def test_a_symlink_into_git_is_refused(tmp_path: Path) -> None:
    (tmp_path / ".git" / "hooks").mkdir(parents=True)
    (tmp_path / "README.md").symlink_to(Path(".git") / "hooks" / "pre-commit")
    with pytest.raises(UsageError, match=r"\.git"):
        write_files(tmp_path, {"README.md": b"#!/bin/sh\n"})
    assert not (tmp_path / ".git" / "hooks" / "pre-commit").exists()


# --- 2. titles are one line, and no control character reaches the README ----------------------


@pytest.mark.parametrize(
    ("old", "new", "where", "says"),
    [
        ("title: First topic", 'title: "First\\ntopic"', "10:20", "'title' must be one line"),
        ("title: First topic", 'title: "First\\rtopic"', "10:20", "'title' must be one line"),
        ("title: First topic", 'title: "a\\u2028b"', "10:20", "'title' must be one line"),
        ("title: Basics", "title: |\n      Basics", "5:12", "write `>-` or `|-`"),
        ("title: Demo", 'title: "Demo\\0"', "2:8", "U+0000 (NUL)"),
        ("title: Topics", 'title: "\\e[31mred"', "7:16", "U+001B (ESC)"),
        ("title: Demo", 'title: Demo\nintro: "hi\\e]8;;http://x\\a"', "3:8", "U+001B (ESC)"),
        ("title: First topic", 'title: x\n            notes: "\\x7f"', "11:20", "U+007F (DEL)"),
        ("title: Basics", 'title: Basics\n    duration: "3\\nmonths"', "6:15", "one line"),
    ],
)
def test_titles_are_one_line_and_text_holds_no_control_characters(
    old: str, new: str, where: str, says: str
) -> None:
    (found,) = problems(MINIMAL.replace(old, new))
    assert found.startswith(f"roadmap.yaml:{where}: ") and says in found


def test_a_tab_inside_a_title_is_whitespace_and_allowed() -> None:
    text = MINIMAL.replace("title: First topic", 'title: "First\\ttopic"')
    assert load_roadmap(text).phases[0].items[0].title == "First\ttopic"


def test_import_drops_terminal_escapes_from_a_readme_so_the_result_validates(
    tmp_path: Path,
) -> None:
    readme = tmp_path / "README.md"
    readme.write_text("# R\n\n## Phase 0: A\n\n- [ ] Python \x1b[31mred\x1b[0m\n")
    assert main(["import", str(readme), "-o", str(tmp_path / "roadmap.yaml")]) == 0
    titles = [i.title for i in load_roadmap((tmp_path / "roadmap.yaml").read_text()).items()]
    assert titles == ["Python [31mred[0m"]


def test_free_text_may_span_lines_and_hold_tabs() -> None:
    text = MINIMAL.replace("title: Demo", 'title: Demo\nintro: "line one\\n\\tline two\\n"')
    assert load_roadmap(text).intro == "line one\n\tline two"


# --- 3. ids and other patterns match whole values ----------------------------------------------


@pytest.mark.parametrize(
    "written",
    ['id: "one\\n"', "id: |\n              one", 'id: "one\\r"', 'id: "one\\u2028"'],
)
def test_an_id_with_a_trailing_line_break_is_invalid(written: str) -> None:
    (found,) = problems(MINIMAL.replace("id: one", written))
    assert found.startswith("roadmap.yaml:9:17: invalid id ")


def test_a_start_date_with_a_trailing_newline_or_other_digits_is_invalid() -> None:
    for written in ('"2026-01-31\\n"', "'٢٠٢٦-٠١-٠١'"):
        text = MINIMAL + f"settings:\n  start: {written}\n"
        (found,) = problems(text)
        assert "'start' must be a date like 2026-01-31" in found


def test_schema_patterns_end_where_ecma_regexes_end() -> None:
    from roadmap_bot.core.schema import ecma_regex

    assert ecma_regex("^[a-z]+$").search("abc\n") is None
    assert ecma_regex("^[$]\\$$").search("$$") is not None  # $ in a class or escaped stays


def test_a_demo_url_with_a_trailing_newline_is_invalid(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "roadmap.yaml"
    path.write_text(MINIMAL + '            rule: {require: [{demo: "https://my.app\\n"}]}\n')
    assert main(["validate", str(path)]) == 2
    assert f"{path}:11:37: demo takes an http(s):// URL" in capsys.readouterr().err


# --- 4. roadmap.yaml's own YAML is bounded -----------------------------------------------------

BOMB = "".join(
    f"{name}: &{name} [{', '.join([f'*{prev}'] * 9) if prev else ', '.join(['lol'] * 9)}]\n"
    for prev, name in zip(["", *"abcdefgh"], "abcdefghi", strict=True)
)


def test_an_alias_bomb_in_roadmap_yaml_is_a_located_error_exit_2(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert len(BOMB) < 400
    path = tmp_path / "roadmap.yaml"
    path.write_text(BOMB, encoding="utf-8")
    assert main(["validate", str(path)]) == 2
    err = capsys.readouterr().err
    assert f"{path}:6:" in err and "alias bomb" in err and "Traceback" not in err


@pytest.mark.parametrize("text", ["a: &x [*x]\n", "a: &x\n  b: *x\n", "- &x [1, [2, *x]]\n"])
def test_an_alias_inside_the_value_it_names_is_a_located_error(text: str) -> None:
    (found,) = problems(text)
    assert "is inside the value &x names" in found and found.startswith("roadmap.yaml:")


def test_nesting_deeper_than_the_bound_is_a_located_error_not_a_recursion_error() -> None:
    for depth in (65, 5_000):
        (found,) = problems("title: " + "[" * depth + "]" * depth + "\n")
        assert found == "roadmap.yaml:1:71: nested deeper than 64 levels"  # the 64th "["


def test_aliases_used_sensibly_still_work() -> None:
    text = MINIMAL.replace("title: First topic", "title: &t First topic") + (
        "          - id: two\n            title: *t\n"
    )
    assert [i.title for i in load_roadmap(text).items()] == ["First topic", "First topic"]


def test_a_5000_digit_number_is_a_located_error() -> None:
    (found,) = problems(MINIMAL.replace("version: 1", "version: " + "9" * 5000))
    assert found.startswith("roadmap.yaml:1:10: a number of 5,000 digits is too long")


def test_a_tab_in_the_indentation_says_so() -> None:
    (found,) = problems(MINIMAL.replace("    title: Basics", "\ttitle: Basics"))
    assert found.startswith("roadmap.yaml:5:1: YAML syntax error")
    assert "a tab in the indentation" in found


def test_an_empty_file_says_it_is_empty() -> None:
    assert problems("") == [
        "roadmap.yaml:1:1: the file is empty; roadmap.yaml needs version: 1, a title and phases"
    ]


# --- 5. the state file is bounded ---------------------------------------------------------------


def test_a_100000_deep_state_file_is_a_located_error_exit_2(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "roadmap.yaml").write_text(MINIMAL, encoding="utf-8")
    deep = "[" * 100_000 + "]" * 100_000
    (tmp_path / "roadmap.state.json").write_text(
        '{"version": 1, "evidence": {"o/r": {"head": "h", "results": ' + deep + "}}}"
    )
    assert main(["render", "-c", str(tmp_path / "roadmap.yaml")]) == 2
    err = capsys.readouterr().err
    assert "roadmap.state.json:1:" in err and "nested deeper than" in err
    assert "Traceback" not in err


def test_a_state_too_deep_to_write_back_is_refused_when_read() -> None:
    from roadmap_bot.core.state_codec import state_from_json

    deep = "[" * 300 + "]" * 300
    with pytest.raises(ConfigError, match="nested deeper than"):
        state_from_json(
            '{"version": 1, "evidence": {"o/r": {"head": "h", "results": {"a": ' + deep + "}}}}",
            "s.json",
        )


def test_a_state_file_that_is_not_utf8_is_a_located_error(tmp_path: Path) -> None:
    from roadmap_bot.adapters.workspace import LocalWorkspace
    from roadmap_bot.jobs.loading import read_state

    path = tmp_path / "roadmap.state.json"
    path.write_bytes(b'{"version": 1, "x": "\xff"}')
    with pytest.raises(ConfigError, match="not UTF-8"):
        read_state(LocalWorkspace(tmp_path), path.name)


# --- 6. an owner's regex runs in linear time -----------------------------------------------------


def contains_result(pattern: str, text: str) -> CheckResult:
    snapshot = RepoSnapshot("o/r", "h", ("src/app.py",), {"src/app.py": text})
    return check_contains(snapshot, "src/*.py", pattern)


def test_a_catastrophic_contains_pattern_runs_in_linear_time() -> None:
    # Python's re took 25-92 s here (it backtracks 2^29 ways); RE2 takes microseconds.
    started = time.perf_counter()
    result = contains_result("(a+)+$", "a" * 29 + "!")
    assert not result.passed
    assert time.perf_counter() - started < 5  # generous: the old engine took 25 s at best


@settings(max_examples=25, deadline=None)
@given(
    pattern=st.sampled_from(["(a+)+$", "(a|a)*b", "(a*)*c", "(.*a){12}", "^(\\w+\\s?)*$"]),
    size=st.integers(min_value=0, max_value=200_000),
)
def test_hostile_patterns_on_big_texts_finish(pattern: str, size: int) -> None:
    text = "a" * size + "!"
    started = time.perf_counter()
    contains_result(pattern, text)
    assert time.perf_counter() - started < 5  # linear: ~1 ms per 100 KB here


def test_the_text_searched_is_bounded() -> None:
    big = "x" * MAX_SEARCH_CHARS + "needle"
    assert first_match("needle", big) is None
    assert first_match("needle", "x" * 10 + "needle") == 10


def test_a_contains_pattern_still_matches_lines_as_before() -> None:
    result = contains_result(r"^import mlflow\b", "import os\nimport mlflow\n")
    assert result.passed and "src/app.py line 2 matches" in result.reason


def test_text_with_undecodable_bytes_is_searched_without_error() -> None:
    assert contains_result("mlflow", "\udcff import mlflow").passed


@pytest.mark.parametrize(
    ("pattern", "hint"),
    [
        (r"(a)\1", "backreferences"),
        (r"(?P<x>a)(?P=x)", "backreferences"),
        (r"foo(?=bar)", "lookahead and lookbehind"),
        (r"(?<!x)y", "lookahead and lookbehind"),
        (r"(?>a+)b", "atomic groups"),
        (r"a\Z", "write \\z"),
        pytest.param("a" * 1001, "longer than 1,000", id="too-long"),
        ("(", "missing )"),
    ],
)
def test_a_pattern_re2_cannot_run_is_a_located_error_with_a_hint(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], pattern: str, hint: str
) -> None:
    path = tmp_path / "roadmap.yaml"
    rule = (
        f"            rule: {{require: [{{contains: {{path: '*.py', pattern: {pattern!r}}}}}]}}\n"
    )
    path.write_text(MINIMAL + rule.replace("\\\\", "\\"), encoding="utf-8")
    assert main(["validate", str(path)]) == 2
    err = capsys.readouterr().err
    assert f"{path}:11:" in err and hint in err
    assert "RE2" in err or hint.startswith("longer")


# Regexes made of pieces both engines read alike: they must find the same first match.
_PIECES = st.sampled_from(["a", "b", "ab", ".", "[ab]", "[^a]", "\\d", "\\s", "x"])
_QUANT = st.sampled_from(["", "*", "+", "?", "{1,2}", "*?"])
_SIMPLE = st.lists(st.tuples(_PIECES, _QUANT).map("".join), min_size=1, max_size=4).map("".join)
_REGEX = st.one_of(
    _SIMPLE,
    st.tuples(_SIMPLE, _SIMPLE).map("|".join),
    st.tuples(_SIMPLE, _SIMPLE).map(lambda p: f"({p[0]})+{p[1]}"),
    _SIMPLE.map(lambda p: f"^{p}$"),
)


@settings(max_examples=300, deadline=None)
@given(pattern=_REGEX, text=st.text(alphabet="ab x1\n", max_size=12))
def test_re2_finds_what_pythons_re_found_for_ordinary_patterns(pattern: str, text: str) -> None:
    expected = re.search(pattern, text, re.M)
    assert first_match(pattern, text) == (expected.start() if expected else None)


# --- end to end: the action against the fake GitHub ---------------------------------------------


@pytest.mark.parametrize(
    ("setting", "says"),
    [
        ("badges_dir: ../../etc", "leads outside the repository"),
        ("readme: /etc/x", "is an absolute path"),
        ("state_file: .github/workflows/state.json", "`workflows` permission"),
    ],
)
def test_the_action_refuses_a_hostile_setting_with_a_located_error_and_writes_nothing(
    fake_github: FakeGitHub, tmp_path: Path, setting: str, says: str
) -> None:
    roadmap = MINIMAL + f"settings:\n  {setting}\n"
    fake_github.add_repo(REPO, files={"roadmap.yaml": roadmap, "README.md": "# Hi\n"})
    before = fake_github.head(REPO)
    run = run_action(fake_github, tmp_path, event="schedule", payload={"schedule": "0 6 * * *"})
    assert run.code == 2, run.log
    assert "file=roadmap.yaml,line=12" in run.log and says in run.log
    assert "Traceback" not in run.log
    assert fake_github.head(REPO) == before
    assert not [w for w in writes(fake_github) if w[0] != "GET"]


# --- fuzzing: whatever the YAML or JSON, a located error or a bounded result ---------------------


def _count_values(data: object) -> int:
    count, stack = 0, [data]
    while stack:
        value = stack.pop()
        count += 1
        if isinstance(value, dict):
            stack.extend(value.values())
        elif isinstance(value, list):
            stack.extend(value)
    return count


@st.composite
def alias_documents(draw: st.DrawFn) -> str:
    """Anchors each listing earlier anchors (or themselves) many times: bombs, cycles, or fine."""
    lines = []
    for index in range(draw(st.integers(min_value=1, max_value=12))):
        width = draw(st.integers(min_value=1, max_value=12))
        earlier = list(range(index + draw(st.sampled_from([0, 0, 0, 1]))))  # 1: may name itself
        refs = [
            f"*a{draw(st.sampled_from(earlier))}" if earlier and draw(st.booleans()) else "x"
            for _ in range(width)
        ]
        nest = draw(st.integers(min_value=0, max_value=3))
        lines.append(f"k{index}: &a{index} " + "[" * nest + f"[{', '.join(refs)}]" + "]" * nest)
    return "\n".join(lines) + "\n"


@settings(max_examples=200, deadline=None)
@given(text=alias_documents())
def test_any_alias_structure_is_a_located_error_or_a_bounded_document(text: str) -> None:
    from roadmap_bot.core.yamlloc import MAX_VALUES, load_located

    try:
        located = load_located(text, "roadmap.yaml")
    except ConfigError as exc:
        assert all(p.line >= 1 and p.column >= 1 for p in exc.problems)
        return
    assert _count_values(located.data) <= MAX_VALUES


@settings(max_examples=200, deadline=None)
@given(
    depth=st.integers(min_value=0, max_value=3_000),
    opener=st.sampled_from(["[", '{"k": ']),
    version=st.sampled_from(["1", "2", '"1"', "null"]),
)
def test_any_nesting_of_the_state_file_is_a_state_or_a_located_error(
    depth: int, opener: str, version: str
) -> None:
    from roadmap_bot.core.state_codec import state_from_json, state_to_json

    closer = "]" if opener == "[" else "}"
    body = opener * depth + "1" + closer * depth
    text = f'{{"version": {version}, "evidence": {{"o/r": {{"head": "h", "results": {{"a": {body}}}}}}}}}'
    try:
        state = state_from_json(text, "s.json")
    except ConfigError as exc:
        assert exc.problems[0].file == "s.json"
        return
    assert state_to_json(state)  # what was read can be written back


def test_a_start_date_that_does_not_exist_is_a_located_error() -> None:
    assert problems(MINIMAL + 'settings:\n  start: "2026-13-45"\n') == [
        "roadmap.yaml:12:10: 'start' '2026-13-45' is not a real date"
    ]


def test_a_fifo_among_the_template_overrides_is_skipped_not_read_for_ever(tmp_path: Path) -> None:
    from roadmap_bot.jobs.loading import TEMPLATE_DIR, load_local

    (tmp_path / "roadmap.yaml").write_text(MINIMAL, encoding="utf-8")
    (tmp_path / TEMPLATE_DIR).mkdir(parents=True)
    os.mkfifo(tmp_path / TEMPLATE_DIR / "readme.md.j2")  # a read would wait for a writer
    assert load_local(tmp_path / "roadmap.yaml").overrides == {}


@pytest.mark.parametrize(
    "nesting",
    ["x: " + "[" * 100_000, "x: " + "{a: " * 60_000, "x:\n" + "- " * 100_000 + "a\n"],
    ids=["flow-lists", "flow-maps", "compact-block-lists"],
)
def test_a_roadmap_nested_100000_deep_is_a_located_error_not_a_crash(
    tmp_path: Path, nesting: str
) -> None:
    # in a child process: PyYAML's C composer overflowed the C stack (exit 139, no traceback)
    import subprocess
    import sys

    path = tmp_path / "roadmap.yaml"
    path.write_text(nesting, encoding="utf-8")
    run = subprocess.run(
        [sys.executable, "-m", "roadmap_bot", "validate", str(path)],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert run.returncode == 2, (run.returncode, run.stderr[-300:])
    assert re.search(r"roadmap\.yaml:\d+:\d+: nested deeper than 64 levels", run.stderr)
