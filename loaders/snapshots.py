"""A data folder's snapshots: every applied change is kept, recorded and atomic.

Layout (inside the data folder, beside its CSV files)::

    data/laoshan/
        firms.csv, …                  the current data (what the app and `chainmap check` read)
        .snapshots/
            index.json                {"snapshots": [Snapshot.as_json(), …]}, oldest first
            0001/firms.csv, …         each snapshot's complete files (0001: the data as first found)
            .lock                     apply holds it exclusively; readers (``reading``) share it
            switching.json            present only while the current files are being replaced

``apply(folder, data, author=…, summary=…, base_hash=…)``:

1. under the folder's exclusive lock, the current files' hash (``current_hash``) is compared with the
   editor's ``base_hash`` (the hash of the data they downloaded); if they differ, ``StaleBase`` is raised
   with the diff between their base and now — nothing is written, nothing is overwritten silently;
2. the dataset is written (``loaders/write.py``) into a new snapshot folder and validated there; invalid data
   (``InvalidData``) leaves no trace;
3. the first apply keeps the data as it was found as snapshot ``initial``; data edited by hand since the
   last snapshot is kept the same way, so the previous data is always a snapshot;
4. the switch: a journal names the new snapshot, every current file is replaced (``os.replace``), the index
   gets the record, the journal goes. Readers hold the shared lock, so they see the old files or the new ones,
   never a mix; a crash mid-switch is finished by the next reader or apply (the journal says what to finish).

On Neo4j, ``apply_neo4j`` checks the base against the data Neo4j holds, validates the same way, runs the
atomic load (``graph/neo4j/writer.py``) and records the snapshot in a records folder.

``current_hash(folder)`` (embedded) and ``neo4j_key`` (the current load id) are what the app keys its
caches on, so it shows the new data right after an apply.
"""

from __future__ import annotations

import contextlib
import fcntl
import hashlib
import json
import os
import shutil
import tempfile
from datetime import datetime, timezone
from pathlib import Path

from graph.maintain.changes import DIFF_KINDS, DataDiff, diff
from graph.maintain.history import Snapshot
from graph.model import Dataset
from loaders.validate import InvalidData, load
from loaders.write import write_csv_folder

SNAPSHOTS = ".snapshots"
INDEX = "index.json"
JOURNAL = "switching.json"
FILES = tuple(f"{kind}.csv" for kind in DIFF_KINDS)


class StaleBase(Exception):
    """The data changed since the editor's download: nothing was applied.

    ``base`` / ``current``: the hashes; ``diff``: from the editor's base to the current data (None when the
    base is not one of the folder's snapshots, e.g. a download of data edited by hand since)."""

    def __init__(self, base: str, current: str, changes: DataDiff | None):
        self.base, self.current, self.diff = base, current, changes
        super().__init__(f"the data changed since the download it is based on (base {base[:12]}, now {current[:12]}); "
                         "nothing was applied: download the current data and make the change again")


# --------------------------------------------------------------------------- hashes


def files_hash(folder: str | Path) -> str:
    """sha256 of a folder's data files (name and bytes of each of ``FILES`` present, in order)."""
    h = hashlib.sha256()
    folder = Path(folder)
    for name in FILES:
        path = folder / name
        if path.is_file():
            data = path.read_bytes()
            h.update(f"{name}\0{len(data)}\0".encode())
            h.update(data)
    return h.hexdigest()


def current_hash(folder: str | Path) -> str:
    """The hash of the data a folder holds now (a workbook: of its bytes). An editor's download carries it."""
    path = Path(folder)
    if path.is_file():
        return hashlib.sha256(path.read_bytes()).hexdigest()
    with reading(path):
        return files_hash(path)


def dataset_hash(data: Dataset) -> str:
    """The hash a folder has once ``data`` is applied to it (its files as ``loaders/write.py`` writes them)."""
    with tempfile.TemporaryDirectory(prefix="chainmap-hash-") as tmp:
        return files_hash(write_csv_folder(data, tmp))


# --------------------------------------------------------------------------- locks, index, journal


def _dir(folder: Path) -> Path:
    return folder / SNAPSHOTS


@contextlib.contextmanager
def _lock(folder: Path, exclusive: bool):
    d = _dir(folder)
    if exclusive:
        d.mkdir(exist_ok=True)
    try:
        fh = open(d / ".lock", "a+")
    except OSError:  # no snapshots yet (or a read-only folder): nothing is being applied here
        yield
        return
    with fh:
        fcntl.flock(fh, fcntl.LOCK_EX if exclusive else fcntl.LOCK_SH)
        try:
            yield
        finally:
            fcntl.flock(fh, fcntl.LOCK_UN)


@contextlib.contextmanager
def reading(folder: str | Path):
    """Hold while reading a data folder's files: an apply never switches them meanwhile."""
    folder = Path(folder)
    if (_dir(folder) / JOURNAL).exists():
        with _lock(folder, exclusive=True):
            _recover(folder)
    with _lock(folder, exclusive=False):
        yield


