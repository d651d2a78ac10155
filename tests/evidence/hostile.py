"""The hostile-repo corpus: linked repos built to make the checks slow or greedy.

Each case is a small repo (every file ≤ ~100 KB, as an attacker would keep it to pass upload and
review limits) whose files once made a check take seconds to minutes, or gigabytes: nested or
unclosed markup that a backtracking regex rescans from every position, line-start patterns
under ``re.M`` that scan the rest of the file from each of 100,000 empty lines, dotted keys that
make a parser quadratic, and YAML aliases that expand to billions of nodes. ``check`` must
answer each with an explained result in bounded time and memory.

``expect`` maps a check to words its reason must contain (the explanation a user reads).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field


@dataclass(frozen=True, slots=True)
class HostileRepo:
    name: str
    why: str  # what made it slow before, and how it was measured
    files: Mapping[str, str | bytes]
    expect: Mapping[str, tuple[str, ...]] = field(default_factory=dict)


def yaml_alias_bomb(levels: int = 9, fanout: int = 9, key: str = "dependencies") -> str:
    """A "billion laughs" YAML file: each level lists the previous one ``fanout`` times."""
    lines = ['a0: &a0 ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for level in range(1, levels):
        refs = ",".join([f"*a{level - 1}"] * fanout)
        lines.append(f"a{level}: &a{level} [{refs}]")
    lines.append(f"{key}: *a{levels - 1}")
    return "\n".join(lines) + "\n"


def environment_alias_bomb() -> str:
    """An environment.yml whose ``pip:`` list expands to 9**9 requirement strings."""
    return yaml_alias_bomb(key="x") + "dependencies:\n  - python\n  - pip: *a8\n"


def compose_alias_bomb() -> str:
    """A compose file whose one service holds the expanded bomb next to its image."""
    return yaml_alias_bomb(key="x") + "services:\n  web:\n    image: nginx\n    x: *a8\n"


def gitlab_alias_bomb() -> str:
    """The same bomb as a CI file: a job whose ``script`` expands to billions of lines."""
    body = yaml_alias_bomb(key="x")
    return body + "test:\n  script: *a8\n"


def setup_py_fanout(width: int = 2_000) -> str:
    """A setup.py whose ``install_requires`` expands to ``width**2`` strings through a name."""
    row = ", ".join(["'torch'"] * width)
    names = ", ".join(["b"] * width)
    return f"b = [{row}]\na = [{names}]\nsetup(name='x', install_requires=a)\n"


README_OK = (
    "# Hostile\n\nThis repository exists to test that a roadmap bot reading linked repos stays "
    "fast and small whatever the files hold, and explains what it could not read instead of "
    "hanging for minutes or being killed for memory.\n"
)

HOSTILE: tuple[HostileRepo, ...] = (
    HostileRepo(
        "readme-brackets",
        "README of 80,000 '[': link and image regexes backtrack from every '[' (31 s)",
        {"README.md": "[" * 80_000},
        {"readme": ("README.md",)},
    ),
    HostileRepo(
        "readme-comment-openers",
        "README of 20,000 '<!--' never closed: the comment regex scans to the end from each (9 s)",
        {"README.md": "<!--" * 20_000},
        {"readme": ("README.md",)},
    ),
    HostileRepo(
        "readme-image-openers",
        "README of 30,000 '![' and '](': image and link regexes rescan the line",
        {"README.md": "[![a](" * 16_000},
        {"readme": ("README.md",)},
    ),
    HostileRepo(
        "readme-tags",
        "README of 50,000 '<' with no '>': the tag regex scans to the end of the line from each",
        {"README.md": "<a " * 33_000},
        {"readme": ("README.md",)},
    ),
    HostileRepo(
        "readme-front-matter",
        "README starting '---' whose front matter never ends, then 100,000 newlines",
        {"README.md": "---\n" + "\n" * 99_000},
        {"readme": ("README.md",)},
    ),
    HostileRepo(
        "dockerfile-newlines",
        "Dockerfile of 100,000 newlines: '^\\s*FROM' under re.M rescans from each (55 s)",
        {"README.md": README_OK, "Dockerfile": "\n" * 100_000},
        {"docker": ("Dockerfile defines no image",)},
    ),
    HostileRepo(
        "dockerfile-spaces",
        "Dockerfile of 100,000 spaces and tabs on one line",
        {"README.md": README_OK, "Dockerfile": " \t" * 50_000},
        {"docker": ("Dockerfile",)},
    ),
    HostileRepo(
        "pyproject-dotted-keys",
        "pyproject.toml of 40,000 'a.': tomllib is quadratic in a dotted key (5 s)",
        {"README.md": README_OK, "pyproject.toml": "a." * 40_000},
        {"mlflow": ("pyproject.toml was not read", "dotted key")},
    ),
    HostileRepo(
        "environment-alias-bomb",
        "413-byte environment.yml alias bomb (> 300 s, 6 GB)",
        {"README.md": README_OK, "environment.yml": environment_alias_bomb()},
        {"mlflow": ("environment.yml was not read", "aliases")},
    ),
    HostileRepo(
        "environment-deep",
        "environment.yml of 100,000 '[': PyYAML's C composer recursed until a segfault",
        {"README.md": README_OK, "environment.yml": "dependencies: " + "[" * 100_000},
        {"mlflow": ("environment.yml was not read", "nested deeper")},
    ),
    HostileRepo(
        "compose-alias-bomb",
        "docker-compose.yml alias bomb under services",
        {"README.md": README_OK, "docker-compose.yml": compose_alias_bomb()},
        {"docker": ("docker-compose.yml",)},
    ),
    HostileRepo(
        "gitlab-alias-bomb",
        "452-byte .gitlab-ci.yml alias bomb (89 s)",
        {"README.md": README_OK, ".gitlab-ci.yml": gitlab_alias_bomb()},
        {"ci": (".gitlab-ci.yml", "expands to more than")},
    ),
    HostileRepo(
        "requirements-comment-newlines",
        "requirements.txt of 100,000 lines of '#' (a commented-out tracker looked up per line)",
        {"README.md": README_OK, "requirements.txt": "# mlflow\n" * 11_000},
        {"mlflow": ("commented out",)},
    ),
    HostileRepo(
        "setup-py-unclosed",
        "setup.py that is not Python, with 20,000 'install_requires=[' and no ']'",
        {"README.md": README_OK, "setup.py": "install_requires=[" * 5_000},
        {},
    ),
    HostileRepo(
        "setup-py-fanout",
        "setup.py whose requirement list is 2,000 names of a list of 2,000 strings (4M)",
        {"README.md": README_OK, "setup.py": setup_py_fanout()},
        {},
    ),
    HostileRepo(
        "setup-cfg-blanks",
        "setup.cfg with a line of 40,000 spaces: configparser's option regex is quadratic (10 s)",
        {"README.md": README_OK, "setup.cfg": "[options]\na" + " " * 40_000 + "b\n"},
        {},
    ),
    HostileRepo(
        "pipfile-quoted-keys",
        "Pipfile of 20,000 quoted dotted key parts",
        {"README.md": README_OK, "Pipfile": '"a".' * 20_000 + "a = 1\n"},
        {"mlflow": ("Pipfile was not read",)},
    ),
    HostileRepo(
        "source-imports",
        "a Python file of 100,000 'import ' fragments on a line and 50,000 newlines",
        {
            "README.md": README_OK,
            "train.py": "import a," + " " * 50_000 + "\n" * 50_000,
        },
        {},
    ),
    HostileRepo(
        "license-spaces",
        "LICENSE of 100,000 spaces between 'Apache License,' and the rest",
        {"README.md": README_OK, "LICENSE": "Apache License," + " " * 100_000 + "Version 3"},
        {"license": ("LICENSE",)},
    ),
    HostileRepo(
        "setup-cfg-license",
        "setup.cfg of 100,000 newlines (a '^license' search under re.M)",
        {"README.md": README_OK, "setup.cfg": "\n" * 100_000},
        {},
    ),
    HostileRepo(
        "demo-urls",
        "README of 30,000 'https://x.streamlit' fragments (the demo host regexes)",
        {"README.md": "https://a" + ".streamlit" * 10_000 + "-" * 1000},
        {"demo": ("README.md",)},
    ),
    HostileRepo(
        "notebook-deep",
        "a notebook of 100,000 '[' (JSON nesting past the recursion limit)",
        {"README.md": README_OK, "analysis.ipynb": "[" * 100_000},
        {},
    ),
    HostileRepo(
        "package-json-deep",
        "package.json of 100,000 '[' (JSON nesting past the recursion limit)",
        {"README.md": README_OK, "package.json": "[" * 100_000},
        {},
    ),
)

BY_NAME = {case.name: case for case in HOSTILE}

# Beyond the ≤ 100 KB files: one README over the per-file cap (read: its first MB only), for the
# benchmark's memory column. Not in HOSTILE, whose files an attacker keeps small.
HUGE_README = HostileRepo(
    "readme-5mb",
    "a 5 MB README of prose: read up to MAX_TEXT_BYTES, never whole",
    {"README.md": ("Words of prose about the project. " * 30 + "\n") * 5_000},
    {"readme": ("README.md has",)},
)
