"""Path rules: globs, vendored dirs, test-file names, and which texts a provider fetches."""

from __future__ import annotations

import fnmatch

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from roadmap_bot.core.evidence.paths import (
    GITLAB_INCLUDE,
    NamedAsTest,
    ci_system,
    classify_test_file,
    glob_to_regex,
    is_vendored,
)
from roadmap_bot.core.evidence.snapshot import (
    MAX_SOURCE_TEXTS,
    MAX_TEST_TEXTS,
    decode_text,
    wanted_paths,
    wants_content,
)
from tests.support.linear import assert_linear


@pytest.mark.parametrize(
    ("glob", "path", "hit"),
    [
        ("*.ipynb", "a/b/c.ipynb", True),
        ("notebooks/*.ipynb", "notebooks/x.ipynb", True),
        ("notebooks/*.ipynb", "notebooks/deep/x.ipynb", False),
        ("notebooks/*.ipynb", "src/notebooks/x.ipynb", False),
        ("src/**/*.py", "src/a.py", True),
        ("src/**/*.py", "src/a/b/c.py", True),
        ("**/k8s/**", "deploy/k8s/svc.yaml", True),
        ("Dockerfile.*", "docker/Dockerfile.gpu", True),
        ("*.{yml,yaml}", "ci/x.yaml", True),
        ("data/[!_]*.csv", "data/_tmp.csv", False),
        ("./README.md", "README.md", True),
    ],
)
def test_globs_match_like_gitignore(glob: str, path: str, hit: bool) -> None:
    assert bool(glob_to_regex(glob).match(path)) is hit


NAME = st.text(alphabet="abc._-", min_size=1, max_size=8)


@given(NAME, st.lists(NAME, max_size=3))
def test_a_simple_pattern_matches_a_name_as_fnmatch_does_at_any_depth(
    name: str, dirs: list[str]
) -> None:
    pattern = name.replace("a", "*", 1)
    path = "/".join([*dirs, name])
    assert bool(glob_to_regex(pattern).match(path)) == fnmatch.fnmatchcase(name, pattern)


@pytest.mark.parametrize(
    ("path", "vendored"),
    [
        ("node_modules/x/index.js", True),
        ("web/node_modules/x/a.test.js", True),
        (".venv/lib/python3.11/site-packages/a.py", True),
        ("third_party/lib/test_a.py", True),
        ("src/vendor.py", False),
        ("venv.md", False),
    ],
)
def test_vendored_dirs_are_recognised(path: str, vendored: bool) -> None:
    assert is_vendored(path) is vendored


@pytest.mark.parametrize(
    ("path", "kind"),
    [
        ("tests/test_model.py", NamedAsTest.IN_TEST_DIR),
        ("src/pkg/tests/test_core.py", NamedAsTest.IN_TEST_DIR),
        ("model_test.py", NamedAsTest.COLLECTED),
        ("web/src/App.spec.tsx", NamedAsTest.COLLECTED),
        ("web/__tests__/app.js", NamedAsTest.IN_TEST_DIR),
        ("src/test/kotlin/AppTest.kt", NamedAsTest.IN_TEST_DIR),
        ("test.py", NamedAsTest.CONTENT_ONLY),
        ("app/tests.py", NamedAsTest.CONTENT_ONLY),
        ("tests/__init__.py", None),
        ("tests/conftest.py", None),
        ("test_model.ipynb", None),
        ("testing_utils.py", NamedAsTest.CONTENT_ONLY),
        ("src/contest.py", None),
        ("node_modules/x/a.test.js", None),
    ],
)
def test_test_files_are_recognised_by_name(path: str, kind: NamedAsTest | None) -> None:
    assert classify_test_file(path) == kind


def test_wanted_paths_are_bounded_and_include_every_kind() -> None:
    paths = (
        ["README.md", "LICENSE", "requirements.txt", ".github/workflows/ci.yml", "Dockerfile"]
        + [f"src/m{i}.py" for i in range(200)]
        + [f"tests/test_{i}.py" for i in range(50)]
        + [f"node_modules/p{i}/package.json" for i in range(50)]
        + ["src/train_mlflow.py", "deep/a/b/c/d/requirements.txt", "img.png"]
    )
    wanted = wanted_paths(paths)
    assert {
        "README.md",
        "LICENSE",
        "requirements.txt",
        ".github/workflows/ci.yml",
        "Dockerfile",
    } <= set(wanted)
    assert "src/train_mlflow.py" in wanted  # telling names first
    assert sum(p.startswith("tests/") for p in wanted) == MAX_TEST_TEXTS
    assert sum(p.startswith("src/") for p in wanted) == MAX_SOURCE_TEXTS
    assert not any(p.startswith("node_modules/") for p in wanted)
    assert "deep/a/b/c/d/requirements.txt" not in wanted and "img.png" not in wanted
    assert wanted == tuple(sorted(set(wanted)))


def test_extra_globs_add_the_texts_a_rule_needs() -> None:
    wanted = wanted_paths(["docs/a.md", "docs/b.md", "x.md"], extra=lambda p: p.startswith("docs/"))
    assert wanted == ("docs/a.md", "docs/b.md")


def test_wants_content_names_the_always_read_kinds() -> None:
    assert wants_content("README.rst") and wants_content("pyproject.toml")
    assert wants_content(".github/workflows/x.yaml") and wants_content("compose.yaml")
    assert not wants_content("src/model.py") and not wants_content("node_modules/a/package.json")


