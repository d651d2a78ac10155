"""``roadmap-bot fingerprints`` and the boilerplate judgement of ``roadmap-bot check``: a repo
generated from cookiecutter-data-science, as a folder and as a git URL."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from roadmap_bot.cli import main
from roadmap_bot.core.evidence import fingerprints as fp
from roadmap_bot.core.evidence.checks.readme import count_readme
from tests.evidence.repos import make_git_repo, write_tree
from tests.support.ccds import OWN_SENTENCES, ccds_repo

COURSE = (
    "# Course starter\n\nWelcome to the course. Clone this starter, install the requirements and "
    "open the first notebook; every week adds a folder with its exercises and a short quiz.\n"
)


def run(args: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    code = main(args)
    out = capsys.readouterr()
    return code, out.out, out.err


def _readme_line(out: str) -> str:
    return next(line for line in out.splitlines() if "readme:" in line)


def test_a_generated_cookiecutter_data_science_folder_fails_readme_naming_the_template(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    write_tree(tmp_path / "houses", ccds_repo())
    code, out, _ = run(["check", str(tmp_path / "houses")], capsys)
    line = _readme_line(out)
    assert code == 0 and line.startswith("  FAIL  readme: README.md: 10 of ")
    assert "the rest is from cookiecutter-data-science's README" in line


def test_the_same_folder_with_three_sentences_of_the_authors_own_passes(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    write_tree(tmp_path / "houses", ccds_repo(OWN_SENTENCES))
    _, out, _ = run(["check", str(tmp_path / "houses")], capsys)
    assert _readme_line(out).startswith("  pass  readme: README.md has ")


@pytest.mark.parametrize(("own", "passed"), [("", False), (OWN_SENTENCES, True)])
def test_a_git_url_gets_the_same_judgement(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], own: str, passed: bool
) -> None:
    url = make_git_repo(tmp_path / "remote", ccds_repo(own))
    _, out, _ = run(["check", url, "--cache-dir", str(tmp_path / "cache"), "--json"], capsys)
    readme = json.loads(out)["checks"]["readme"]
    assert readme["passed"] is passed
    assert passed or "the rest is from cookiecutter-data-science's README" in readme["reason"]


def test_the_command_writes_fingerprints_of_a_file_and_of_a_folder(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    write_tree(
        tmp_path / "starter", {"README.md": COURSE, "week1/Readme.rst": COURSE + "Week one."}
    )
    (tmp_path / "other.md").write_text("Five words and then some more words here.\n")
    out = tmp_path / "prints.json"
    code, _, err = run(
        [
            "fingerprints",
            str(tmp_path / "starter"),
            f"mine={tmp_path / 'other.md'}",
            "--source",
            "starter=https://example.com/course/starter@v1",
            "-o",
            str(out),
        ],
        capsys,
    )
    assert code == 0 and "starter: 2 README file(s)" in err
    starter, mine = fp.load(out.read_text())
    assert (starter.name, starter.source) == ("starter", "https://example.com/course/starter@v1")
    assert mine.source == str(tmp_path / "other.md") and mine.size == 4
    assert COURSE.split()[3] not in out.read_text()  # hashes, not the text
    known = fp.Boilerplate.of([starter])
    assert count_readme(COURSE + "\nMy own line.\n", [known]).words == 3


def test_add_keeps_the_other_templates_and_replaces_those_named_again(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "a.md").write_text(COURSE)
    (tmp_path / "b.md").write_text("one two three four five six\n")
    out = str(tmp_path / "prints.json")
    assert run(["fingerprints", f"x={tmp_path / 'a.md'}", "-o", out], capsys)[0] == 0
    assert run(["fingerprints", f"y={tmp_path / 'b.md'}", "-o", out, "--add"], capsys)[0] == 0
    assert run(["fingerprints", f"x={tmp_path / 'b.md'}", "-o", out, "--add"], capsys)[0] == 0
    assert [(p.name, p.size) for p in fp.load(Path(out).read_text())] == [("x", 2), ("y", 2)]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["nowhere"], "nowhere: no such file or folder"),
        (["=x"], "expected NAME=VALUE"),
        (["{tmp}", "--source", "other=x"], "--source names no SOURCE: other"),
        (["{tmp}"], "no README file in it"),
    ],
)
def test_bad_sources_are_a_usage_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], args: list[str], message: str
) -> None:
    argv = [a.replace("{tmp}", str(tmp_path)) for a in args]
    code, _, err = run(["fingerprints", *argv, "-o", str(tmp_path / "o.json")], capsys)
    assert code == 2 and message in err and "Traceback" not in err


HANDOUT = (
    "# Week 3 project: predicting house prices\n\n"
    "In this project you load the housing data, explore it with pandas and train a linear "
    "regression model. Split the data into training and test sets before you look at it, "
    "report the mean absolute error of your model on the test set, and write down which "
    "features helped most. Submit the notebook and a short summary of what you learned by "
    "Friday; the teaching assistants review every submission within a week.\n"
)


def test_check_with_the_users_own_fingerprints_does_not_count_their_course_handout(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # a learner copied the course's handout (no fork, no template: the shipped prints miss it)
    write_tree(tmp_path / "course", {"README.md": HANDOUT})
    write_tree(tmp_path / "mine", {"README.md": HANDOUT + "\nMy attempt at the project.\n"})
    prints = tmp_path / "roadmap-boilerplate.json"
    made = ["fingerprints", f"ml-course={tmp_path / 'course'}", "-o", str(prints)]
    assert run(made, capsys)[0] == 0
    _, before, _ = run(["check", str(tmp_path / "mine")], capsys)
    assert _readme_line(before).startswith("  pass  readme: README.md has ")
    _, after, _ = run(["check", str(tmp_path / "mine"), "--boilerplate", str(prints)], capsys)
    line = _readme_line(after)
    assert line.startswith("  FAIL  readme: README.md: 5 of ")
    assert "the rest is from ml-course's README" in line


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b'{"version": 1, "shingle_words": 5, "templates": [{"name": "x"}]}', "'shingles'"),
        (b"[" * 100_000, "not a fingerprint file"),
        (b"\xff\xfe", "not UTF-8"),
        (b" " * 2_000_001, "larger than 2,000,000 bytes"),
    ],
)
def test_a_bad_fingerprint_file_is_a_located_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], content: bytes, message: str
) -> None:
    write_tree(tmp_path / "mine", {"README.md": HANDOUT})
    bad = tmp_path / "prints.json"
    bad.write_bytes(content)
    code, _, err = run(["check", str(tmp_path / "mine"), "--boilerplate", str(bad)], capsys)
    assert code == 2 and f"{bad}:1:1:" in err and message in err and "Traceback" not in err


def test_a_missing_fingerprint_file_is_a_usage_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    write_tree(tmp_path / "mine", {"README.md": HANDOUT})
    code, _, err = run(["check", str(tmp_path / "mine"), "--boilerplate", "nope.json"], capsys)
    assert code == 2 and "--boilerplate nope.json:" in err


def test_a_bad_fingerprint_file_is_refused_before_the_repo_is_read(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bad = tmp_path / "prints.json"
    bad.write_text('{"version": 9}')
    code, _, err = run(["check", str(tmp_path / "not-there"), "--boilerplate", str(bad)], capsys)
    assert code == 2 and f"{bad}:1:1: not a fingerprint file" in err and "not-there" not in err
