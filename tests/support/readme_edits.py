"""Edit a rendered README as a person would by hand: flip one box, or hide the ids."""

from __future__ import annotations

import re


def flip_box(text: str, title: str) -> tuple[str, int]:
    """Flip the box of the (possibly indented) task line titled ``title``; return the text and
    the line's number."""
    lines = text.split("\n")
    for n, line in enumerate(lines):
        if re.match(rf" *- \[[ x]\] {re.escape(title)}( |$)", line):
            box = "[ ]" if "[x]" in line else "[x]"
            lines[n] = re.sub(r"\[[ x]\]", box, line, count=1)
            return "\n".join(lines), n + 1
    raise AssertionError(f"no task line titled {title!r}")


def hide_ids(text: str) -> str:
    """The render with no id on any line, shown (``<sub>`id`…</sub>``) or hidden (``<!-- id
    -->``): a README whose lines tell no id, such as one edited or written by hand."""
    return re.sub(r" <!-- [a-z0-9_.-]+ -->", "", re.sub(r" <sub>.*?</sub>", "", text))
