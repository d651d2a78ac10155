"""What to add for each evidence check, and where to learn how: the hints of the issue checklist.

One short, shipped hint per built-in check (``readme``, ``tests``, ``ci`` …), each with links to
official documentation (every URL is listed, with how it was checked, in the notes of issue 17).
A rule's other requirements get a hint built from what they name: ``uses:X`` (a technology),
``path:GLOB``, ``contains:…``, ``demo:URL``; a group (``any(a, b)``) joins its parts' hints.
The texts are the bot's own markdown; nothing here comes from a user or a linked repo.
"""

from __future__ import annotations

from dataclasses import dataclass

PYTEST = ("pytest: Get Started", "https://docs.pytest.org/en/stable/getting-started.html")
ACTIONS_PYTHON = (
    "GitHub Actions: Building and testing Python",
    "https://docs.github.com/en/actions/automating-builds-and-tests/building-and-testing-python",
)
MLFLOW = ("MLflow Tracking APIs", "https://mlflow.org/docs/latest/ml/tracking/tracking-api")
WANDB = ("W&B Quickstart", "https://docs.wandb.ai/quickstart")
README = (
    "GitHub Docs: About READMEs",
    "https://docs.github.com/en/repositories/managing-your-repositorys-settings-and-features/"
    "customizing-your-repository/about-readmes",
)
DOCKER = ("Docker: Get started", "https://docs.docker.com/get-started/")
LICENSE = ("Choose an open source license", "https://choosealicense.com/")
JUPYTER = ("Jupyter documentation", "https://docs.jupyter.org/en/latest/")
SPACES = ("Hugging Face Spaces", "https://huggingface.co/docs/hub/spaces")


@dataclass(frozen=True, slots=True)
class Hint:
    """What to add (bot markdown) and where to read how (label, https URL) pairs."""

    todo: str
    links: tuple[tuple[str, str], ...] = ()


HINTS: dict[str, Hint] = {
    "readme": Hint(
        "a `README.md` that says in your own words what the project does, how to run it and "
        "what you found",
        (README,),
    ),
    "tests": Hint(
        "a test file such as `tests/test_model.py` with a `test_` function pytest runs",
        (PYTEST,),
    ),
    "ci": Hint(
        "a workflow in `.github/workflows/` that runs your tests on every push", (ACTIONS_PYTHON,)
    ),
    "ci_passing": Hint(
        "a CI workflow whose latest run on the default branch passed (fix what fails)",
        (ACTIONS_PYTHON,),
    ),
    "docker": Hint("a `Dockerfile` that builds and runs the project", (DOCKER,)),
    "license": Hint("a `LICENSE` file (GitHub offers one when you add a file)", (LICENSE,)),
    "notebook": Hint("a Jupyter notebook (`.ipynb`) with your exploration", (JUPYTER,)),
    "demo": Hint(
        "a link to a live demo in the README (a Space, Streamlit or Gradio app)", (SPACES,)
    ),
    "mlflow": Hint("MLflow tracking: `import mlflow` and log parameters and metrics", (MLFLOW,)),
    "wandb": Hint("W&B tracking: `wandb.init()` and `run.log(...)`", (WANDB,)),
    "tracking": Hint(
        "experiment tracking: MLflow (`import mlflow`) or W&B (`wandb.init()`)", (MLFLOW, WANDB)
    ),
}
USES = "it to `requirements.txt` or `pyproject.toml`, or import it in the code"
PATH = "a file at the path the rule names"
CONTAINS = "the text the rule looks for, in a file at the path it names"
DEMO = "the demo link the rule names, in the README"
LINK = "a linked repo that can be read (public, and spelled `owner/name`)"


def hint_for(check: str) -> Hint | None:
    """The hint for a failed check's key (``Verdict.failed_checks``); None when there is none."""
    found = HINTS.get(check)
    if found is not None:
        return found
    for prefix, words in (("uses:", USES), ("path:", PATH), ("contains:", CONTAINS)):
        if check.startswith(prefix):
            return Hint(words)
    if check.startswith("demo:"):
        return Hint(DEMO, (SPACES,))
    if check == "repo":
        return Hint(LINK)
    for group in ("any(", "all("):
        if check.startswith(group) and check.endswith(")"):
            return _joined(_split(check[len(group) : -1]), "one of: " if group == "any(" else "")
    return None


def _joined(parts: list[str], lead: str) -> Hint | None:
    hints = [h for h in (hint_for(p) for p in parts) if h is not None]
    if not hints:
        return None
    links: dict[tuple[str, str], None] = {}
    for h in hints:
        links.update(dict.fromkeys(h.links))
    joiner = "; or " if lead else "; and "
    return Hint(lead + joiner.join(h.todo for h in hints), tuple(links))


def _split(inner: str) -> list[str]:
    """``a, any(b, c), d`` → ``["a", "any(b, c)", "d"]`` (commas at depth 0 only)."""
    parts: list[str] = []
    depth = 0
    start = 0
    for n, char in enumerate(inner):
        if char == "(":
            depth += 1
        elif char == ")":
            depth -= 1
        elif char == "," and depth == 0:
            parts.append(inner[start:n].strip())
            start = n + 1
    parts.append(inner[start:].strip())
    return [p for p in parts if p]
