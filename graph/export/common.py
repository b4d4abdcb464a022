"""What every piece of meeting material states, gathered once: the district, the export date and the data's as-of date
(``Meeting``), which chains to export (``chain_ids``), the sources a chain rests on (``chain_sources``)
and the one-line source note under a picture (``source_line``). Pictures need a CJK font;
``require_cjk_font`` checks for one before Chromium draws, so an export never ships empty boxes.
"""

from __future__ import annotations

import datetime as _dt
import shutil
import subprocess
import sys
from dataclasses import dataclass
from typing import Iterable

from graph.model import Source
from graph.picture.panorama import PER_SEGMENT, PRESENT_FONT, PictureSpec, panorama
from graph.store import ChainView, NotFound, Store, overview_of
from graph.words import short_name, t

FORMATS = ("pptx", "png", "html", "xlsx")
SOURCE_TITLES = 2  # source titles named in a picture's source line (the full list goes to the sources slide / sheet)


class ExportError(RuntimeError):
    """An export cannot be made on this machine (no CJK font, no browser); the message says what to install."""


@dataclass(frozen=True)
class Meeting:
    """Who and when, stated on every export: district, export date, the data's as-of date and name."""

    district: str
    date: str  # export date, ISO
    as_of: str
    dataset: str
    synthetic: bool
    lang: str = "zh"
    present: bool = False  # pictures at presentation size (labels for a projector)

    @property
    def title(self) -> str:
        """'青岛市崂山区重点产业链图谱' / 'Key industrial chains · Laoshan District, Qingdao'."""
        if self.lang == "en":
            return f"{t('deck_title', 'en')} · {self.district}"
        return f"{self.district}{t('deck_title', 'zh')}"

    @property
    def stamp(self) -> str:
        """'青岛市崂山区 · 数据截至 2026-11-28' — the line under every title."""
        parts = [self.district, f"{t('as_of', self.lang)} {self.as_of or '—'}"]
        if self.synthetic:
            parts.append(t("synthetic", self.lang))
        return " · ".join(parts)


def meeting(store: Store, lang: str = "zh", today: _dt.date | None = None, present: bool = False) -> Meeting:
    """The meeting header for ``store``'s data; the district comes from the data's meta (``district``)."""
    info = store.info()
    district = info.meta_value("district_en" if lang == "en" else "district") or t("district", lang)
    return Meeting(district, (today or _dt.date.today()).isoformat(), info.as_of, info.title, info.synthetic, lang, present)


def chain_ids(store: Store, wanted: str | Iterable[str] | None = None) -> list[str]:
    """Chain ids to export, in the store's order; ``None`` / ``"all"`` = every chain. Unknown ids raise ``NotFound``."""
    known = [c.chain.id for c in store.chains()]
    if wanted is None or wanted == "all":
        return known
    ids = [wanted] if isinstance(wanted, str) else list(wanted)
    if "all" in ids:
        return known
    unknown = [i for i in ids if i not in known]
    if unknown:
        raise NotFound(", ".join(unknown))
    return list(dict.fromkeys(ids))


def view_source_ids(view: ChainView) -> tuple[str, ...]:
    """Every source id the chain's picture rests on: chain, segments, links, firms, firm links, projects."""
    return view.source_ids


def chain_sources(store: Store, view: ChainView) -> tuple[Source, ...]:
    """The sources of a chain's view, by id."""
    return store.sources(view_source_ids(view))


def source_line(view: ChainView, sources: tuple[Source, ...], m: Meeting) -> str:
    """'来源:A、B 等共 37 条(完整列表见“来源”) · 青岛市崂山区 · 数据截至 …' — the note under a picture."""
    by_id = {s.id: s for s in sources}
    first = [by_id[i] for i in view.chain.sources if i in by_id] or list(sources)
    titles = [_clip(short_name(s.title), 40) for s in first[:SOURCE_TITLES]]
    sep = ", " if m.lang == "en" else "、"
    line = t("source_line", m.lang).format(titles=sep.join(titles) or "—", n=len(sources))
    return f"{line} · {m.stamp}"


def _clip(text: str, n: int) -> str:
    return text if len(text) <= n else text[: n - 1].rstrip() + "…"


def chain_picture(view: ChainView, m: Meeting, *, title: bool = True, sources: tuple[Source, ...] = (),
                  lists: bool = False, font: int | None = None) -> PictureSpec:
    """The chain's picture with the title and as-of line the exports put above it (tooltips name ``sources``;
    ``lists`` embeds every segment's firm names so an offline page opens its "+N" lists by itself)."""
    extra = {"font": font} if font else ({"font": PRESENT_FONT} if m.present else {})
    net = panorama(overview_of(view, PER_SEGMENT), m.lang, sources={s.id: s for s in sources},
                   full_lists=view if lists else None, **extra)
    if not title:
        net.title = ""
    net.subtitle = m.stamp if title else ""
    return net


def require_cjk_font() -> str:
    """The first font family fontconfig lists for Chinese; raise ``ExportError`` when there is none.

    Without a CJK font Chromium draws every Chinese character as an empty box. On Linux fontconfig
    decides (``fc-list :lang=zh``); Windows and macOS ship CJK fonts, so nothing is checked there.
    """
    if not sys.platform.startswith("linux"):
        return ""
    fc = shutil.which("fc-list")
    if not fc:
        raise ExportError("fc-list not found, so no CJK font can be confirmed; install fontconfig and a CJK font: "
                          "apt-get install fontconfig fonts-noto-cjk (or run scripts/setup.sh --test)")
    out = subprocess.run([fc, ":lang=zh", "family"], capture_output=True, text=True, timeout=30).stdout
    families = [line.split(",")[0].strip() for line in out.splitlines() if line.strip()]
    if not families:
        raise ExportError("no CJK font installed (fc-list :lang=zh is empty): Chinese text would be drawn as empty "
                          "boxes. Install one: apt-get install fonts-noto-cjk (or fonts-wqy-microhei), "
                          "or run scripts/setup.sh --test")
    preferred = [f for f in families if "Sans CJK SC" in f or "Micro Hei" in f]
    return (preferred or sorted(families))[0]


def safe_name(ident: str) -> str:
    """A file-name-safe form of a chain id."""
    return "".join(c if c.isalnum() or c in "-_" else "_" for c in ident) or "chain"


def default_out(fmt: str, m: Meeting) -> str:
    """Where an export goes without ``--out``: a file for pptx / xlsx, a folder for png / html (one file per chain)."""
    return f"chainmap-{m.date}.{fmt}" if fmt in ("pptx", "xlsx") else f"chainmap-{fmt}"
