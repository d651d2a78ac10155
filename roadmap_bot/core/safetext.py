"""Make user text safe to put in the markdown the bot writes (pure).

Everything the bot writes (README block, issue titles and bodies, tick comments, replies, the job
summary) mixes its own markdown with text from roadmap.yaml, comments and linked repositories.
None of that text may

- mention anyone (``@user``, ``@org/team``, ``@everyone``): a ``@`` that would start a mention is
  followed by a zero-width space (U+200B), which is invisible and stops GitHub's mention parser;
- open raw HTML or an HTML comment (``<script>``, ``<img src=…>``, ``<!-- roadmap:end -->``): the
  bot's hidden markers are HTML comments, so rendered text never contains ``<!--`` (the README's
  free prose aside: ``md_block(html=True)`` keeps the owner's closed comments, and the block's
  marker lines are guarded apart);
- become a link the user did not write in roadmap.yaml (a linked repo's file named
  ``[x](https://evil)``): text from outside is shown as typed (``md_text``) or as code.

Which helper: ``md_inline`` for one-line markdown the owner wrote (titles, goals): their
markdown stays, HTML and mentions do not. ``md_block`` for multi-line markdown (notes, intro,
outro): the same per line, code blocks kept. ``md_text`` for plain text, including anything from
linked repos or check results: every markdown character shown as typed, URLs not autolinked.
``md_code`` for a code span. ``plain_title`` for issue titles and label texts (GitHub shows them as
text: only mentions and comments are defused). ``cap`` cuts to a length.
"""

from __future__ import annotations

import re

import markupsafe

from roadmap_bot.core.fences import fence_step
from roadmap_bot.core.repos import strip_userinfo

ZWSP = "\u200b"
ELLIPSIS = "…"

# A mention starts at "@" not preceded by a word character (so e-mail addresses stay as they
# are), followed by a login or org/team. Neutralised text ("@" + U+200B) never matches again.
_MENTION = re.compile(r"(?<!\w)@(?=[A-Za-z0-9])")
_LOGIN = re.compile(r"[A-Za-z0-9](?:[A-Za-z0-9]|-(?=[A-Za-z0-9])){0,38}(?:\[bot\])?")
_COMMENT_OPEN = "<!--"
_CODE_RUN = re.compile(r"`+")
_AUTOLINK = re.compile(r"(?i)\b(https?|ftp|mailto|file)(:)(?=//)|\b(www)(\.)(?=\S)")
_TEXT_SPECIAL = re.compile(r"[\\`*_\[\]<>&|~]")


def neutralize_mentions(text: object) -> str:
    """``@name`` → ``@``+U+200B+``name`` wherever GitHub would read a mention."""
    return _MENTION.sub("@" + ZWSP, str(text))


def escape_html(value: object) -> str:
    """``&``, ``<``, ``>``, ``"`` and ``'`` as entities (text inside HTML or an attribute);
    MarkupSafe's escaper, the one Jinja2 uses."""
    return str(markupsafe.escape(str(value)))


def defuse_comments(text: str) -> str:
    """No ``<!--`` survives: the bot's hidden markers can never be forged by rendered text."""
    return text.replace(_COMMENT_OPEN, "<" + ZWSP + "!--")


def cap(text: str, limit: int) -> str:
    """``text`` cut to at most ``limit`` characters, ending in ``…`` when cut."""
    if limit <= 0:
        return ""
    return text if len(text) <= limit else text[: limit - 1] + ELLIPSIS


def one_line(text: object) -> str:
    """Line breaks (any kind) and tabs as single spaces."""
    return " ".join(str(text).split()) if _has_break(str(text)) else str(text)


def _has_break(text: str) -> bool:
    return any(c in text for c in "\r\n\t\v\f\x85\u2028\u2029")


def _code_spans(line: str) -> list[tuple[bool, str]]:
    """Split one line into (is_code, text) parts by CommonMark's backtick-run rule (linear)."""
    runs = [(m.start(), m.end()) for m in _CODE_RUN.finditer(line)]
    closers: dict[int, list[int]] = {}
    for index, (start, end) in enumerate(runs):
        closers.setdefault(end - start, []).append(index)
    used: dict[int, int] = {}  # length -> how many of that length's runs were consumed
    parts: list[tuple[bool, str]] = []
    pos = 0
    index = 0
    while index < len(runs):
        start, end = runs[index]
        length = end - start
        same = closers[length]
        # the next run of the same length after this one closes the span
        seen = used.get(length, 0)
        while seen < len(same) and same[seen] <= index:
            seen += 1
        used[length] = seen
        if seen >= len(same):
            index += 1
            continue  # no closer: the backticks are literal text
        closer = same[seen]
        used[length] = seen + 1
        close_end = runs[closer][1]
        if start > pos:
            parts.append((False, line[pos:start]))
        parts.append((True, line[start:close_end]))
        pos = close_end
        index = closer + 1
    if pos < len(line):
        parts.append((False, line[pos:]))
    return parts


def _inline_line(line: str, *, html: bool) -> str:
    out: list[str] = []
    # "\`" is a literal backtick in markdown: rather than model escapes, such a line has no code
    parts = [(False, line)] if "\\`" in line else _code_spans(line)
    for is_code, part in parts:
        if is_code:
            out.append(defuse_comments(part))
            continue
        part = part.replace(_COMMENT_OPEN, "&lt;!--")
        if not html:
            part = part.replace("<", "&lt;")
        out.append(neutralize_mentions(part))
    return "".join(out)


