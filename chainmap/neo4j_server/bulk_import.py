"""``chainmap neo4j import``: a validated Dataset into the local server's database with ``neo4j-admin database import``.

The offline bulk path for a first (or a wholesale) load of a big dataset, many times faster than ``chainmap load``
(measured by ``bench/load.py --import``). It needs the server of the home stopped, and it is all or nothing at
the level of the database's files:

1. the import files are written (``graph.neo4j.bulk``: the same graph the online writer makes, one load id,
   its Meta node with the verified counts, the ``Current`` pointer);
2. an existing database is moved aside (only with ``replace=True``; without it an existing database is refused);
3. ``neo4j-admin database import full`` builds the new database;
4. the server is started, the constraints and search indexes are created (they index the imported nodes), and
   the node and relationship counts are checked against the dataset;
5. only then the database moved aside is deleted. If any step fails, the new files are removed, the previous
   database is put back and the error says which step failed.

The server is left running (the app and ``chainmap gaps`` can use it at once).
"""

from __future__ import annotations

import contextlib
import os
import shutil
import subprocess
import tempfile
import time
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path

from chainmap.neo4j_server.install import _java_env, ensure_installed, write_conf
from chainmap.neo4j_server.layout import ADMIN_CLASS, DEFAULT_BOLT_PORT, DEFAULT_HOME, DEFAULT_HTTP_PORT, PASSWORD_ENV, \
    Neo4jServerError, _FAST_STOP_CONF, _data_dir, _home, _tail_text
from chainmap.neo4j_server.process import _free_ports, start, status, stop
from graph.model import Dataset

DATABASE = "neo4j"


@dataclass(frozen=True)
class ImportStats:
    uri: str
    load_id: str
    rows: int  # dataset records imported (all kinds)
    files_seconds: float  # writing the import files
    import_seconds: float  # neo4j-admin database import
    index_seconds: float  # start, constraints and search indexes, count check
    seconds: float  # the whole call

    @property
    def rows_per_s(self) -> float:
        return self.rows / self.seconds if self.seconds > 0 else 0.0


def _database_dirs(home: Path) -> tuple[Path, Path]:
    data = _data_dir(home)
    return data / "databases" / DATABASE, data / "transactions" / DATABASE


