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
from collections.abc import Sequence
from dataclasses import dataclass

from roadmap_bot.core.evidence.check import Check
from roadmap_bot.core.evidence.facts import RepoFacts
from roadmap_bot.core.evidence.fingerprints import (
    SHINGLE_WORDS,
    Boilerplate,
    cjk_chars,
    fingerprint,
    shingles,
    strip_template_syntax,
    words_of,
)
from roadmap_bot.core.evidence.fingerprints import shipped as shipped_boilerplate
from roadmap_bot.core.evidence.readme_templates import TEMPLATES
from roadmap_bot.core.evidence.result import CheckResult
from roadmap_bot.core.evidence.snapshot import FileKind

MIN_README_WORDS = 30
MIN_COPIED_WORDS = 15  # words of a known README's text before the reason names it

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


def _plain(raw: str) -> str:
    """A line without images, link targets, tags, URLs and emoji shortcodes: its words only
    (the same for the words counted and the words fingerprinted)."""
    line = _URL.sub(" ", _TAG.sub(" ", _LINK.sub(r"\1", _IMAGE.sub(" ", raw))))
    return _SHORTCODE.sub(" ", line)


@dataclass(frozen=True, slots=True)
class ReadmeCount:
    """What a README holds: prose words, the generated template it matched (by phrase), if any,
    and the words of lines a known template's or the origin's README holds (by fingerprint)."""

    words: int
    template: str | None
    template_lines: int
    boilerplate_words: int = 0  # words (prose or not) of lines that are a known README's text
    boilerplate_prose: int = 0  # the prose words among them, not counted in ``words``
    boilerplate: str | None = None  # whose README those lines are (the most shingles matched)

    @property
    def copied(self) -> str | None:
        """Whose README this one mostly copies: a name when ``MIN_COPIED_WORDS`` of it are that
        README's text (a shared install command alone does not make a README a copy)."""
        return self.boilerplate if self.boilerplate_words >= MIN_COPIED_WORDS else None


@dataclass(slots=True)
class _Line:
    words: list[str]  # every word of the line (``fingerprints.words_of``), prose or not
    prose: float  # the prose words it adds to the count (0 for headings, code, templates, ...)


def count_readme(text: str, known: Sequence[Boilerplate] | None = None) -> ReadmeCount:
    """Count the author's prose words in a README (see the module docstring for the rules).

    ``known``: the READMEs whose text is not the author's, first match first (by default the
    shipped templates' fingerprints); a line most of whose words lie in ``SHINGLE_WORDS``-word
    runs one of them holds does not count."""
    layers = (shipped_boilerplate(),) if known is None else known
    lines = text.replace("\r\n", "\n").split("\n")
    lines = _drop_html_comments("\n".join(lines[_front_matter_end(lines) :])).split("\n")
    read: list[_Line] = []
    hits: dict[str, int] = {}
    in_fence = False
    for index, raw in enumerate(lines):
        if _FENCE.match(raw):
            in_fence = not in_fence
            read.append(_Line(words_of(raw), 0))
            continue
        nxt = lines[index + 1] if index + 1 < len(lines) else ""
        skip = (
            in_fence
            or _HEADING.match(raw) is not None
            or _UNDERLINE.match(raw) is not None
            or _DIRECTIVE.match(raw) is not None
            or (bool(raw.strip()) and _UNDERLINE.match(nxt) is not None)  # setext / rst heading
            or _REF_DEF.match(raw) is not None
            or _TREE.search(raw) is not None
        )
        line = _plain(raw)
        item = _Line(words_of(line), 0)
        read.append(item)
        if skip:
            continue
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
        item.prose = len(words_of(line)) + cjk_chars(line) / 2
    template = max(hits, key=lambda t: hits[t]) if hits else None
    own, copied_words, copied_prose, whose = _subtract(read, layers)
    return ReadmeCount(
        int(own),
        template,
        hits.get(template, 0) if template else 0,
        copied_words,
        int(copied_prose),
        whose,
    )


def readme_words(text: str) -> list[str]:
    """Every word of a README in order, as ``count_readme`` reads it (front matter, HTML
    comments and template syntax dropped; links by their text): what a fingerprint hashes."""
    found: list[str] = []
    lines = text.replace("\r\n", "\n").split("\n")
    body = "\n".join(lines[_front_matter_end(lines) :])
    for raw in _drop_html_comments(strip_template_syntax(body)).split("\n"):
        found.extend(words_of(_plain(raw)))
    return found


