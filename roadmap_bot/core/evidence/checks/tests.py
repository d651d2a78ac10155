"""The ``tests`` check: files a test runner would collect, confirmed by their text when read.

By name (see ``checks_paths.classify_test_file``): pytest/unittest ``test_*.py`` and ``*_test.py``,
JS/TS ``*.test.*``/``*.spec.*`` and ``__tests__/``, Go ``*_test.go``, Java/Kotlin/Scala under
``src/test/``, Rust ``tests/*.rs``, RSpec/minitest, testthat and Julia ``runtests.jl``;
notebooks, ``__init__.py``, ``conftest.py`` alone and vendored dirs never count. ``test.py`` /
``tests.py`` count only when their text defines a test (in ML repos ``test.py`` is usually
"evaluate the model on the test set"). A sample of test files is read: when every candidate
was read and none defines a test (a ``test_x.py`` script with no test function, Django's
"Create your tests here." stub), the check fails.

By the repo's own settings (``discovery``): pytest's ``python_files``, ``testpaths``,
``python_functions`` and ``python_classes`` in ``pytest.ini``, ``tox.ini`` ``[pytest]``,
``setup.cfg`` ``[tool:pytest]`` or ``pyproject.toml`` ``[tool.pytest.ini_options]`` (each
applying under its own folder; a pyproject.toml is the document ``build_facts`` parsed), ``python -m unittest discover -p PATTERN [-s DIR]`` and
``pytest path/to/file.py`` in a CI file, Makefile or tox.ini: the files they collect count as
test files too (``checks/verify_model.py`` with ``python_files = verify_*.py``). A pattern that
matches every ``.py`` file (``*.py``) counts a file only inside ``testpaths`` or when its text
defines a test. Every INI setting and command is read by a line scanner that is linear in
the file.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from roadmap_bot.core.evidence.check import Check
from roadmap_bot.core.evidence.facts import RepoFacts
from roadmap_bot.core.evidence.manifests import TomlDocument, toml_documents
from roadmap_bot.core.evidence.paths import (
    NamedAsTest,
    candidate_test_files,
    glob_to_regex,
    is_vendored,
)
from roadmap_bot.core.evidence.result import CheckResult
from roadmap_bot.core.evidence.snapshot import FileKind

_DEFINES_TEST = {
    ".py": re.compile(
        r"^[ \t]*+(?:async[ \t]++)?def[ \t]++test\w*+[ \t]*+\(|^[ \t]*+class[ \t]++Test\w*", re.M
    ),
    ".go": re.compile(r"^func[ \t]++(?:Test|Benchmark|Example|Fuzz)\w*+[ \t]*+\(", re.M),
    ".rs": re.compile(r"#\[(?:tokio::)?test\]"),
    # [ \t], not \s: from every line start \s* ran over all the newlines below it (quadratic)
    ".rb": re.compile(r"^[ \t]*+(?:it|describe|context|test|def test_\w*)\b", re.M),
    ".jl": re.compile(r"@test"),
    ".r": re.compile(r"\btest_that\s*+\("),
    "jvm": re.compile(
        r"@(?:Test|ParameterizedTest|RepeatedTest|TestFactory)\b|extends\s++TestCase\b"
        r"|:\s*+(?:StringSpec|FunSpec|DescribeSpec|BehaviorSpec|ShouldSpec|WordSpec|FreeSpec)\b"
        r"|\bfun\s++`|\bdef\s++\"|\btest\s*+\(\s*+\""
    ),
    # a chain starts at a name no "." or letter precedes: "it.it.it…" made every "it" in it
    # a start that re-read the rest of the chain (quadratic)
    "js": re.compile(r"(?<![.\w])(?:it|test|describe|suite|bench)(?:\.\w++)*+\s*+\("),
}
_MAX_SETTINGS = 16  # patterns, dirs or prefixes taken from one setting (a hostile file has more)
_MAX_SETTING_CHARS = 200


def defines_test(path: str, text: str, discovery: Discovery | None = None) -> bool:
    """Say whether a test file's text defines at least one test its runner would run
    (for Python, also a function or class named as ``discovery`` configures)."""
    lower = path.lower()
    if lower.endswith((".java", ".kt", ".kts", ".scala", ".groovy")):
        return bool(_DEFINES_TEST["jvm"].search(text))
    if re.search(r"\.[cm]?[jt]sx?$", lower):
        return bool(_DEFINES_TEST["js"].search(text))
    suffix = "." + lower.rsplit(".", 1)[-1]
    pattern = _DEFINES_TEST.get(suffix)
    if pattern is None:
        return True
    if pattern.search(text):
        return True
    if suffix == ".py" and discovery is not None and (discovery.functions or discovery.classes):
        return bool(_configured_test(discovery.functions, discovery.classes).search(text))
    return False


# --- the repo's own discovery settings ---------------------------------------------------


@dataclass(frozen=True, slots=True)
class Discovery:
    """Which files one setting tells a runner to collect.

    ``where`` names the setting ("setup.cfg [tool:pytest]"), ``root`` the folder it applies to
    ("" for the repo root, else ending in "/"); ``patterns`` are file-name globs, ``testpaths``
    the folders (under ``root``) searched, all of ``root`` when empty; ``files`` are files named
    outright (``pytest checks/verify.py``).
    """

    where: str
    root: str = ""
    patterns: tuple[str, ...] = ()
    testpaths: tuple[str, ...] = ()
    functions: tuple[str, ...] = ()  # python_functions prefixes ("check_")
    classes: tuple[str, ...] = ()  # python_classes prefixes ("Check")
    files: tuple[str, ...] = ()

    def shown(self) -> str:
        if self.files:
            return f"{self.where} runs {', '.join(self.files[:2])}"
        what = f"python_files = {' '.join(self.patterns)}" if self.patterns else "testpaths"
        if not self.patterns and self.testpaths:
            what = f"testpaths = {' '.join(self.testpaths)}"
        return f"{self.where} sets {what}"


_INI_SECTIONS = {"pytest.ini": ("pytest",), "tox.ini": ("pytest",), "setup.cfg": ("tool:pytest",)}
_KEYS = ("python_files", "testpaths", "python_functions", "python_classes")


def discovery_settings(
    texts: Mapping[str, str],
    ci_paths: Iterable[str] = (),
    toml: Mapping[str, TomlDocument | None] | None = None,
) -> list[Discovery]:
    """Every test-discovery setting in ``texts``: pytest config files, and unittest / pytest
    commands in the CI files ``ci_paths`` (and a Makefile or tox.ini), in path order.

    ``toml``: the pyproject.toml files of ``texts`` already parsed (``RepoFacts.toml``);
    without it they are parsed here."""
    docs = toml_documents(texts) if toml is None else toml
    found: list[Discovery] = []
    for path in sorted(texts):
        folder, _, name = path.rpartition("/")
        root = folder + "/" if folder else ""
        text = texts[path]
        values: dict[str, list[str]] | None = None
        if name.lower() in _INI_SECTIONS:
            section = _INI_SECTIONS[name.lower()]
            values = _ini_values(text, section)
            where = f"{path} [{section[0]}]"
        elif name == "pyproject.toml":
            values = _toml_values(docs.get(path))
            where = f"{path} [tool.pytest.ini_options]"
        if values:
            setting = Discovery(
                where,
                root,
                patterns=_capped(values.get("python_files", ())),
                testpaths=_capped(
                    p.strip("/").removeprefix("./") for p in values.get("testpaths", ())
                ),
                functions=_prefixes(values.get("python_functions", ())),
                classes=_prefixes(values.get("python_classes", ())),
            )
            if setting.patterns or setting.testpaths or setting.functions or setting.classes:
                found.append(setting)
    commands = set(ci_paths) | {
        p for p in texts if p.rpartition("/")[2] in ("Makefile", "makefile", "tox.ini")
    }
    for path in sorted(commands):
        if path in texts:
            found += _command_settings(path, texts[path])
    return found


def _capped(values: Iterable[str]) -> tuple[str, ...]:
    out: list[str] = []
    for value in values:
        if value and len(value) <= _MAX_SETTING_CHARS:
            out.append(value)
            if len(out) == _MAX_SETTINGS:
                break
    return tuple(out)


def _prefixes(globs: Iterable[str]) -> tuple[str, ...]:
    """The literal start of each name glob (``check_*`` → ``check_``); no start, no prefix."""
    out = []
    for glob in _capped(globs):
        cut = min((i for i in (glob.find(c) for c in "*?[") if i >= 0), default=len(glob))
        if cut and glob[:cut].isidentifier():
            out.append(glob[:cut])
    return tuple(out)


def _split_comment(value: str) -> str:
    for mark in (" #", " ;"):
        at = value.find(mark)
        if at >= 0:
            value = value[:at]
    return value.strip()


def _ini_values(text: str, sections: tuple[str, ...]) -> dict[str, list[str]] | None:
    """The pytest keys of an INI section (continuation lines joined), None without it.

    One pass over the lines, ``str`` methods only (``configparser``'s option regex is quadratic
    on a long line without ``=``)."""
    parts: dict[str, list[str]] = {}
    inside = found = False
    key: str | None = None
    for raw in text.splitlines():
        stripped = raw.strip()
        if not stripped or stripped[0] in "#;":
            continue
        if stripped[0] == "[":
            close = stripped.find("]")
            inside = close > 0 and stripped[1:close].strip() in sections
            found = found or inside
            key = None
            continue
        if not inside:
            continue
        if raw[0] in " \t" and key is not None:  # a continuation line
            parts[key].append(_split_comment(stripped))
            continue
        seps = [i for i in (stripped.find("="), stripped.find(":")) if i > 0]
        name = stripped[: min(seps)].strip().lower() if seps else ""
        key = name if name in _KEYS else None
        if key is not None:
            parts[key] = [_split_comment(stripped[min(seps) + 1 :])]
    if not found:
        return None
    return {k: " ".join(v).split() for k, v in parts.items()}


def _toml_values(data: Mapping[str, Any] | None) -> dict[str, list[str]] | None:
    """The pytest keys of a parsed pyproject's ``[tool.pytest.ini_options]`` (or
    ``[tool.pytest]``): a string holds several patterns, an array one each; None without
    the table."""
    tool: object = data.get("tool") if data is not None else None
    pytest: object = tool.get("pytest") if isinstance(tool, Mapping) else None
    if not isinstance(pytest, Mapping):
        return None
    options: object = pytest.get("ini_options")
    tables = [pytest, options] if isinstance(options, Mapping) else [pytest]
    values: dict[str, list[str]] = {}
    for table in tables:
        for key in _KEYS:
            value: object = table.get(key)
            if isinstance(value, str):
                values[key] = value.split()
            elif isinstance(value, list):
                values[key] = [v for v in value[: _MAX_SETTINGS * 4] if isinstance(v, str)]
    return values


_SHELL_STOP = frozenset({"&&", "||", ";", "|", ">", "2>&1", "\\"})


def _command_settings(path: str, text: str) -> list[Discovery]:
    """``python -m unittest discover -p PATTERN [-s DIR]`` and ``pytest FILE.py`` lines."""
    found: list[Discovery] = []
    for line in text.splitlines():
        if "unittest" in line and "discover" in line:
            setting = _unittest_discover(path, line)
            if setting is not None:
                found.append(setting)
        elif "pytest" in line and ".py" in line:
            words = _words_after(line, "pytest")
            files = _capped(w.removeprefix("./") for w in words if w.endswith(".py"))
            if files:
                found.append(Discovery(path, files=files))
        if len(found) >= _MAX_SETTINGS:
            break
    return found


def _words_after(line: str, word: str) -> list[str]:
    words = [w.strip("\"'") for w in line.split()]
    for i, w in enumerate(words):
        if w == word or w.endswith("/" + word):
            rest = words[i + 1 :]
            end = next((j for j, r in enumerate(rest) if r in _SHELL_STOP), len(rest))
            return rest[:end][: _MAX_SETTINGS * 2]
    return []


def _unittest_discover(path: str, line: str) -> Discovery | None:
    words = _words_after(line, "discover")
    start, pattern = "", ""
    positional: list[str] = []
    i = 0
    while i < len(words):
        word = words[i]
        value = words[i + 1] if i + 1 < len(words) else ""
        if word in ("-s", "--start-directory"):
            start, i = value, i + 2
        elif word in ("-p", "--pattern"):
            pattern, i = value, i + 2
        elif word in ("-t", "--top-level-directory"):
            i += 2
        elif word.startswith("-"):
            i += 1
        else:
            positional.append(word)
            i += 1
    start = start or (positional[0] if positional else "")
    pattern = pattern or (positional[1] if len(positional) > 1 else "")
    if not pattern or len(pattern) > _MAX_SETTING_CHARS:
        return None  # the default test*.py: files named so count already
    start = start.strip("/").removeprefix("./").removeprefix(".")
    return Discovery(
        f"{path} (unittest -p {pattern})",
        patterns=(pattern,),
        testpaths=(start,) if start else (),
    )


_NORECURSE = frozenset({"build", "dist", "node_modules", "venv", "_darcs", "CVS", "{arch}"})


def collected_by_settings(
    settings: list[Discovery], paths: Iterable[str]
) -> dict[str, tuple[NamedAsTest, Discovery]]:
    """The ``.py`` files ``settings`` collect, each with how surely it is a test file and the
    first setting that collects it."""
    own = [p for p in paths if p.endswith(".py")]
    found: dict[str, tuple[NamedAsTest, Discovery]] = {}
    known = set(own)
    for setting in settings[:_MAX_SETTINGS]:
        for file in setting.files:
            where = setting.root + file
            if where in known and where not in found:
                found[where] = (NamedAsTest.COLLECTED, setting)
        if not setting.patterns and not setting.testpaths:
            continue
        patterns = setting.patterns or ("test_*.py", "*_test.py")
        # a pattern without "/" matches a file name at any depth, one with "/" the path (pytest)
        globs = [glob_to_regex(p if "/" not in p else "**/" + p.lstrip("/")) for p in patterns]
        every_file = all(_matches_every_name(p) for p in patterns)
        dirs = tuple(setting.root + d + "/" for d in setting.testpaths if d)
        for path in own:
            if not any(g.match(path) for g in globs) or path in found:
                continue
            if not path.startswith(setting.root) or is_vendored(path):
                continue
            rel = path[len(setting.root) :]
            if rel.rpartition("/")[2] in ("__init__.py", "conftest.py", "setup.py"):
                continue
            in_testpaths = bool(dirs) and path.startswith(dirs)
            if setting.testpaths and not in_testpaths and "" not in setting.testpaths:
                continue
            if not dirs and _not_searched(rel):
                continue
            if in_testpaths:
                kind = NamedAsTest.IN_TEST_DIR
            elif every_file:
                kind = NamedAsTest.CONTENT_ONLY
            else:
                kind = NamedAsTest.COLLECTED
            found[path] = (kind, setting)
    return found


def _matches_every_name(pattern: str) -> bool:
    """``*.py``, ``*``: a pattern with nothing of a name in it but the suffix."""
    return not pattern.removesuffix(".py").strip("*?")


def _not_searched(rel: str) -> bool:
    """pytest's default ``norecursedirs``: hidden folders, build, dist, venv, ``*.egg``."""
    for part in rel.split("/")[:-1]:
        if part.startswith(".") or part in _NORECURSE or part.endswith(".egg"):
            return True
    return False


