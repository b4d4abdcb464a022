"""Seeded mutations of data/laoshan for the import fuzzer, and the oracle that judges each answer.

Why here and not in the test: the same generator drives the CI budget (tests/test_import_fuzz.py) and a
bigger campaign run by hand, whose crashing inputs are kept in tests/fuzz_cases/:

    .venv/bin/python -m tests.import_campaign --cases 2000 --seed 100000 --jobs 2

A case is a copy of data/laoshan with 1–3 mutations: text edits (long cells, duplicated cells, odd numbers,
swapped or deleted headers, injected characters), a re-encoding (UTF-16, Big5, Shift-JIS, Latin-1, …),
byte edits (flips, truncation, BOMs, quotes, NULs), a file replaced by a folder / FIFO / link loop / device,
or an .xlsx conversion with its own edits (far-away cell, merges, formulas, extra sheets, corruption).
A campaign (tests/import_campaign.py) runs many cases in parallel and keeps what it finds.
The case remembers the codec it really used, so the oracle can decode the truth and demand that every text
an accepted Dataset holds is one of the source's cells (stripped) — an accept can never be mojibake.
"""

from __future__ import annotations

import csv
import datetime
import io
import math
import os
import random
import shutil
import zipfile
from dataclasses import dataclass, field, fields
from pathlib import Path

LAOSHAN = Path(__file__).resolve().parent.parent / "data" / "laoshan"
KINDS = ("chains", "segments", "segment_links", "parks", "firms", "firm_links", "projects", "sources", "meta")
NUMERIC = {"parks": ("area_mu",), "projects": ("investment_yi", "year")}
ODD_NUMBERS = ["1e999", "-1e999", "NaN", "nan", "inf", "-inf", "Infinity", "99999999999999999999", "-5",
               "1_000", "０１", "2024.5", "0x10", "1e308", "  2024 ", "２０２４", "1,234", "1.2.3", "٢٠٢٤", "1e-400",
               "9" * 400, "-0", "+12", ".5", "1899", "2101", "12345"]
INJECT = ["\x00", "\x07", "\x1b[31m", "\ufffd", "\ue000", "\u202e", "\u200b", "\n", "\r\n", "\t", "\x85", "\u2028",
          '"', "<script>alert(1)</script>", "=1+1", "\U0010ffff", "\uffff", "𠀀", "\ufeff", "？？", "??", ";", "；",
          "x" * 200, "\u3000", "é", "ㄊ"]
CODECS = ["utf-8-sig", "gb18030", "gbk", "utf-16", "utf-16-le", "utf-16-be", "utf-32", "big5", "shift_jis",
          "euc_kr", "latin-1", "cp1252", "koi8-r", "cp437"]
LOSSLESS = {"utf-8", "utf-8-sig", "gb18030"}


def rows_of(text: str) -> list[list[str]]:
    """The oracle's own reading of CSV text (never stops at a long cell; the process limit is restored)."""
    old = csv.field_size_limit(1 << 30)
    try:
        return list(csv.reader(io.StringIO(text, newline="")))
    finally:
        csv.field_size_limit(old)


def text_of(rows: list[list[str]], newline: str = "\r\n") -> str:
    out = io.StringIO(newline="")
    csv.writer(out, lineterminator=newline).writerows(rows)
    return out.getvalue()


@dataclass
class Case:
    seed: int
    texts: dict[str, str]  # kind -> CSV text before encoding
    raw: dict[str, bytes] = field(default_factory=dict)
    codec: dict[str, str] = field(default_factory=dict)
    special: dict[str, str] = field(default_factory=dict)  # kind -> dir | fifo | loop | dev | dangling
    ops: list[str] = field(default_factory=list)
    neutral: bool = True  # every mutation keeps the data's meaning: the import must equal the original
    lossy: set[str] = field(default_factory=set)  # files whose encoding dropped characters (Chinese → '?')
    xlsx: list[str] | None = None  # xlsx edits, when the case becomes a workbook
    unread: set[str] = field(default_factory=set)  # kinds whose sheet an xlsx edit renamed
    must_refuse: bool = False  # set by an xlsx edit no import may accept (merged cells, a damaged zip, …)
    extra_ref: dict[str, set[str]] = field(default_factory=dict)

    def change(self, op: str, neutral: bool = False) -> None:
        self.ops.append(op)
        self.neutral = self.neutral and neutral


def _pick_cell(rng, rows):
    r = rng.randrange(1, len(rows)) if len(rows) > 1 else 0
    c = rng.randrange(len(rows[r])) if rows[r] else 0
    return r, c


