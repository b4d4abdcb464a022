"""Data text shown as text: escaped wherever a renderer would read it as Markdown (Streamlit's titles,
captions, notices and markdown all do, including its ``:colour[…]`` and ``:emoji:`` forms).

Only what could start markup is escaped, so ordinary text ("数据截至: 2026-11-28") stays as it is:
emphasis, code, links and images, tables, strike-through and maths marks anywhere; a colon before a
letter (Streamlit's colours, icons and emoji); headings, quotes and list marks at the start of a line;
and HTML.

>>> escape_markdown("![a](http://x) **b** :red[c] <b>")
'\\\\!\\\\[a\\\\](http://x) \\\\*\\\\*b\\\\*\\\\* \\\\:red\\\\[c\\\\] &lt;b&gt;'
>>> escape_markdown("# 标题\\n1. 列表 — 数据截至: 2026-11-28")
'\\\\# 标题\\n\\\\1. 列表 — 数据截至: 2026-11-28'
"""

from __future__ import annotations

import html
import re

_ANYWHERE = re.compile(r"([\\`*_\[\]!|~$])")
_COLON = re.compile(r":(?=[A-Za-z])")
_LINE_START = re.compile(r"(?m)^(\s*)([#>+\-=]|\d+[.)])")


def escape_markdown(text: str) -> str:
    """``text`` with every character that could start Markdown (or HTML) escaped, so it shows as written."""
    text = _ANYWHERE.sub(r"\\\1", html.escape(str(text), quote=False))
    text = _COLON.sub(r"\\:", text)
    return _LINE_START.sub(lambda m: m.group(1) + "\\" + m.group(2), text)
