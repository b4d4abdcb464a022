"""A Streamlit component that draws a picture with vis-network and returns the clicked node id.

Built on ``st.components.v2`` with inline JS: the vendored vis-network bundle and the picture's layout
(``graph/assets/chainmap.js``) are prepended to the module, so the page fetches nothing. The picture fills
the window from where it starts down to its bottom (``fill``), and is laid out again when the window is
resized; it is rebuilt only when its data changes, so a rerun keeps the user's zoom.
"""

from __future__ import annotations

from functools import lru_cache

import streamlit as st

from graph.picture.network import picture_js, vis_css, vis_js

_MODULE = """
export default function (component) {
  const { data, parentElement, setTriggerValue } = component;
  let host = parentElement.querySelector("div.chainmap-graph");
  if (!host) {
    host = document.createElement("div");
    host.className = "chainmap-graph";
    parentElement.appendChild(host);
  }
  const fit = () => {
    const top = host.getBoundingClientRect().top;
    const h = data.fill ? Math.max(data.min_height, Math.min(data.max_height, window.innerHeight - top - data.bottom))
                        : data.height;
    host.style.height = h + "px";
  };
  if (host.dataset.key === data.key && host.picture) { return; }
  host.dataset.key = data.key;
  if (host.picture) { host.picture.network.destroy(); }
  fit();
  host.removeAttribute("data-drawn");
  host.picture = window.chainmapPicture.draw(host, JSON.parse(data.graph), {
    onClick: (id) => setTriggerValue("node_clicked", id),
    onLayout: (s) => { host.dataset.shown = s.shown; host.dataset.total = s.total; },
    onDrawn: () => host.setAttribute("data-drawn", "true"),
  });
  host.network = host.picture.network;
  if (!host.resizer) {
    host.resizer = () => { fit(); host.picture.relayout(); };
    window.addEventListener("resize", host.resizer);
  }
}
"""


@lru_cache(maxsize=1)
def _component():
    # Inline strings start with a newline: a one-line string is taken for an asset path.
    html = "\n<style>\n" + vis_css() + "\n.chainmap-graph { width: 100%; box-sizing: border-box; border: 1px solid #ddd; }\n" \
        "div.vis-tooltip { white-space: pre-wrap; font-size: 15px; max-width: 520px; }\n</style>\n"
    return st.components.v2.component("chainmap_network", html=html,
                                      js="\n" + vis_js() + "\n" + picture_js() + "\n" + _MODULE)


def network_view(net, *, key: str, height: int = 620, fill: bool = True, min_height: int = 360,
                 max_height: int = 1400, bottom: int = 24) -> str | None:
    """Draw ``net`` (a chain ``PictureSpec`` or a ``NetworkData``); return the id of the node clicked in this
    run, else None. With ``fill`` the picture runs from where it starts to ``bottom`` px above the window's
    bottom edge (between ``min_height`` and ``max_height``); otherwise it is ``height`` px tall."""
    graph = net.to_json()
    data = {"graph": graph, "height": height, "fill": fill, "min_height": min_height, "max_height": max_height,
            "bottom": bottom, "key": str(hash(graph))}
    result = _component()(data=data, key=key, height="content" if fill else height + 10,
                          on_node_clicked_change=lambda: None)
    return getattr(result, "node_clicked", None)