@lru_cache(maxsize=64)
def _configured_test(functions: tuple[str, ...], classes: tuple[str, ...]) -> re.Pattern[str]:
    alternatives = []
    if functions:
        names = "|".join(re.escape(f) for f in functions)
        alternatives.append(rf"^[ \t]*+(?:async[ \t]++)?def[ \t]++(?:{names})\w*+[ \t]*+\(")
    if classes:
        names = "|".join(re.escape(c) for c in classes)
        alternatives.append(rf"^[ \t]*+class[ \t]++(?:{names})\w*")
    return re.compile("|".join(alternatives), re.M)


# --- the check ------------------------------------------------------------------------------


def check_tests(facts: RepoFacts) -> CheckResult:
    """Pass when the repo has test files a runner would collect (see the module docstring);
    files byte for byte its origin's (``facts.inherited``) are not the learner's and do not."""
    result = _check_tests(facts)
    if result.passed or not facts.inherited:
        return result
    return facts.note_inherited(result, list(candidate_test_files(facts.inherited)), "test file")


def _check_tests(facts: RepoFacts) -> CheckResult:
    candidates = candidate_test_files(facts.own)
    texts = facts.snapshot.texts
    settings = discovery_settings(texts, facts.of_kind(FileKind.CI), facts.toml)
    by_setting: dict[str, Discovery] = {}
    for path, (kind, setting) in collected_by_settings(settings, facts.own).items():
        if path not in candidates or kind < candidates[path]:
            candidates[path] = kind
            by_setting[path] = setting

    def defines(path: str) -> bool:
        return defines_test(path, texts[path], by_setting.get(path))

    confirmed = [p for p in candidates if p in texts and defines(p)]
    refuted = [p for p in candidates if p in texts and not defines(p)]
    unread = [p for p in candidates if p not in texts and candidates[p] < NamedAsTest.CONTENT_ONLY]
    counted = sorted(set(confirmed) | set(unread), key=lambda p: (candidates[p], p.count("/"), p))
    if confirmed or unread:
        example = (confirmed or counted)[0]
        how = f" ({by_setting[example].shown()})" if example in by_setting else ""
        return CheckResult(
            "tests", True, tuple(counted), f"tests: {_describe(counted)}, e.g. {example}{how}"
        )
    if refuted:
        shown = ", ".join(refuted[:3])
        if all(p in by_setting for p in refuted):
            named = f"collected by {by_setting[refuted[0]].shown()}"
        else:
            named = "named like a test file" if len(refuted) == 1 else "named like test files"
        verb = ("is", "defines") if len(refuted) == 1 else ("are", "define")
        return CheckResult(
            "tests",
            False,
            tuple(refuted),
            f"tests: {shown} {verb[0]} {named} but {verb[1]} no test",
        )
    return CheckResult("tests", False, (), f"tests: {_none_reason(facts, settings)}")


