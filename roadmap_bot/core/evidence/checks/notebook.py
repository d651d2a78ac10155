"""The ``notebook`` check: a Jupyter notebook with code (checkpoints and vendored dirs ignored)."""

from __future__ import annotations

from roadmap_bot.core.evidence.check import Check
from roadmap_bot.core.evidence.facts import RepoFacts
from roadmap_bot.core.evidence.result import CheckResult


def check_notebook(facts: RepoFacts) -> CheckResult:
    """Pass on a Jupyter notebook that is not empty (checkpoints and vendored dirs ignored);
    notebooks byte for byte the origin's (``facts.inherited``) are not the learner's."""
    result = _check_notebook(facts)
    theirs = [p for p in facts.inherited if p.endswith(".ipynb")]
    return facts.note_inherited(result, theirs, "notebook")


def _check_notebook(facts: RepoFacts) -> CheckResult:
    notebooks = [p for p in facts.sources if p.endswith(".ipynb")]
    if not notebooks:
        return CheckResult("notebook", False, (), "notebook: no .ipynb files")
    empty = [p for p in notebooks if facts.notebooks.get(p) is False]
    kept = [p for p in notebooks if p not in empty]
    if not kept:
        return CheckResult(
            "notebook", False, tuple(notebooks), f"notebook: {notebooks[0]} has no code"
        )
    noun = "notebook" if len(kept) == 1 else "notebooks"
    return CheckResult(
        "notebook", True, tuple(kept), f"notebook: {len(kept)} {noun}, e.g. {kept[0]}"
    )


# where the issue checklist sends a learner to read how (official documentation)
LEARN = (("Jupyter documentation", "https://docs.jupyter.org/en/latest/"),)

CHECK = Check(
    name="notebook",
    words="a notebook",
    run=check_notebook,
    todo="a Jupyter notebook (`.ipynb`) with your exploration",
    learn=LEARN,
)
