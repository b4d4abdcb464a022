"""`chainmap neo4j start|stop|status` on a password-protected local server, and the app on Neo4j:
store kind and as-of date in the sidebar; wrong password, no dataset and a stopped server each give
a clear message in the page (no traceback). Real server, no mocks."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import streamlit as st
from streamlit.testing.v1 import AppTest

from chainmap import neo4j_server as ns
from chainmap.neo4j_server import process
from chainmap.cli import main

pytestmark = pytest.mark.neo4j

REPO = Path(__file__).resolve().parent.parent
APP = REPO / "app.py"
PASSWORD = "chainmap-test-pw-1"


def run_app(monkeypatch, uri: str, password: str) -> AppTest:
    monkeypatch.setenv("NEO4J_URI", uri)
    monkeypatch.setenv("NEO4J_USER", "neo4j")
    monkeypatch.setenv("NEO4J_PASSWORD", password)
    st.cache_resource.clear()  # the app keeps one store per process; these runs change its settings
    return AppTest.from_file(str(APP), default_timeout=60).run()


@pytest.fixture(autouse=True)
def fresh_store_cache():
    st.cache_resource.clear()
    yield
    st.cache_resource.clear()  # leave no Neo4j store behind for the embedded app tests


def page_error(at: AppTest) -> str:
    assert not at.exception, [e.value for e in at.exception]
    assert len(at.error) == 1, [e.value for e in at.error]
    return at.error[0].value


def test_start_without_a_password_is_a_clear_error(tmp_path, monkeypatch, capsys):
    monkeypatch.delenv("NEO4J_PASSWORD", raising=False)
    assert main(["neo4j", "start", "--home", str(tmp_path / "home")]) == 2
    err = capsys.readouterr().err
    assert "NEO4J_PASSWORD" in err and "no default password" in err
    assert not ns.status(tmp_path / "home")["running"]


def test_app_with_no_server_listening_says_so(monkeypatch):
    at = run_app(monkeypatch, f"bolt://127.0.0.1:{ns.free_port()}", PASSWORD)
    message = page_error(at)
    assert "无法连接数据库" in message and "not reachable" in message and "chainmap neo4j start" in message


@pytest.mark.skipif(shutil.which("java") is None, reason="needs Java 17 on PATH")
def test_server_lifecycle_from_the_cli_and_the_app_on_it(tmp_path, monkeypatch, capsys):
    ns.ensure_installed(ns.DEFAULT_HOME)
    home = tmp_path / "home"
    home.mkdir()
    (home / "lib").symlink_to(ns.DEFAULT_HOME / "lib", target_is_directory=True)
    bolt, http = process._free_ports(2)
    monkeypatch.setenv("NEO4J_PASSWORD", PASSWORD)
    where = ["--home", str(home)]
    try:
        assert main(["neo4j", "start", *where, "--bolt-port", str(bolt), "--http-port", str(http),
                     "--heap", "512m", "--pagecache", "128m"]) == 0
        uri = capsys.readouterr().out.strip().splitlines()[-1]
        assert uri == f"bolt://127.0.0.1:{bolt}"
        assert main(["neo4j", "status", *where]) == 0
        assert capsys.readouterr().out.startswith("running, pid ")

        assert "rejected user 'neo4j'" in page_error(run_app(monkeypatch, uri, "wrong-password"))
        assert "holds no chainmap dataset" in page_error(run_app(monkeypatch, uri, PASSWORD))

        monkeypatch.setenv("NEO4J_URI", uri)
        assert main(["load", str(REPO / "data" / "laoshan")]) == 0
        capsys.readouterr()
        at = run_app(monkeypatch, uri, PASSWORD)
        assert not at.exception and not at.error
        captions = [c.value for c in at.sidebar.caption]
        assert f"数据存储: Neo4j 数据库 · {uri}" in captions
        assert "数据截至: 2026-11-28" in captions
        assert at.title[0].value == "人工智能"
        assert {m.label: m.value for m in at.metric} == {"环节": "10", "本地企业": "9", "无本地企业的环节": "3"}

        assert main(["neo4j", "stop", *where]) == 0
        assert capsys.readouterr().out.strip() == "stopped"
        assert main(["neo4j", "status", *where]) == 3
        assert "not reachable" in page_error(run_app(monkeypatch, uri, PASSWORD))
    finally:
        ns.stop(home)
