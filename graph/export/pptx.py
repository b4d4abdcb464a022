"""PPTX: a 16:9 deck for a 汇报 — title slide, one slide per chain, sources slides.

Every text is a real, editable text box; every run names an East-Asian typeface (``a:ea``) and the
zh-CN language, so PowerPoint, WPS and LibreOffice draw the Chinese with a CJK font. The chain picture
is the PNG export (legend included) rendered at a device scale that puts it at ≥ ``MIN_DPI`` at its
size on the slide. Speaker notes carry the presentation walk's captions.
"""

from __future__ import annotations

import math
import re
import struct
from io import BytesIO
from pathlib import Path

from pptx import Presentation
from pptx.dml.color import RGBColor
from pptx.oxml.ns import qn
from pptx.oxml.xmlchemy import OxmlElement
from pptx.util import Emu, Inches, Pt

from graph.analysis.gaps import ChainGaps, Rules, analyse_chain
from graph.analysis.targets import Weights
from graph.export.common import Meeting, chain_sources, source_line
from graph.export.png import picture_html, render_pictures
from graph.maintain.history import Since
from graph.model import Source
from graph.picture.walk import walk_steps
from graph.store import Store
from graph.tables import Context, headers, texts
from graph.tables.maintain import SINCE, since_lines, since_rows
from graph.tables.gaps import GAPS, TARGETS, best_target_rows, needy_rows
from graph.tables.data import source_label, web_link
from graph.words import enum_label, name_of, pct, t

SLIDE_W, SLIDE_H = Emu(12192000), Emu(6858000)  # 13.333 × 7.5 in, exactly 16:9
FONT = "Microsoft YaHei"  # 微软雅黑: on every Windows PowerPoint/WPS; LibreOffice substitutes its CJK font
MIN_DPI = 200
PICTURE_BOX = (Inches(0.3), Inches(1.0), Inches(9.25), Inches(5.9))  # left, top, width, height
PICTURE_CSS_WIDTH = 1500  # CSS px of the page photographed for the slide
SLIDE_FONT = 20  # label px on that page: about 18 px when the slide fills a 1920 px projector
PANEL = (Inches(9.75), Inches(1.0), Inches(3.3), Inches(5.9))
GAP_LINES, TARGET_LINES = 8, 5
SOURCES_PER_COLUMN = 30
GREY = RGBColor(0x55, 0x55, 0x55)
INK = RGBColor(0x11, 0x11, 0x11)
CJK = re.compile(r"[\u3000-\u303f\u4e00-\u9fff\uff00-\uffef]")


def style_run(run, size: float, *, bold: bool = False, colour: RGBColor = INK) -> None:
    """Size, weight, colour, the Latin and East-Asian typefaces of one run, and its language (from its text:
    zh-CN when it holds Chinese, so spell-checking and font fallback treat it as Chinese)."""
    font = run.font
    font.size = Pt(size)
    font.bold = bold
    font.color.rgb = colour
    font.name = FONT  # a:latin
    rpr = run._r.get_or_add_rPr()
    chinese = bool(CJK.search(run.text))
    rpr.set("lang", "zh-CN" if chinese else "en-US")
    rpr.set("altLang", "en-US" if chinese else "zh-CN")
    ea = rpr.find(qn("a:ea"))
    if ea is None:
        ea = OxmlElement("a:ea")
        rpr.insert_element_before(ea, "a:cs", "a:sym", "a:hlinkClick", "a:hlinkMouseOver", "a:rtl", "a:extLst")
    ea.set("typeface", FONT)


def add_text(frame, lines: list[tuple[str, float, bool, RGBColor]], *, first: bool = True) -> None:
    """Append paragraphs (text, size, bold, colour) to a text frame; ``first`` reuses its empty first paragraph."""
    for i, (text, size, bold, colour) in enumerate(lines):
        para = frame.paragraphs[0] if first and i == 0 else frame.add_paragraph()
        run = para.add_run()
        run.text = text
        style_run(run, size, bold=bold, colour=colour)


def text_box(slide, box, lines, *, wrap: bool = True):
    left, top, width, height = box
    shape = slide.shapes.add_textbox(left, top, width, height)
    frame = shape.text_frame
    frame.word_wrap = wrap
    add_text(frame, lines)
    return shape


def set_title(slide, text: str, box=(Inches(0.3), Inches(0.2), Inches(12.7), Inches(0.75)), size: float = 28) -> None:
    """Fill the layout's title placeholder (so outline view and screen readers see the title), moved to ``box``."""
    title = slide.shapes.title
    title.left, title.top, title.width, title.height = box
    frame = title.text_frame
    frame.clear()
    frame.word_wrap = True
    run = frame.paragraphs[0].add_run()
    run.text = text
    style_run(run, size, bold=True)


