"""The ``docker`` check: a Dockerfile with a ``FROM`` line, or a compose file with services.

Which files: ``paths.is_docker_file`` (``Dockerfile``, ``Dockerfile.gpu``, ``Dockerfile-dev``,
``api.Dockerfile``, ``Containerfile``, ``docker/…/Dockerfile*``, ``compose.yaml``,
``docker-compose.prod.yml``, any case). A fragment that is not a full Dockerfile (no ``FROM``
line, or a ``FROM`` whose image is still a ``{{ template }}`` placeholder) does not count."""

from __future__ import annotations

import re

from roadmap_bot.core.evidence.check import Check
from roadmap_bot.core.evidence.facts import RepoFacts
from roadmap_bot.core.evidence.paths import is_docker_file
from roadmap_bot.core.evidence.result import CheckResult
from roadmap_bot.core.evidence.snapshot import FileKind


def check_docker(facts: RepoFacts) -> CheckResult:
    """Pass on a Dockerfile with a FROM line or a compose file with services; a fork's or a
    generated repo's Dockerfiles that are byte for byte the origin's do not count (says so)."""
    theirs = [p for p in facts.inherited if is_docker_file(p)]
    return facts.note_inherited(_docker(facts), theirs, "Docker file")


def _docker(facts: RepoFacts) -> CheckResult:
    texts = facts.snapshot.texts
    files = list(facts.of_kind(FileKind.DOCKER))
    good: list[tuple[str, str]] = []
    for path in files:
        text = texts.get(path)
        compose = "compose" in path.rsplit("/", 1)[-1].lower()
        if text is None:
            good.append((path, "not read"))
        elif compose and re.search(r"^services[ \t]*:", text, re.M):
            good.append((path, "compose services"))
        elif not compose:
            base = dockerfile_base(text)
            if base and not _placeholder(base):
                good.append((path, f"FROM {base}"))
    if good:
        path, what = good[0]
        return CheckResult("docker", True, tuple(p for p, _ in good), f"docker: {path} ({what})")
    if files:
        why = next((facts.unreadable[p] for p in files if p in facts.unreadable), None)
        what = why or f"{files[0]} defines no image or service"
        return CheckResult("docker", False, tuple(files), f"docker: {what}")
    return CheckResult("docker", False, (), "docker: no Dockerfile or compose file")


def dockerfile_base(text: str) -> str | None:
    """The image of a Dockerfile's first ``FROM`` line (options skipped), or None.

    Line by line: ``^\\s*FROM`` under re.M let ``\\s*`` run over every following newline from
    each line start (a Dockerfile of 100,000 newlines took 55 s)."""
    for line in text.splitlines():
        words = line.split(None, 1)
        if words and words[0].upper() == "FROM" and len(words) == 2:
            image = next((w for w in words[1].split() if not w.startswith("--")), None)
            if image is not None:
                return image
    return None


def _placeholder(image: str) -> bool:
    """A base image a template engine has yet to fill in (``{{ base_image }}``, ``{% … %}``)."""
    return "{{" in image or "{%" in image


# where the issue checklist sends a learner to read how (official documentation)
LEARN = (("Docker: Get started", "https://docs.docker.com/get-started/"),)

CHECK = Check(
    name="docker",
    words="a Dockerfile",
    run=check_docker,
    todo="a `Dockerfile` that builds and runs the project",
    learn=LEARN,
)
