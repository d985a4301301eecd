"""Security settings handlers: who may act is decided by the cookie, never by arguments.

Each test builds the state the way a browser's websocket would carry it (with or
without a session cookie) and checks both the message shown and the database.
"""

from __future__ import annotations

import re
from email import policy
from email.parser import BytesParser

import pytest

from spoticlone import routes
from spoticlone.models import AuthSession, User
from spoticlone.services.auth import passwords
from spoticlone.services.auth.sessions import create_session, revoke_session, user_for_token
from spoticlone.state.accounts.security import SecurityState
from spoticlone.testing.driver import event_arg, event_kind, events_of
from tests.factories import make_account
from tests.state.conftest import make_state

PASSWORD = "correct horse battery"
FIREFOX = "Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0"


@pytest.fixture
def ann(session):
    user = make_account(session, email="ann@example.com", username="ann", password=PASSWORD)
    here = create_session(session, user_id=user.id, user_agent=FIREFOX, ip="10.0.0.1")
    elsewhere = create_session(session, user_id=user.id, user_agent="Spoticlone-CLI/1.0", ip="10.0.0.2")
    return user, here, elsewhere


def security(token: str | None = None):
    state = make_state(SecurityState, routes.SETTINGS_SECURITY, routes.SETTINGS_SECURITY, session_token=token)
    events_of(SecurityState.load, state)
    return state


def _row(session, token: str) -> AuthSession:
    from spoticlone.services.auth.sessions import token_hash

    row = session.query(AuthSession).filter_by(token_hash=token_hash(token)).one()
    session.refresh(row)
    return row


def signs_out(events) -> bool:
    return any(event_kind(e) == "_call_script" and routes.BROWSER_SIGN_OUT in event_arg(e, "javascript_code")
               for e in events)


def test_load_lists_own_sessions_and_marks_this_device(session, ann):
    _user, here, _ = ann
    other = make_account(session, username="bob", email="bob@example.com")
    create_session(session, user_id=other.id)
    state = security(here)
    assert state.email == "ann@example.com"
    assert len(state.sessions) == 2, "only Ann's own sessions"
    current = [s for s in state.sessions if s["current"]]
    assert [s["device"] for s in current] == ["Firefox on Linux"]
    assert {s["device"] for s in state.sessions} == {"Firefox on Linux", "Spoticlone-CLI"}


@pytest.mark.parametrize("token", [None, "not-a-real-token"])
def test_every_handler_refuses_without_a_valid_cookie(session, ann, token):
    user, _, elsewhere = ann
    state = security(token)
    assert state.sessions == [] and state.email == ""
    events_of(SecurityState.change_password, state, {"current_password": PASSWORD, "new_password": "brand new secret"})
    assert state.password_error == "Sign in to do that."
    events_of(SecurityState.request_email_change, state, {"new_email": "x@example.com", "email_password": PASSWORD})
    assert state.email_error == "Sign in to do that."
    first_id = _row(session, elsewhere).id
    assert events_of(SecurityState.revoke, state, first_id) == []
    assert state.sessions_error == "Sign in to do that."
    assert events_of(SecurityState.revoke_everywhere, state) == []
    session.refresh(user)
    assert passwords.verify_password(user.password_hash, PASSWORD)
    assert _row(session, elsewhere).revoked_at is None


def test_a_revoked_session_can_no_longer_act(session, ann):
    _user, here, elsewhere = ann
    state = security(here)
    revoke_session(session, token=here)
    events_of(SecurityState.revoke_everywhere, state)
    assert state.sessions_error == "Sign in to do that."
    assert _row(session, elsewhere).revoked_at is None


def test_revoking_another_users_session_is_refused(session, ann):
    _, _, ann_elsewhere = ann
    bob = make_account(session, username="bob", email="bob@example.com")
    bob_token = create_session(session, user_id=bob.id)
    state = security(bob_token)
    assert events_of(SecurityState.revoke, state, _row(session, ann_elsewhere).id) == []
    assert state.sessions_error == "That session was not found. It may have ended already."
    assert _row(session, ann_elsewhere).revoked_at is None
    events_of(SecurityState.revoke, state, "1; DROP TABLE authsession")  # junk id: refused the same way
    assert state.sessions_error.startswith("That session was not found")


def test_revoke_one_session_then_this_one(session, ann):
    _, here, elsewhere = ann
    state = security(here)
    assert events_of(SecurityState.revoke, state, _row(session, elsewhere).id) == []
    assert _row(session, elsewhere).revoked_at is not None
    assert [s["current"] for s in state.sessions] == [True]
    events = events_of(SecurityState.revoke, state, _row(session, here).id)
    assert signs_out(events)
    assert user_for_token(session, token=here) is None


