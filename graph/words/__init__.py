"""Words, made when something is shown: one book per language (``zh.py``, ``en.py``, same keys), the
names of records, and how data text in the other language is marked.

Analyses return codes and records; the app, the CLI and the exports turn them into words here (and in
``explain.py``, which words whole findings: rules, numbers, reasons). Chinese first, English complete.

Data text (names, notes, statuses as recorded) is shown as the data holds it. Where the page's language
has no version of it, it is shown as the original, marked so (``original``): a Chinese note on an
English page reads "(original text) …", an English one on a Chinese page "(原文) …"; proper names are not
marked.
"""

from __future__ import annotations

import re
from typing import Iterable

from graph.words import en, zh

LANGS = ("zh", "en")
_BOOKS = {"zh": zh, "en": en}
_CJK = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")
_LATIN_WORD = re.compile(r"[A-Za-z]{3,}")


def _book(lang: str):
    return _BOOKS["en" if lang == "en" else "zh"]


def t(key: str, lang: str = "zh") -> str:
    """Translate a UI key. Unknown keys fail loudly: a missing label is a bug."""
    return _book(lang).TEXT[key]


def enum_label(table: str, value: str, lang: str = "zh") -> str:
    """The words for a code: ``enum_label("gap_status", "missing", "en")`` → ``"missing"``.

    A code the book does not know is shown as recorded (the validator admits only known codes).
    """
    return _book(lang).ENUMS[table].get(value, value)


def name_of(record, lang: str = "zh") -> str:
    """A record's display name in the chosen language, falling back to the other one."""
    if lang == "en" and getattr(record, "name_en", ""):
        return record.name_en
    return record.name


def join(items: Iterable[str], lang: str = "zh") -> str:
    """Join names the way each language lists them: 甲、乙 / A, B."""
    return (", " if lang == "en" else "、").join(items)


def join_first(items: Iterable[str], lang: str = "zh", first: int = 12) -> str:
    """The first ``first`` names joined, and how many more there are: '甲、乙 等,另有 3 家' / 'A, B and 3 more'."""
    items = list(items)
    text = join(items[:first], lang)
    return text + (t("names_more", lang).format(n=len(items) - first) if len(items) > first else "")


def has_chinese(text: str) -> bool:
    return bool(_CJK.search(text or ""))


def in_language(text: str, lang: str) -> bool:
    """Whether ``text`` reads as ``lang``: English text has no Chinese character; Chinese text has at least
    half as many Chinese characters as Latin letters (a Chinese character carries about two letters' worth).

    >>> in_language("planned start, completion 2027 (张村河北岸)", "zh"), in_language("MEMS十强第一", "zh"), in_language("AI 园区", "en")
    (False, True, False)
    """
    if lang != "zh":
        return not has_chinese(text)
    return len(_CJK.findall(text or "")) * 2 >= len(re.findall(r"[A-Za-z]", text or "")) and has_chinese(text)


def original(text: str, lang: str = "zh") -> str:
    """Data text for a page in ``lang``: as recorded, marked as the original when it is in the other language.

    >>> original("签约 2018", "en"), original("signed 2018", "en"), original("signed 2018", "zh")
    ('(original text) 签约 2018', 'signed 2018', '(原文) signed 2018')
    """
    text = (text or "").strip()
    if not text or in_language(text, lang) or (lang == "zh" and not _LATIN_WORD.search(text)):
        return text
    return f"{t('original_mark', lang)} {text}"


def tag_label(tag: str, lang: str = "zh") -> str:
    """A firm tag in the page's language: known tags are translated ("listed (上市)"), others marked as original."""
    book = _book(lang)
    known = book.TAGS.get(tag)
    if known:
        return known
    return original(tag, lang)


def tags_text(tags: Iterable[str], lang: str = "zh") -> str:
    return join((tag_label(tag, lang) for tag in tags), lang)


_LEGAL_SUFFIXES = ("股份有限公司", "有限责任公司", "有限公司")


def short_name(name: str) -> str:
    """Drop a parenthesised explanation: '光学器件与光学模组(Pancake…)' → '光学器件与光学模组'."""
    for mark in ("(", "("):
        head = name.split(mark, 1)[0].strip()
        if head:
            name = head
    return name


def short_firm_name(name: str) -> str:
    """Drop the legal form for a label: '青岛杰正泽润科技发展有限公司' → '青岛杰正泽润科技发展' (tooltips keep it)."""
    name = short_name(name)
    for suffix in _LEGAL_SUFFIXES:
        if name.endswith(suffix) and len(name) > len(suffix) + 1:
            return name[: -len(suffix)]
    return name


def short(record, lang: str = "zh") -> str:
    """A record's short display name (explanations dropped; for firms, the legal form too)."""
    from graph.model import Firm

    name = name_of(record, lang)
    return short_firm_name(name) if isinstance(record, Firm) else short_name(name)


HEADING_CHARS = 160  # a page title or panel heading from data is cut here (a 20k-character name is one screen of text)


def clip(text: str, n: int = HEADING_CHARS) -> str:
    """``text`` cut to ``n`` characters, '…' marking the cut: 'ABCDEF' with n=4 → 'ABC…'."""
    return text if len(text) <= n else text[: n - 1] + "…"


def pct(x: float) -> str:
    """A share as a whole percentage: 0.7273 → '73%'."""
    return f"{x:.0%}"


def problem_text(problem, lang: str = "zh") -> str:
    """A validation problem (``loaders.validate.Problem``) as one line in ``lang``: severity, file, row, column,
    message, value and hint. Checks with a ``code`` are worded by the book; the others keep the validator's text."""
    stages = ("upstream", "midstream", "downstream")  # stage codes: worded on a Chinese report, kept in English
    params = {k: (t(v, lang) if v in stages and lang != "en" else v) for k, v in problem.params}
    book = _book(lang).TEXT
    message, hint = problem.message, problem.hint
    if problem.code and f"problem_{problem.code}" in book:
        message = book[f"problem_{problem.code}"].format(**params)
        hint = book.get(f"problem_{problem.code}_hint", hint).format(**params)
    where = [problem.file]
    if problem.row:
        where.append(t("problem_row", lang).format(row=problem.row))
    if problem.column:
        where.append(t("problem_column", lang).format(column=problem.column))
    text = f"{t('severity_' + problem.severity, lang)} {', '.join(where)}: {message}"
    if problem.value:
        text += f" ({t('problem_value', lang)}: {problem.value!r})"
    return text + (f" — {hint}" if hint else "")
