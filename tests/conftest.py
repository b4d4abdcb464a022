"""Shared fixtures. The browser fixtures live in tests/browser.py (also used by bench/render.py)."""

from tests.browser import browser_context, chromium, external_requests, page, streamlit_app  # noqa: F401

# --------------------------------------------------------------------------- Neo4j
import contextlib  # noqa: E402
import os  # noqa: E402
import shutil  # noqa: E402

import pytest  # noqa: E402


def _in_ci() -> bool:
    return os.environ.get("CI", "").lower() == "true"


@pytest.fixture(scope="session")
def neo4j_uri():
    """Bolt URI of the Neo4j the tests use: $NEO4J_URI if set, else one throwaway server per session.

    With NEO4J_URI set, the tests REPLACE the dataset held by that database (use a scratch server).
    Without it, ``chainmap.neo4j_server.throwaway_server()`` starts a local server (auth off, free
    port) once and stops it after the session; if that is impossible the Neo4j tests skip, and in CI
    (CI=true) a skip of a ``neo4j`` test is turned into a failure (see pytest_runtest_makereport).
    """
    uri = os.environ.get("NEO4J_URI", "").strip()
    if uri:
        yield uri
        return
    from chainmap import neo4j_server as ns

    if shutil.which("java") is None:
        pytest.skip("Neo4j tests need Java 17 on PATH (or NEO4J_URI pointing at a server)")
    with contextlib.ExitStack() as stack:
        try:
            uri = stack.enter_context(ns.throwaway_server())
        except (ns.Neo4jServerError, OSError) as exc:
            pytest.skip(f"could not start a throwaway Neo4j server: {exc}")
        yield uri


@pytest.fixture(scope="session")
def neo4j_auth(neo4j_uri) -> tuple[str, str]:
    """(user, password) for ``neo4j_uri``; the throwaway server has auth disabled (empty password)."""
    if os.environ.get("NEO4J_URI", "").strip():
        return os.environ.get("NEO4J_USER", "neo4j"), os.environ.get("NEO4J_PASSWORD", "")
    return "neo4j", ""


@pytest.fixture(scope="session")
def neo4j_driver(neo4j_uri, neo4j_auth):
    from neo4j import GraphDatabase

    user, password = neo4j_auth
    with GraphDatabase.driver(neo4j_uri, auth=(user, password) if password else None) as driver:
        yield driver


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    """In CI, a skipped ``neo4j`` or ``browser`` test is a failure: CI must run them all."""
    outcome = yield
    report = outcome.get_result()
    if not (report.skipped and _in_ci()) or hasattr(report, "wasxfail"):
        return
    marker = next((m for m in ("neo4j", "browser") if item.get_closest_marker(m)), None)
    if marker is None:
        return
    reason = report.longrepr[2] if isinstance(report.longrepr, tuple) else str(report.longrepr)
    report.outcome = "failed"
    report.longrepr = f"CI=true: a skipped '{marker}' test is a failure. Skip reason: {reason}"
