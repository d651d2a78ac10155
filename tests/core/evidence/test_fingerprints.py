"""Template fingerprints: stable hashed shingles, the file format, the shipped corpus."""

from __future__ import annotations

import pytest

from roadmap_bot.core.evidence import fingerprints as fp
from roadmap_bot.core.evidence.checks.readme import readme_words
from roadmap_bot.errors import ConfigError


def test_a_shingle_hash_is_stable_across_runs() -> None:
    # the first 8 bytes of BLAKE2b-64 of "a b c d e", little-endian: fixed forever, since the
    # shipped file holds these numbers
    assert fp.shingle_hash(["a", "b", "c", "d", "e"]) == 0x52FB4EBB0F41A843
    assert len(fp.shingles("one two three four five six".split())) == 2
    assert fp.shingles("too short".split()) == []


def test_words_are_lower_case_without_markdown_or_template_syntax() -> None:
    text = "# {{ cookiecutter.project_name }}\n\nSee **[the Docs](https://x.io)** — it's `1.0`!\n"
    assert readme_words(text) == ["see", "the", "docs", "it's"]


def test_a_fingerprint_file_round_trips_without_the_text() -> None:
    words = readme_words("A short description of the project that nobody ever edits at all.")
    made = fp.fingerprint("demo", "https://example.com/demo@1", words)
    text = fp.dump([made])
    assert "description" not in text and '"size":8' in text
    (back,) = fp.load(text)
    assert back == made and back.size == 8


def test_merge_replaces_the_templates_named_again_and_keeps_the_rest() -> None:
    a1, b, a2 = (fp.Fingerprint(n, s, frozenset()) for n, s in [("a", "1"), ("b", "1"), ("a", "2")])
    merged = fp.merge([a1, b], [a2, fp.Fingerprint("c", "1", frozenset())])
    assert [(p.name, p.source) for p in merged] == [("a", "2"), ("b", "1"), ("c", "1")]


@pytest.mark.parametrize(
    "text",
    ["not json", '{"version": 1, "shingle_words": 3, "templates": []}', '{"version": 1}', "[]"],
)
def test_a_file_that_is_not_a_fingerprint_file_is_a_located_error(text: str) -> None:
    with pytest.raises(ConfigError, match=r"mine\.json:1:1: not a fingerprint file"):
        fp.load(text, "mine.json")


def test_the_shipped_corpus_names_its_templates_and_sources() -> None:
    prints = {p.name: p for p in fp.shipped_fingerprints()}
    assert {"cookiecutter-data-science", "cookiecutter-data-science-v1", "README-Template"} <= set(
        prints
    )
    ccds = prints["cookiecutter-data-science"]
    assert "drivendataorg/cookiecutter-data-science" in ccds.source and ccds.size > 100
    assert all(p.source and p.size for p in prints.values())
    assert fp.shipped().names == tuple(prints)
