"""Validate tables into a Dataset, collecting every problem in one report.

Nothing is returned unless the whole input is valid: callers either get a
complete Dataset or a Report whose errors say file, row, column, value, what is
wrong and how to fix it.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass, field
from itertools import repeat
from pathlib import Path

from graph.model import (
    CHAIN_STATUSES,
    EVIDENCE,
    PRESENCES,
    WORKING_UNITS,
    KINDS,
    LIST_SEP,
    PARK_STATUSES,
    STAGES,
    Chain,
    Dataset,
    Firm,
    FirmLink,
    Park,
    Project,
    Segment,
    SegmentLink,
    Source,
    as_extra,
    sort_dataset,
)
from loaders.checks import check_cycles, check_firms, check_leaders
from loaders.tables import OPTIONAL_KINDS, ReadError, Table, read_tables, unread_files
from loaders.values import bad_id, known_links, number

MAX_HINT_CHARS = 200  # an unknown id longer than this is compared by its start only
MAX_HINTS = 50


@dataclass(frozen=True)
class Problem:
    file: str
    row: int | None  # spreadsheet row number (header = 1); None for a whole-file problem
    column: str
    value: str
    message: str
    hint: str = ""
    severity: str = "error"  # "error" stops the import; "warning" does not
    code: str = ""  # for checks the words books state (graph.words.problem_text); "" for the others
    params: tuple[tuple[str, str], ...] = ()  # the values the words put in

    def __str__(self) -> str:
        where = self.file + (f", row {self.row}" if self.row else "") + (f", column '{self.column}'" if self.column else "")
        text = f"{self.severity.upper()} {where}: {self.message}"
        if self.value:
            text += f" (value: {self.value!r})"
        if self.hint:
            text += f" — {self.hint}"
        return text


@dataclass
class Report:
    problems: list[Problem] = field(default_factory=list)

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "error"]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "warning"]

    @property
    def ok(self) -> bool:
        return not self.errors

    def add(self, *args, **kwargs) -> None:
        self.problems.append(Problem(*args, **kwargs))

    def __str__(self) -> str:
        lines = [str(p) for p in self.problems]
        lines.append(f"{len(self.errors)} error(s), {len(self.warnings)} warning(s)")
        return "\n".join(lines)


class InvalidData(Exception):
    def __init__(self, report: Report):
        super().__init__(str(report))
        self.report = report


# kind -> (required columns, list columns); column meaning is in docs/data-format.md
SCHEMA: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    "sources": (("id", "title", "url", "published"), ()),
    "chains": (("id", "name", "name_en", "status", "leaders", "sources"), ("leaders", "sources")),
    "segments": (("id", "chain", "name", "name_en", "stage", "sources"), ("sources",)),
    "segment_links": (("from", "to", "sources"), ("sources",)),
    "parks": (("id", "name", "name_en", "area_mu", "focus", "status", "sources"), ("focus", "sources")),
    "firms": (
        ("id", "name", "name_en", "local", "park", "segments", "tags", "evidence", "sources"),
        ("park", "segments", "tags", "sources"),
    ),  # optional: presence (graph.model.PRESENCES)
    "firm_links": (("supplier", "customer", "product", "sources"), ("sources",)),
    "projects": (
        ("id", "name", "chain", "segment", "park", "firm", "investment_yi", "year", "status", "sources"),
        ("chain", "sources"),
    ),
    "meta": (("key", "value"), ()),
}

# Columns a file may have that become record fields (not ``extra``) when present.
OPTIONAL_COLUMNS: dict[str, tuple[str, ...]] = {"firms": ("presence",)}

TRUE = {"true", "1", "yes", "y", "是", "t"}
FALSE = {"false", "0", "no", "n", "否", "f"}


def split_list(cell: str) -> tuple[str, ...]:
    # Accept the full-width semicolon Chinese keyboards type as well.
    if LIST_SEP not in cell and "；" not in cell:
        cell = cell.strip()
        return (cell,) if cell else ()
    return tuple(p.strip() for p in cell.replace("；", LIST_SEP).split(LIST_SEP) if p.strip())


def nearest(value: str, known, n: int = 3) -> str:
    """The known ids most like ``value``. Bounded cost: with many ids, rapidfuzz picks 25 candidates first
    (difflib alone over 100,000 ids takes seconds per unknown id)."""
    candidates = sorted(known)
    if len(candidates) > 500:
        from rapidfuzz import fuzz, process

        candidates = sorted(c for c, _, _ in process.extract(value[:MAX_HINT_CHARS], candidates,
                                                             scorer=fuzz.ratio, limit=25))
    close = difflib.get_close_matches(value[:MAX_HINT_CHARS], candidates, n=n, cutoff=0.4)
    if close:
        return "nearest known ids: " + ", ".join(close)
    return f"no similar id; {len(known)} known"


class _Checker:
    def __init__(self, tables: dict[str, Table]):
        self.tables = tables
        self.report = Report()
        self.hints_left = MAX_HINTS  # nearest-id suggestions cost time: only for the first unknown ids

    def err(self, table: Table, row: int | None, column: str, value: str, message: str, hint: str = "") -> None:
        self.report.add(table.file, row, column, value, message, hint)

    def columns(self) -> None:
        for kind in KINDS:
            if kind not in self.tables and kind not in OPTIONAL_KINDS:
                self.report.add(f"{kind}.csv", None, "", "", "required file is missing",
                                f"add {kind}.csv (or a sheet named '{kind}' in the workbook)")
        for kind, table in self.tables.items():
            for note in table.notes:
                self.report.add(table.file, None, "", "", note, severity="warning")
            for row, column, value, message, hint in table.problems:
                self.err(table, row, column, value, message, hint)
            required, _ = SCHEMA[kind]
            missing = [c for c in required if c not in table.columns]
            for col in missing:
                close = difflib.get_close_matches(col, table.columns, n=1)
                hint = f"did you mean '{close[0]}'? " if close else ""
                self.err(table, 1, col, "", "required column is missing",
                         hint + "required columns: " + ", ".join(required))
            for row_no, row in table.rows:
                if "\0overflow" in row:
                    self.err(table, row_no, "", row["\0overflow"], "more cells than header columns",
                             "quote cells that contain commas, or add a header for the extra column")

    def ok_columns(self, kind: str) -> bool:
        table = self.tables.get(kind)
        return table is not None and all(c in table.columns for c in SCHEMA[kind][0])

    def ids(self, kind: str, key: str = "id") -> dict[str, int] | None:
        """Check ids are present and unique; return id -> row (None when the file cannot be read)."""
        seen: dict[str, int] = {}
        table = self.tables.get(kind)
        if table is None:
            return seen
        if not self.ok_columns(kind):
            return None  # its columns are already reported; references into it cannot be checked
        for row_no, row in table.rows:
            value = row.get(key, "")
            if not value:
                self.err(table, row_no, key, "", "empty id", "every row needs a unique id")
            elif (why := bad_id(value)):
                self.err(table, row_no, key, value, why, "ids are short codes such as vr.optics or firm_goertek")
            elif value in seen:
                self.err(table, row_no, key, value, f"duplicate id (first on row {seen[value]})",
                         "ids must be unique within a file")
            else:
                seen[value] = row_no
        return seen


def _number(checker: _Checker, table: Table, row_no: int, col: str, cell: str, integer: bool = False):
    """A finite number in the column's stated range (loaders.values), or None after reporting the cell."""
    value, problem = number(cell, col, integer)
    if problem:
        checker.err(table, row_no, col, cell, *problem)
    return value


