"""Install (Maven Central jars), configure (``neo4j.conf``) and set the initial password of a local Neo4j.

The password never appears on a command line: the admin command reads it from a Java argument file
(``java @file``; readable by the owner only, deleted right after), and the files Neo4j keeps credentials
in (``data/dbms/auth.ini``) are made readable by the owner only.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import shutil
import subprocess
import tempfile
import time
from collections.abc import Iterator, Mapping
from pathlib import Path

from chainmap.neo4j_server.layout import (
    ADMIN_CLASS,
    DEFAULT_BOLT_PORT,
    DEFAULT_HOME,
    DEFAULT_HTTP_PORT,
    MIN_PASSWORD_LENGTH,
    POM,
    Neo4jServerError,
    _INSTALL_MARKER,
    _PASSWORD_MARKER,
    _conf_dir,
    _data_dir,
    _home,
    _logs_dir,
    _run_dir,
    _tail_text,
)

# --------------------------------------------------------------------------- install


def _pom_digest() -> str:
    return hashlib.sha256(POM.read_bytes()).hexdigest()


def is_installed(home: Path | str) -> bool:
    """Return True if ``home/lib`` holds a complete jar set for the current pom.

    Complete means: the marker written after a successful Maven run exists, it was
    written for the current ``scripts/neo4j/pom.xml`` and every jar it lists exists.
    """
    lib = _home(home) / "lib"
    marker = lib / _INSTALL_MARKER
    try:
        info = json.loads(marker.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return False
    if info.get("pom_sha256") != _pom_digest():
        return False
    jars = info.get("jars") or []
    return bool(jars) and all((lib / name).is_file() for name in jars)


def ensure_installed(home: Path | str = DEFAULT_HOME) -> None:
    """Make ``home`` a usable Neo4j home.

    Runs Maven (``mvn -B -q``) on ``scripts/neo4j/pom.xml`` only if ``home/lib`` is
    missing or incomplete (see :func:`is_installed`); stale jars are removed first so
    that two Neo4j versions never share the class path.  Writes a default
    ``conf/neo4j.conf`` if there is none.

    Raises:
        Neo4jServerError: Maven or Java is missing, or the Maven run failed.
    """
    home = _home(home)
    if shutil.which("java") is None:
        raise Neo4jServerError("java not found on PATH; Neo4j 5.26 needs Java 17.")
    lib = home / "lib"
    if not is_installed(home):
        mvn = os.environ.get("MVN") or shutil.which("mvn")
        if mvn is None:
            raise Neo4jServerError("mvn (Maven) not found on PATH; it is needed once to fetch the Neo4j jars.")
        if lib.is_symlink():
            raise Neo4jServerError(f"{lib} is a symlink to an incomplete install; run ensure_installed() on its target.")
        lib.mkdir(parents=True, exist_ok=True)
        (lib / _INSTALL_MARKER).unlink(missing_ok=True)
        for old in lib.glob("*.jar"):
            old.unlink()
        cmd = [mvn, "-B", "-q", "-f", str(POM), f"-Dneo4j.lib={lib}", "package"]
        proc = subprocess.run(cmd, stdin=subprocess.DEVNULL, capture_output=True, text=True, check=False)
        if proc.returncode != 0:
            tail = _tail_text((proc.stdout or "") + (proc.stderr or ""), 40)
            raise Neo4jServerError(f"Maven failed to fetch the Neo4j jars (exit {proc.returncode}):\n{tail}")
        jars = sorted(p.name for p in lib.glob("*.jar"))
        if not any(name.startswith("neo4j-") for name in jars):
            raise Neo4jServerError(f"Maven succeeded but no Neo4j jars appeared in {lib}.")
        marker = {"pom_sha256": _pom_digest(), "jars": jars}
        (lib / _INSTALL_MARKER).write_text(json.dumps(marker, indent=1), encoding="utf-8")
    if not (_conf_dir(home) / "neo4j.conf").exists():
        write_conf(home, DEFAULT_BOLT_PORT, DEFAULT_HTTP_PORT, auth=True)


def write_conf(
    home: Path | str,
    bolt_port: int = DEFAULT_BOLT_PORT,
    http_port: int = DEFAULT_HTTP_PORT,
    auth: bool = True,
    heap: str = "512m",
    pagecache: str = "256m",
    extra: Mapping[str, str] | None = None,
) -> Path:
    """Write ``home/conf/neo4j.conf`` for a local, loopback-only server.

    Args:
        home: Neo4j home directory.
        bolt_port: Bolt port on 127.0.0.1.
        http_port: HTTP port on 127.0.0.1 (HTTPS is disabled).
        auth: Value of ``dbms.security.auth_enabled``; disable only for throwaway servers.
        heap: JVM heap, recorded as ``server.memory.heap.*`` (the direct start in
            :func:`start` passes it as ``-Xms``/``-Xmx``; Neo4j ignores the conf there).
        pagecache: ``server.memory.pagecache.size`` (always set: the default takes half the RAM).
        extra: Additional settings, written verbatim as ``key=value`` lines. Neo4j
            validates strictly: an unknown key stops start-up.

    Returns:
        Path of the written file.
    """
    home = _home(home)
    conf_dir = _conf_dir(home)
    conf_dir.mkdir(parents=True, exist_ok=True)
    lines = [
        "# Generated by chainmap.neo4j_server.write_conf(); start() rewrites this file.",
        "# Comments must stay on their own lines (no trailing comments after values).",
        "server.default_listen_address=127.0.0.1",
        "server.default_advertised_address=127.0.0.1",
        "server.bolt.enabled=true",
        f"server.bolt.listen_address=127.0.0.1:{int(bolt_port)}",
        f"server.bolt.advertised_address=127.0.0.1:{int(bolt_port)}",
        "server.http.enabled=true",
        f"server.http.listen_address=127.0.0.1:{int(http_port)}",
        f"server.http.advertised_address=127.0.0.1:{int(http_port)}",
        "server.https.enabled=false",
        f"server.memory.heap.initial_size={heap}",
        f"server.memory.heap.max_size={heap}",
        f"server.memory.pagecache.size={pagecache}",
        "dbms.usage_report.enabled=false",
        f"dbms.security.auth_enabled={'true' if auth else 'false'}",
        f"server.directories.data={_data_dir(home)}",
        f"server.directories.logs={_logs_dir(home)}",
        f"server.directories.run={_run_dir(home)}",
    ]
    for key, value in (extra or {}).items():
        lines.append(f"{key}={value}")
    path = conf_dir / "neo4j.conf"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


# --------------------------------------------------------------------------- password


def _java_env(home: Path) -> dict[str, str]:
    env = dict(os.environ)
    env["NEO4J_HOME"] = str(home)
    env["NEO4J_CONF"] = str(_conf_dir(home))
    return env


def set_initial_password(home: Path | str, password: str) -> None:
    """Set the initial password of the ``neo4j`` user before the first start.

    Runs ``Neo4jAdminCommand dbms set-initial-password``.  It only takes effect if
    the system database does not exist yet (i.e. before the first start); it writes
    ``data/dbms/auth.ini``, and a marker in ``data/`` tells :func:`start` it was done.

    Raises:
        ValueError: ``password`` is shorter than 8 characters.
        Neo4jServerError: The admin command failed.
    """
    if len(password) < MIN_PASSWORD_LENGTH:
        raise ValueError(f"Neo4j passwords must have at least {MIN_PASSWORD_LENGTH} characters (got {len(password)}).")
    home = _home(home)
    if not is_installed(home):
        raise Neo4jServerError(f"Neo4j is not installed in {home}; call ensure_installed() first.")
    if not (_conf_dir(home) / "neo4j.conf").exists():
        write_conf(home, auth=True)
    args = ["-Xmx256m", "-cp", f"{home / 'lib'}/*", ADMIN_CLASS, "dbms", "set-initial-password", password]
    with _argument_file(args) as argfile:  # `ps` shows `java @<file>`, never the password
        proc = subprocess.run(["java", f"@{argfile}"], cwd=home, env=_java_env(home), stdin=subprocess.DEVNULL,
                              capture_output=True, text=True, check=False)
    if proc.returncode != 0:
        out = ((proc.stdout or "") + (proc.stderr or "")).replace(password, "********")
        raise Neo4jServerError(f"neo4j-admin dbms set-initial-password failed (exit {proc.returncode}):\n{_tail_text(out, 30)}")
    _data_dir(home).mkdir(parents=True, exist_ok=True)
    (_data_dir(home) / _PASSWORD_MARKER).write_text(time.strftime("%Y-%m-%dT%H:%M:%S%z\n"), encoding="utf-8")
    owner_only(home)


@contextlib.contextmanager
def _argument_file(args: list[str]) -> Iterator[Path]:
    """A Java argument file holding ``args`` (one per line, quoted), readable by the owner only, removed after use."""
    fd, name = tempfile.mkstemp(prefix="chainmap-java-", suffix=".args")
    try:
        os.fchmod(fd, 0o600)
        quoted = ['"' + a.replace("\\", "\\\\").replace('"', '\\"') + '"' for a in args]
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            fh.write("\n".join(quoted) + "\n")
        yield Path(name)
    finally:
        with contextlib.suppress(OSError):
            os.unlink(name)


def owner_only(home: Path | str) -> None:
    """Make the files that hold credentials (``data/dbms``) and the data folder readable by the owner only."""
    data = _data_dir(_home(home))
    if not data.exists():
        return
    os.chmod(data, 0o700)
    dbms = data / "dbms"
    if dbms.exists():
        os.chmod(dbms, 0o700)
        for f in dbms.iterdir():
            if f.is_file():
                os.chmod(f, 0o600)