@pytest.mark.parametrize(
    ("data", "text"),
    [
        (b"plain", "plain"),
        ("caf\u00e9".encode("cp1252"), "caf\u00e9"),
        (b"\xef\xbb\xbfbom", "bom"),
        ("hi".encode("utf-16"), "hi"),
        (b"\x89PNG\x00\x00", None),
    ],
)
def test_texts_decode_like_a_reader_would(data: bytes, text: str | None) -> None:
    assert decode_text(data) == text


def test_a_prefix_cut_inside_a_character_drops_the_partial_character() -> None:
    assert decode_text("naïve".encode()[:3], truncated=True) == "na"


@given(st.binary(max_size=200))
def test_decoding_never_fails(data: bytes) -> None:
    result = decode_text(data, truncated=True)
    assert result is None or isinstance(result, str)


# --- globs match in time linear in the path ------------------------------------------------------


def reference_match(glob: str, path: str) -> bool:
    """Glob semantics spelled out on names: ``**`` (a whole name) spans any number of folders,
    ``*``/``?``/``[..]`` stay within a name (fnmatch per name), ``{a,b}`` (literal options) is
    expanded first; a glob with a ``/`` (before any trailing one) is anchored at the root."""
    glob = glob.strip().removeprefix("./")
    anchored = "/" in glob.rstrip("/")
    return any(_reference(g, path, anchored) for g in _expand(glob))


def _expand(glob: str) -> list[str]:
    start = glob.find("{")
    end = glob.find("}", start + 1) if start >= 0 else -1
    if end < 0:
        return [glob]
    tails = _expand(glob[end + 1 :])
    options = [fnmatch_escape(o) for o in glob[start + 1 : end].split(",")]
    return [glob[:start] + o + t for o in options for t in tails]


def fnmatch_escape(text: str) -> str:
    return "".join(f"[{c}]" if c in "*?[" else c for c in text)


def _reference(glob: str, path: str, anchored: bool) -> bool:
    names = glob.split("/")
    if len(names) > 1 and names[-1] == "":
        names[-1] = "**+"  # "docs/": a file somewhere under docs
    if not anchored:
        names.insert(0, "**")
    parts = path.split("/")

    def match(i: int, j: int) -> bool:
        if i == len(names):
            return j == len(parts)
        if names[i] == "**+":
            return j < len(parts)
        if names[i] == "**":
            if i == len(names) - 1:
                return True  # a final ** matches the rest
            return any(match(i + 1, k) for k in range(j, len(parts)))
        return (
            j < len(parts)
            and fnmatch.fnmatchcase(parts[j], names[i].replace("[!", "[!/"))
            and match(i + 1, j + 1)
        )

    return match(0, 0)


GLOB_PIECES = st.sampled_from(["a", "b", ".", "*", "?", "/", "**/", "[ab]", "{a,ab}", "{b,.}"])
GLOBS = st.lists(GLOB_PIECES, min_size=1, max_size=7).map("".join)
PATHS = st.lists(st.sampled_from(["a", "b", ".", "/", "ab"]), min_size=1, max_size=8).map("".join)


@settings(max_examples=2000, deadline=None)
@given(GLOBS, PATHS)
def test_globs_match_as_the_reference_matcher_does(glob: str, path: str) -> None:
    if "//" in path or path.startswith("/") or path.endswith("/") or "//" in glob:
        return
    if any(s not in ("**", "") and "**" in s for s in glob.split("/")):
        return  # ** inside a name: ".*" across folders, not a name-by-name rule
    assert bool(glob_to_regex(glob).match(path)) is reference_match(glob, path)


@pytest.mark.parametrize(
    ("glob", "unit"),
    [
        ("*a*a*a*a*b", "a"),  # 81 s on a 400-character name before
        ("*a*a*a*b", "ab"),
        ("**/a*/**/a*/**/b", "a/"),
        ("**/a/**/a/**/b", "a/"),
        ("src/**/*.py", "src/"),
        ("*{a,aa}*{a,aa}*b", "a"),
        ("data/[!_]*[!_]*[!_]*.csv", "x"),
    ],
)
def test_a_glob_with_many_stars_matches_a_long_path_in_linear_time(glob: str, unit: str) -> None:
    pattern = glob_to_regex(glob)
    assert_linear(pattern.match, unit, size=2_000)


@settings(max_examples=25, deadline=None)
@given(glob=GLOBS, unit=st.sampled_from(["a", "a/", "ab", "b.", "a/b/", "aab"]))
def test_any_glob_matches_in_linear_time(glob: str, unit: str) -> None:
    if any(s not in ("**", "") and "**" in s for s in glob.split("/")):
        return
    assert_linear(glob_to_regex(glob).match, unit, size=2_000)


@pytest.mark.parametrize(
    ("path", "system"),
    [
        (".github/workflows/ci.yml", "GitHub Actions"),
        (".gitea/workflows/ci.yml", "Gitea Actions"),
        ("ci/Jenkinsfile", "Jenkins"),
        ("build.jenkinsfile", "Jenkins"),
        ("services/api/azure-pipelines.yml", "Azure Pipelines"),
        (".gitlab/ci/test.yml", GITLAB_INCLUDE),
        ("bitbucket-pipelines.yml", "Bitbucket Pipelines"),
        (".github/workflows/nested/ci.yml", None),
        (".github/Workflows/ci.yml", None),
        ("a/b/c/d/Jenkinsfile", None),
        ("docs/ci.yml", None),
    ],
)
def test_ci_files_are_recognised_with_their_service(path: str, system: str | None) -> None:
    assert ci_system(path) == system