def _write_json(path: Path, value) -> None:
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_text(json.dumps(value, ensure_ascii=False, indent=1), encoding="utf-8")
    os.replace(tmp, path)


def _index(folder: Path) -> list[Snapshot]:
    path = _dir(folder) / INDEX
    if not path.exists():
        return []
    return [Snapshot.from_json(d) for d in json.loads(path.read_text("utf-8"))["snapshots"]]


def _record(folder: Path, snap: Snapshot) -> None:
    snaps = [s for s in _index(folder) if s.id != snap.id] + [snap]
    _write_json(_dir(folder) / INDEX, {"snapshots": [s.as_json() for s in snaps]})


def _switch(folder: Path, snap: Snapshot) -> None:
    """Make the folder's data files those of ``snap`` (journal first, so a crash is finished later)."""
    _write_json(_dir(folder) / JOURNAL, snap.as_json())
    source = _dir(folder) / snap.id
    for name in FILES:
        if (source / name).is_file():
            tmp = folder / f".{name}.new"
            shutil.copyfile(source / name, tmp)
            os.replace(tmp, folder / name)
        elif (folder / name).exists():
            (folder / name).unlink()
    _record(folder, snap)
    (_dir(folder) / JOURNAL).unlink()


def _recover(folder: Path) -> None:
    journal = _dir(folder) / JOURNAL
    if journal.exists():
        _switch(folder, Snapshot.from_json(json.loads(journal.read_text("utf-8"))))


def _now() -> str:
    return datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def _next_id(snaps: list[Snapshot]) -> str:
    return f"{max((int(s.id) for s in snaps if s.id.isdigit()), default=0) + 1:04d}"


def _counts(data: Dataset) -> tuple[tuple[str, int], ...]:
    return tuple(sorted(data.counts().items()))


def _keep(folder: Path, files_from: Path, snaps: list[Snapshot], *, author: str, summary: str, initial: bool,
          store: str = "embedded", load_id: str = "", data: Dataset | None = None) -> Snapshot:
    """Copy a complete data folder into a new snapshot folder (not yet current); return its record."""
    sid = _next_id(snaps)
    tmp = _dir(folder) / f".new-{sid}"
    shutil.rmtree(tmp, ignore_errors=True)
    tmp.mkdir(parents=True)
    for name in FILES:
        if (files_from / name).is_file():
            shutil.copyfile(files_from / name, tmp / name)
    os.replace(tmp, _dir(folder) / sid)
    if data is None:
        data, _ = load(_dir(folder) / sid)
    return Snapshot(sid, _now(), author, summary, files_hash(_dir(folder) / sid), snaps[-1].id if snaps else "",
                    initial, store, load_id, _counts(data) if data is not None else ())


def _validated(data: Dataset, tmp: Path) -> Dataset:
    """Write ``data`` into ``tmp`` and read it back through the validator (InvalidData when it does not pass)."""
    write_csv_folder(data, tmp)
    checked, report = load(tmp)
    if checked is None:
        raise InvalidData(report)
    return checked


def _stale(folder: Path, base_hash: str, now: str, now_data: Dataset | None) -> StaleBase:
    base = next((s for s in reversed(_index(folder)) if s.hash == base_hash), None)
    base_data = load(_dir(folder) / base.id)[0] if base else None
    return StaleBase(base_hash, now, diff(base_data, now_data) if base_data is not None and now_data is not None
                     else None)


# --------------------------------------------------------------------------- the public API


def list_snapshots(folder: str | Path) -> tuple[Snapshot, ...]:
    """Every snapshot of a data folder, oldest first (empty before the first apply)."""
    folder = Path(folder)
    with reading(folder):
        return tuple(_index(folder))


def snapshot_data(folder: str | Path, snapshot_id: str) -> Dataset:
    """The dataset of one snapshot (``KeyError`` for an unknown id, ``InvalidData`` if its files do not validate)."""
    folder = Path(folder)
    if snapshot_id not in {s.id for s in list_snapshots(folder)}:
        raise KeyError(snapshot_id)
    data, report = load(_dir(folder) / snapshot_id)
    if data is None:
        raise InvalidData(report)
    return data


def history(folder: str | Path) -> tuple[tuple[Snapshot, Dataset], ...]:
    """Every snapshot with its dataset, oldest first (snapshots whose files no longer validate are left out)."""
    out = []
    for snap in list_snapshots(folder):
        data, _ = load(_dir(Path(folder)) / snap.id)
        if data is not None:
            out.append((snap, data))
    return tuple(out)


