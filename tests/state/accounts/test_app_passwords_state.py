"""App passwords on the security page: the cookie decides whose keys; the key is shown once."""

from __future__ import annotations

from spoticlone import routes
from spoticlone.services.auth import app_passwords
from spoticlone.services.auth.sessions import create_session
from spoticlone.state.accounts.app_passwords import AppPasswordsState
from spoticlone.testing.driver import events_of
from tests.factories import make_account
from tests.state.conftest import make_state


def page(token: str | None):
    state = make_state(AppPasswordsState, routes.SETTINGS_SECURITY, routes.SETTINGS_SECURITY, session_token=token)
    events_of(AppPasswordsState.load, state)
    return state


def test_make_list_and_revoke(session):
    ann = make_account(session, username="ann", email="ann@example.com")
    state = page(create_session(session, user_id=ann.id))
    assert state.keys == []
    events_of(AppPasswordsState.create, state, {"app_password_name": "Car"})
    assert state.error == "" and len(state.new_key.replace("-", "")) == app_passwords.KEY_LENGTH
    assert [k["name"] for k in state.keys] == ["Car"] and state.keys[0]["last_used"] == "never"
    assert app_passwords.subsonic_sign_in(session, username="ann", password=state.new_key).id == ann.id
    session.commit()
    events_of(AppPasswordsState.dismiss, state)
    assert state.new_key == ""
    events_of(AppPasswordsState.load, state)
    assert state.keys[0]["last_used"] != "never" and "key" not in state.keys[0]
    events_of(AppPasswordsState.revoke, state, state.keys[0]["id"])
    assert state.keys == []


def test_refusals_change_nothing(session):
    ann = make_account(session, username="ann", email="ann@example.com")
    bob = make_account(session, username="bob", email="bob@example.com")
    bobs = app_passwords.create_app_password(session, actor=bob, name="Bob's phone")
    session.commit()
    state = page(create_session(session, user_id=ann.id))
    events_of(AppPasswordsState.create, state, {"app_password_name": "   "})
    assert state.error and state.new_key == "" and state.keys == []
    events_of(AppPasswordsState.revoke, state, bobs.id)
    assert state.error == "No such app password."
    events_of(AppPasswordsState.revoke, state, "1; drop table")
    assert len(app_passwords.list_app_passwords(session, actor=bob)) == 1
    anonymous = page(None)
    events_of(AppPasswordsState.create, anonymous, {"app_password_name": "sneaky"})
    assert anonymous.new_key == "" and anonymous.keys == []
