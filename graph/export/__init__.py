"""Meeting material, one module per format (``pptx``, ``png``, ``html``, ``xlsx``, ``gaps_json``) over one store;
what every format states (district, dates, sources) is ``common.py``; ``write`` picks the format."""

from graph.export.common import (
    FORMATS,
    ExportError,
    Meeting,
    chain_ids,
    chain_picture,
    chain_sources,
    default_out,
    meeting,
    require_cjk_font,
    safe_name,
    source_line,
    view_source_ids,
)
from graph.export.write import write

__all__ = ["FORMATS", "ExportError", "Meeting", "chain_ids", "chain_picture", "chain_sources", "default_out",
           "meeting", "require_cjk_font", "safe_name", "source_line", "view_source_ids", "write"]
