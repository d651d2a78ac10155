"""The ``demo`` check: a README links a live demo on Hugging Face Spaces, Streamlit or Gradio.

For another host a rule names the URL (``{demo: URL}``, ``checks/generic.py``)."""

from __future__ import annotations

import re

from roadmap_bot.core.evidence.check import Check
from roadmap_bot.core.evidence.facts import RepoFacts
from roadmap_bot.core.evidence.result import CheckResult
from roadmap_bot.core.evidence.snapshot import FileKind

DEMO_HOSTS = (
    (
        "Hugging Face Space",
        r"https?://huggingface\.co/spaces/[\w.-]+/[\w.-]+|https?://[\w-]+\.hf\.space\b",
    ),
    (
        "Streamlit app",
        r"https?://[\w.-]+\.streamlit\.app\b|https?://share\.streamlit\.io/[\w.-]+/[\w.-]+",
    ),
    (
        "Gradio share link (these expire after 72 hours)",
        r"https?://(?!www\.)[\w-]+\.gradio\.(?:live|app)\b",
    ),
)


def _readme_texts(facts: RepoFacts) -> list[tuple[str, str]]:
    """The README texts read, GitHub's display order first."""
    texts = facts.snapshot.texts
    return [(p, texts[p]) for p in facts.of_kind(FileKind.README) if p in texts]


def check_demo(facts: RepoFacts) -> CheckResult:
    """Pass when a README links a live demo on Hugging Face Spaces, Streamlit or Gradio."""
    readmes = _readme_texts(facts)
    for path, text in readmes:
        for label, pattern in DEMO_HOSTS:
            match = re.search(pattern, text)
            if match:
                return CheckResult(
                    "demo", True, (path,), f"demo: {path} links a {label}: {match.group(0)}"
                )
    said = (
        f"{readmes[0][0]} links no Hugging Face Space, Streamlit app or Gradio demo"
        if readmes
        else "no README was read to look for a Hugging Face Space, Streamlit app or Gradio demo"
    )
    return CheckResult(
        "demo",
        False,
        (),
        f"demo: {said} (for another host, name its URL in the rule: {{demo: URL}})",
    )


# where the issue checklist sends a learner to read how (official documentation)
LEARN = (("Hugging Face Spaces", "https://huggingface.co/docs/hub/spaces"),)

CHECK = Check(
    name="demo",
    words="a live demo linked from the README",
    run=check_demo,
    todo="a link to a live demo in the README (a Space, Streamlit or Gradio app)",
    learn=LEARN,
)
