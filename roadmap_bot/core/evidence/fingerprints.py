"""Fingerprints of widely used project templates' READMEs: hashed word shingles, not the texts.

A fingerprint is the set of every run of ``SHINGLE_WORDS`` consecutive words of a template's
README (its words as ``words_of`` reads them), each hashed to a stable 64-bit number (the first
8 bytes of BLAKE2b, little-endian). A README line most of whose words lie in runs a template
has is that template's text, not the author's (``checks/readme.py``). The shipped corpus is
``data/boilerplate.json`` (made by ``roadmap-bot fingerprints``); the file format:

``{"version": 1, "shingle_words": 5, "templates": [{"name", "source", "size", "shingles"}]}``
where ``size`` is the number of distinct shingles and ``shingles`` is their sorted hashes, packed
as unsigned 64-bit little-endian numbers and base64-encoded.
"""

from __future__ import annotations

import base64
import hashlib
import json
import re
import struct
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import cache
from importlib import resources

from roadmap_bot.errors import ConfigError, Problem

SHINGLE_WORDS = 5  # long enough that a shared run is copied text, short enough for one sentence
FORMAT_VERSION = 1
SHIPPED = "data/boilerplate.json"

_WORD = re.compile(r"[^\W\d_][\w'’-]*")
_CJK = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
# template syntax a template source holds where the generated README has the user's answer
_TEMPLATE_SYNTAX = re.compile(r"\{\{[^{}]*\}\}|\{%[^{}]*%\}|\{#[^{}]*#\}")


def words_of(line: str) -> list[str]:
    """The words of one (markdown-stripped) line, lower-cased: letters first, then letters,
    digits, apostrophes and hyphens (``requirements.txt`` is two words, ``1.0`` none)."""
    return _WORD.findall(_CJK.sub(" ", line.replace("’", "'")).lower())


def cjk_chars(line: str) -> int:
    """How many CJK characters ``line`` holds (``words_of`` reads them as spaces: a README
    in Chinese or Japanese counts two characters a word)."""
    return len(_CJK.findall(line))


def strip_template_syntax(text: str) -> str:
    """``text`` without jinja/cookiecutter ``{{ … }}``, ``{% … %}`` and ``{# … #}`` spans."""
    return _TEMPLATE_SYNTAX.sub(" ", text)


def shingle_hash(words: Sequence[str]) -> int:
    """The stable 64-bit hash of one shingle (its words joined by single spaces)."""
    digest = hashlib.blake2b(" ".join(words).encode("utf-8"), digest_size=8).digest()
    return int.from_bytes(digest, "little")


def shingles(words: Sequence[str], k: int = SHINGLE_WORDS) -> list[int]:
    """The hash of every run of ``k`` words, in order (``len(words) - k + 1`` of them)."""
    return [shingle_hash(words[i : i + k]) for i in range(len(words) - k + 1)]


@dataclass(frozen=True, slots=True)
class Fingerprint:
    """One template's README, as hashed shingles: its name, where it came from, its size."""

    name: str  # e.g. "cookiecutter-data-science"
    source: str  # a URL or package@version and path
    hashes: frozenset[int]

    @property
    def size(self) -> int:
        return len(self.hashes)


def fingerprint(name: str, source: str, words: Iterable[str]) -> Fingerprint:
    """The fingerprint of a template whose README reads ``words`` (in order)."""
    return Fingerprint(name, source, frozenset(shingles(list(words))))


@dataclass(frozen=True, slots=True)
class Boilerplate:
    """Known templates by shingle: ``owner[hash]`` is the index in ``names`` of the first
    template holding that shingle. ``digest`` names a user's file (``USER_FILE``) by its
    content, so results cached with other fingerprints are not reused; "" for none."""

    names: tuple[str, ...]
    owner: Mapping[int, int]
    digest: str = ""

    @staticmethod
    def of(prints: Iterable[Fingerprint], digest: str = "") -> Boilerplate:
        names: list[str] = []
        owner: dict[int, int] = {}
        for index, print_ in enumerate(prints):
            names.append(print_.name)
            for value in print_.hashes:
                owner.setdefault(value, index)
        return Boilerplate(tuple(names), owner, digest)


