"""An item's resources as the bot writes them: one markdown line each, the same in its issue
(``issue.md.j2``'s "Learn" section) and in the README's fold under the item
(``settings.show_resources``), and read back from that line by the importer.

A line is ``[Title](https://…) (paid) · docs · ⏱ 2 h``, each part after the link optional. The
title is plain text (``safetext.md_text``: no markdown, link, HTML or mention of its own), the link
an http(s) URL only (``safetext.md_link``; ``validate`` lets through absolute https URLs only).
Every part is bounded; an item lists at most ``MAX_RESOURCES`` (the schema's cap).
"""

from __future__ import annotations

import re

from roadmap_bot.core.model import (
    MAX_RESOURCES,
    RESOURCE_KINDS,
    RESOURCE_TIME_MAX,
    RESOURCE_TITLE_MAX,
    RESOURCE_URL_MAX,
    Item,
    Resource,
)
from roadmap_bot.core.safetext import ZWSP, cap, md_link, md_text, one_line

PAID = "(paid)"
TIME_MARK = "⏱ "
SEP = " · "
SUMMARY = "<details><summary>Resources</summary>"  # the README's fold around them
CLOSE = "</details>"

_LINE = re.compile(
    r"\[((?:\\.|[^\\\[\]\n])*)\]\(([^()\s]+)\)"
    rf"(?P<paid> {re.escape(PAID)})?"
    rf"(?:{SEP}(?P<kind>{'|'.join(RESOURCE_KINDS)}))?"
    rf"(?:{SEP}{TIME_MARK}(?P<time>\S.*))?"
)
_ESCAPED = re.compile(r"\\([\\`*_\[\]|~])")
_ENTITIES = (("&lt;", "<"), ("&gt;", ">"), ("&amp;", "&"))  # md_text's, "&" last
_AUTOLINK_BROKEN = re.compile(rf"(?i)\b(https?|ftp|mailto|file){ZWSP}(:)(?=//)|\b(www){ZWSP}(\.)")


def resource_line(resource: Resource) -> str:
    """One resource as safe markdown: ``[Title](url) (paid) · kind · ⏱ time``."""
    title = cap(one_line(resource.title).strip(), RESOURCE_TITLE_MAX)
    parts = [md_link(title, resource.url if len(resource.url) <= RESOURCE_URL_MAX else None)]
    if resource.paid:
        parts[0] += f" {PAID}"
    if resource.kind:
        kind = resource.kind if resource.kind in RESOURCE_KINDS else md_text(resource.kind, 20)
        parts.append(kind)
    if resource.time and resource.time.strip():
        parts.append(TIME_MARK + md_text(resource.time.strip(), RESOURCE_TIME_MAX))
    return SEP.join(parts)


def resource_lines(item: Item) -> tuple[str, ...]:
    """The item's resources as lines, at most ``MAX_RESOURCES``."""
    return tuple(resource_line(r) for r in item.resources[:MAX_RESOURCES])


def read_resource_line(line: str) -> Resource | None:
    """The resource a line ``resource_line`` wrote shows (the bullet's ``- `` taken off), or
    None when the line is not one. Reads back what the line shows: a capped title stays capped,
    ``(`` and ``)`` in the URL stay encoded, a credential or mention defused stays so."""
    found = _LINE.fullmatch(line.strip())
    if found is None:
        return None
    title = _unescaped(found.group(1))
    if not title.strip():
        return None
    time = found.group("time")
    return Resource(
        title=title,
        url=found.group(2),
        kind=found.group("kind"),
        time=_unescaped(time).strip() if time else None,
        paid=found.group("paid") is not None,
    )


def _unescaped(text: str) -> str:
    """``md_text``'s escapes undone: ``\\*`` → ``*``, ``&lt;`` → ``<``, ``https\u200b:`` →
    ``https:`` (a defused mention is read back by the importer as a whole)."""
    text = _ESCAPED.sub(r"\1", text)
    for entity, char in _ENTITIES:
        text = text.replace(entity, char)
    return _AUTOLINK_BROKEN.sub(lambda m: "".join(g for g in m.groups() if g), text)