def _bool(checker: _Checker, table: Table, row_no: int, col: str, cell: str) -> bool:
    low = cell.lower()
    if low in TRUE:
        return True
    if low in FALSE:
        return False
    checker.err(table, row_no, col, cell, "not a boolean", "write true or false")
    return True


def _enum(checker: _Checker, table: Table, row_no: int, col: str, cell: str, allowed: tuple[str, ...],
          empty_ok: bool = False) -> str:
    if (empty_ok and not cell) or cell in allowed:
        return cell
    close = difflib.get_close_matches(cell, allowed, n=1)
    hint = (f"did you mean '{close[0]}'? " if close else "") + "allowed: " + " | ".join(allowed)
    checker.err(table, row_no, col, cell, f"not a valid {col}", hint)
    return cell


def _refs(checker: _Checker, table: Table, row_no: int, col: str, values: tuple[str, ...],
          known: dict[str, int] | None, what: str, required: bool = False) -> None:
    if required and not values:
        checker.err(table, row_no, col, "", f"at least one {what} id is required",
                    "list ids separated by ';'" if col == "sources" else "")
    if known is None:
        return
    for value in values:
        if value not in known:
            checker.hints_left -= 1
            hint = nearest(value, known.keys()) if checker.hints_left >= 0 else \
                f"no suggestions after the first {MAX_HINTS} unknown ids"
            checker.err(table, row_no, col, value, f"unknown {what} id", hint)


def _endpoints(checker: _Checker, table: Table, row_no: int, row: dict[str, str], columns: tuple[str, ...],
               known: dict[str, int] | None, what: str) -> None:
    """Both ends of a link: present, and known ids."""
    for col in columns:
        if not row[col]:
            checker.err(table, row_no, col, "", f"empty '{col}'", f"give a {what} id")
        else:
            _refs(checker, table, row_no, col, (row[col],), known, what)