def import_dataset(
    home: Path | str,
    data: Dataset,
    *,
    replace: bool = False,
    auth: bool = True,
    password: str | None = None,
    bolt_port: int = DEFAULT_BOLT_PORT,
    http_port: int = DEFAULT_HTTP_PORT,
    heap: str = "1g",
    pagecache: str = "512m",
    import_memory: str = "2g",
    extra_conf: Mapping[str, str] | None = None,
    progress: Callable[[str], None] | None = None,
) -> ImportStats:
    """Import ``data`` (validated) into the database of the stopped server of ``home``; start the server.

    Raises:
        Neo4jServerError: the server is running, a database exists and ``replace`` is false, or a step failed
            (the previous database, if any, is back in place).
    """
    from neo4j import GraphDatabase

    from graph.neo4j.bulk import write_import_files
    from graph.neo4j.writer import count_load, create_constraints, new_load_id, search_caught_up

    say = progress or (lambda _text: None)
    home = _home(home)
    started = time.monotonic()
    if status(home)["running"]:
        raise Neo4jServerError(f"the Neo4j server of {home} is running; stop it first (chainmap neo4j stop), "
                               "or load into the running server with chainmap load (online, atomic)")
    ensure_installed(home)
    write_conf(home, bolt_port, http_port, auth=auth, heap=heap, pagecache=pagecache, extra=extra_conf)
    database, transactions = _database_dirs(home)
    if database.exists() and not replace:
        raise Neo4jServerError(f"{home} already has a database ({database}); chainmap neo4j import replaces it only "
                               "with --replace (or load into the running server with chainmap load)")
    work = home / "import"
    aside = _data_dir(home) / "before-import"
    shutil.rmtree(work, ignore_errors=True)
    shutil.rmtree(aside, ignore_errors=True)
    moved: list[tuple[Path, Path]] = []
    step = "writing the import files"
    try:
        load_id = new_load_id()
        say(f"{step} ...")
        files = write_import_files(data, work, load_id)
        files_done = time.monotonic()
        for path in (database, transactions):
            if path.exists():
                target = aside / path.parent.name
                target.parent.mkdir(parents=True, exist_ok=True)
                path.rename(target)
                moved.append((target, path))
        step = "neo4j-admin database import"
        say(f"{step}: {files.rows:,} records ...")
        # (The file lists take several values each: the options after them end a list.)
        cmd = ["java", f"-Xmx{heap}", "-cp", f"{home / 'lib'}/*", ADMIN_CLASS, "database", "import", "full",
               *files.arguments(), "--array-delimiter=U+001F", "--multiline-fields=true", "--id-type=string",
               f"--max-off-heap-memory={import_memory}", f"--report-file={work / 'import.report'}",
               DATABASE]
        done = subprocess.run(cmd, cwd=home, env=_java_env(home), stdin=subprocess.DEVNULL, capture_output=True,
                              text=True, check=False)
        if done.returncode != 0:
            raise Neo4jServerError(f"exit {done.returncode}:\n{_tail_text(done.stdout + done.stderr, 25)}")
        imported = time.monotonic()
        step = "starting the server and indexing"
        say(f"{step} ...")
        uri = start(home, bolt_port=bolt_port, http_port=http_port, auth=auth, password=password, heap=heap,
                    pagecache=pagecache, extra_conf=extra_conf)
        try:
            user_auth = None if not auth else ("neo4j", password or _password_from_env())
            with GraphDatabase.driver(uri, auth=user_auth) as driver, driver.session() as session:
                t = time.monotonic()
                say(f"server up in {t - imported:.1f} s; constraints and search indexes ...")
                create_constraints(session)
                search_caught_up(session)
                step = "checking the counts"
                say(f"indexes online in {time.monotonic() - t:.1f} s; {step} ...")
                t = time.monotonic()
                got = count_load(session, load_id)
                say(f"counts checked in {time.monotonic() - t:.1f} s")
            if got != (files.node_counts, files.relationship_counts):
                raise Neo4jServerError(f"the imported database does not hold the dataset: {got} != "
                                       f"{(files.node_counts, files.relationship_counts)}")
        except BaseException:
            stop(home)
            raise
    except BaseException as exc:
        shutil.rmtree(database, ignore_errors=True)
        shutil.rmtree(transactions, ignore_errors=True)
        for target, path in moved:
            target.rename(path)
        if isinstance(exc, Neo4jServerError):
            raise Neo4jServerError(f"chainmap neo4j import failed while {step}; the previous database (if any) "
                                   f"is back in place: {exc}") from exc
        raise
    finally:
        shutil.rmtree(work, ignore_errors=True)
    shutil.rmtree(aside, ignore_errors=True)
    end = time.monotonic()
    return ImportStats(uri, load_id, files.rows, files_done - started, imported - files_done, end - imported,
                       end - started)


def _password_from_env() -> str:
    password = os.environ.get(PASSWORD_ENV)
    if not password:
        raise Neo4jServerError(f"set {PASSWORD_ENV} (the password of user neo4j)")
    return password


@contextlib.contextmanager
def throwaway_import(data: Dataset, shared_home: Path | str = DEFAULT_HOME, heap: str = "1g",
                     pagecache: str = "512m", progress: Callable[[str], None] | None = None) -> Iterator[ImportStats]:
    """``import_dataset`` into a disposable home (as ``throwaway_server``: shared jars, free ports, no
    authentication); yields the stats (``.uri``), then stops the server and deletes the home."""
    shared_home = _home(shared_home)
    ensure_installed(shared_home)
    tmp = Path(tempfile.mkdtemp(prefix="chainmap-import-"))
    try:
        (tmp / "lib").symlink_to(shared_home / "lib", target_is_directory=True)
        bolt_port, http_port = _free_ports(2)
        stats = import_dataset(tmp, data, auth=False, bolt_port=bolt_port, http_port=http_port, heap=heap,
                               pagecache=pagecache, extra_conf=_FAST_STOP_CONF, progress=progress)
        try:
            yield stats
        finally:
            stop(tmp)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
