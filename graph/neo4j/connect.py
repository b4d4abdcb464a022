"""One way to reach a Neo4j server, and one mapping of the driver's errors to the contract's.

``connect()`` makes the driver (local server, remote or cluster; ``NEO4J_URI`` / ``NEO4J_USER`` /
``NEO4J_PASSWORD`` by default). ``unavailable()`` turns the driver's connection and authentication
errors into ``StoreUnavailable`` with a message that says what to do — and never holds a password:
``safe_uri`` strips user info from every URI a message shows.
"""

from __future__ import annotations

import contextlib
import os
import re
from typing import Any, Iterator
from urllib.parse import urlsplit, urlunsplit

from graph.store import StoreUnavailable

CONNECT_TIMEOUT = 5.0


def safe_uri(uri: str) -> str:
    """Scheme, host and port only: no user info, path or routing context (never show a password).

    >>> safe_uri("neo4j+s://alice:s3cret@db.example.org:7687/?policy=x")
    'neo4j+s://db.example.org:7687'
    """
    try:
        parts = urlsplit(uri)
        host = parts.hostname or ""
        if parts.port:
            host = f"{host}:{parts.port}"
    except ValueError:  # e.g. a port that is not a number: show no part of it
        return "(an invalid NEO4J_URI)"
    return urlunsplit((parts.scheme, host, "", "", ""))


def scrub(text: str, *secrets: str) -> str:
    """``text`` with every URI's user info and the given secrets removed (for any message a person sees)."""
    text = re.sub(r"([a-z][a-z0-9+.\-]*://)[^/@\s]*@", r"\1", text, flags=re.I)
    for secret in secrets:
        if secret:
            text = text.replace(secret, "********")
    return text


def settings(env: dict[str, str] | None = None) -> tuple[str, str, str]:
    """(uri, user, password) from ``NEO4J_URI`` / ``NEO4J_USER`` (default ``neo4j``) / ``NEO4J_PASSWORD``."""
    env = dict(os.environ if env is None else env)
    return env.get("NEO4J_URI", "").strip(), env.get("NEO4J_USER", "") or "neo4j", env.get("NEO4J_PASSWORD", "")


def connect(uri: str, user: str = "neo4j", password: str = "", **options: Any):
    """A driver for ``uri``. No password means no auth (a server with authentication disabled).

    Raises ``StoreUnavailable`` for a URI the driver cannot use (the message shows no credentials).
    """
    from neo4j import GraphDatabase

    from neo4j.exceptions import ConfigurationError

    opts: dict[str, Any] = {"connection_timeout": CONNECT_TIMEOUT}
    opts.update(options)
    try:
        return GraphDatabase.driver(uri, auth=(user, password) if password else None, **opts)
    except (ConfigurationError, ValueError) as exc:
        raise StoreUnavailable(f"NEO4J_URI {safe_uri(uri)} cannot be used: {scrub(str(exc), password)}") from None


@contextlib.contextmanager
def unavailable(uri: str, user: str = "neo4j", password: str = "") -> Iterator[None]:
    """Map the driver's connection and authentication errors raised inside the block to ``StoreUnavailable``."""
    from neo4j.exceptions import AuthError, ServiceUnavailable, SessionExpired

    where = safe_uri(uri)
    try:
        yield
    except AuthError as exc:
        raise StoreUnavailable(
            f"Neo4j at {where} rejected user {user!r}: check NEO4J_USER and NEO4J_PASSWORD "
            f"({scrub(exc.message or str(exc), password)})."
        ) from None
    except (ServiceUnavailable, SessionExpired) as exc:
        raise StoreUnavailable(
            f"Neo4j at {where} is not reachable ({scrub(str(exc), password)}). Is it running? A local server starts "
            "with `chainmap neo4j start`; or unset NEO4J_URI to use the embedded store."
        ) from None
