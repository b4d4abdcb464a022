"""Data text shown as text: escaped wherever a renderer would read it as Markdown (Streamlit's titles,
captions, notices and markdown all do, including its ``:colour[…]`` and ``:emoji:`` forms).

Only what could start markup is escaped, so ordinary text ("数据截至: 2026-11-28") stays as it is:
emphasis, code, links and images, tables, strike-through and maths marks anywhere; a colon before a
letter (Streamlit's colours, icons and emoji); headings, quotes and list marks at the start of a line;
HTML; and what GitHub-flavoured Markdown turns into a link by itself (``http://…``, ``www.…``, ``a@b.c``), so
a URL inside a name stays text. That last one is found in the parsed text, after escapes are gone, so it is
broken with an invisible word joiner (U+2060) instead of a backslash.

>>> escape_markdown("![a](http://x) **b** :red[c] <b>").replace(JOINER, "|")
'\\\\!\\\\[a\\\\](http|://x) \\\\*\\\\*b\\\\*\\\\* \\\\:red\\\\[c\\\\] &lt;b&gt;'
>>> escape_markdown("# 标题\\n1. 列表 — 数据截至: 2026-11-28")
'\\\\# 标题\\n\\\\1. 列表 — 数据截至: 2026-11-28'
>>> escape_markdown("see http://x.cn or WWW.x.cn, mail a@x.cn").replace(JOINER, "|")
'see http|://x.cn or WWW|.x.cn, mail a|@x.cn'
"""

from __future__ import annotations

import html
import re

_ANYWHERE = re.compile(r"([\\`*_\[\]!|~$])")
_COLON = re.compile(r":(?=[A-Za-z])")
JOINER = "\u2060"
_AUTOLINK = re.compile(r"(?i)(?<=\bhttp)(?=://)|(?<=\bhttps)(?=://)|(?<=\bwww)(?=\.)|(?=@)")
_LINE_START = re.compile(r"(?m)^(\s*)([#>+\-=]|\d+[.)])")


def escape_markdown(text: str) -> str:
    """``text`` with every character that could start Markdown (or HTML) escaped, so it shows as written."""
    text = _ANYWHERE.sub(r"\\\1", html.escape(str(text), quote=False))
    text = _COLON.sub(r"\\:", text)
    text = _AUTOLINK.sub(JOINER, text)
    return _LINE_START.sub(lambda m: m.group(1) + "\\" + m.group(2), text)
