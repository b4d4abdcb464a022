"""Paths, constants and the error of the local Neo4j server tooling (shared by ``install`` and ``process``)."""

from __future__ import annotations

import subprocess
from pathlib import Path

REPO_ROOT: Path = Path(__file__).resolve().parents[2]
"""Root of the chainmap repository."""

POM: Path = REPO_ROOT / "scripts" / "neo4j" / "pom.xml"
"""Maven project that downloads the Neo4j jars."""

DEFAULT_HOME: Path = REPO_ROOT / ".neo4j"
"""Default Neo4j home (gitignored)."""

DEFAULT_BOLT_PORT = 7687
DEFAULT_HTTP_PORT = 7474
PASSWORD_ENV = "NEO4J_PASSWORD"
MIN_PASSWORD_LENGTH = 8

MAIN_CLASS = "org.neo4j.server.CommunityEntryPoint"
ADMIN_CLASS = "org.neo4j.server.startup.Neo4jAdminCommand"

_INSTALL_MARKER = ".chainmap-installed"
_PASSWORD_MARKER = ".chainmap-initial-password-set"
_PID_FILE = "neo4j.pid"
_STATE_FILE = "chainmap-server.json"
_CONSOLE_LOG = "console.log"

# The ``server.jvm.additional`` options of Neo4j 5.x's default neo4j.conf (the Maven
# jars ship no conf, and the direct CommunityEntryPoint start reads none of them),
# minus -XX:+AlwaysPreTouch (slower start).  The heap is passed separately.
_JVM_OPTIONS: tuple[str, ...] = (
    "-XX:+UseG1GC",
    "-XX:-OmitStackTraceInFastThrow",
    "-XX:+UnlockExperimentalVMOptions",
    "-XX:+TrustFinalNonStaticFields",
    "-XX:+DisableExplicitGC",
    "-Djdk.nio.maxCachedBufferSize=1024",
    "-Dio.netty.tryReflectionSetAccessible=true",
    "-Djdk.tls.ephemeralDHKeySize=2048",
    "-Djdk.tls.rejectClientInitiatedRenegotiation=true",
    "-XX:FlightRecorderOptions=stackdepth=256",
    "-XX:+UnlockDiagnosticVMOptions",
    "-XX:+DebugNonSafepoints",
    "--add-opens=java.base/java.nio=ALL-UNNAMED",
    "--add-opens=java.base/java.io=ALL-UNNAMED",
    "--add-opens=java.base/sun.nio.ch=ALL-UNNAMED",
    "--add-opens=java.base/java.util.concurrent=ALL-UNNAMED",
    "--enable-native-access=ALL-UNNAMED",
    "-Dlog4j2.disable.jmx=true",
    "-Dlog4j.layout.jsonTemplate.maxStringLength=32768",
    "-Dfile.encoding=UTF-8",
)

# Internal 5.26 setting (seconds, default 5): Netty's graceful-shutdown quiet period of
# the Bolt server, waited twice on stop.  0 makes a throwaway server stop in ~1 s
# instead of ~10 s.  Only used for throwaway servers, as internal settings may change.
_FAST_STOP_CONF: dict[str, str] = {"internal.dbms.bolt.netty_server_shutdown_quiet_period": "0"}

# Popen objects of servers started by this Python process, so that they can be
# reaped (no zombies, no "subprocess still running" ResourceWarning).
_CHILDREN: dict[int, subprocess.Popen[bytes]] = {}


class Neo4jServerError(RuntimeError):
    """Installing, starting or stopping the local Neo4j server failed."""


# --------------------------------------------------------------------------- paths


def _home(home: Path | str) -> Path:
    return Path(home).expanduser().resolve()


def _conf_dir(home: Path) -> Path:
    return home / "conf"


def _run_dir(home: Path) -> Path:
    return home / "run"


def _logs_dir(home: Path) -> Path:
    return home / "logs"


def _data_dir(home: Path) -> Path:
    return home / "data"


def _console_log(home: Path) -> Path:
    return _logs_dir(home) / _CONSOLE_LOG


def bolt_uri(port: int) -> str:
    """Return the Bolt URI of a local server listening on ``port``."""
    return f"bolt://127.0.0.1:{port}"


def _tail_text(text: str, lines: int) -> str:
    return "\n".join(text.rstrip().splitlines()[-lines:])