EMPTY = Boilerplate((), {})

# A roadmap repo's own fingerprints (its course's starter READMEs, made by ``roadmap-bot
# fingerprints``), next to roadmap.yaml; read with the roadmap files, in the same query.
USER_FILE = ".github/roadmap-boilerplate.json"
USER_FILE_MAX_BYTES = 2_000_000  # about 250,000 shingles: far more than a course's READMEs


def dump(prints: Iterable[Fingerprint]) -> str:
    """The JSON text of a fingerprint file (see the module docstring), one template a line."""
    entries = []
    for print_ in prints:
        packed = b"".join(struct.pack("<Q", value) for value in sorted(print_.hashes))
        entry = {
            "name": print_.name,
            "source": print_.source,
            "size": print_.size,
            "shingles": base64.b64encode(packed).decode("ascii"),
        }
        entries.append(json.dumps(entry, ensure_ascii=False, separators=(",", ":")))
    head = f'{{"version":{FORMAT_VERSION},"shingle_words":{SHINGLE_WORDS},"templates":[\n'
    return head + ",\n".join(entries) + "\n]}\n"


def load(text: str, where: str = "boilerplate file") -> list[Fingerprint]:
    """The fingerprints of a file ``dump`` wrote; a ConfigError naming ``where`` if it is not."""
    try:
        data = json.loads(text)
        if data.get("version") != FORMAT_VERSION or data.get("shingle_words") != SHINGLE_WORDS:
            raise ValueError(
                f"made for format {data.get('version')} with {data.get('shingle_words')}-word "
                f"shingles; this version reads format {FORMAT_VERSION}, {SHINGLE_WORDS} words"
            )
        prints = []
        for entry in data["templates"]:
            packed = base64.b64decode(entry["shingles"], validate=True)
            hashes = frozenset(value for (value,) in struct.iter_unpack("<Q", packed))
            prints.append(Fingerprint(str(entry["name"]), str(entry["source"]), hashes))
        return prints
    except (ValueError, KeyError, TypeError, AttributeError, RecursionError, struct.error) as exc:
        raise ConfigError([Problem(where, 1, 1, f"not a fingerprint file ({exc})")]) from exc


def user_file(config: str) -> str:
    """Where the user's fingerprint file is, for roadmap.yaml at ``config`` (a POSIX path)."""
    folder = config.rpartition("/")[0]
    return f"{folder}/{USER_FILE}" if folder else USER_FILE


def user_boilerplate(raw: bytes, where: str = USER_FILE) -> Boilerplate:
    """The fingerprints of a user's file (bytes as read), indexed, with the digest of its
    bytes; a located ConfigError when it is too large or not a fingerprint file."""
    if len(raw) > USER_FILE_MAX_BYTES:
        raise ConfigError(
            [
                Problem(
                    where, 1, 1, f"larger than {USER_FILE_MAX_BYTES:,} bytes; keep fewer templates"
                )
            ]
        )
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ConfigError([Problem(where, 1, 1, f"not UTF-8 (byte {exc.start})")]) from exc
    digest = hashlib.blake2b(raw, digest_size=8).hexdigest()
    return Boilerplate.of(load(text, where), digest)


@cache
def shipped_fingerprints() -> tuple[Fingerprint, ...]:
    """The fingerprints shipped in the package (package data, read once)."""
    text = resources.files("roadmap_bot").joinpath(SHIPPED).read_text("utf-8")
    return tuple(load(text, SHIPPED))


@cache
def shipped() -> Boilerplate:
    """The shipped templates, indexed by shingle (built once)."""
    return Boilerplate.of(shipped_fingerprints())


def merge(old: Sequence[Fingerprint], new: Sequence[Fingerprint]) -> list[Fingerprint]:
    """``old`` with every template ``new`` names replaced by ``new``'s, new names appended."""
    fresh = {print_.name: print_ for print_ in new}
    kept = [fresh.pop(print_.name, print_) for print_ in old]
    return kept + [print_ for print_ in new if print_.name in fresh]
