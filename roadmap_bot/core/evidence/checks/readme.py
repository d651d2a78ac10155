"""The ``readme`` check: a README with real content, not a title, a stub or a template.

Threshold: ``MIN_README_WORDS`` = 30 words of prose the author wrote. Counted: paragraph, list
and table text (links count by their text). Not counted: headings, badges and images, bare
URLs, HTML tags and comments, YAML front matter, fenced code, directory trees, placeholder lines
("TODO", "[More Information Needed]") and lines of well-known generated READMEs (Create React
App, Vite, Next.js, Angular, Vue, GitLab's default, cookiecutter-data-science, PurpleBooth's
README-Template, Hugging Face model and Space cards). Why 30: GitHub's generated README is the
repo name plus its one-line description (usually under 20 words); two or three sentences of
one's own saying what the project does and how to run it clear the bar. Han and kana characters
count as half a word each, as CJK text has no spaces.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from roadmap_bot.core.evidence.check import Check
from roadmap_bot.core.evidence.facts import RepoFacts
from roadmap_bot.core.evidence.readme_templates import TEMPLATES
from roadmap_bot.core.evidence.result import CheckResult
from roadmap_bot.core.evidence.snapshot import FileKind

MIN_README_WORDS = 30

_PLACEHOLDER = re.compile(
    r"^(?:todo|tbd|tba|wip|work in progress|coming soon|under construction|description|"
    r"(?:add |write )?(?:a |your |the )?(?:project )?description(?: here)?|"
    r"(?:your )?project (?:title|name)(?: here)?|readme|hello,? world)[.!:]*$"
    r"|lorem ipsum"
)
_FENCE = re.compile(r"^\s*(```|~~~)")
_HEADING = re.compile(r"^\s{0,3}#{1,6}(?:\s|$)")
_UNDERLINE = re.compile(r"^\s*([=\-~^\"'*+#`:.])\1{2,}\s*$")  # setext / rst
_DIRECTIVE = re.compile(r"^\s*\.\. |^\s+:\w[\w-]*:")  # rst directives and options
# Linear on any line: bracketed text stops at the next bracket and a link target at the next
# parenthesis, so a failed attempt never rescans what the next '[' or '(' will scan again (a
# line of 80,000 '[' made ``[^\]]*`` rescan the rest of the line from each: 31 s).
_IMAGE = re.compile(r"\[?!\[[^\[\]]*\]\([^()]*\)(?:\]\([^()]*\))?")
_LINK = re.compile(r"\[([^\[\]]*)\]\([^()]*\)")
_REF_DEF = re.compile(r"^\s*\[[^\]]+\]:\s*\S+")
_URL = re.compile(r"(?:https?://|www\.)\S+")
_TAG = re.compile(r"<[^<>]+>")
_SHORTCODE = re.compile(r":[a-z0-9_+-]+:")  # :rocket: emoji
_TREE = re.compile(r"[├└│┬┼]")
_CJK = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
_WORD = re.compile(r"[^\W\d_][\w'’-]*")


@dataclass(frozen=True, slots=True)
class ReadmeCount:
    """What a README holds: prose words, and the generated template it matched, if any."""

    words: int
    template: str | None
    template_lines: int


def count_readme(text: str) -> ReadmeCount:
    """Count the author's prose words in a README (see the module docstring for the rules)."""
    lines = text.replace("\r\n", "\n").split("\n")
    lines = _drop_html_comments("\n".join(lines[_front_matter_end(lines) :])).split("\n")
    words = 0.0
    hits: dict[str, int] = {}
    in_fence = False
    for index, raw in enumerate(lines):
        if _FENCE.match(raw):
            in_fence = not in_fence
            continue
        nxt = lines[index + 1] if index + 1 < len(lines) else ""
        if in_fence or _HEADING.match(raw) or _UNDERLINE.match(raw) or _DIRECTIVE.match(raw):
            continue
        if raw.strip() and _UNDERLINE.match(nxt):
            continue  # a setext / rst heading's text
        if _REF_DEF.match(raw) or _TREE.search(raw):
            continue
        line = _TAG.sub(" ", _URL.sub(" ", _LINK.sub(r"\1", _IMAGE.sub(" ", raw))))
        line = _SHORTCODE.sub(" ", line)
        plain = " ".join(line.replace("’", "'").replace("`", "").replace("*", "").split()).lower()
        plain = plain.strip(" -|>#:")
        if not plain:
            continue
        template = _template_of(plain)
        if template is not None:
            hits[template] = hits.get(template, 0) + 1
            continue
        if _PLACEHOLDER.search(plain):
            continue
        cjk = len(_CJK.findall(line))
        words += len(_WORD.findall(_CJK.sub(" ", line))) + cjk / 2
    template = max(hits, key=lambda t: hits[t]) if hits else None
    return ReadmeCount(int(words), template, hits.get(template, 0) if template else 0)