def md_inline(text: object, limit: int | None = None) -> str:
    """One line of markdown the owner wrote: kept, but no HTML, mention or comment (see above)."""
    line = one_line(text)
    if limit is not None:
        line = cap(line, limit)
    return _inline_line(line, html=False)


def md_block(text: object, *, html: bool = False) -> str:
    """Multi-line markdown: ``md_inline`` per line outside fenced code, comments defused inside;
    a fence left open is closed.

    ``html=True`` keeps raw HTML (the README intro and outro, free markdown the owner writes),
    still without mentions; an HTML comment the text closes stays as written (GitHub hides it;
    a marker line among them is defused by ``markers.guard_block``), one left open is defused.
    """
    text = str(text)
    kept: list[str] = []
    if html:
        text, kept = _hold_comments(text)
    lines = text.split("\n")
    out: list[str] = []
    fence: str | None = None
    for line in lines:
        fence, in_code = fence_step(line, fence)
        out.append(defuse_comments(line) if in_code else _inline_line(line, html=html))
    if fence is not None:
        out.append(fence)  # a fence left open would swallow whatever the bot writes after it
    joined = "\n".join(out)
    return _HELD.sub(lambda m: kept[int(m.group(1))], joined) if kept else joined


_HOLD, _HOLD_END = "\ue000", "\ue001"  # private-use characters: a held comment's place
_HELD = re.compile(f"{_HOLD}(\\d+){_HOLD_END}")


def _hold_comments(text: str) -> tuple[str, list[str]]:
    """``text`` with each closed HTML comment (CommonMark's: ``<!-->``, ``<!--->`` or ``<!--``
    … ``-->``) replaced by a placeholder, and the comments in order. One pass: linear."""
    text = text.replace(_HOLD, "").replace(_HOLD_END, "")
    out: list[str] = []
    kept: list[str] = []
    pos = 0
    while (start := text.find(_COMMENT_OPEN, pos)) >= 0:
        end = text.find("-->", start + 2)
        if end < 0:
            break
        out += (text[pos:start], f"{_HOLD}{len(kept)}{_HOLD_END}")
        kept.append(text[start : end + 3])
        pos = end + 3
    out.append(text[pos:])
    return "".join(out), kept


def md_cell(text: object, limit: int | None = None) -> str:
    """``md_inline`` for a table cell: a ``|`` cannot end the cell."""
    return md_inline(text, limit).replace("|", "\\|")


def md_text(text: object, limit: int | None = None) -> str:
    """Plain text shown exactly as typed: markdown characters escaped, no link, HTML or mention."""
    line = strip_userinfo(one_line(text))
    if limit is not None:
        line = cap(line, limit)
    line = _TEXT_SPECIAL.sub(_escape_special, line)
    line = _AUTOLINK.sub(lambda m: ZWSP.join(g for g in m.groups() if g), line)
    return neutralize_mentions(line)


def _escape_special(match: re.Match[str]) -> str:
    char = match.group(0)
    return {"&": "&amp;", "<": "&lt;", ">": "&gt;"}.get(char, "\\" + char)


def md_code(text: object, limit: int = 120) -> str:
    """``text`` as one code span (one line, capped) that no backtick inside can break out of."""
    line = cap(" ".join(str(text).split()), limit)
    if not line:
        return "` `"
    longest = max((len(run) for run in _CODE_RUN.findall(line)), default=0)
    fence = "`" * (longest + 1)
    pad = " " if line.startswith("`") or line.endswith("`") else ""
    return defuse_comments(f"{fence}{pad}{line}{pad}{fence}")


def md_repo(text: object, limit: int = 120) -> str:
    """A repository reference as a code span, without credentials."""
    return md_code(strip_userinfo(str(text)), limit)


_NOTE_LINK = re.compile(r"<https?://[^\s<>]{1,2000}>")


def md_note(text: object) -> str:
    """A stored note or reason (``/done ID why``): kept when it is the code span or ``<url>`` the
    bot made of it (``commands.effects.quote_note``), else shown as typed."""
    note = one_line(text)
    if _NOTE_LINK.fullmatch(note):
        return f"<{strip_userinfo(note[1:-1])}>"
    parts = _code_spans(note) if "\\`" not in note else []
    if len(parts) == 1 and parts[0][0]:
        return defuse_comments(note)
    return md_text(note)


def md_login(login: object) -> str:
    """``@login`` for a GitHub login the bot names on purpose (who ticked an item); any other
    text (a hand-edited state file) is shown as text, never as a mention."""
    text = str(login)
    return f"@{text}" if _LOGIN.fullmatch(text) else md_text(f"@{text}")


def plain_title(text: object, limit: int | None = None) -> str:
    """An issue title or label text: one line, capped, mentions and comments defused."""
    line = one_line(text)
    if limit is not None:
        line = cap(line, limit)
    return defuse_comments(neutralize_mentions(line))


_SAFE_URL = re.compile(r"(?i)^https?://[^\s<>\"'`]+$")


def safe_url(url: str) -> str | None:
    """An http(s) URL without credentials, with ``(``, ``)`` and spaces encoded; else None."""
    url = strip_userinfo(url.strip())
    if not _SAFE_URL.match(url):
        return None
    return url.replace("(", "%28").replace(")", "%29")


def md_link(label: object, url: str | None) -> str:
    """``[label](url)`` with the label as plain text; just the label when the URL is not http(s)."""
    text = md_text(label) or "link"
    target = safe_url(url) if url else None
    return f"[{text}]({target})" if target else text