def _subtract(
    read: list[_Line], layers: Sequence[Boilerplate]
) -> tuple[float, int, float, str | None]:
    """(own prose words, words of copied lines, prose words of those, whose README): a line is
    copied when more than half its words lie in shingles a layer knows. One pass over the words
    (each shingle hashed once; the covered span only grows)."""
    stream = [word for line in read for word in line.words]
    covered = bytearray(len(stream))
    votes: dict[str, int] = {}
    end = 0
    if any(layer.owner for layer in layers):
        for start, value in enumerate(shingles(stream)):
            for layer in layers:
                owner = layer.owner.get(value)
                if owner is not None:
                    name = layer.names[owner]
                    votes[name] = votes.get(name, 0) + 1
                    for i in range(max(end, start), start + SHINGLE_WORDS):
                        covered[i] = 1
                    end = start + SHINGLE_WORDS
                    break
    own = copied_prose = 0.0
    copied_words = 0
    at = 0
    for line in read:
        size = len(line.words)
        hit = covered.count(1, at, at + size) if votes else 0
        at += size
        if size and hit * 2 > size:
            copied_prose += line.prose
            copied_words += size
        else:
            own += line.prose
    whose = max(votes, key=lambda name: votes[name]) if votes else None
    return own, copied_words, copied_prose, whose


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
    """Pass when a README at the root, in docs/ or .github/ has ``MIN_README_WORDS`` of prose
    of the author's own: lines of a known template's README (``data/boilerplate.json``) or of
    the origin's README (a fork's parent, a generated repo's template) do not count."""
    found = list(facts.of_kind(FileKind.README))
    if not found:
        return CheckResult(
            "readme", False, (), "readme: no README at the root, in docs/ or .github/"
        )
    found.sort(key=lambda p: (_README_ORDER.get(p.rpartition("/")[0], 3), p))
    layers = _known(facts)
    counted = [
        (p, count_readme(facts.snapshot.texts[p], layers))
        for p in found
        if p in facts.snapshot.texts
    ]
    if not counted:
        why = facts.unreadable.get(found[0]) or f"{found[0]} could not be read as text"
        return CheckResult("readme", False, tuple(found), f"readme: {why}")
    path, best = max(counted, key=lambda pc: pc[1].words)
    if best.words >= MIN_README_WORDS:
        besides = ""
        if best.boilerplate_prose and best.copied:
            besides = f"; {best.boilerplate_prose} more from {best.copied}'s README"
        return CheckResult(
            "readme",
            True,
            (path,),
            f"readme: {path} has {best.words} words of prose (needs {MIN_README_WORDS}, "
            f"not counting headings, badges, links, code and template text{besides})",
        )
    return CheckResult("readme", False, (path,), f"readme: {_shortfall(path, best)}")


def _known(facts: RepoFacts) -> tuple[Boilerplate, ...]:
    """The READMEs whose text is not the author's: the origin's first, then the user's own
    (``fingerprints.USER_FILE``), then the shipped ones."""
    known: tuple[Boilerplate, ...] = (shipped_boilerplate(),)
    if facts.boilerplate.names:
        known = (facts.boilerplate, *known)
    origin = facts.snapshot.origin
    if origin is None or not origin.readme:
        return known
    theirs = fingerprint(origin.repo, origin.kind, readme_words(origin.readme))
    return (Boilerplate.of([theirs]), *known)


def _shortfall(path: str, count: ReadmeCount) -> str:
    need = f"needs {MIN_README_WORDS} words of prose"
    copied = count.copied
    if count.template and count.template_lines >= 2:
        words = f"{count.words} words of its own"
        return f"{path} is an unedited template ({count.template}; {words}; {need})"
    if copied is not None:
        total = count.words + count.boilerplate_words
        return (
            f"{path}: {count.words} of {total} words are yours; the rest is from "
            f"{copied}'s README ({need} of your own)"
        )
    if count.words == 0:
        return f"{path} is only a title or headings ({need})"
    plural = "" if count.words == 1 else "s"
    return (
        f"{path} has only {count.words} word{plural} of prose "
        f"({need}, not counting headings, badges and links)"
    )


# where the issue checklist sends a learner to read how (official documentation)
LEARN = (
    (
        "GitHub Docs: About READMEs",
        "https://docs.github.com/en/repositories/managing-your-repositorys-settings-and-features/customizing-your-repository/about-readmes",
    ),
)

CHECK = Check(
    name="readme",
    words="a README",
    run=check_readme,
    todo="a `README.md` that says in your own words what the project does, how to run it and what you found",
    learn=LEARN,
)
