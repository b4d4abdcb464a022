"""Real tests of chainmap.neo4j_server: they start Neo4j 5.26 on Java 17 (no mocks).

The jars come from Maven Central into .neo4j/lib on first use (ensure_installed);
each server start takes ~8-10 s on 2 cores.
"""

from __future__ import annotations

import shutil
import time
from pathlib import Path

import pytest
from neo4j import GraphDatabase

from chainmap import neo4j_server as ns
from chainmap.neo4j_server import layout, process

pytestmark = [
    pytest.mark.neo4j,
    pytest.mark.skipif(shutil.which("java") is None, reason="Neo4j needs Java 17 on PATH"),
]


def _server_home(uri: str, auth: tuple[str, str] | None = None) -> Path:
    """Ask a running server for its home directory."""
    with GraphDatabase.driver(uri, auth=auth) as driver:
        records, _, _ = driver.execute_query(
            "SHOW SETTINGS YIELD name, value WHERE name = 'server.directories.neo4j_home' RETURN value"
        )
    return Path(records[0]["value"])


def _gone(pid: int, timeout: float = 10) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if not process._pid_alive(pid):
            return True
        time.sleep(0.1)
    return False


def test_throwaway_server_answers_query_and_stops() -> None:
    with ns.throwaway_server() as uri:
        assert uri.startswith("bolt://127.0.0.1:")
        home = _server_home(uri)
        info = ns.status(home)
        assert info["running"] and info["uri"] == uri
        pid = info["pid"]
        assert (home / "lib").is_symlink(), "throwaway servers reuse the shared jars"
        with GraphDatabase.driver(uri) as driver:
            records, _, _ = driver.execute_query("CREATE (n:T {x:1}) RETURN n.x AS x")
        assert records[0]["x"] == 1
    assert _gone(pid), f"Neo4j process {pid} still alive after the context exited"
    assert not home.exists(), "temporary home was not deleted"
    assert (ns.DEFAULT_HOME / "lib").is_dir(), "the shared jars must survive"


def test_start_with_password_status_restart_and_stop(tmp_path: Path) -> None:
    ns.ensure_installed(ns.DEFAULT_HOME)
    home = tmp_path / "home"
    home.mkdir()
    (home / "lib").symlink_to(ns.DEFAULT_HOME / "lib", target_is_directory=True)
    bolt, http = process._free_ports(2)
    password = "test-password-1"
    try:
        uri = ns.start(home, bolt_port=bolt, http_port=http, password=password, extra_conf=layout._FAST_STOP_CONF)
        assert uri == f"bolt://127.0.0.1:{bolt}"
        info = ns.status(home)
        assert info["running"] and info["uri"] == uri
        # Already running: returns at once, starts nothing new.
        assert ns.start(home, bolt_port=bolt, http_port=http, password=password) == uri
        assert ns.status(home)["pid"] == info["pid"]
        with GraphDatabase.driver(uri, auth=("neo4j", password)) as driver:
            records, _, _ = driver.execute_query("RETURN 41 + 1 AS x")
        assert records[0]["x"] == 42
        with pytest.raises(ns.Neo4jServerError, match="rejected the credentials"):
            ns.start(home, bolt_port=bolt, http_port=http, password="not-the-password")
        assert ns.stop(home) is True
        assert _gone(info["pid"])
        assert ns.status(home) == {"running": False, "pid": None, "uri": None, "home": str(home.resolve())}
        assert ns.stop(home) is False
    finally:
        ns.stop(home)


def test_password_rules(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.delenv(ns.PASSWORD_ENV, raising=False)
    with pytest.raises(ns.Neo4jServerError, match=ns.PASSWORD_ENV):
        ns.start(tmp_path, auth=True)
    with pytest.raises(ValueError, match="at least 8"):
        ns.set_initial_password(tmp_path, "short")
    assert not any(tmp_path.iterdir()), "a refused start must not touch the home"


def test_free_port_is_bindable() -> None:
    import socket

    port = ns.free_port()
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", port))
