"""Chinese first, English complete: every page, the workbook and the slide texts read in one language.

On an English page no Chinese character may remain once proper names (the data's names, source titles),
stated originals ("(Chinese original) …", a translated tag's original in brackets) and the language
switch's own "中文" are taken away; on a Chinese page no English word may remain once proper names,
stated originals ("(英文原文) …"), URLs and paths, and a short list of acronyms and product names are
taken away. Raw ids, None and nan never reach a page.
"""

from __future__ import annotations

import re
from io import BytesIO
from pathlib import Path

import pytest
from openpyxl import load_workbook
from streamlit.testing.v1 import AppTest

from app_pages.common import LANG
from graph.words import en, short, short_name, t
from loaders import load_or_raise

ROOT = Path(__file__).resolve().parent.parent
APP = ROOT / "app.py"
PAGES = ("panorama", "parks", "search", "gaps", "targets", "whatif", "neighbourhood", "crosschain", "present", "export")
CJK = re.compile(r"[\u3400-\u9fff]")
WORD = re.compile(r"[A-Za-z]{2,}")
ACRONYMS = {"AI", "VR", "AR", "XR", "MR", "IC", "MEMS", "IPO", "SoC", "PPT", "PNG", "HTML", "Excel", "Chromium", "Neo4j",
            "PageUp", "PageDown", "ID", "URL", "CSV", "USB", "EDA", "AIGC", "GPU", "CPU", "ICT", "OLED", "LED", "UI",
            "SaaS", "API", "UTF"}
DATA = load_or_raise(ROOT / "data" / "laoshan")


def proper_names(lang: str) -> list[str]:
    """The data's own names and titles, longest first (a name inside a longer one is taken with it)."""
    names = {r.name for kind in ("chains", "segments", "parks", "firms", "projects") for r in getattr(DATA, kind)}
    names |= {getattr(r, "name_en", "") for kind in ("chains", "segments", "parks", "firms") for r in getattr(DATA, kind)}
    names |= {short(r, lang) for kind in ("chains", "segments", "parks", "firms") for r in getattr(DATA, kind)}
    names |= {short_name(r.name) for kind in ("chains", "segments", "parks", "firms") for r in getattr(DATA, kind)}
    names |= {s.title for s in DATA.sources} | {s.url for s in DATA.sources}
    names |= {tag for f in DATA.firms for tag in f.tags} | {value for _, value in DATA.meta}
    if lang == "en":
        names |= set(en.TAGS.values()) | {"中文"}
    else:
        names |= {"English"}
    return sorted((n for n in names if n), key=len, reverse=True)


def leftover(text: str, lang: str, names: list[str]) -> str:
    """What of ``text`` is in the other language once the allowed parts are removed ("" when nothing is)."""
    text = re.split(re.escape(t("original_mark", lang)), text)[0]
    for name in names:
        if name in text:
            text = text.replace(name, " ")
    if lang == "en":
        return "".join(CJK.findall(text))
    text = re.sub(r"https?://\S+|/[\w./-]+", " ", text)
    return " ".join(w for w in WORD.findall(text) if w not in ACRONYMS)


def open_page(url_path: str, lang: str) -> AppTest:
    at = AppTest.from_file(str(APP), default_timeout=90).run()
    target = next((h for h, info in at._registered_pages.items() if info.get("url_pathname") == url_path), None)
    if target:
        at._page_hash = target
    at.session_state[LANG] = lang
    return at.run()


def page_texts(at: AppTest) -> list[str]:
    out = []
    for kind in ("title", "header", "subheader", "caption", "text", "markdown", "info", "warning", "error", "success"):
        out += [str(el.value) for el in getattr(at, kind)]
    out += [f"{m.label} {m.value}" for m in at.metric]
    for df in at.dataframe:
        out += [str(c) for c in df.value.columns]
        out += [str(cell) for row in df.value.values.tolist() for cell in row]
    for w in (*at.selectbox, *at.radio, *at.multiselect, *at.button_group):
        out += [str(w.label), *map(str, w.options)]
    for w in (*at.slider, *at.checkbox, *at.number_input, *at.text_input, *at.button):
        out.append(str(w.label))
    out += [el.proto.label for el in at.get("download_button")]
    return [re.sub(r"\\(.)", r"\1", text) for text in out]  # Markdown escapes are not part of the words


@pytest.fixture(autouse=True)
def embedded(monkeypatch):
    monkeypatch.delenv("NEO4J_URI", raising=False)


@pytest.mark.parametrize("lang", ["en", "zh"])
@pytest.mark.parametrize("url_path", PAGES)
def test_every_page_reads_in_one_language(url_path, lang):
    at = open_page(url_path, lang)
    assert not at.exception, at.exception
    names = proper_names(lang)
    texts = page_texts(at)
    assert len(texts) > 3
    other = {text: rest for text in texts if (rest := leftover(text, lang, names))}
    assert other == {}, other
    raw = [x for x in texts if x in ("None", "nan", "NaN") or re.search(r"\b(firm|seg|out|park)_[a-z0-9_]+\b", x)]
    assert raw == [], raw


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_workbook_cells_read_in_the_export_language(lang):
    from graph.embedded import EmbeddedStore
    from graph.export import chain_ids, meeting
    from graph.export.xlsx import build_workbook

    store = EmbeddedStore(DATA)
    wb = load_workbook(BytesIO(build_workbook(store, chain_ids(store), meeting(store, lang))))
    names = proper_names(lang)
    id_columns = {t("code", "zh"), t("code", "en")}
    other = {}
    for ws in wb.worksheets:
        rows = list(ws.iter_rows(values_only=True))
        header = rows[0] if ws.title != wb.worksheets[-1].title else ()
        start = 2 if header else 0  # the two header rows are zh and en on purpose
        for row in rows[start:]:
            for head, value in zip(header or [None] * len(row), row):
                if isinstance(value, str) and head not in id_columns and (rest := leftover(value, lang, names)):
                    other[f"{ws.title}: {value[:80]}"] = rest
    assert other == {}, other


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_slide_texts_read_in_the_deck_language(lang):
    from graph.analysis.gaps import analyse_chain
    from graph.embedded import EmbeddedStore
    from graph.export.pptx import gap_lines, target_lines
    from graph.picture.walk import walk_steps

    store = EmbeddedStore(DATA)
    names = proper_names(lang)
    other = {}
    for chain in DATA.chains:
        view = store.chain_view(chain.id)
        gaps = analyse_chain(view)
        lines = gap_lines(gaps, lang) + target_lines(gaps, lang)
        lines += [x for s in walk_steps(view, gaps, lang) for x in (s.title, s.caption)]
        other.update({line: rest for line in lines if (rest := leftover(line, lang, names))})
    assert other == {}, other