def last_change(folder: str | Path, rules=None):
    """What the latest snapshot changed against the one before (``graph.maintain.history.Since``), or None
    when the folder has fewer than two snapshots: the deck's "since the last meeting" slide."""
    from graph.maintain.history import since

    if not Path(folder).is_dir():
        return None
    steps = history(folder)
    if len(steps) < 2:
        return None
    (old_snap, old), (new_snap, new) = steps[-2], steps[-1]
    return since(old, new, rules, old_snap, new_snap)


def since_snapshot(folder: str | Path, snapshot_id: str, rules=None):
    """From a chosen snapshot to the folder's current data: gaps closed and opened per chain, firms added and
    removed (``graph.maintain.history.Since``; the 历史 page). ``KeyError`` for an unknown id."""
    from graph.maintain.history import since

    folder = Path(folder)
    snaps = {s.id: s for s in list_snapshots(folder)}
    old = snapshot_data(folder, snapshot_id)
    with reading(folder):
        now, now_hash = load(folder)[0], files_hash(folder)
    latest = next((s for s in reversed(list(snaps.values())) if s.hash == now_hash), None)
    return since(old, now if now is not None else old, rules, snaps[snapshot_id], latest)


def apply(folder: str | Path, data: Dataset, *, author: str, summary: str, base_hash: str | None = None) -> Snapshot:
    """Make ``data`` the folder's current data, atomically, as a new snapshot; return it.

    ``base_hash``: ``current_hash`` of the data the change was made from (the editor's download). When the
    folder's data changed since, ``StaleBase`` (with the diff) is raised and nothing changes; None skips the
    check. Invalid ``data`` raises ``InvalidData`` and nothing changes. Data equal to the current files
    makes no snapshot: the latest one is returned.
    """
    folder = Path(folder)
    with _lock(folder, exclusive=True):
        _recover(folder)
        now = files_hash(folder)
        if base_hash is not None and base_hash != now:
            raise _stale(folder, base_hash, now, load(folder)[0])
        snaps = _index(folder)
        with tempfile.TemporaryDirectory(prefix=".apply-", dir=_dir(folder)) as tmp:
            checked = _validated(data, Path(tmp))
            if not snaps or snaps[-1].hash != now:  # keep the data as found (first apply, or edited by hand)
                snaps.append(_keep(folder, folder, snaps, author="", summary="", initial=True))
                _record(folder, snaps[-1])
            if checked == load(folder)[0]:
                return snaps[-1]  # nothing to change
            snap = _keep(folder, Path(tmp), snaps, author=author, summary=summary, initial=False, data=checked)
        _switch(folder, snap)
        return snap


def neo4j_key(uri: str, user: str = "neo4j", password: str = "", database: str | None = None) -> str | None:
    """The id of the load Neo4j shows now (None when it holds no dataset): changes with every load."""
    from graph.neo4j import connect
    from graph.neo4j.writer import current_load

    with connect(uri, user, password) as driver, driver.session(database=database) as session:
        return current_load(session)


def apply_neo4j(uri: str, user: str, password: str, data: Dataset, records: str | Path, *, author: str,
                summary: str, base_hash: str | None = None, database: str | None = None) -> Snapshot:
    """Load ``data`` into the Neo4j at ``uri`` (the atomic load) and record it as a snapshot in ``records``.

    ``records``: a folder whose ``.snapshots/`` keeps Neo4j's snapshots (its own CSV files are not touched).
    ``base_hash``: ``dataset_hash`` of the data the change was made from; ``StaleBase`` when Neo4j's data
    changed since. Invalid data raises ``InvalidData`` before Neo4j is contacted for writing.
    """
    from graph.neo4j import Neo4jStore, connect, load_into_neo4j
    from graph.store import NoDataset

    records = Path(records)
    records.mkdir(parents=True, exist_ok=True)
    with _lock(records, exclusive=True):
        with tempfile.TemporaryDirectory(prefix=".apply-", dir=_dir(records)) as tmp:
            checked = _validated(data, Path(tmp))
            store = Neo4jStore(uri, user, password, database=database)
            try:
                try:
                    now_data = store.dataset()
                except NoDataset:
                    now_data = None
            finally:
                store.close()
            now = dataset_hash(now_data) if now_data is not None else ""
            snaps = [s for s in _index(records)]
            if base_hash is not None and base_hash != now:
                raise _stale(records, base_hash, now, now_data)
            if now_data is not None and (not snaps or snaps[-1].hash != now):
                with tempfile.TemporaryDirectory(prefix=".found-", dir=_dir(records)) as found:
                    write_csv_folder(now_data, found)
                    snaps.append(_keep(records, Path(found), snaps, author="", summary="", initial=True,
                                       store="neo4j", data=now_data))
                _record(records, snaps[-1])
            with connect(uri, user, password) as driver:
                stats = load_into_neo4j(driver, checked, database=database)
            snap = _keep(records, Path(tmp), snaps, author=author, summary=summary, initial=False, store="neo4j",
                         load_id=stats.load_id, data=checked)
        _record(records, snap)
        return snap
