"""The readme check does not count a known template's README text, nor the origin's README."""

from __future__ import annotations

from roadmap_bot.core.evidence.checks.readme import (
    MIN_README_WORDS,
    check_readme,
    count_readme,
    readme_words,
)
from roadmap_bot.core.evidence.facts import RepoFacts, build_facts
from roadmap_bot.core.evidence.fingerprints import Boilerplate, fingerprint
from roadmap_bot.core.evidence.snapshot import Origin, RepoSnapshot
from tests.support.ccds import DESCRIPTION, OWN_SENTENCES, ccds_readme
from tests.support.linear import assert_linear

COURSE = (
    "# MLOps course project\n\n"
    "Welcome to the course project. In this repository you will build a small machine learning "
    "service step by step, from a notebook to a deployed model with monitoring.\n\n"
    "Fork this repository, then follow the instructions of each module to complete the tasks. "
    "Every module ends with a short quiz that checks your understanding of the material.\n"
)
MINE = (
    "My fork trains a churn classifier on the telecom data set and serves it with FastAPI. "
    "I added a drift report that runs every night and a dashboard of the weekly precision. "
    "The Makefile builds the image and runs the tests before every deploy."
)


def _facts(readme: str, origin: Origin | None = None) -> RepoFacts:
    files = {"README.md": readme}
    return build_facts(RepoSnapshot("me/repo", "h", tuple(files), files, origin=origin))


def test_a_cookiecutter_data_science_readme_with_a_one_line_description_fails_naming_it() -> None:
    result = check_readme(_facts(ccds_readme()))
    assert not result.passed
    assert "README.md: 10 of " in result.reason
    assert "words are yours; the rest is from cookiecutter-data-science's README" in result.reason


def test_the_same_readme_with_three_sentences_of_ones_own_passes() -> None:
    result = check_readme(_facts(ccds_readme(OWN_SENTENCES)))
    assert result.passed, result.reason


def test_template_prose_a_readme_copies_is_not_counted() -> None:
    template = (
        "This starter gives every student the same folders, a data loader and an empty model, "
        "so that the weekly exercises can be graded the same way for everyone.\n\n"
        "Replace the placeholder model with your own before the second week begins.\n"
    )
    known = Boilerplate.of([fingerprint("starter", "s", readme_words(template))])
    readme = f"# Mine\n\n{DESCRIPTION}\n\n{template}"
    copied = count_readme(readme, [known])
    assert (copied.words, copied.boilerplate, copied.boilerplate_prose) == (10, "starter", 40)
    assert count_readme(readme, []).words == 10 + 40


def test_a_line_that_shares_one_phrase_with_a_template_stays_the_authors() -> None:
    known = Boilerplate.of([fingerprint("t", "s", "with your own before the".split())])
    line = "Replace the model with your own before the deadline, then tag a release on GitHub."
    assert count_readme(line, [known]).words == count_readme(line, []).words == 15


def test_a_fork_whose_readme_is_the_courses_fails_naming_the_origin() -> None:
    origin = Origin("fork", "course/mlops", "c0ffee", readme=COURSE)
    result = check_readme(_facts(COURSE, origin))
    assert not result.passed
    assert "README.md: 0 of " in result.reason
    assert "the rest is from course/mlops's README" in result.reason
    assert check_readme(_facts(COURSE)).passed  # without the origin: prose like any other


def test_a_fork_with_a_section_of_the_learners_own_passes() -> None:
    origin = Origin("fork", "course/mlops", "c0ffee", readme=COURSE)
    result = check_readme(_facts(COURSE + "\n## My work\n\n" + MINE + "\n", origin))
    assert result.passed, result.reason
    assert "more from course/mlops's README" in result.reason


def test_an_origin_without_a_readme_subtracts_nothing() -> None:
    origin = Origin("template", "course/starter", None, readme=None)
    assert check_readme(_facts(COURSE, origin)).passed


def test_boilerplate_subtraction_is_linear_in_the_readme() -> None:
    assert_linear(count_readme, ccds_readme(OWN_SENTENCES))
    assert_linear(count_readme, "word " * 7 + "\n")
    assert count_readme(ccds_readme(OWN_SENTENCES)).words >= MIN_README_WORDS
