"""What vis-network draws, and the self-contained page it is drawn in.

``NetworkData`` holds nodes, edges, options, a legend and a title; the app's component
(``app_pages/graph_view.py``) and the offline page (``to_html``) draw the same data with the vendored
vis-network (``graph/assets/vis-network/``, pinned and checked by digest), so no picture fetches anything.
"""

from __future__ import annotations

import html
import json
import re
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources

from graph.words import t

VIS_DIR = "assets/vis-network"
FONT_FACE = "Noto Sans CJK SC, WenQuanYi Micro Hei, Microsoft YaHei, sans-serif"


def node_id(kind: str, ident: str) -> str:
    """Graph node ids carry their kind so a click can be routed: ``firm:firm_goertek``."""
    return f"{kind}:{ident}"


def parse_node_id(value: str) -> tuple[str, str]:
    """``"firm:f1#seg"`` → ``("firm", "f1")``: a chip's ``#segment`` (a firm drawn on each of its segments) is dropped.

    >>> parse_node_id("firm:firm_goertek#vr.device"), parse_node_id("more:vr.display")
    (('firm', 'firm_goertek'), ('more', 'vr.display'))
    """
    kind, _, ident = value.partition(":")
    return kind, ident.split("#", 1)[0]


@dataclass(frozen=True)
class LegendItem:
    label: str  # short: the legend fits one line at 1366 px
    colour: str
    shape: str = "box"  # box | dot | line | dashed
    border: str = ""  # "" solid | "dashed" | "dotted" | a colour (a thick dashed border in that colour)
    title: str = ""  # the full rule, shown on hover


@dataclass
class NetworkData:
    """What vis-network draws: nodes and edges as pyvis builds them, options, a legend and a title."""

    nodes: list[dict]
    edges: list[dict]
    options: dict
    legend: list[LegendItem] = field(default_factory=list)
    title: str = ""
    subtitle: str = ""

    def to_json(self) -> str:
        return json.dumps({"kind": "network", "nodes": self.nodes, "edges": self.edges, "options": self.options},
                          ensure_ascii=False, separators=(",", ":"))


def base_options() -> dict:
    return {
        "physics": {"enabled": False},
        "layout": {"improvedLayout": False},
        "interaction": {"hover": True, "tooltipDelay": 120, "dragNodes": False, "navigationButtons": False,
                        "keyboard": False, "zoomView": True, "dragView": True},
        "edges": {"smooth": False},
        "nodes": {"font": {"face": FONT_FACE}},
    }


def tooltip(lines: list[str]) -> str:
    """A node's hover text. vis-network ≥ 9 shows a string title as plain text, and the page never
    switches tooltips to innerHTML, so data text cannot become markup."""
    return "\n".join(line for line in lines if line)


@lru_cache(maxsize=1)
def vis_js() -> str:
    """The vendored vis-network standalone build (it injects its CSS into the document it runs in)."""
    return resources.files("graph").joinpath(f"{VIS_DIR}/vis-network.min.js").read_text(encoding="utf-8")


@lru_cache(maxsize=1)
def picture_js() -> str:
    """The chain picture's layout and drawing (``graph/assets/chainmap.js``), after vis-network on a page."""
    return resources.files("graph").joinpath("assets/chainmap.js").read_text(encoding="utf-8")


@lru_cache(maxsize=1)
def vis_css() -> str:
    """vis-network's stylesheet, for a shadow root (the app's component), which injected CSS does not reach."""
    return resources.files("graph").joinpath(f"{VIS_DIR}/vis-network.min.css").read_text(encoding="utf-8")


# Inline, not only classes: the app shows the legend through st.html, where the page's stylesheet is absent
# (without these the swatches collapsed to zero width).
_ITEM_STYLE = "display:inline-flex;align-items:center;gap:6px;margin-right:18px"
_SWATCH_STYLE = "display:inline-block;width:26px;height:16px;box-sizing:border-box"


def legend_html(items: list[LegendItem], font_px: int | None = None) -> str:
    """The legend as escaped HTML; with ``font_px`` wrapped in a block of that type size (for the app)."""
    parts = []
    for item in items:
        border = {"dashed": "2px dashed #333", "dotted": "2px dotted #333", "": "1px solid #333"}.get(
            item.border, f"3px dashed {item.border}")
        title = f' title="{html.escape(item.title)}"' if item.title else ""
        parts.append(
            f'<span class="item"{title} style="{_ITEM_STYLE}"><span class="swatch" style="{_SWATCH_STYLE};'
            f'background:{html.escape(item.colour)};border:{html.escape(border)}"></span>{html.escape(item.label)}</span>'
        )
    body = "".join(parts)
    return body if font_px is None else f'<div style="font-size:{int(font_px)}px">{body}</div>'


def script_json(data: str) -> str:
    """JSON that is safe inside ``<script>``: every ``<``, ``>`` and ``&`` as a JSON escape, so no data text
    can close the tag or open a comment, and the text still parses as the same JSON.

    >>> json.loads(script_json(json.dumps({"a": "<!-- </script> &"})))
    {'a': '<!-- </script> &'}
    """
    return data.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def to_html(net, *, footer: str = "", details: str = "", lang: str = "zh") -> str:
    """A self-contained page (vis-network inlined): opens from a file path with no server and no network.

    ``net`` is a ``NetworkData`` or a chain ``PictureSpec``; the picture fills the window below the header,
    and the footer is one line (``details``, e.g. every source, opens below it on demand), so the page
    itself never scrolls."""
    template = resources.files("graph").joinpath("assets/network.html").read_text(encoding="utf-8")
    values = {
        "LANG": "en" if lang == "en" else "zh-CN",
        "TITLE": html.escape(net.title),
        "SUBTITLE": html.escape(net.subtitle),
        "LEGEND": legend_html(net.legend),
        "FOOTER": html.escape(footer),
        "DETAILS_LABEL": html.escape(t("sources", lang)),
        "DETAILS": html.escape(details),
        "SEARCH": html.escape(t("search_in_list", lang)),
        "CLOSE": html.escape(t("close", lang)),
        "DATA": script_json(net.to_json()),
        "VIS_JS": (vis_js() + "\n" + picture_js()).replace("</script", "<\\/script"),
    }
    # One pass, so text inserted for one placeholder is never scanned for another.
    return re.sub(r"\{\{([A-Z_]+)\}\}", lambda m: values[m.group(1)], template)
