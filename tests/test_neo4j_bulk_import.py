"""``chainmap neo4j import``: the offline bulk load into the project's own server, all or nothing.

Runs the real neo4j-admin and a real server in a temporary home (shared jars). The answers of an imported
database against every store question are checked by tests/test_contract.py (its ``neo4j-import`` store);
here: what the command does around that — validation first, the running server and an existing database
refused, ``--replace`` replacing, a failed import putting the previous database back.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from chainmap import cli
from chainmap import neo4j_server as ns
from chainmap.neo4j_server import bulk_import
from chainmap.neo4j_server.process import _free_ports
from graph.neo4j import Neo4jStore
from loaders import load_or_raise
from loaders.write import write_csv_folder
from tests.toy import toy_dataset

pytestmark = pytest.mark.neo4j
PASSWORD = "import-test-password"
LAOSHAN = "data/laoshan"


@pytest.fixture
def home(tmp_path, monkeypatch):
    monkeypatch.setenv(ns.PASSWORD_ENV, PASSWORD)
    ns.ensure_installed(ns.DEFAULT_HOME)
    home = tmp_path / "home"
    home.mkdir()
    (home / "lib").symlink_to(ns.DEFAULT_HOME / "lib", target_is_directory=True)
    yield home
    ns.stop(home)


def _import(home: Path, data: str, *extra: str) -> int:
    bolt, http = _free_ports(2)
    return cli.main(["neo4j", "import", data, "--home", str(home), "--bolt-port", str(bolt),
                     "--http-port", str(http), *extra])


def _counts(uri: str) -> dict[str, int]:
    store = Neo4jStore(uri, "neo4j", PASSWORD)
    try:
        return dict(store.info().counts)
    finally:
        store.close()


def test_import_validates_builds_starts_and_refuses_to_overwrite_without_replace(home, tmp_path, capsys):
    broken = tmp_path / "broken"
    write_csv_folder(toy_dataset(), broken)
    firms = broken / "firms.csv"
    firms.write_text(firms.read_text(encoding="utf-8").replace("a1", "no_such_segment", 1), encoding="utf-8")
    assert _import(home, str(broken)) == 1
    assert "firms.csv, row 2, column 'segments'" in capsys.readouterr().out
    assert not (home / "data" / "databases" / "neo4j").exists()  # invalid data: nothing built

    assert _import(home, LAOSHAN) == 0
    uri = capsys.readouterr().out.strip().splitlines()[-1]
    assert ns.status(home)["running"]
    assert _counts(uri) == load_or_raise(LAOSHAN).counts()

    assert _import(home, LAOSHAN) == 2  # the server is running
    assert "stop it first" in capsys.readouterr().err
    ns.stop(home)
    assert _import(home, str(tmp_path / "nowhere")) == 1
    assert _import(home, LAOSHAN) == 2  # a database exists
    assert "--replace" in capsys.readouterr().err


def test_replace_replaces_and_a_failed_import_puts_the_previous_database_back(home, tmp_path, capsys, monkeypatch):
    toy = tmp_path / "toy"
    write_csv_folder(toy_dataset(), toy)
    assert _import(home, LAOSHAN) == 0
    ns.stop(home)

    monkeypatch.setattr(bulk_import, "ADMIN_CLASS", "org.neo4j.NoSuchAdminTool")  # neo4j-admin fails half-way
    assert _import(home, str(toy), "--replace") == 2
    err = capsys.readouterr().err
    assert "neo4j-admin database import" in err and "back in place" in err
    monkeypatch.undo()
    monkeypatch.setenv(ns.PASSWORD_ENV, PASSWORD)
    uri = ns.start(home, bolt_port=_free_ports(1)[0], http_port=_free_ports(1)[0])
    assert _counts(uri) == load_or_raise(LAOSHAN).counts()  # the previous database, whole
    ns.stop(home)

    assert _import(home, str(toy), "--replace") == 0
    uri = capsys.readouterr().out.strip().splitlines()[-1]
    assert _counts(uri) == toy_dataset().counts()
