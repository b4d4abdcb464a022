"""A table, defined once: its columns (header, how a cell is worded, width) and which columns each medium shows.

Every table a person reads — on a page, in the Excel workbook, in the CLI, on a slide, in a
presentation caption — is one ``Table`` in this package, rendered by ``render.py``. Changing a column
is a change to one ``Table``; every medium follows.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Callable, Mapping

MEDIA = ("page", "sheet", "cli", "slide")


@dataclass(frozen=True)
class Context:
    """What wording a cell needs besides its row: the language and medium-specific settings."""

    lang: str = "zh"
    medium: str = "page"
    top: int = 1  # targets named in a summary cell (the rest as "+N")
    extra: Mapping[str, Any] = field(default_factory=dict)  # lookups a table needs (e.g. source titles)


@dataclass(frozen=True)
class Column:
    """One column: ``key`` names its header in ``graph.words`` and its place in a medium's view."""

    key: str
    cell: Callable[[Any, Context], Any]  # (row, context) -> text or number ("" / None when empty)
    width: int = 14  # characters: Excel column width, and the CLI's column width
    number: bool = False
    header: str = ""  # words key of the header when it differs from ``key``

    @property
    def label_key(self) -> str:
        return self.header or self.key


@dataclass(frozen=True)
class Table:
    """Columns, and per medium the keys it shows in order (a medium not named shows every column)."""

    name: str  # words key of the sheet / table title
    columns: tuple[Column, ...]
    views: Mapping[str, tuple[str, ...]] = field(default_factory=dict)

    def __post_init__(self) -> None:
        keys = {c.key for c in self.columns}
        for medium, view in self.views.items():
            assert medium in MEDIA, medium
            unknown = set(view) - keys
            assert not unknown, f"{self.name}.{medium}: unknown columns {sorted(unknown)}"

    def shown(self, medium: str) -> tuple[Column, ...]:
        by_key = {c.key: c for c in self.columns}
        return tuple(by_key[k] for k in self.views.get(medium, tuple(by_key)))
