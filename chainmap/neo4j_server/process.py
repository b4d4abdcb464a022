"""Start, stop and inspect a local Neo4j server process; throwaway servers for tests and benchmarks."""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import signal
import socket
import subprocess
import tempfile
import time
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any

from chainmap.neo4j_server.install import _java_env, ensure_installed, owner_only, set_initial_password, write_conf
from chainmap.neo4j_server.layout import (
    DEFAULT_BOLT_PORT,
    DEFAULT_HOME,
    DEFAULT_HTTP_PORT,
    MAIN_CLASS,
    MIN_PASSWORD_LENGTH,
    PASSWORD_ENV,
    Neo4jServerError,
    _CHILDREN,
    _FAST_STOP_CONF,
    _JVM_OPTIONS,
    _PASSWORD_MARKER,
    _PID_FILE,
    _STATE_FILE,
    _conf_dir,
    _console_log,
    _data_dir,
    _home,
    _logs_dir,
    _run_dir,
    bolt_uri,
)

# --------------------------------------------------------------------------- process helpers


def free_port() -> int:
    """Return a TCP port on 127.0.0.1 that is free right now (bind to port 0)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _free_ports(count: int) -> list[int]:
    socks = []
    try:
        for _ in range(count):
            sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
            sock.bind(("127.0.0.1", 0))
            socks.append(sock)
        return [int(s.getsockname()[1]) for s in socks]
    finally:
        for sock in socks:
            sock.close()


def _port_in_use(port: int) -> bool:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.settimeout(0.5)
        return sock.connect_ex(("127.0.0.1", port)) == 0


def _reap(pid: int) -> None:
    """Collect the exit status of ``pid`` if it is our child (avoids zombies)."""
    proc = _CHILDREN.get(pid)
    if proc is not None:
        if proc.poll() is not None:
            _CHILDREN.pop(pid, None)
        return
    with contextlib.suppress(ChildProcessError, OSError):
        os.waitpid(pid, os.WNOHANG)


def _pid_alive(pid: int) -> bool:
    _reap(pid)
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
        if stat.rsplit(")", 1)[1].split()[0] == "Z":
            return False
    except (OSError, IndexError):
        pass
    return True


def _is_our_server(pid: int, home: Path) -> bool:
    """True if ``pid`` is alive and is a Neo4j server for ``home`` (guards against pid reuse)."""
    if not _pid_alive(pid):
        return False
    try:
        cmdline = Path(f"/proc/{pid}/cmdline").read_bytes().split(b"\0")
    except OSError:
        return True
    args = [a.decode(errors="replace") for a in cmdline]
    return MAIN_CLASS in args and f"--home-dir={home}" in args


def _read_pid(home: Path) -> int | None:
    try:
        return int((_run_dir(home) / _PID_FILE).read_text().strip())
    except (OSError, ValueError):
        return None


def _read_state(home: Path) -> dict[str, Any]:
    try:
        return dict(json.loads((_run_dir(home) / _STATE_FILE).read_text(encoding="utf-8")))
    except (OSError, ValueError):
        return {}


def _clear_run_files(home: Path) -> None:
    for name in (_PID_FILE, _STATE_FILE):
        (_run_dir(home) / name).unlink(missing_ok=True)


_START_BANNER = "=== chainmap start "


def _console_tail(home: Path, head: int = 15, tail: int = 30) -> str:
    """Console output of the latest start: its first ``head`` and last ``tail`` lines."""
    try:
        text = _console_log(home).read_text(encoding="utf-8", errors="replace")
    except OSError:
        return "(no console.log)"
    text = text[text.rfind(_START_BANNER) :] if _START_BANNER in text else text
    lines = text.rstrip().splitlines()[1:] if text.startswith(_START_BANNER) else text.rstrip().splitlines()
    if not lines:
        return "(no console output yet)"
    if len(lines) > head + tail:
        lines = [*lines[:head], f"[... {len(lines) - head - tail} lines ...]", *lines[-tail:]]
    return "\n".join(lines)


def _bolt_ready(uri: str, auth: tuple[str, str] | None) -> bool:
    """One connectivity probe. Raises Neo4jServerError on a wrong password."""
    from neo4j import GraphDatabase
    from neo4j.exceptions import AuthError, Neo4jError, ServiceUnavailable, SessionExpired

    try:
        with GraphDatabase.driver(uri, auth=auth, connection_timeout=2.0, max_connection_lifetime=30) as driver:
            driver.verify_connectivity()
            # Bolt can answer a moment before the default database is online.
            driver.execute_query("RETURN 1")
        return True
    except AuthError as exc:
        raise Neo4jServerError(f"Neo4j at {uri} rejected the credentials: {exc}") from exc
    except (ServiceUnavailable, SessionExpired, OSError):
        return False
    except Neo4jError as exc:
        # e.g. DatabaseUnavailable while the system database is still being created.
        if getattr(exc, "code", "") and "Unavailable" in str(getattr(exc, "code", "")):
            return False
        raise


def _auth_tuple(auth: bool, password: str | None) -> tuple[str, str] | None:
    if not auth:
        return None
    password = password if password is not None else os.environ.get(PASSWORD_ENV)
    if not password:
        raise Neo4jServerError(
            f"Neo4j authentication is enabled but no password was given. Set the {PASSWORD_ENV} "
            f"environment variable (at least {MIN_PASSWORD_LENGTH} characters), e.g. "
            f"`export {PASSWORD_ENV}='choose-a-password'`, or pass password=... ."
        )
    return ("neo4j", password)


# --------------------------------------------------------------------------- start / stop / status


def start(
    home: Path | str = DEFAULT_HOME,
    bolt_port: int = DEFAULT_BOLT_PORT,
    http_port: int = DEFAULT_HTTP_PORT,
    auth: bool = True,
    password: str | None = None,
    wait: float = 120,
    heap: str = "512m",
    pagecache: str = "256m",
    extra_conf: Mapping[str, str] | None = None,
) -> str:
    """Start the Neo4j server of ``home`` in the background and wait until Bolt answers.

    Installs the jars first if needed (:func:`ensure_installed`).  If the server of
    ``home`` is already running and answers on Bolt, nothing is started and the URI
    of the running server is returned (its ports may differ from the arguments).

    Args:
        home: Neo4j home directory.
        bolt_port: Bolt port on 127.0.0.1.
        http_port: HTTP port on 127.0.0.1.
        auth: Enable authentication (user ``neo4j``).  ``False`` only for throwaway servers.
        password: Password of ``neo4j``; defaults to ``$NEO4J_PASSWORD``.  There is no
            default password.  It is set as the initial password before the first start.
        wait: Seconds to wait for Bolt to answer.  Measured ~8-10 s on 2 cores, the
            first start (which creates the system database) included; slow disks or
            a busy machine can make it several times longer.
        heap: JVM heap (``-Xms``/``-Xmx``).
        pagecache: ``server.memory.pagecache.size``.
        extra_conf: Additional ``neo4j.conf`` settings.

    Returns:
        The Bolt URI, ``bolt://127.0.0.1:<bolt_port>``.

    Raises:
        Neo4jServerError: No password with ``auth=True``, port taken, the process died
            or Bolt did not answer within ``wait`` seconds (message includes the tail
            of ``logs/console.log``), or wrong credentials.
    """
    home = _home(home)
    creds = _auth_tuple(auth, password)

    pid = _read_pid(home)
    if pid is not None and _is_our_server(pid, home):
        state = _read_state(home)
        uri = str(state.get("uri") or bolt_uri(bolt_port))
        running_creds = creds
        if running_creds is None and state.get("auth", False):
            running_creds = _auth_tuple(True, password)
        _wait_ready(home, pid, uri, running_creds, wait, proc=_CHILDREN.get(pid))
        return uri
    if pid is not None:
        _clear_run_files(home)

    for port in (bolt_port, http_port):
        if _port_in_use(port):
            raise Neo4jServerError(f"Port {port} on 127.0.0.1 is already in use; choose another port or stop that process.")

    ensure_installed(home)
    write_conf(home, bolt_port, http_port, auth=auth, heap=heap, pagecache=pagecache, extra=extra_conf)
    for directory in (_data_dir(home), _logs_dir(home), _run_dir(home)):
        directory.mkdir(parents=True, exist_ok=True)

    # The marker lives in data/, so deleting data/ (a fresh database) also resets it.
    if creds is not None and not (_data_dir(home) / _PASSWORD_MARKER).exists():
        if (_data_dir(home) / "databases" / "system").exists():
            raise Neo4jServerError(
                f"{home} already has a system database created without a chainmap-set password "
                "(e.g. it was first started with auth disabled). The initial password can only be "
                f"set before the first start: delete {_data_dir(home)} to start over, or start with auth=False."
            )
        set_initial_password(home, creds[1])

    cmd = [
        "java",
        f"-Xms{heap}",
        f"-Xmx{heap}",
        *_JVM_OPTIONS,
        "-cp",
        f"{home / 'lib'}/*",
        MAIN_CLASS,
        f"--home-dir={home}",
        f"--config-dir={_conf_dir(home)}",
        "--console-mode",
    ]
    console = _console_log(home)
    with console.open("ab") as log:
        log.write(f"\n{_START_BANNER}{time.strftime('%Y-%m-%d %H:%M:%S')} ===\n".encode())
        log.flush()
        proc = subprocess.Popen(
            cmd,
            cwd=home,
            env=_java_env(home),
            stdin=subprocess.DEVNULL,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
            close_fds=True,
        )
    _CHILDREN[proc.pid] = proc
    uri = bolt_uri(bolt_port)
    (_run_dir(home) / _PID_FILE).write_text(f"{proc.pid}\n", encoding="utf-8")
    state = {
        "pid": proc.pid,
        "uri": uri,
        "bolt_port": bolt_port,
        "http_port": http_port,
        "auth": auth,
        "started_at": time.time(),
    }
    (_run_dir(home) / _STATE_FILE).write_text(json.dumps(state, indent=1), encoding="utf-8")
    try:
        _wait_ready(home, proc.pid, uri, creds, wait, proc=proc)
    except BaseException:
        stop(home, timeout=30)
        raise
    owner_only(home)
    return uri


def _wait_ready(
    home: Path,
    pid: int,
    uri: str,
    creds: tuple[str, str] | None,
    wait: float,
    proc: subprocess.Popen[bytes] | None = None,
) -> None:
    deadline = time.monotonic() + wait
    while True:
        if proc is not None and proc.poll() is not None:
            _CHILDREN.pop(pid, None)
            _clear_run_files(home)
            raise Neo4jServerError(
                f"Neo4j exited with code {proc.returncode} during start-up. Tail of {_console_log(home)}:\n"
                f"{_console_tail(home)}"
            )
        if proc is None and not _pid_alive(pid):
            _clear_run_files(home)
            raise Neo4jServerError(f"Neo4j (pid {pid}) died during start-up. Tail of {_console_log(home)}:\n{_console_tail(home)}")
        if _bolt_ready(uri, creds):
            return
        if time.monotonic() >= deadline:
            raise Neo4jServerError(
                f"Neo4j did not answer on {uri} within {wait:.0f} s. Tail of {_console_log(home)}:\n{_console_tail(home)}"
            )
        time.sleep(0.5)


def stop(home: Path | str = DEFAULT_HOME, timeout: float = 60) -> bool:
    """Stop the server of ``home``: SIGTERM, wait up to ``timeout`` s, then SIGKILL.

    Returns:
        True if a running server was stopped, False if none was running.
    """
    home = _home(home)
    pid = _read_pid(home)
    if pid is None or not _is_our_server(pid, home):
        _clear_run_files(home)
        _CHILDREN.pop(pid or -1, None)
        return False
    with contextlib.suppress(ProcessLookupError):
        os.kill(pid, signal.SIGTERM)
    deadline = time.monotonic() + timeout
    while _pid_alive(pid) and time.monotonic() < deadline:
        time.sleep(0.2)
    if _pid_alive(pid):
        with contextlib.suppress(ProcessLookupError):
            os.kill(pid, signal.SIGKILL)
        kill_deadline = time.monotonic() + 10
        while _pid_alive(pid) and time.monotonic() < kill_deadline:
            time.sleep(0.1)
    proc = _CHILDREN.pop(pid, None)
    if proc is not None:
        with contextlib.suppress(subprocess.TimeoutExpired):
            proc.wait(timeout=5)
    _clear_run_files(home)
    return True


def status(home: Path | str = DEFAULT_HOME) -> dict[str, Any]:
    """Return ``{"running": bool, "pid": int | None, "uri": str | None, "home": str}``.

    ``running`` means the recorded process is alive and is a Neo4j server of
    ``home``; it does not probe Bolt (a server may still be starting).
    """
    home = _home(home)
    pid = _read_pid(home)
    running = pid is not None and _is_our_server(pid, home)
    state = _read_state(home) if running else {}
    return {
        "running": running,
        "pid": pid if running else None,
        "uri": state.get("uri") if running else None,
        "home": str(home),
    }


@contextlib.contextmanager
def throwaway_server(
    shared_home: Path | str = DEFAULT_HOME, wait: float = 120, heap: str = "512m", pagecache: str = "256m"
) -> Iterator[str]:
    """Run a disposable Neo4j server for tests and yield its Bolt URI.

    The server lives in a fresh temporary home whose ``lib`` is a symlink to
    ``shared_home/lib`` (Maven runs at most once, for the shared home), listens on
    free ports and has authentication disabled.  On exit it is stopped and the
    temporary home is deleted.  ``heap`` and ``pagecache`` are passed to :func:`start`
    (benchmarks loading hundreds of thousands of rows want more than the defaults).
    """
    shared_home = _home(shared_home)
    ensure_installed(shared_home)
    tmp = Path(tempfile.mkdtemp(prefix="chainmap-neo4j-"))
    try:
        (tmp / "lib").symlink_to(shared_home / "lib", target_is_directory=True)
        bolt_port, http_port = _free_ports(2)
        uri = start(tmp, bolt_port=bolt_port, http_port=http_port, auth=False, wait=wait, heap=heap,
                    pagecache=pagecache, extra_conf=_FAST_STOP_CONF)
        try:
            yield uri
        finally:
            stop(tmp)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
