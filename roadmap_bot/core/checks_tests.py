"""The ``tests`` check: files a test runner would collect, confirmed by their text when read.

By name (see ``checks_paths.classify_test_file``): pytest/unittest ``test_*.py`` and ``*_test.py``,
JS/TS ``*.test.*``/``*.spec.*`` and ``__tests__/``, Go ``*_test.go``, Java/Kotlin/Scala under
``src/test/``, Rust ``tests/*.rs``, RSpec/minitest, testthat and Julia ``runtests.jl``;
notebooks, ``__init__.py``, ``conftest.py`` alone and vendored dirs never count. ``test.py`` /
``tests.py`` count only when their text defines a test (in ML repos ``test.py`` is usually
"evaluate the model on the test set"). A sample of test files is read: when every candidate
was read and none defines a test (a ``test_x.py`` script with no test function, Django's
"Create your tests here." stub), the check fails.
"""

from __future__ import annotations

import re
from collections import Counter

from roadmap_bot.core.checks_facts import RepoFacts
from roadmap_bot.core.checks_paths import NamedAsTest, candidate_test_files
from roadmap_bot.core.checks_result import CheckResult

_DEFINES_TEST = {
    ".py": re.compile(
        r"^[ \t]*(?:async[ \t]+)?def[ \t]+test\w*[ \t]*\(|^[ \t]*class[ \t]+Test\w*", re.M
    ),
    ".go": re.compile(r"^func[ \t]+(?:Test|Benchmark|Example|Fuzz)\w*[ \t]*\(", re.M),
    ".rs": re.compile(r"#\[(?:tokio::)?test\]"),
    ".rb": re.compile(r"^\s*(?:it|describe|context|test|def test_\w*)\b", re.M),
    ".jl": re.compile(r"@test"),
    ".r": re.compile(r"\btest_that\s*\("),
    "jvm": re.compile(
        r"@(?:Test|ParameterizedTest|RepeatedTest|TestFactory)\b|extends\s+TestCase\b"
        r"|:\s*(?:StringSpec|FunSpec|DescribeSpec|BehaviorSpec|ShouldSpec|WordSpec|FreeSpec)\b"
        r"|\bfun\s+`|\bdef\s+\"|\btest\s*\(\s*\""
    ),
    "js": re.compile(r"\b(?:it|test|describe|suite|bench)(?:\.\w+)*\s*\("),
}


def defines_test(path: str, text: str) -> bool:
    """Say whether a test file's text defines at least one test its runner would run."""
    lower = path.lower()
    if lower.endswith((".java", ".kt", ".kts", ".scala", ".groovy")):
        return bool(_DEFINES_TEST["jvm"].search(text))
    if re.search(r"\.[cm]?[jt]sx?$", lower):
        return bool(_DEFINES_TEST["js"].search(text))
    suffix = "." + lower.rsplit(".", 1)[-1]
    pattern = _DEFINES_TEST.get(suffix)
    return bool(pattern.search(text)) if pattern else True


def check_tests(facts: RepoFacts) -> CheckResult:
    """Pass when the repo has test files a runner would collect (see the module docstring)."""
    candidates = candidate_test_files(facts.own)
    texts = facts.snapshot.texts
    confirmed = [p for p in candidates if p in texts and defines_test(p, texts[p])]
    refuted = [p for p in candidates if p in texts and not defines_test(p, texts[p])]
    unread = [p for p in candidates if p not in texts and candidates[p] < NamedAsTest.CONTENT_ONLY]
    counted = sorted(set(confirmed) | set(unread), key=lambda p: (candidates[p], p.count("/"), p))
    if confirmed or unread:
        example = (confirmed or counted)[0]
        return CheckResult(
            "tests", True, tuple(counted), f"tests: {_describe(counted)}, e.g. {example}"
        )
    if refuted:
        shown = ", ".join(refuted[:3])
        named = (
            "is named like a test file but defines no test"
            if len(refuted) == 1
            else "are named like test files but define no test"
        )
        return CheckResult("tests", False, tuple(refuted), f"tests: {shown} {named}")
    return CheckResult("tests", False, (), f"tests: {_none_reason(facts)}")


def _describe(paths: list[str]) -> str:
    dirs = Counter(_test_root(p) for p in paths)
    n = len(paths)
    noun = "test file" if n == 1 else "test files"
    if len(dirs) == 1:
        (root,) = dirs
        return f"{n} {noun} under {root}" if root else f"{n} {noun}"
    shown = ", ".join(d or "the root" for d, _ in dirs.most_common(3))
    return f"{n} {noun} in {shown}" + (" and more" if len(dirs) > 3 else "")


def _test_root(path: str) -> str:
    match = re.search(r"^(.*?(?:^|/)(?:tests?|__tests__|spec|testing|src/test)/)", path)
    if match:
        return match.group(1)
    return path.rpartition("/")[0] + "/" if "/" in path else ""


def _none_reason(facts: RepoFacts) -> str:
    dirs = {p.split("/")[0] for p in facts.own if "/" in p}
    for name in ("tests", "test"):
        if name in dirs:
            inside = [p for p in facts.own if p.startswith(name + "/")]
            shown = ", ".join(inside[:3])
            return f"{name}/ holds no test files ({shown})"
    return "no test files (test_*.py, *_test.py, *.test.js, *_test.go, src/test/, ...)"