def mutate_text(case: Case, rng: random.Random) -> None:
    kind = rng.choice(KINDS)
    op = rng.choice(["dup_cell", "huge_cell", "number", "swap_names", "swap_columns", "no_header", "inject",
                     "inject_id", "blank", "pad", "dup_row", "newlines", "long_id"])
    if op == "number":
        kind = rng.choice(list(NUMERIC))
    rows = rows_of(case.texts[kind])
    if not rows or not rows[0] or len(rows) < 2:
        return
    r, c = _pick_cell(rng, rows)
    if op == "dup_cell":
        rows[r][c] = rows[r][c] * rng.choice([2, 50, 1000, 5000])
        rows[r][c] = rows[r][c][:2_000_000]
    elif op == "huge_cell":
        rows[r][c] = (rng.choice(["经营范围", "x", "a,b", '"q"']) * 2_000_000)[:rng.choice(
            [32767, 32768, 131072, 131073, 400_000, 2_000_000])]
    elif op == "number":
        col = rows[0].index(rng.choice(NUMERIC[kind]))
        rows[r][col] = rng.choice(ODD_NUMBERS)
    elif op == "swap_names":
        a, b = rng.sample(range(len(rows[0])), 2)
        rows[0][a], rows[0][b] = rows[0][b], rows[0][a]
    elif op == "swap_columns":  # whole columns: order does not matter, the data means the same
        a, b = rng.sample(range(len(rows[0])), 2)
        for row in rows:
            if len(row) > max(a, b):
                row[a], row[b] = row[b], row[a]
        case.change(f"{kind}:swap_columns", neutral=True)
        case.texts[kind] = text_of(rows)
        return
    elif op == "no_header":
        rows = rows[1:]
    elif op in ("inject", "inject_id"):
        if op == "inject_id":
            c = 0
        s = rows[r][c]
        i = rng.randrange(len(s) + 1)
        rows[r][c] = s[:i] + rng.choice(INJECT) + s[i:]
    elif op == "blank":
        rows[r][c] = ""
    elif op == "pad":  # surrounding whitespace is stripped on import: same data
        for row in rows[1:]:
            for j, cell in enumerate(row):
                if cell and rng.random() < 0.3:
                    row[j] = rng.choice([" ", "\u3000", "\t", "  "]) + cell + rng.choice(["", " ", "\u3000"])
        case.change(f"{kind}:pad", neutral=True)
        case.texts[kind] = text_of(rows)
        return
    elif op == "dup_row":
        rows.insert(r, list(rows[r]))
    elif op == "newlines":
        nl = rng.choice(["\n", "\r"])
        case.change(f"{kind}:newlines{nl!r}", neutral=True)
        case.texts[kind] = text_of(rows, newline=nl)
        return
    elif op == "long_id":
        rows[r][0] = rows[r][0] + "_" * rng.choice([100, 300, 5000])
    case.change(f"{kind}:{op}")
    case.texts[kind] = text_of(rows)


def encode(case: Case, rng: random.Random, kind: str | None = None) -> None:
    kind = kind or rng.choice(KINDS)
    codec = rng.choice(CODECS)
    text = case.texts[kind]
    if codec in ("latin-1", "cp1252") and rng.random() < 0.5:  # an English sheet with a few accents
        text = text.replace("Qingdao", "Qingdao Café – Zürich", 3)
        case.texts[kind] = text
    try:
        case.raw[kind] = text.encode(codec)
    except UnicodeEncodeError:
        case.raw[kind] = text.encode(codec, errors="replace")
        if case.raw[kind].count(b"??") > text.count("??"):  # whole words lost, as a lossy save loses names
            case.lossy.add(kind)  # (one lost character is indistinguishable from a typed '?')
    case.codec[kind] = codec
    case.change(f"{kind}:encode:{codec}", neutral=codec in LOSSLESS)


