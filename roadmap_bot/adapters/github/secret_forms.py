"""Every form a token can take in an error or a log line, and a scrubber that masks them all.

A token shows up not only as itself: HTTP Basic auth (git over HTTPS, ``actions/checkout``'s
``http.extraheader``) sends ``base64("x-access-token:TOKEN")``, ``base64("TOKEN:")`` or
``base64(":TOKEN")``; a URL carries it percent-encoded or as ``https://user:TOKEN@host``; a
proxy or server may echo it upper- or lower-cased, and header names come in any case. The
scrubber masks:

- the token and its percent-encoded forms, in any letter case;
- its base64 form inside *any* base64 text, whatever comes before or after it (the three
  alignments of the token in base64's 3-byte groups, standard and URL-safe alphabets), which
  covers every ``Basic`` credential built from it;
- the value of any ``Authorization`` / ``Proxy-Authorization`` header (any case, ``:`` or
  ``=`` separated, quoted or not), whoever's token it is;
- the credentials of any ``scheme://user:password@`` in a URL (``core.repos.strip_userinfo``).
"""

from __future__ import annotations

import base64
import re
from functools import cache
from urllib.parse import quote, quote_plus

from roadmap_bot.core.repos import strip_userinfo

MASK = "***"
MIN_LENGTH = 4  # shorter "tokens" are not masked (they would mask ordinary words)
MIN_FRAGMENT = 8  # base64 fragments shorter than this would mask ordinary text

_HEADER = re.compile(
    r"(?i)\b((?:proxy-)?authorization\b[\"']?\s*[:=]\s*[\"']?\s*(?:(?:bearer|token|basic|digest)\s+)?)"
    r"[^\s\"',;}\]]+"
)


def base64_fragments(secret: bytes) -> set[str]:
    """The base64 text that ``secret`` turns into wherever it sits inside encoded data."""
    found: set[str] = set()
    for offset in range(3):
        data = b"\0" * offset + secret
        known = len(data)
        full, rest = divmod(known, 3)
        end = 4 * full + {0: 0, 1: 1, 2: 2}[rest]
        skip = {0: 0, 1: 2, 2: 3}[offset]
        for encode in (base64.b64encode, base64.urlsafe_b64encode):
            fragment = encode(data).decode("ascii")[skip:end]
            if len(fragment) >= MIN_FRAGMENT:
                found.add(fragment)
    return found


@cache
def secret_forms(secret: str) -> tuple[str, ...]:
    """Every text derived from ``secret`` that must not be shown, longest first."""
    if len(secret) < MIN_LENGTH:
        return ()
    forms = {secret, quote(secret, safe=""), quote_plus(secret), quote(secret)}
    raw = secret.encode("utf-8")
    for wrapped in (b"x-access-token:" + raw, raw + b":", b":" + raw, raw + b":x-oauth-basic"):
        forms.add(base64.b64encode(wrapped).decode("ascii"))
    forms |= base64_fragments(raw)
    return tuple(sorted(forms, key=lambda f: (-len(f), f)))


@cache
def _pattern(secret: str) -> re.Pattern[str] | None:
    forms = secret_forms(secret)
    if not forms:
        return None
    return re.compile("|".join(re.escape(f) for f in forms), re.IGNORECASE)


def scrub_text(text: str, secret: str | None) -> str:
    """``text`` with every form of ``secret``, every Authorization value and URL userinfo masked."""
    if secret and (pattern := _pattern(secret)) is not None:
        text = pattern.sub(MASK, text)
    if "authorization" in text.lower():
        text = _HEADER.sub(lambda m: m.group(1) + MASK, text)
    return strip_userinfo(text, mask=MASK)


def mentions_secret(data: bytes, secret: str | None) -> bool:
    """Whether an answer's raw bytes hold any form of ``secret`` as derived (exact case).

    The cheap test before parsing a large answer: a hit sends it through ``scrub_text``. Letter
    case variants are masked wherever text becomes an error or a log line (``scrub_text``);
    lowering every answer to look for them here would cost ~5 ms per MB of every read.
    """
    if not secret:
        return False
    return any(form in data for form in _detect(secret))


@cache
def _detect(secret: str) -> tuple[bytes, ...]:
    """The fewest forms that find every other: a Basic credential holds a base64 fragment."""
    if len(secret) < MIN_LENGTH:
        return ()
    plain = {secret, quote(secret, safe=""), quote_plus(secret), quote(secret)}
    return tuple(f.encode("utf-8") for f in sorted(plain | base64_fragments(secret.encode())))
