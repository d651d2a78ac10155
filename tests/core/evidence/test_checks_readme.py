"""The readme check's word count: prose counts; titles, badges, code and templates do not."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from roadmap_bot.core.evidence.checks.readme import MIN_README_WORDS, count_readme

PROSE = "This service trains a model on public data and explains every prediction it makes."


def test_a_title_alone_has_no_prose() -> None:
    assert count_readme("# my-project\n").words == 0


def test_headings_of_every_style_are_not_prose() -> None:
    text = "Title\n=====\n\nSub\n---\n\nRst title\n~~~~~~~~~\n\n## Install\n### Usage\n"
    assert count_readme(text).words == 0


def test_paragraphs_lists_and_link_text_are_prose() -> None:
    text = f"# T\n\n{PROSE}\n\n- one item\n- see [the docs](https://x.io/docs)\n"
    assert count_readme(text).words == 14 + 2 + 3


def test_badges_images_urls_html_and_comments_are_not_prose() -> None:
    text = (
        "[![CI](https://x/badge.svg)](https://x)\n![shot](a.png)\n<img src='a.png'>\n"
        "<!-- describe the project here -->\nhttps://example.com/very/long/url\n"
    )
    assert count_readme(text).words == 0


def test_fenced_code_and_directory_trees_are_not_prose() -> None:
    text = "```bash\npip install -r requirements.txt\npython train.py --epochs 10\n```\n├── src\n└── tests\n"
    assert count_readme(text).words == 0


def test_hugging_face_space_default_card_is_a_template() -> None:
    text = (
        "---\ntitle: Demo\nemoji: 🚀\nsdk: gradio\n---\n\n"
        "Check out the configuration reference at https://huggingface.co/docs/hub/spaces-config-reference\n"
    )
    count = count_readme(text)
    assert count.words == 0


def test_a_model_card_left_as_generated_is_a_template() -> None:
    text = (
        "# Model Card\n\nThis modelcard aims to be a base template.\n\n"
        "- **Developed by:** [More Information Needed]\n- **License:** [More Information Needed]\n"
        "Use the code below to get started with the model.\n"
        "Users (both direct and downstream) should be made aware of the risks, biases and limitations of the model.\n"
    )
    count = count_readme(text)
    assert count.template == "Hugging Face card"
    assert count.words < MIN_README_WORDS


def test_placeholder_lines_are_not_prose() -> None:
    text = (
        "# x\n\nTODO\n\nComing soon!\n\nLorem ipsum dolor sit amet, consectetur adipiscing elit.\n"
    )
    assert count_readme(text).words == 0


def test_an_emoji_shortcode_is_not_a_word_but_its_line_is_prose() -> None:
    assert count_readme(":rocket: Fast inference on a laptop\n").words == 5


def test_cjk_characters_count_as_half_words() -> None:
    assert count_readme("本项目预测客户流失情况\n").words == 5


def test_a_readme_with_own_text_below_a_template_keeps_its_own_words() -> None:
    text = "This project was bootstrapped with Create React App.\n\n" + PROSE + " " + PROSE + "\n"
    assert count_readme(text).words == 28


@given(st.text())
def test_counting_never_fails_and_is_never_negative(text: str) -> None:
    count = count_readme(text)
    assert count.words >= 0


@given(
    st.lists(
        st.sampled_from(["model", "data", "trains", "serves", "fast"]), min_size=1, max_size=80
    )
)
def test_adding_a_paragraph_of_plain_words_adds_exactly_those_words(words: list[str]) -> None:
    base = count_readme("# Title\n\n" + PROSE + "\n").words
    more = count_readme("# Title\n\n" + PROSE + "\n\n" + " ".join(words) + "\n").words
    assert more == base + len(words)


def test_the_demo_check_says_plainly_when_no_readme_was_read() -> None:
    from roadmap_bot.core.evidence.checks.demo import check_demo
    from roadmap_bot.core.evidence.facts import build_facts
    from roadmap_bot.core.evidence.snapshot import RepoSnapshot

    without = check_demo(build_facts(RepoSnapshot("r", "h", ("main.py",), {"main.py": ""})))
    assert not without.passed
    assert "no README was read" in without.reason and "no README links" not in without.reason
    with_one = check_demo(
        build_facts(RepoSnapshot("r", "h", ("README.md",), {"README.md": "# Project\n"}))
    )
    assert "README.md links no Hugging Face Space" in with_one.reason
    assert "{demo: URL}" in with_one.reason
