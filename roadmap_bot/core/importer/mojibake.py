"""Repair text whose UTF-8 bytes were once decoded with a single-byte code page (mojibake).

ftfy (a maintained library) undoes most of it. What it cannot undo is damage where the code
page had no character for a byte (cp1252 lacks 0x81 0x8D 0x8F 0x90 0x9D; cp1254 also 0x8E 0x9E):
that byte was dropped, and several emoji then become indistinguishable (🎯 F0 9F 8E AF loses 8E
and could as well be 🍯 or 🐯). For those we keep a table built from the emoji that roadmaps
actually use: each emoji's damaged form under each code page maps back to it when no other
emoji in the list shares that form. What is still left is counted and reported.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

CODE_PAGES = ("cp1252", "cp1254", "latin-1")

# Emoji common in learning roadmaps and READMEs (headings, checklists, notes).
ROADMAP_EMOJI = (
    "🚀 🧠 🛠️ 🛠 🎯 📋 🧑‍💻 👩‍💻 👨‍💻 💡 📚 📖 📝 ✅ ☑️ ✔️ ❌ ⭐ 🌟 🔥 💻 🖥️ 📊 📈 📉 🤖 🧪 🔬 🧩 🏆 🎓 "
    "📌 📍 🗺️ 🧭 ⚙️ 🔧 🔨 🧰 📦 🐍 🐳 ☁️ 🔒 🔑 🛡️ ⚡ 🌐 📱 🎨 🗂️ 📁 📂 🗃️ 🏗️ 🧱 🚧 ⏳ ⌛ 📅 🗓️ "
    "🎉 👀 👍 👋 🙌 💪 🤝 🧑‍🎓 👩‍🎓 👨‍🎓 🧑‍🔬 💼 📣 🔍 🔎 ✨ 🌱 🪄 🧬 🩺 💰 🚚 🏥 🏦 📦 🔄 ♻️ "
    "1️⃣ 2️⃣ 3️⃣ 4️⃣ 5️⃣ 6️⃣ 7️⃣ 8️⃣ 9️⃣ 0️⃣ ➡️ ⬆️ ⬇️ ▶️ ⏭️ 🟢 🟡 🔴 🟠 🔵 ⚪ ⚫"
).split()

_SUSPICIOUS = re.compile(r"[ÃÂâð][\x80-\xbf\u0152-\u2122]|ğŸ|â€|Ã.")


@dataclass(frozen=True, slots=True)
class Repair:
    """The repaired text and what could not be repaired."""

    text: str
    changed: bool
    table_fixes: int  # damaged emoji restored from the table
    leftovers: tuple[str, ...]  # suspicious fragments still present, for the report


def damaged_forms(emoji: str) -> set[str]:
    """Every form ``emoji`` takes when its UTF-8 is read with one of CODE_PAGES."""
    raw = emoji.encode("utf-8")
    forms = {raw.decode(cp, errors="ignore") for cp in CODE_PAGES}
    forms.discard(emoji)
    return forms


@cache
def repair_table() -> dict[str, str]:
    """Damaged form → emoji, for forms that only one listed emoji can produce."""
    owners: dict[str, set[str]] = {}
    for emoji in ROADMAP_EMOJI:
        for form in damaged_forms(emoji):
            owners.setdefault(form, set()).add(emoji)
    return {form: next(iter(e)) for form, e in owners.items() if len(e) == 1 and len(form) > 1}


def looks_mojibaked(text: str) -> bool:
    """True when the text carries typical UTF-8-as-cp1252 sequences."""
    return bool(_SUSPICIOUS.search(text))


def repair(text: str) -> Repair:
    """Restore table emoji first (longest forms first), then let ftfy fix the rest."""
    fixed = text
    fixes = 0
    for form in sorted(repair_table(), key=len, reverse=True):
        if form in fixed:
            fixes += fixed.count(form)
            fixed = fixed.replace(form, repair_table()[form])
    import ftfy  # imported here: only `import` with a repair pays for it

    fixed = ftfy.fix_text(fixed, normalization="NFC")
    leftovers = tuple(sorted({m.group(0) for m in _SUSPICIOUS.finditer(fixed)}))
    return Repair(text=fixed, changed=fixed != text, table_fixes=fixes, leftovers=leftovers)