def _describe(paths: list[str]) -> str:
    dirs = Counter(_test_root(p) for p in paths)
    n = len(paths)
    noun = "test file" if n == 1 else "test files"
    if len(dirs) == 1:
        (root,) = dirs
        return f"{n} {noun} under {root}" if root else f"{n} {noun}"
    shown = ", ".join(d or "the root" for d, _ in dirs.most_common(3))
    return f"{n} {noun} in {shown}" + (" and more" if len(dirs) > 3 else "")


_TEST_ROOT = re.compile(r"(?:^|/)(?:tests?|__tests__|spec|testing|src/test)/")


def _test_root(path: str) -> str:
    match = _TEST_ROOT.search(path)  # the first test folder; one pass, no lazy .*? scan
    if match:
        return path[: match.end()]
    return path.rpartition("/")[0] + "/" if "/" in path else ""


def _none_reason(facts: RepoFacts, settings: Sequence[Discovery] = ()) -> str:
    unused = [s for s in settings if s.patterns or s.files]
    collects = f"; {unused[0].shown()}, which collects no file" if unused else ""
    dirs = {p.split("/")[0] for p in facts.own if "/" in p}
    for name in ("tests", "test"):
        if name in dirs:
            inside = [p for p in facts.own if p.startswith(name + "/")]
            shown = ", ".join(inside[:3])
            return f"{name}/ holds no test files ({shown}){collects}"
    return "no test files (test_*.py, *_test.py, *.test.js, *_test.go, src/test/, ...)" + collects


# where the issue checklist sends a learner to read how (official documentation)
LEARN = (("pytest: Get Started", "https://docs.pytest.org/en/stable/getting-started.html"),)

CHECK = Check(
    name="tests",
    words="tests",
    run=check_tests,
    todo="a test file such as `tests/test_model.py` with a `test_` function pytest runs",
    learn=LEARN,
)
