"""The browser sign-in behaves like the API: the emailed-code step and the client address.

Handlers run for real against a temporary database and the outbox mailer; the
websocket handshake (peer address, ``X-Forwarded-For``) is built as Reflex builds it.
"""

from __future__ import annotations

import asyncio

import pytest
import reflex as rx
from reflex.istate.data import RouterData

from spoticlone import routes
from spoticlone.config import get_settings
from spoticlone.services.auth import login
from spoticlone.services.auth.credentials import LOGIN_ACCOUNT_LIMITS
from spoticlone.services.core import ratelimit
from spoticlone.state.accounts import mail_wait
from spoticlone.state.auth.account import SignInState
from spoticlone.state.auth.signed_in import AuthState
from spoticlone.testing.driver import events_of
from tests.factories import make_account
from tests.state.account_helpers import code_in, mailed, sign_in_state, signed_in_as

PASSWORD = "correct horse battery"


def drive_and_mail(handler, state, *args) -> list:
    """Run a handler, then let the mail it sends in the background go out (as the server would)."""
    return events_of(handler, state, *args, settle=lambda: asyncio.gather(*list(mail_wait._pending)))


def _reach_the_ceiling(session, email):
    limit, window = LOGIN_ACCOUNT_LIMITS[0]
    for _ in range(limit):
        ratelimit.check_and_count(session, key=ratelimit.account_key("login", email), limit=limit, window=window)


def test_over_the_ceiling_the_page_asks_for_the_emailed_code_and_signs_in(session, settings):
    user = make_account(session, email="ann@example.com", username="ann", password=PASSWORD)
    _reach_the_ceiling(session, "ann@example.com")

    wrong = sign_in_state()
    assert drive_and_mail(SignInState.submit_password, wrong, {"email": "ann@example.com", "password": "guess"}) == []
    right = sign_in_state({"next": "/browse"})
    assert drive_and_mail(SignInState.submit_password, right, {"email": "ann@example.com", "password": PASSWORD}) == []
    # Right and wrong passwords look the same on the page; only the mailbox gets a code.
    for state in (wrong, right):
        assert (state.step, state.error, state.notice) == ("email", "", login.EMAIL_CODE_STEP)
        assert "_email_request" not in state.get_delta().get(state.get_full_name(), {})
    [message] = mailed(settings)
    assert message["To"] == "ann@example.com" and message["Subject"] == "Your Spoticlone sign-in code"
    code = code_in(message)

    assert drive_and_mail(SignInState.submit_email_code, wrong, {"code": code}) == []
    assert wrong.error.startswith("That code is not valid")
    events = drive_and_mail(SignInState.submit_email_code, right, {"code": code})
    assert signed_in_as(session, events) == user.id


def test_start_over_leaves_the_email_code_step(session, settings):
    make_account(session, email="ann@example.com", password=PASSWORD)
    _reach_the_ceiling(session, "ann@example.com")
    state = sign_in_state()
    drive_and_mail(SignInState.submit_password, state, {"email": "ann@example.com", "password": PASSWORD})
    drive_and_mail(SignInState.start_over, state)
    assert (state.step, state._email_request, state.notice) == ("password", "", "")


def _auth_state(peer: str, forwarded_for: str | None) -> AuthState:
    root = rx.State(_reflex_internal_init=True)
    headers = {"origin": "http://test", "asgi-scope-client": peer}
    if forwarded_for is not None:
        headers["x-forwarded-for"] = forwarded_for
    root.router = RouterData.from_router_data(
        {"pathname": routes.SIGN_IN, "asPath": routes.SIGN_IN, "query": {}, "headers": headers, "ip": peer}
    )
    return root.get_substate(AuthState.get_full_name().split("."))


@pytest.mark.parametrize(
    ("trusted", "peer", "forwarded_for", "client"),
    [
        ("", "127.0.0.1", "203.0.113.5", "127.0.0.1"),  # no proxy configured: the header is ignored
        ("127.0.0.1", "127.0.0.1", "203.0.113.5", "203.0.113.5"),
        ("127.0.0.1", "198.51.100.9", "203.0.113.5", "198.51.100.9"),  # not from the proxy: a forgery
        ("127.0.0.1,10.0.0.0/8", "127.0.0.1", "6.6.6.6, 203.0.113.5, 10.1.2.3", "203.0.113.5"),
    ],
)
def test_pages_take_the_client_address_by_the_api_rule(monkeypatch, settings, trusted, peer, forwarded_for, client):
    monkeypatch.setenv("SPOTICLONE_TRUSTED_PROXIES", trusted)
    get_settings.cache_clear()
    assert _auth_state(peer, forwarded_for).client_ip() == client