def png_size(data: bytes) -> tuple[int, int]:
    """Width and height in pixels from a PNG's IHDR chunk."""
    return struct.unpack(">II", data[16:24])


def picture_scale(box_width: Emu, css_width: int = PICTURE_CSS_WIDTH, dpi: int = MIN_DPI) -> float:
    """Device scale so a ``css_width`` page placed ``box_width`` wide is at least ``dpi`` (never below 2)."""
    inches = box_width / 914400
    return max(2.0, math.ceil(dpi * inches / css_width * 10) / 10)


def _fit(data: bytes, box) -> tuple[int, int, int, int]:
    """Place the picture inside ``box`` keeping its aspect: centred across, at the top (level with the panel)."""
    left, top, width, height = box
    w, h = png_size(data)
    scale = min(width / w, height / h)
    pw, ph = int(w * scale), int(h * scale)
    return left + (width - pw) // 2, top, pw, ph


def gap_lines(gaps: ChainGaps, lang: str) -> list[str]:
    """'缺失·断链  环节名' for every missing, single or weak segment, the worst first."""
    return texts(GAPS, needy_rows(gaps), Context(lang, "slide"))


def target_lines(gaps: ChainGaps, lang: str) -> list[str]:
    """'候选 → 环节 (得分)', best score first, one line per firm."""
    return texts(TARGETS, best_target_rows(gaps), Context(lang, "slide"))


def _capped(lines: list[str], n: int, lang: str) -> list[str]:
    return lines[:n] + ([t("more_items", lang).format(n=len(lines) - n)] if len(lines) > n else [])


def chain_slide(prs, store: Store, chain_id: str, picture: bytes, shown: dict, m: Meeting, rules: Rules,
                weights: Weights) -> None:
    lang = m.lang
    view = store.chain_view(chain_id)
    gaps = analyse_chain(view, rules, weights)
    slide = prs.slides.add_slide(prs.slide_layouts[5])  # "Title Only"
    status = "" if view.chain.status == "confirmed" else f"({enum_label('chain_status', view.chain.status, lang)})"
    set_title(slide, f"{name_of(view.chain, lang)}{status} · {t('page_panorama', lang)}")

    left, top, width, height = _fit(picture, PICTURE_BOX)
    slide.shapes.add_picture(BytesIO(picture), left, top, width, height)

    stages = " · ".join(f"{t(s.stage, lang)} {s.with_local}/{s.segments}" for s in gaps.by_stage)
    head = (16, True, INK)
    body = (12.5, False, INK)
    small = (10.5, False, INK)
    lines = [(t("key_figures", lang), *head),
             (f"{t('segments', lang)} {len(gaps.segments)} · {t('local_firms', lang)} {len(view.local_firms)}", *body),
             (f"{t('completeness', lang)} {pct(gaps.completeness)} ({gaps.with_local}/{len(gaps.segments)})", *body),
             (stages, *body),
             ("", *small),
             (t("gap_list", lang), *head)]
    lines += [(text, *small) for text in (_capped(gap_lines(gaps, lang), GAP_LINES, lang) or [t("no_gaps", lang)])]
    lines += [("", *small), (t("top_targets", lang), *head)]
    lines += [(text, *small) for text in (_capped(target_lines(gaps, lang), TARGET_LINES, lang)
                                          or [t("cap_no_targets", lang)])]
    text_box(slide, PANEL, lines)

    footer = t("shown_firms", lang).format(**shown) + " · " + source_line(view, chain_sources(store, view), m)
    text_box(slide, (Inches(0.3), Inches(6.95), Inches(12.7), Inches(0.45)), [(footer, 10, False, GREY)])
    notes = slide.notes_slide.notes_text_frame
    notes.text = "\n".join(f"{s.title}: {s.caption}" for s in walk_steps(view, gaps, lang))


def title_slide(prs, store: Store, ids: list[str], m: Meeting) -> None:
    lang = m.lang
    slide = prs.slides.add_slide(prs.slide_layouts[0])  # "Title Slide"
    set_title(slide, m.title,
              box=(Inches(0.8), Inches(1.6), Inches(11.7), Inches(1.4)), size=40)
    subtitle = slide.placeholders[1]
    subtitle.left, subtitle.top, subtitle.width, subtitle.height = Inches(0.8), Inches(3.2), Inches(11.7), Inches(2.0)
    frame = subtitle.text_frame
    frame.clear()
    add_text(frame, [
        (t("deck_subtitle", lang), 22, False, INK),
        (f"{m.district} · {t('exported_on', lang)} {m.date}", 18, False, GREY),
        (f"{t('as_of', lang)} {m.as_of or '—'}" + (f" · {t('synthetic', lang)}" if m.synthetic else ""), 18, False, GREY),
    ])
    names = {c.chain.id: name_of(c.chain, lang) for c in store.chains()}
    sep = ", " if lang == "en" else "、"
    text_box(slide, (Inches(0.8), Inches(5.4), Inches(11.7), Inches(1.4)),
             [(f"{t('chain', lang)}: {sep.join(names[i] for i in ids)}", 14, False, GREY),
              (f"{t('dataset', lang)}: {m.dataset}", 12, False, GREY)])


