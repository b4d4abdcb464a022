"""The app as a process, for browser tests and benches: ``streamlit run app.py`` on a free local port, its
health check, its stop, and the page states a browser waits for."""

from __future__ import annotations

import contextlib
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
APP_READY = "[data-testid='stApp'][data-test-script-state='notRunning']"
GRAPH_DRAWN = "div.chainmap-graph[data-drawn='true']"  # the component's host div (Playwright pierces shadow roots)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_for_health(url: str, proc: subprocess.Popen, timeout: float, log: Path) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"streamlit exited with {proc.returncode}:\n{log.read_text(errors='replace')[-4000:]}")
        try:
            with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as r:
                if r.status == 200:
                    return
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            pass
        time.sleep(0.25)
    raise RuntimeError(f"streamlit not healthy after {timeout:.0f} s:\n{log.read_text(errors='replace')[-4000:]}")


def start_streamlit(log: Path, env: dict[str, str] | None = None, timeout: float = 90.0) -> tuple[subprocess.Popen, str]:
    """Start ``app.py`` on a free local port; return the process and its URL once ``/_stcore/health`` answers."""
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    cmd = [sys.executable, "-m", "streamlit", "run", "app.py", "--server.headless", "true",
           "--server.address", "127.0.0.1", "--server.port", str(port), "--browser.gatherUsageStats", "false",
           # Other work in the tree must not trigger reruns or a "File change" banner mid-test.
           "--server.fileWatcherType", "none"]
    with log.open("wb") as out:
        proc = subprocess.Popen(cmd, cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT)
    try:
        wait_for_health(url, proc, timeout, log)
    except BaseException:
        stop(proc)
        raise
    return proc, url


def stop(proc: subprocess.Popen) -> None:
    if proc.poll() is None:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


def embedded_env(**extra: str) -> dict[str, str]:
    """This process's environment without ``NEO4J_URI`` (the app reads a data folder), plus ``extra``."""
    import os

    env = {k: v for k, v in os.environ.items() if k != "NEO4J_URI"}
    env.update(extra)
    return env


@contextlib.contextmanager
def running_app(log: Path, env: dict[str, str] | None = None) -> Iterator[tuple[subprocess.Popen, str]]:
    """The app running (``start_streamlit``) for the ``with`` block, stopped after it: (process, URL)."""
    proc, url = start_streamlit(log, env=env)
    try:
        yield proc, url
    finally:
        stop(proc)