def mutate_bytes(case: Case, rng: random.Random) -> None:
    kind = rng.choice(KINDS)
    raw = bytearray(case.raw[kind])
    op = rng.choice(["flip", "truncate", "bom", "bom2", "bom16", "bom_mid", "quote", "nul"])
    if op == "flip" and raw:
        for _ in range(rng.choice([1, 2, 5, 20])):
            raw[rng.randrange(len(raw))] = rng.randrange(256)
    elif op == "truncate":
        raw = raw[:rng.randrange(len(raw) + 1)]
    elif op == "bom":
        if case.codec[kind] == "utf-8":
            raw = bytearray(b"\xef\xbb\xbf") + raw
            case.change(f"{kind}:bom", neutral=True)
            case.raw[kind] = bytes(raw)
            return
        raw = bytearray(b"\xef\xbb\xbf") + raw
    elif op == "bom2":
        raw = bytearray(b"\xef\xbb\xbf\xef\xbb\xbf") + raw
    elif op == "bom16":
        raw = bytearray(b"\xff\xfe") + raw
    elif op == "bom_mid":
        i = raw.find(b"\n", rng.randrange(len(raw) + 1))
        raw[i + 1:i + 1] = b"\xef\xbb\xbf"
    elif op == "quote":
        raw.insert(rng.randrange(len(raw) + 1), ord('"'))
    elif op == "nul":
        raw.insert(rng.randrange(len(raw) + 1), 0)
    case.raw[kind] = bytes(raw)
    case.change(f"{kind}:{op}")


def mutate_file(case: Case, rng: random.Random) -> None:
    kind = rng.choice(KINDS)
    op = rng.choice(["dir", "fifo", "loop", "dev", "dangling", "empty", "blank", "xlsx_bytes", "binary", "delete"])
    case.change(f"{kind}:{op}")
    if op in ("dir", "fifo", "loop", "dev", "dangling", "delete"):
        case.special[kind] = op
    elif op == "empty":
        case.raw[kind] = b""
    elif op == "blank":
        case.raw[kind] = b" \r\n\r\n\t\n"
    elif op == "xlsx_bytes":
        case.raw[kind] = _tiny_xlsx()
    elif op == "binary":
        case.raw[kind] = rng.choice([b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 500,
                                     bytes(rng.randrange(256) for _ in range(2000))])


def _tiny_xlsx() -> bytes:
    from openpyxl import Workbook

    book = Workbook()
    book.active.append(["id", "name"])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def make_case(seed: int) -> Case:
    """The mutations of case ``seed`` (no files yet)."""
    rng = random.Random(seed)
    case = Case(seed, {k: (LAOSHAN / f"{k}.csv").read_text(encoding="utf-8") for k in KINDS})
    for _ in range(rng.choice([1, 1, 2, 3])):
        if rng.random() < 0.5:
            mutate_text(case, rng)
    case.raw = {k: t.encode("utf-8") for k, t in case.texts.items()}
    case.codec = {k: "utf-8" for k in KINDS}
    steps = rng.choice([0, 1, 1, 2])
    for _ in range(steps):
        step = rng.choice([encode, mutate_bytes, mutate_bytes, mutate_file])
        step(case, rng)
    if not case.ops:
        encode(case, rng)
    if rng.random() < 0.25 and not case.special:
        from tests.import_xlsx import XLSX_EDITS

        case.xlsx = rng.sample(XLSX_EDITS, rng.choice([0, 1, 1, 2]))
        case.change("xlsx:" + ",".join(case.xlsx), neutral=all(
            e in ("extra_sheet", "cached_formula", "date", "far_cell", "wrong_dimension") for e in case.xlsx))
    return case


def reference(case: Case) -> dict[str, set[str]]:
    """kind -> every cell text (stripped) and list item the case's files truly hold."""
    ref: dict[str, set[str]] = {}
    for kind in KINDS:
        codec = case.codec.get(kind, "utf-8")
        raw = case.raw.get(kind, b"")
        if codec == "utf-8" and raw.startswith(b"\xef\xbb\xbf"):
            codec = "utf-8-sig"
        values = {""}
        for row in rows_of(raw.decode(codec, errors="replace")):
            for cell in row:
                cell = cell.strip()
                values.add(cell)
                values.update(p.strip() for p in cell.replace("；", ";").split(";"))
        ref[kind] = values | case.extra_ref.get(kind, set())
    return ref


def write_case(case: Case, root: Path) -> Path:
    """Write the case's files under ``root``; returns the path to load (a folder or a workbook)."""
    folder = root / "data"
    folder.mkdir(parents=True)
    for kind in KINDS:
        path = folder / f"{kind}.csv"
        how = case.special.get(kind)
        if how == "dir":
            path.mkdir()
        elif how == "fifo":
            os.mkfifo(path)
        elif how == "loop":
            os.symlink(path.name, path)
        elif how == "dev":
            os.symlink("/dev/zero", path)
        elif how == "dangling":
            os.symlink("nowhere.csv", path)
        elif how != "delete":
            path.write_bytes(case.raw[kind])
    if case.xlsx is None:
        return folder
    from tests.import_xlsx import to_workbook

    book = root / "data.xlsx"
    to_workbook(case, folder, book, random.Random(case.seed ^ 0x5EED))
    shutil.rmtree(folder)
    return book


