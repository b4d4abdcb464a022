"""Label text for pictures: line breaking that keeps Latin words whole and CJK text tidy."""

from __future__ import annotations

import re

from graph.words import name_of, short_firm_name, short_name
from graph.model import Firm

_TOKEN = re.compile(r"[A-Za-z0-9][A-Za-z0-9.'&+\-/]*|\s+|.")
_CLOSING = set(",.;:!?)]}、,。;:!?)】》」")


def _is_wide(ch: str) -> bool:
    return ord(ch) >= 0x2E80  # CJK and full-width forms


def wrap(text: str, width: int) -> str:
    """Break a label into lines of about ``width`` characters without splitting Latin words.

    CJK text breaks between any two characters; a Latin word moves to the next line whole (a word
    more than 1.5 lines long is cut); closing punctuation never starts a line. In mixed text a Latin
    character counts half, as it is about half as wide.

    >>> wrap("XR主控芯片/SoC", 9), wrap("WaveOptics", 8), wrap("Software development (OS, engines)", 18)
    ('XR主控芯片/SoC', 'WaveOptics', 'Software\\ndevelopment (OS,\\nengines)')
    """
    mixed = any(_is_wide(ch) for ch in text)

    def size(part: str) -> float:
        return sum(1.0 if _is_wide(ch) or not mixed else 0.5 for ch in part)

    lines: list[str] = []
    line = ""
    for tok in _TOKEN.findall(text):
        while size(tok) > 1.5 * width:
            if line.strip():
                lines.append(line.strip())
            cut = width * 2 if mixed else width
            lines.append(tok[:cut])
            line, tok = "", tok[cut:]
        if tok.isspace():
            line += " " if line else ""
        elif line.strip() and tok not in _CLOSING and size(line.rstrip() + tok) > width:
            lines.append(line.strip())
            line = tok
        else:
            line += tok
    if line.strip():
        lines.append(line.strip())
    return "\n".join(lines)


def label(record, lang: str, width_zh: int, width_en: int) -> str:
    text = short_firm_name(name_of(record, lang)) if isinstance(record, Firm) else short_name(name_of(record, lang))
    return wrap(text, width_en if lang == "en" and record.name_en else width_zh)
