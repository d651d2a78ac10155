"""Container files as dependency sources: Dockerfile base images and pip installs, compose images."""

from __future__ import annotations

from typing import Any

from roadmap_bot.core.boundedyaml import load_bounded
from roadmap_bot.core.evidence.pep508 import pip_install_names
from roadmap_bot.errors import BoundedYamlError


def parse_dockerfile(text: str) -> tuple[list[str], list[str]]:
    """Base images (``FROM``) and ``pip install``ed names of a Dockerfile."""
    joined = text.replace("\\\n", " ")
    images: list[str] = []
    for line in joined.splitlines():
        words = line.split()
        if len(words) >= 2 and words[0].upper() == "FROM":
            rest = [w for w in words[1:] if not w.startswith("--")]
            if rest:
                images.append(image_name(rest[0]))
    return images, pip_install_names(joined)


def parse_compose(text: str) -> list[str]:
    """Images of the services of a compose file."""
    try:
        data: Any = load_bounded(text)
    except BoundedYamlError:  # invalid, or an alias bomb / too deep / too large
        return []
    services = data.get("services") if isinstance(data, dict) else None
    if not isinstance(services, dict):
        return []
    return [
        image_name(s["image"])
        for s in services.values()
        if isinstance(s, dict) and isinstance(s.get("image"), str)
    ]


def image_name(ref: str) -> str:
    """Strip registry, tag and digest: ``docker.io/qdrant/qdrant:v1`` → ``qdrant/qdrant``."""
    ref = ref.split("@", 1)[0].lower()
    parts = ref.split("/")
    parts[-1] = parts[-1].split(":", 1)[0]
    if len(parts) > 1 and ("." in parts[0] or ":" in parts[0] or parts[0] == "localhost"):
        parts = parts[1:]
    if len(parts) > 1 and parts[0] == "library":
        parts = parts[1:]
    return "/".join(parts)
