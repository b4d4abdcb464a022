"""Editors and viewers: the accounts file, slow salted hashes, rate-limited sign-ins, expiring sessions, the CLI."""

from __future__ import annotations

import json
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from loaders.accounts import IDLE_LIMIT, AccountError, Accounts

ROOT = Path(__file__).resolve().parent.parent
PASSWORD = "correct horse battery"


class Clock:
    def __init__(self):
        self.now = 1_800_000_000.0

    def __call__(self):
        return self.now


@pytest.fixture
def accounts(tmp_path):
    return Accounts(tmp_path / "home", clock=Clock())


def test_no_account_exists_until_one_is_added(accounts):
    assert accounts.list() == []
    assert not accounts.sign_in("admin", "admin").ok  # no default account
    accounts.add("wang", PASSWORD, "editor")
    assert [(a.name, a.role) for a in accounts.list()] == [("wang", "editor")]


def test_the_file_holds_a_salted_hash_never_the_password(accounts):
    accounts.add("wang", PASSWORD, "editor")
    accounts.add("li", PASSWORD, "viewer")
    text = accounts.path.read_text("utf-8")
    assert PASSWORD not in text
    users = json.loads(text)["users"]
    assert users["wang"]["salt"] != users["li"]["salt"] and users["wang"]["hash"] != users["li"]["hash"]
    assert users["wang"]["kdf"] == "scrypt" and users["wang"]["n"] >= 2 ** 14
    assert stat.S_IMODE(accounts.path.stat().st_mode) == 0o600


def test_bad_names_roles_and_short_passwords_are_refused(accounts):
    for name, password, role, code in (("a b", PASSWORD, "editor", "bad_name"), ("wang", PASSWORD, "admin", "bad_role"),
                                       ("wang", "short", "editor", "short_password")):
        with pytest.raises(AccountError) as exc:
            accounts.add(name, password, role)
        assert exc.value.code == code
    accounts.add("wang", PASSWORD, "editor")
    with pytest.raises(AccountError, match="exists"):
        accounts.add("wang", "another password", "viewer")


def test_wrong_passwords_are_refused_then_rate_limited_even_with_the_right_one(accounts):
    accounts.add("wang", PASSWORD, "editor")
    assert accounts.sign_in("wang", PASSWORD).ok
    codes = [accounts.sign_in("wang", "guess-%d" % i).code for i in range(3)]
    assert codes == ["wrong", "wrong", "wrong"]
    locked = accounts.sign_in("wang", PASSWORD)
    assert locked.code == "locked" and locked.wait == pytest.approx(5.0)
    accounts.clock.now += 6
    assert accounts.sign_in("wang", "guess-4").code == "wrong"
    assert accounts.sign_in("wang", PASSWORD).wait == pytest.approx(10.0)  # doubles
    accounts.clock.now += 11
    assert accounts.sign_in("wang", PASSWORD).ok
    assert accounts.sign_in("wang", "guess-5").code == "wrong"  # a success resets the count


def test_unknown_names_are_limited_too_and_answered_like_wrong_passwords(accounts):
    accounts.add("wang", PASSWORD, "editor")
    assert [accounts.sign_in("nobody", PASSWORD).code for _ in range(4)] == ["wrong", "wrong", "wrong", "locked"]
    assert accounts.sign_in("wang", PASSWORD).ok  # per name: another name is not locked out


def test_sessions_expire_when_idle_or_when_the_account_changes(accounts):
    accounts.add("wang", PASSWORD, "editor")
    session = accounts.session(accounts.sign_in("wang", PASSWORD))
    accounts.clock.now += IDLE_LIMIT - 60
    session = accounts.refresh(session)
    assert session is not None and session.editor
    accounts.clock.now += IDLE_LIMIT + 1
    assert accounts.refresh(session) is None
    session = accounts.session(accounts.sign_in("wang", PASSWORD))
    accounts.remove("wang")
    assert accounts.refresh(session) is None


def _cli(args, home, stdin=""):
    env = {"CHAINMAP_HOME": str(home), "PATH": "/usr/bin:/bin"}
    return subprocess.run([sys.executable, "-m", "chainmap.cli", "user", *args], input=stdin, capture_output=True,
                          text=True, cwd=ROOT, env=env, timeout=60)


def test_cli_adds_lists_and_removes_with_the_password_from_stdin(tmp_path):
    home = tmp_path / "home"
    out = _cli(["add", "wang", "--role", "editor"], home, PASSWORD + "\n")
    assert out.returncode == 0, out.stderr
    assert PASSWORD not in out.stdout + out.stderr
    assert Accounts(home).sign_in("wang", PASSWORD).ok
    listed = _cli(["list"], home)
    assert listed.stdout.split("\t")[:2] == ["wang", "editor"]
    assert _cli(["add", "li", "--role", "viewer"], home, "short\n").returncode == 1
    assert _cli(["remove", "wang"], home).returncode == 0
    assert "no accounts" in _cli(["list"], home).stdout


def test_the_accounts_folder_is_outside_git():
    assert ".chainmap/" in (ROOT / ".gitignore").read_text("utf-8").split()
