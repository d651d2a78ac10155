"""A README's block shape: what GitHub would show, as markdown-it-py block tokens, without what
roadmap-bot adds to its render (progress lines, rules, the ``<sub>`` and the hidden id of each
item line). Two texts with the same shape look the same, the bot's additions aside."""

from __future__ import annotations

import re

from markdown_it import MarkdownIt

_SUB = re.compile(r"\s*<sub>[^<]*</sub>")
_HIDDEN_ID = re.compile(r"\s*<!-- [a-z0-9_.-]+ -->")
_BREAK = re.compile(r" {2,}\n|\\\n")  # a hard break, either way it is written
_PARSER = MarkdownIt("commonmark").enable("table")


def block_shape(text: str) -> list[tuple[str, str]]:
    """(token type and tag, or "inline" and its text with spaces collapsed), in order."""
    out: list[tuple[str, str]] = []
    for token in _PARSER.parse(text):
        if token.type == "hr":
            continue
        if token.type == "inline":
            content = " ".join(
                _BREAK.sub("\n", _HIDDEN_ID.sub("", _SUB.sub("", token.content))).split()
            )
            if content.startswith("**Progress:**"):  # the bot's, with its paragraph
                if out and out[-1][0] == "paragraph_open":
                    out.pop()
                out.append(("progress", ""))
                continue
            out.append(("inline", content))
        elif token.type == "paragraph_close" and out and out[-1][0] == "progress":
            out.pop()
        else:
            out.append((token.type, token.tag))
    return out