def _front_matter_end(lines: list[str]) -> int:
    """The index of the first line after YAML front matter (``---`` lines around it), or 0."""
    if not lines or lines[0].rstrip() != "---":
        return 0
    for index in range(2, len(lines)):  # at least one line of front matter
        if lines[index].rstrip() == "---":
            return index + 1
    return 0


def _drop_html_comments(text: str) -> str:
    """``text`` without ``<!-- ... -->`` comments; an unclosed one is kept (one pass, linear:
    a regex scanning to the end from each of 20,000 unclosed ``<!--`` took 9 s)."""
    parts: list[str] = []
    pos = 0
    while True:
        start = text.find("<!--", pos)
        end = text.find("-->", start + 4) if start >= 0 else -1
        if end < 0:
            parts.append(text[pos:])
            return "".join(parts)
        parts.append(text[pos:start])
        pos = end + 3


def _template_of(plain: str) -> str | None:
    for name, phrases in TEMPLATES.items():
        if any(phrase in plain for phrase in phrases):
            return name
    return None


_README_ORDER = {".github": 0, "": 1, "docs": 2}  # where GitHub looks first


def check_readme(facts: RepoFacts) -> CheckResult:
    """Pass when a README at the root, in docs/ or .github/ has ``MIN_README_WORDS`` of prose."""
    found = list(facts.of_kind(FileKind.README))
    if not found:
        return CheckResult(
            "readme", False, (), "readme: no README at the root, in docs/ or .github/"
        )
    found.sort(key=lambda p: (_README_ORDER.get(p.rpartition("/")[0], 3), p))
    counted = [
        (p, count_readme(facts.snapshot.texts[p])) for p in found if p in facts.snapshot.texts
    ]
    if not counted:
        why = facts.unreadable.get(found[0]) or f"{found[0]} could not be read as text"
        return CheckResult("readme", False, tuple(found), f"readme: {why}")
    path, best = max(counted, key=lambda pc: pc[1].words)
    if best.words >= MIN_README_WORDS:
        return CheckResult(
            "readme",
            True,
            (path,),
            f"readme: {path} has {best.words} words of prose (needs {MIN_README_WORDS}, "
            "not counting headings, badges, links, code and template text)",
        )
    return CheckResult("readme", False, (path,), f"readme: {path} {_shortfall(best)}")


def _shortfall(count: ReadmeCount) -> str:
    need = f"needs {MIN_README_WORDS} words of prose"
    if count.template and count.template_lines >= 2:
        words = f"{count.words} words of its own"
        return f"is an unedited template ({count.template}; {words}; {need})"
    if count.words == 0:
        return f"is only a title or headings ({need})"
    plural = "" if count.words == 1 else "s"
    return (
        f"has only {count.words} word{plural} of prose "
        f"({need}, not counting headings, badges and links)"
    )


CHECK = Check(name="readme", words="a README", run=check_readme)
