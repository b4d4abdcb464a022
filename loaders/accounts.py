"""Editors and viewers: accounts in a local file outside git, slow salted password hashes, rate-limited sign-ins.

The file is ``$CHAINMAP_HOME/users.json`` (default ``.chainmap/`` at the repository root, gitignored), written
atomically with mode 0600. There is no default account: until ``chainmap user add`` makes one, nobody can
sign in and everyone is a viewer. A password is never stored, printed or logged — only its scrypt hash with
a per-account random salt. Failed sign-ins are counted per name (known or not, so a refusal never says which
names exist) in ``signin.json`` beside it: after ``FREE_FAILURES`` failures every further attempt waits an
exponentially growing time (``delay``), even with the right password. A signed-in session expires after
``IDLE_LIMIT`` seconds without use, or at once when the account is removed or its role changes.

Results are codes (``"ok"``, ``"wrong"``, ``"locked"``); the app and the CLI word them.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import os
import re
import secrets
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

ROLES = ("editor", "viewer")
ROOT = Path(__file__).resolve().parent.parent
MIN_PASSWORD = 8
FREE_FAILURES = 3  # wrong passwords allowed before the delays start
BASE_DELAY = 5.0  # seconds after the first failure beyond the free ones; doubles with each further failure
MAX_DELAY = 15 * 60.0
IDLE_LIMIT = 8 * 3600.0  # a session unused this long is signed out
SCRYPT = {"n": 2 ** 14, "r": 8, "p": 1}  # ~16 MB and tens of milliseconds per check
_NAME = re.compile(r"^[A-Za-z0-9_.\-\u4e00-\u9fff]{1,40}$")


class AccountError(ValueError):
    """A refused change; ``code`` says why (bad_name, bad_role, short_password, exists, unknown)."""

    def __init__(self, code: str, detail: str = ""):
        super().__init__(f"{code}: {detail}" if detail else code)
        self.code = code


def home(env: dict[str, str] | None = None) -> Path:
    """The folder holding the accounts file: ``CHAINMAP_HOME``, else ``.chainmap/`` at the repository root."""
    env = os.environ if env is None else env
    return Path(env.get("CHAINMAP_HOME") or ROOT / ".chainmap")


def _hash(password: str, salt: bytes, n: int, r: int, p: int) -> bytes:
    return hashlib.scrypt(password.encode("utf-8"), salt=salt, n=n, r=r, p=p, maxmem=64 * 2 ** 20, dklen=32)


def delay(failures: int) -> float:
    """Seconds a name must wait after ``failures`` consecutive failures.

    >>> [delay(n) for n in (0, 3, 4, 5, 6)], delay(30)
    ([0.0, 5.0, 10.0, 20.0, 40.0], 900.0)
    """
    if failures < FREE_FAILURES:
        return 0.0
    return min(MAX_DELAY, BASE_DELAY * 2 ** (failures - FREE_FAILURES))


@dataclass(frozen=True)
class Account:
    name: str
    role: str
    created: str


@dataclass(frozen=True)
class SignIn:
    """The answer to a sign-in: ``code`` is "ok", "wrong" or "locked"; ``wait`` the seconds until the next try."""

    code: str
    account: Account | None = None
    wait: float = 0.0

    @property
    def ok(self) -> bool:
        return self.code == "ok"


@dataclass(frozen=True)
class Session:
    """A signed-in editor or viewer: who, as what, and when the session was last used (seconds since the epoch)."""

    name: str
    role: str
    last_seen: float

    @property
    def editor(self) -> bool:
        return self.role == "editor"


class Accounts:
    """The accounts file at ``folder / "users.json"`` (and the failure counts in ``signin.json``)."""

    def __init__(self, folder: str | Path | None = None, clock=time.time):
        self.folder = Path(folder) if folder is not None else home()
        self.clock = clock
        self._dummy = (secrets.token_bytes(16), SCRYPT)

    @property
    def path(self) -> Path:
        return self.folder / "users.json"

    @property
    def failures_path(self) -> Path:
        return self.folder / "signin.json"

    # -- the file
    def _read(self, path: Path) -> dict:
        try:
            return json.loads(path.read_text("utf-8"))
        except FileNotFoundError:
            return {}
        except (OSError, ValueError) as exc:
            raise AccountError("damaged", f"{path} cannot be read ({exc})") from None

    def _write(self, path: Path, data: dict) -> None:
        self.folder.mkdir(parents=True, exist_ok=True, mode=0o700)
        fd, tmp = tempfile.mkstemp(dir=self.folder, prefix=".tmp-", suffix=".json")
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as fh:
                json.dump(data, fh, ensure_ascii=False, indent=1, sort_keys=True)
            os.chmod(tmp, 0o600)
            os.replace(tmp, path)
        except BaseException:
            if os.path.exists(tmp):
                os.unlink(tmp)
            raise

    def _users(self) -> dict[str, dict]:
        return self._read(self.path).get("users", {})

    # -- accounts
    def add(self, name: str, password: str, role: str) -> Account:
        """Add an account (``AccountError`` for a bad name or role, a short password, or a name that exists)."""
        if not _NAME.match(name or ""):
            raise AccountError("bad_name", "1-40 letters, digits, Chinese characters, '.', '_' or '-'")
        if role not in ROLES:
            raise AccountError("bad_role", " | ".join(ROLES))
        if len(password or "") < MIN_PASSWORD:
            raise AccountError("short_password", f"at least {MIN_PASSWORD} characters")
        users = self._users()
        if name in users:
            raise AccountError("exists", name)
        salt = secrets.token_bytes(16)
        created = time.strftime("%Y-%m-%d %H:%M", time.gmtime(self.clock()))
        users[name] = {"role": role, "created": created, "kdf": "scrypt", **SCRYPT, "salt": salt.hex(),
                       "hash": _hash(password, salt, **SCRYPT).hex()}
        self._write(self.path, {"version": 1, "users": users})
        return Account(name, role, created)

    def remove(self, name: str) -> None:
        users = self._users()
        if name not in users:
            raise AccountError("unknown", name)
        del users[name]
        self._write(self.path, {"version": 1, "users": users})

    def list(self) -> list[Account]:
        return [Account(n, u["role"], u.get("created", "")) for n, u in sorted(self._users().items())]

    def get(self, name: str) -> Account | None:
        u = self._users().get(name)
        return Account(name, u["role"], u.get("created", "")) if u else None

    # -- signing in
    def sign_in(self, name: str, password: str) -> SignIn:
        """Check a name and password. A name with too many recent failures is refused without checking."""
        now = self.clock()
        counts = self._read(self.failures_path)
        record = counts.get(name, {"failures": 0, "last": 0.0})
        wait = record["last"] + delay(record["failures"]) - now
        if wait > 0:
            return SignIn("locked", wait=wait)
        user = self._users().get(name)
        salt, params = (bytes.fromhex(user["salt"]), {k: user[k] for k in SCRYPT}) if user else self._dummy
        digest = _hash(password or "", salt, **params)  # unknown names cost the same time
        if user and hmac.compare_digest(digest, bytes.fromhex(user["hash"])):
            if name in counts:
                del counts[name]
                self._write(self.failures_path, counts)
            return SignIn("ok", Account(name, user["role"], user.get("created", "")))
        failures = record["failures"] + 1
        counts[name] = {"failures": failures, "last": now}
        self._write(self.failures_path, counts)
        return SignIn("wrong", wait=delay(failures))

    def session(self, result: SignIn) -> Session:
        assert result.ok and result.account
        return Session(result.account.name, result.account.role, self.clock())

    def refresh(self, session: Session | None) -> Session | None:
        """The session, touched now; None when it idled past ``IDLE_LIMIT`` or its account changed."""
        if session is None:
            return None
        now = self.clock()
        if now - session.last_seen > IDLE_LIMIT:
            return None
        account = self.get(session.name)
        if account is None or account.role != session.role:
            return None
        return Session(session.name, session.role, now)
