"""chainmap user add|list|remove: the editors and viewers of the app (loaders/accounts.py).

The password is read with getpass at a terminal, else as the first line of stdin — never from the command
line, where it would stay in the shell history and the process list.
"""

from __future__ import annotations

import argparse
import getpass
import sys

from loaders.accounts import MIN_PASSWORD, ROLES, AccountError, Accounts

WHY = {"bad_name": "the name must be 1-40 letters, digits, Chinese characters, '.', '_' or '-'",
       "bad_role": "the role must be " + " or ".join(ROLES),
       "short_password": f"the password must have at least {MIN_PASSWORD} characters",
       "exists": "an account with this name exists (remove it first to reset its password)",
       "unknown": "no account has this name", "damaged": "the accounts file cannot be read"}


def add_arguments(p: argparse.ArgumentParser) -> None:
    sub = p.add_subparsers(dest="action", metavar="ACTION", required=True)
    add = sub.add_parser("add", help="add an account; the password is asked for (or read from stdin)")
    add.add_argument("name")
    add.add_argument("--role", choices=ROLES, required=True)
    sub.add_parser("list", help="list the accounts (names, roles, when made; never passwords)")
    rm = sub.add_parser("remove", help="remove an account (its sessions end at their next page view)")
    rm.add_argument("name")


def _password() -> str:
    if sys.stdin.isatty():
        first = getpass.getpass("password: ")
        if getpass.getpass("again: ") != first:
            raise AccountError("mismatch")
        return first
    return sys.stdin.readline().rstrip("\r\n")


def run(args: argparse.Namespace) -> int:
    accounts = Accounts()
    try:
        if args.action == "add":
            account = accounts.add(args.name, _password(), args.role)
            print(f"added {account.name} ({account.role}) to {accounts.path}")
        elif args.action == "remove":
            accounts.remove(args.name)
            print(f"removed {args.name}")
        else:
            rows = accounts.list()
            for a in rows:
                print(f"{a.name}\t{a.role}\t{a.created}")
            if not rows:
                print(f"no accounts in {accounts.path}: everyone is a viewer (chainmap user add NAME --role editor)")
    except AccountError as exc:
        print(f"chainmap user {args.action}: {WHY.get(exc.code, 'the two passwords differ')}", file=sys.stderr)
        return 1
    return 0
