"""A Streamlit component that draws NetworkData with vis-network and returns the clicked node id.

Built on ``st.components.v2`` with inline JS: the vendored vis-network standalone bundle
(``graph/assets/vis-network``) is prepended to the module, so the page fetches nothing from a
CDN. The network is rebuilt only when its data changes, so a rerun keeps the user's zoom.
"""

from __future__ import annotations

from functools import lru_cache

import streamlit as st

from graph.picture.network import NetworkData, vis_css, vis_js

_MODULE = """
export default function (component) {
  const { data, parentElement, setTriggerValue } = component;
  let host = parentElement.querySelector("div.chainmap-graph");
  if (!host) {
    host = document.createElement("div");
    host.className = "chainmap-graph";
    parentElement.appendChild(host);
  }
  host.style.height = data.height + "px";
  if (host.dataset.key === data.key && host.network) { return; }
  host.dataset.key = data.key;
  if (host.network) { host.network.destroy(); }
  const payload = JSON.parse(data.graph);
  const network = new vis.Network(host, {
    nodes: new vis.DataSet(payload.nodes),
    edges: new vis.DataSet(payload.edges),
  }, payload.options);
  host.network = network;
  network.once("afterDrawing", () => { host.setAttribute("data-drawn", "true"); });
  network.on("click", (params) => {
    if (params.nodes.length) { setTriggerValue("node_clicked", params.nodes[0]); }
  });
}
"""


@lru_cache(maxsize=1)
def _component():
    # Inline strings start with a newline: a one-line string is taken for an asset path.
    html = "\n<style>\n" + vis_css() + "\n.chainmap-graph { width: 100%; box-sizing: border-box; border: 1px solid #ddd; }\n" \
        "div.vis-tooltip { white-space: pre-wrap; font-size: 16px; max-width: 520px; }\n</style>\n"
    return st.components.v2.component("chainmap_network", html=html, js="\n" + vis_js() + "\n" + _MODULE)


def network_view(net: NetworkData, *, key: str, height: int = 720) -> str | None:
    """Draw ``net``; return the id of the node clicked in this run, else None."""
    graph = net.to_json()
    data = {"graph": graph, "height": height, "key": str(hash(graph))}
    result = _component()(data=data, key=key, height=height + 10, on_node_clicked_change=lambda: None)
    return getattr(result, "node_clicked", None)