# ------------------------------------------------------------------------------------------------ oracle
def _texts(record):
    for f in fields(record):
        value = getattr(record, f.name)
        if isinstance(value, str):
            yield f.name, value
        elif isinstance(value, tuple):
            for item in value:
                if isinstance(item, tuple):  # extra: (key, value)
                    yield "extra-key", item[0]
                    yield "extra", item[1]
                else:
                    yield f.name, item


def judge(case: Case, answer, original) -> str | None:
    """None when the answer is right; else what is wrong (a 'garbled' or 'bad-answer' finding)."""
    from graph.model import Dataset
    from loaders import Report

    data, report = answer
    if not isinstance(report, Report):
        return "bad-answer: no Report"
    if data is None:
        if not report.errors:
            return "bad-answer: refused without an error"
        return "bad-answer: a harmless variant was refused: " + str(report.errors[0]) if case.neutral else None
    if not isinstance(data, Dataset) or report.errors:
        return "bad-answer: a Dataset together with errors"
    if case.must_refuse:
        return "bad-answer: accepted a workbook that must be refused"
    if case.neutral and data != original:
        return "garbled: a harmless variant imported differently"
    if case.lossy - set(case.special) - case.unread and data != original:  # a file not read loses nothing
        return "garbled: characters lost by the encoding were accepted"
    ref = reference(case)
    files = {"segment_links": "segment_links", "firm_links": "firm_links"}
    for kind in KINDS[:-1]:
        for record in getattr(data, files.get(kind, kind)):
            for name, text in _texts(record):
                if text not in ref[kind]:
                    return f"garbled: {kind}.{name} {text[:60]!r} is not a cell of the source"
                if any(ch in text for ch in "\ufffd\x00") or any(0xD800 <= ord(ch) <= 0xDFFF for ch in text):
                    return f"garbled: {kind}.{name} holds a damaged character: {text[:60]!r}"
            for f in fields(record):
                v = getattr(record, f.name)
                if isinstance(v, float) and not math.isfinite(v):
                    return f"unloadable: {kind}.{f.name} = {v}"
                if isinstance(v, int) and not isinstance(v, bool) and not -2**63 <= v < 2**63:
                    return f"unloadable: {kind}.{f.name} = {v} (beyond a 64-bit integer)"
    for key, value in data.meta:
        if key not in ref["meta"] or value not in ref["meta"]:
            return f"garbled: meta {key!r} = {value[:60]!r} is not a cell of the source"
    return None


def run_case(seed: int, root: Path, original, timeout: float = 10.0) -> tuple[str, float, str]:
    """('ok' | 'crash' | 'garbled' | 'bad-answer' | 'unloadable' | 'hang', seconds, detail)."""
    import signal
    import time
    import traceback

    from loaders import load

    case = make_case(seed)
    try:
        path = write_case(case, root)
    except Exception as exc:  # noqa: BLE001 — the generator's own failure, not the loader's
        return "generator-error", 0.0, f"{type(exc).__name__}: {exc} {case.ops}"

    def alarm(*_):
        raise TimeoutError(f"case {seed} took more than {timeout} s")

    old = signal.signal(signal.SIGALRM, alarm)
    signal.setitimer(signal.ITIMER_REAL, timeout)
    start = time.perf_counter()
    try:
        try:
            answer = load(path)
        finally:
            signal.setitimer(signal.ITIMER_REAL, 0)  # before anything else: reporting must not time out
            signal.signal(signal.SIGALRM, old)
    except TimeoutError:
        return "hang", time.perf_counter() - start, f"more than {timeout} s {case.ops}"
    except BaseException as exc:  # noqa: BLE001 — anything escaping load is the finding
        if isinstance(exc, KeyboardInterrupt):
            raise
        tb = traceback.extract_tb(exc.__traceback__)[-1]
        return "crash", time.perf_counter() - start, f"{type(exc).__name__} at {Path(tb.filename).name}:{tb.lineno} {tb.name} {case.ops}"
    seconds = time.perf_counter() - start
    finding = judge(case, answer, original)
    if finding:
        return finding.split(":")[0], seconds, f"{finding} {case.ops}"
    return "ok", seconds, ""
