"""Signing in: viewers (everyone) read every page; editors sign in to maintain the data.

The account logic (hashes, the accounts file, the rate limit, idle expiry) is ``loaders/accounts.py``; here
are only the form and the session state. The password field is cleared on submit and never shown, logged or
put in the URL.
"""

from __future__ import annotations

import math

import streamlit as st

from app_pages.common import ACCOUNT, SIGNIN_NAME, SIGNIN_PASSWORD, SIGNIN_RESULT, lang, tr
from graph.words import enum_label
from graph.words.markup import escape_markdown
from loaders.accounts import AccountError, Accounts, Session


def accounts() -> Accounts:
    return Accounts()


def session() -> Session | None:
    """This browser session's signed-in account, touched now; None (and a note) once it expired."""
    current = st.session_state.get(ACCOUNT)
    if current is None:
        return None
    try:
        fresh = accounts().refresh(current)
    except AccountError:
        fresh = None
    if fresh is None:
        st.session_state.pop(ACCOUNT, None)
        st.info(tr("session_expired"))
        return None
    st.session_state[ACCOUNT] = fresh
    return fresh


def sign_out() -> None:
    st.session_state.pop(ACCOUNT, None)


def _submit() -> None:
    name = (st.session_state.get(SIGNIN_NAME) or "").strip()
    password = st.session_state.get(SIGNIN_PASSWORD) or ""
    st.session_state[SIGNIN_PASSWORD] = ""  # never kept, never shown again
    book = accounts()
    try:
        result = book.sign_in(name, password)
    except AccountError:
        st.session_state[SIGNIN_RESULT] = ("wrong", 0.0)
        return
    del password
    if result.ok:
        st.session_state[ACCOUNT] = book.session(result)
        st.session_state.pop(SIGNIN_RESULT, None)
    else:
        st.session_state[SIGNIN_RESULT] = (result.code, result.wait)


def status_line(current: Session) -> None:
    """Who is signed in, and a sign-out button (sidebar)."""
    with st.sidebar:
        st.caption(escape_markdown(tr("signed_in_as").format(name=current.name,
                                                             role=enum_label("role", current.role, lang()))))
        st.button(tr("sign_out"), key="sign_out", on_click=sign_out)


def editor() -> Session | None:
    """The signed-in editor, or None after showing the sign-in prompt (no action of the page is drawn)."""
    current = session()
    if current is not None and current.editor:
        status_line(current)
        return current
    st.subheader(tr("signin_title"))
    st.info(tr("signin_prompt"))
    if current is not None:
        status_line(current)
        st.warning(tr("not_editor"))
        return None
    try:
        none_yet = not any(a.role == "editor" for a in accounts().list())
    except AccountError:
        none_yet = True
    if none_yet:
        st.warning(tr("signin_no_accounts"))
    code, wait = st.session_state.get(SIGNIN_RESULT, ("", 0.0))
    if code == "wrong":
        st.error(tr("signin_wrong") + (" " + tr("signin_locked").format(s=math.ceil(wait)) if wait > 0 else ""))
    elif code == "locked":
        st.error(tr("signin_locked").format(s=math.ceil(wait)))
    with st.form("signin", clear_on_submit=True, enter_to_submit=True):
        st.text_input(tr("user_name"), key=SIGNIN_NAME, autocomplete="username")
        st.text_input(tr("password"), key=SIGNIN_PASSWORD, type="password", autocomplete="current-password")
        st.form_submit_button(tr("sign_in"), on_click=_submit)
    return None