def test_sign_out_everywhere_ends_every_session(session, ann):
    _user, here, elsewhere = ann
    state = security(here)
    assert signs_out(events_of(SecurityState.revoke_everywhere, state))
    assert user_for_token(session, token=here) is None
    assert user_for_token(session, token=elsewhere) is None


def test_change_password_keeps_this_session_and_ends_the_others(session, ann):
    user, here, elsewhere = ann
    state = security(here)
    events_of(SecurityState.change_password, state,
              {"current_password": "wrong one", "new_password": "brand new secret"})
    assert state.password_error == "Your current password is not right."
    events_of(SecurityState.change_password, state, {"current_password": PASSWORD, "new_password": "short"})
    assert "at least 8 characters" in state.password_error
    events = events_of(SecurityState.change_password, state,
                   {"current_password": PASSWORD, "new_password": "brand new secret"})
    assert state.password_error == ""
    assert "signed out everywhere else" in state.password_notice
    assert any(event_kind(e) == "_set_value" for e in events), "the password fields are cleared"
    session.refresh(user)
    assert passwords.verify_password(user.password_hash, "brand new secret")
    assert user_for_token(session, token=here) == user.id
    assert user_for_token(session, token=elsewhere) is None


def test_change_email_needs_the_code_sent_to_the_new_address(session, settings, ann):
    user, here, _ = ann
    state = security(here)
    events_of(SecurityState.request_email_change, state,
              {"new_email": "new@example.com", "email_password": "nope nope"})
    assert state.email_error == "Your current password is not right."
    events_of(SecurityState.request_email_change, state, {"new_email": "New@Example.com", "email_password": PASSWORD})
    assert state.email_error == "" and state.email_step == "code"
    assert "new@example.com" in state.email_notice

    [eml] = list(settings.outbox_dir.glob("*.eml"))
    message = BytesParser(policy=policy.default).parsebytes(eml.read_bytes())
    assert message["To"] == "new@example.com"
    code = re.search(r"\b(\d{6})\b", message.get_body(preferencelist=("plain",)).get_content()).group(1)

    wrong = "000000" if code != "000000" else "111111"
    events_of(SecurityState.confirm_email_change, state, {"email_code": wrong})
    assert state.email_error.startswith("That code is not right")
    events_of(SecurityState.confirm_email_change, state, {"email_code": code})
    assert state.email_error == "" and state.email == "new@example.com"
    session.refresh(user)
    assert user.email == "new@example.com"


def test_change_email_to_a_taken_address_looks_the_same_and_tells_its_owner(session, settings, ann):
    user, here, _ = ann
    make_account(session, username="taken", email="taken@example.com")
    state = security(here)
    events_of(SecurityState.request_email_change, state, {"new_email": "Taken@Example.com", "email_password": PASSWORD})
    assert state.email_error == "" and state.email_step == "code"
    assert state.email_notice == "We emailed a 6-digit code to taken@example.com. Enter it here to confirm."
    [eml] = list(settings.outbox_dir.glob("*.eml"))
    message = BytesParser(policy=policy.default).parsebytes(eml.read_bytes())
    body = message.get_body(preferencelist=("plain",)).get_content()
    assert message["To"] == "taken@example.com" and "Hi taken," in body
    assert "already belongs to your account" in body and not re.search(r"\b\d{6}\b", body)
    events_of(SecurityState.confirm_email_change, state, {"email_code": "123456"})
    assert state.email_error == "That code is not right. 4 tries left."  # as for a free address
    session.refresh(user)
    assert user.email == "ann@example.com"


def test_email_change_code_cannot_be_confirmed_by_another_account(session, settings, ann):
    _user, here, _ = ann
    state = security(here)
    events_of(SecurityState.request_email_change, state, {"new_email": "new@example.com", "email_password": PASSWORD})
    [eml] = list(settings.outbox_dir.glob("*.eml"))
    code = re.search(r"\b(\d{6})\b", eml.read_text()).group(1)

    bob = make_account(session, username="bob", email="bob@example.com")
    bob_state = security(create_session(session, user_id=bob.id))
    bob_state._email_request = state._email_request  # even with Ann's request id in hand
    events_of(SecurityState.confirm_email_change, bob_state, {"email_code": code})
    assert bob_state.email_error.startswith("That code is not valid")
    assert session.get(User, bob.id).email == "bob@example.com"
