"""Every table a person reads, defined once (``gaps.py``, ``data.py``) and rendered into each medium
(``render.py``: page records, sheet cells, CLI lines, slide lines)."""

from graph.tables.render import EMPTY, cells, header_line, headers, lines, records, texts
from graph.tables.spec import Column, Context, Table

__all__ = ["EMPTY", "Column", "Context", "Table", "cells", "header_line", "headers", "lines", "records", "texts"]