def validate_tables(tables: dict[str, Table]) -> tuple[Dataset | None, Report]:
    c = _Checker(tables)
    c.columns()
    # A file missing a required column is reported once; its rows are not read (no cascade of errors).
    rows_of = lambda kind: tables[kind].rows if kind in tables and c.ok_columns(kind) else []  # noqa: E731

    source_ids = c.ids("sources")
    chain_ids = c.ids("chains")
    segment_ids = c.ids("segments")
    park_ids = c.ids("parks")
    firm_ids = c.ids("firms")
    c.ids("projects")  # reports empty or duplicate project ids; nothing refers to projects
    # Extra columns: every column beyond the schema (a row holds every column of its table, and only those
    # unless it overflows, which is an error). Looked up once per file, not once per row.
    extra_columns = {kind: [k for k in t.columns if k not in SCHEMA[kind][0] and k not in OPTIONAL_COLUMNS.get(kind, ())]
                     for kind, t in tables.items() if kind in SCHEMA}

    def extra_of(kind: str, row: dict[str, str]):
        return as_extra({k: row.get(k, "") for k in extra_columns[kind]}) if extra_columns[kind] else ()

    sources, chains, segments, links, parks, firms, firm_links, projects = ([] for _ in range(8))

    t = tables.get("sources")
    for n, r in rows_of("sources"):
        if not r["title"]:
            c.err(t, n, "title", "", "empty title", "give the article or page title")
        sources.append(Source(r["id"], r["title"], r["url"], r["published"], extra_of("sources", r)))

    t = tables.get("chains")
    chain_rows = {r["id"]: n for n, r in rows_of("chains")}
    for n, r in rows_of("chains"):
        if not r["name"]:
            c.err(t, n, "name", "", "empty name", "give the Chinese name")
        status = _enum(c, t, n, "status", r["status"], CHAIN_STATUSES)
        leaders = split_list(r["leaders"])
        _refs(c, t, n, "leaders", leaders, firm_ids, "firm")
        srcs = split_list(r["sources"])
        _refs(c, t, n, "sources", srcs, source_ids, "source", required=True)
        chains.append(Chain(r["id"], r["name"], r["name_en"], status, leaders, srcs, extra_of("chains", r)))

    t = tables.get("segments")
    for n, r in rows_of("segments"):
        if not r["name"]:
            c.err(t, n, "name", "", "empty name", "give the Chinese name")
        _refs(c, t, n, "chain", (r["chain"],) if r["chain"] else (), chain_ids, "chain")
        if not r["chain"]:
            c.err(t, n, "chain", "", "empty chain", "every segment belongs to one chain id")
        stage = _enum(c, t, n, "stage", r["stage"], STAGES)
        srcs = split_list(r["sources"])
        _refs(c, t, n, "sources", srcs, source_ids, "source", required=True)
        segments.append(Segment(r["id"], r["chain"], r["name"], r["name_en"], stage, srcs, extra_of("segments", r)))

    t = tables.get("segment_links")
    link_rows: dict[tuple[str, str], int] = {}  # (from, to) -> first row
    for n, r in rows_of("segment_links"):
        _endpoints(c, t, n, r, ("from", "to"), segment_ids, "segment")
        key = (r["from"], r["to"])
        if key in link_rows:
            c.err(t, n, "to", r["to"], f"duplicate link (first on row {link_rows[key]})", "remove one of the rows")
        link_rows.setdefault(key, n)
        srcs = split_list(r["sources"])
        _refs(c, t, n, "sources", srcs, source_ids, "source", required=True)
        links.append(SegmentLink(r["from"], r["to"], srcs, extra_of("segment_links", r)))
    # Every supply cycle: a warning inside one stage, an error against the stage order (loaders/checks.py).
    check_cycles(c.report, t.file if t else "segment_links.csv", segments, links, link_rows)

    t = tables.get("parks")
    for n, r in rows_of("parks"):
        if not r["name"]:
            c.err(t, n, "name", "", "empty name", "give the Chinese name")
        area = _number(c, t, n, "area_mu", r["area_mu"])
        focus = split_list(r["focus"])
        _refs(c, t, n, "focus", focus, chain_ids, "chain")
        status = _enum(c, t, n, "status", r["status"], PARK_STATUSES)
        srcs = split_list(r["sources"])
        _refs(c, t, n, "sources", srcs, source_ids, "source", required=True)
        parks.append(Park(r["id"], r["name"], r["name_en"], area, focus, status, srcs, extra_of("parks", r)))

    t = tables.get("firms")
    firm_rows = {r["id"]: n for n, r in reversed(rows_of("firms"))}  # an id's first row
    for n, r in rows_of("firms"):
        if not r["name"]:
            c.err(t, n, "name", "", "empty name", "give the registered Chinese name")
        local = _bool(c, t, n, "local", r["local"])
        park = split_list(r["park"])
        _refs(c, t, n, "park", park, park_ids, "park")
        segs = split_list(r["segments"])
        _refs(c, t, n, "segments", segs, segment_ids, "segment")
        evidence = _enum(c, t, n, "evidence", r["evidence"], EVIDENCE, empty_ok=not local)
        presence = _enum(c, t, n, "presence", r.get("presence", ""), PRESENCES, empty_ok=True)
        if not local and presence in WORKING_UNITS:
            c.report.add(t.file, n, "presence", presence, "an outside firm (local=false) with a working unit here",
                         "set local to true, or give the presence it really has", severity="warning")
        if local and presence == "none":
            c.err(t, n, "presence", presence, "a local firm (local=true) with no presence here",
                  "set local to false, or give its presence: " + " | ".join(PRESENCES[:-1]))
        srcs = split_list(r["sources"])
        _refs(c, t, n, "sources", srcs, source_ids, "source", required=True)
        firms.append(Firm(r["id"], r["name"], r["name_en"], local, park, segs, split_list(r["tags"]), evidence,
                          srcs, extra_of("firms", r), presence))

    if t is not None:
        check_firms(c.report, t.file, firms, firm_rows)
    if "chains" in tables:
        check_leaders(c.report, tables["chains"].file, chains, firms, chain_rows)

    t = tables.get("firm_links")
    known_firms, known_sources = firm_ids or {}, source_ids or {}
    if (bulk := known_links(rows_of("firm_links"), known_firms, known_sources)) is not None:
        extras = [extra_of("firm_links", r) for _, r in rows_of("firm_links")] if extra_columns.get("firm_links") \
            else repeat(())  # 500,000 links at a city's scale: every one known (told by whole sets), in bulk
        firm_links = list(map(FirmLink, *bulk, extras))
    for n, r in rows_of("firm_links") if bulk is None else ():  # else row by row, the common case inline
        srcs = split_list(r["sources"])
        if not (r["supplier"] in known_firms and r["customer"] in known_firms and srcs
                and all(s in known_sources for s in srcs)):
            _endpoints(c, t, n, r, ("supplier", "customer"), firm_ids, "firm")
            _refs(c, t, n, "sources", srcs, source_ids, "source", required=True)
        firm_links.append(FirmLink(r["supplier"], r["customer"], r["product"], srcs, extra_of("firm_links", r)))

    t = tables.get("projects")
    for n, r in rows_of("projects"):
        chs = split_list(r["chain"])
        _refs(c, t, n, "chain", chs, chain_ids, "chain")
        for col, known, what in (("segment", segment_ids, "segment"), ("park", park_ids, "park"),
                                 ("firm", firm_ids, "firm")):
            if r[col]:
                _refs(c, t, n, col, (r[col],), known, what)
        inv = _number(c, t, n, "investment_yi", r["investment_yi"])
        year = _number(c, t, n, "year", r["year"], integer=True)
        srcs = split_list(r["sources"])
        _refs(c, t, n, "sources", srcs, source_ids, "source", required=True)
        projects.append(Project(r["id"], r["name"], chs, r["segment"], r["park"], r["firm"], inv, year,
                                r["status"], srcs, extra_of("projects", r)))

    meta = {r["key"]: r["value"] for _, r in rows_of("meta") if r.get("key")}

    if not c.report.ok:
        return None, c.report
    data = sort_dataset(chains, segments, links, parks, firms, firm_links, projects, sources, meta)
    return data, c.report


def load(path: str | Path) -> tuple[Dataset | None, Report]:
    """Read and validate a folder of CSV files or an .xlsx workbook; never raises for bad input."""
    try:
        tables = read_tables(Path(path))
    except ReadError as exc:
        report = Report()
        for e in exc.all():  # every file that cannot be read, each with its row and column when known
            report.add(e.file, e.row, e.column, e.value, e.message, e.hint)
        return None, report
    data, report = validate_tables(tables)
    if Path(path).is_dir():
        for name in unread_files(Path(path)):
            report.add(name, None, "", "", "file not read: its name is not one of the dataset's files",
                       "rename it to one of: " + ", ".join(f"{k}.csv" for k in SCHEMA), severity="warning")
    return data, report


def load_or_raise(path: str | Path) -> Dataset:
    data, report = load(path)
    if data is None:
        raise InvalidData(report)
    return data