def _source_entry(s: Source) -> str:
    label = source_label(s)
    return label if len(label) <= 64 else label[:63] + "…"


def sources_slides(prs, sources: tuple[Source, ...], m: Meeting) -> None:
    """Every source of the exported chains, two columns per slide; a title links to its URL."""
    per_slide = 2 * SOURCES_PER_COLUMN
    pages = [sources[i:i + per_slide] for i in range(0, len(sources), per_slide)] or [()]
    for n, page in enumerate(pages, 1):
        slide = prs.slides.add_slide(prs.slide_layouts[5])
        set_title(slide, t("sources_page", m.lang).format(i=n, n=len(pages)) if len(pages) > 1 else t("sources", m.lang))
        for col in range(2):
            chunk = page[col * SOURCES_PER_COLUMN:(col + 1) * SOURCES_PER_COLUMN]
            if not chunk and col:
                continue
            shape = slide.shapes.add_textbox(Inches(0.3 + col * 6.4), Inches(1.0), Inches(6.3), Inches(6.2))
            frame = shape.text_frame
            frame.word_wrap = True
            for i, s in enumerate(chunk or [Source("", t("none", m.lang))]):
                para = frame.paragraphs[0] if i == 0 else frame.add_paragraph()
                run = para.add_run()
                run.text = _source_entry(s) if s.id else s.title
                style_run(run, 9, colour=INK)
                if web_link(s.url):  # http(s) only: never a javascript:, data: or formula link
                    run.hyperlink.address = web_link(s.url)


SINCE_LINES = 14


def since_slide(prs, since: Since, m: Meeting) -> None:
    """"Since the last meeting": the two snapshots, firms added and removed, and per chain completeness
    before → after with the gaps closed and opened (``graph.tables.maintain.SINCE``)."""
    lang = m.lang
    slide = prs.slides.add_slide(prs.slide_layouts[5])
    set_title(slide, t("since_last_meeting", lang))
    ctx = Context(lang, "slide", extra={"names": since.names})
    head = [(line, 14, False, GREY) for line in since_lines(since, ctx)]
    header = [(" · ".join(headers(SINCE, "slide", lang)), 14, True, INK)]
    rows = [(line, 13, False, INK) for line in _capped(texts(SINCE, since_rows(since), ctx, sep=" · "), SINCE_LINES, lang)]
    text_box(slide, (Inches(0.5), Inches(1.1), Inches(12.3), Inches(6.0)), head + [("", 10, False, INK)] + header + rows)


def build_deck(store: Store, ids: list[str], m: Meeting, *, rules: Rules = Rules(), weights: Weights = Weights(),
               since: Since | None = None) -> bytes:
    """The whole deck for ``ids`` as .pptx bytes (Chromium draws the pictures; see ``graph.export.png``).

    ``since``: what changed since the last meeting (``loaders.snapshots.last_change``); when given, a slide
    after the title says so."""
    scale = picture_scale(PICTURE_BOX[2])
    css_height = round(PICTURE_CSS_WIDTH * PICTURE_BOX[3] / PICTURE_BOX[2])
    pictures = render_pictures([picture_html(store, cid, m, title=False, font=SLIDE_FONT) for cid in ids],
                               width=PICTURE_CSS_WIDTH, height=css_height, scale=scale)
    prs = Presentation()
    prs.slide_width, prs.slide_height = SLIDE_W, SLIDE_H
    title_slide(prs, store, ids, m)
    if since is not None:
        since_slide(prs, since, m)
    for cid, (picture, info) in zip(ids, pictures):
        chain_slide(prs, store, cid, picture, {"shown": info["shown"], "total": info["total"]}, m, rules, weights)
    used: dict[str, None] = {}
    for cid in ids:
        used.update(dict.fromkeys(s.id for s in chain_sources(store, store.chain_view(cid))))
    sources_slides(prs, store.sources(tuple(sorted(used))), m)
    props = prs.core_properties
    props.title = m.title
    props.subject = f"{t('as_of', m.lang)} {m.as_of}"
    out = BytesIO()
    prs.save(out)
    return out.getvalue()


def write_pptx(store: Store, ids: list[str], out: Path, m: Meeting, since: Since | None = None) -> list[Path]:
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_bytes(build_deck(store, ids, m, since=since))
    return [out]
