"""An upload from the maintenance page, read and validated against the current data — nothing is written.

Accepted: the editable workbook (.xlsx; every sheet it holds replaces that kind), a zip of CSV files, or single
CSV files (``firms.csv`` replaces just the firms). The kinds an upload does not hold are taken from the current
data folder, so the result is always a whole dataset with one validation report (file, row, column). Every
file gets an answer, never a traceback; a zip is checked for size before anything is unpacked.
"""

from __future__ import annotations

import io
import tempfile
import zipfile
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from graph.model import KINDS, Dataset
from loaders.edit_workbook import workbook_base
from loaders.tables import ReadError, Table, printable_name, read_csv_file, read_folder
from loaders.validate import Report, validate_tables
from loaders.workbook import MAX_UNZIPPED_BYTES, read_workbook

UPLOAD_MAX_BYTES = 50 * 1024 * 1024  # per uploaded file (a district or a city; a province loads from disk)
FILE_KINDS = (*KINDS, "meta")


@dataclass
class Upload:
    data: Dataset | None  # the whole dataset after the upload, None when it has errors
    report: Report
    base: str = ""  # the data version an uploaded workbook was made from ("" when it does not say)
    kinds: tuple[str, ...] = ()  # the kinds the upload replaced
    names: list[str] = field(default_factory=list)  # the uploaded files' names

    @property
    def ok(self) -> bool:
        return self.data is not None


def _csv(raw: bytes, name: str, kind: str, tmp: Path) -> Table:
    path = tmp / f"{len(list(tmp.iterdir()))}-{kind}.csv"
    path.write_bytes(raw)
    return read_csv_file(path, name)


def _zip(raw: bytes, name: str, tmp: Path, report: Report) -> dict[str, Table]:
    try:
        archive = zipfile.ZipFile(io.BytesIO(raw))
        members = [i for i in archive.infolist() if not i.is_dir()]
    except (zipfile.BadZipFile, OSError, ValueError, EOFError) as exc:
        raise ReadError(name, f"is not a zip file that can be opened ({exc})",
                        hint="pack the CSV files again (右键 → 发送到 → 压缩文件夹 / Send to → Compressed folder)") from None
    if sum(i.file_size for i in members) > MAX_UNZIPPED_BYTES:
        raise ReadError(name, f"unpacks to more than {MAX_UNZIPPED_BYTES / 2**20:,.0f} MB",
                        hint="put only the dataset's CSV files in the zip")
    tables: dict[str, Table] = {}
    for info in members:
        inner = printable_name(PurePosixPath(info.filename.replace("\\", "/")).name)
        kind = inner[:-4] if inner.lower().endswith(".csv") else ""
        file = f"{name}[{inner}]"
        if kind not in FILE_KINDS or kind in tables or inner.startswith("."):
            if not inner.startswith(".") and not info.filename.startswith("__MACOSX"):
                report.add(file, None, "", "", "file not read: its name is not one of the dataset's files",
                           "name CSV files after their kind: " + ", ".join(f"{k}.csv" for k in FILE_KINDS),
                           severity="warning")
            continue
        if info.file_size > UPLOAD_MAX_BYTES:
            raise ReadError(file, f"is {info.file_size / 2**20:,.1f} MB; the limit is {UPLOAD_MAX_BYTES / 2**20:,.0f} MB")
        try:
            body = archive.read(info)
        except (zipfile.BadZipFile, OSError, ValueError, EOFError, NotImplementedError, RuntimeError) as exc:
            raise ReadError(file, f"cannot be unpacked ({exc})", hint="pack the files again, without a password") from None
        tables[kind] = _csv(body, file, kind, tmp)
    if not tables:
        raise ReadError(name, "holds no CSV file of the dataset",
                        hint="the zip holds files such as firms.csv, projects.csv, …")
    return tables


def read_upload(files: list[tuple[str, bytes]], current: str | Path) -> Upload:
    """Read uploaded ``(name, bytes)`` files over the data folder ``current``; validate the whole result."""
    report = Report()
    replaced: dict[str, Table] = {}
    base = ""
    names = [printable_name(n) for n, _ in files]
    errors: list[ReadError] = []
    with tempfile.TemporaryDirectory(prefix="chainmap-upload-") as tmp_name:
        tmp = Path(tmp_name)
        for name, raw in zip(names, (r for _, r in files)):
            low = name.lower()
            try:
                if len(raw) > UPLOAD_MAX_BYTES:
                    raise ReadError(name, f"is {len(raw) / 2**20:,.1f} MB; the limit is {UPLOAD_MAX_BYTES / 2**20:,.0f} MB")
                if low.endswith((".xlsx", ".xlsm")):
                    folder = tmp / f"book-{len(list(tmp.iterdir()))}"
                    folder.mkdir()
                    (folder / name.replace("/", "_")).write_bytes(raw)
                    replaced.update(read_workbook(folder / name.replace("/", "_")))
                    base = workbook_base(raw) or base
                elif low.endswith(".zip"):
                    replaced.update(_zip(raw, name, tmp, report))
                elif low.endswith(".csv") and name[:-4] in FILE_KINDS:
                    replaced[name[:-4]] = _csv(raw, name, name[:-4], tmp)
                else:
                    raise ReadError(name, "is not a workbook (.xlsx), a zip of CSV files or a CSV file named after "
                                    "its kind", hint="CSV names: " + ", ".join(f"{k}.csv" for k in FILE_KINDS))
            except ReadError as exc:
                errors.extend(exc.all())
        try:
            tables = read_folder(Path(current))
        except ReadError as exc:
            errors.extend(exc.all())
            tables = {}
    for e in errors:
        report.add(e.file, e.row, e.column, e.value, e.message, e.hint)
    if errors:
        return Upload(None, report, base, tuple(replaced), names)
    tables.update(replaced)
    data, checked = validate_tables(tables)
    report.problems[:0] = checked.problems
    return Upload(data, report, base, tuple(k for k in FILE_KINDS if k in replaced), names)
