"""TwoStepState: set-up through codes shown once, turning off, and refusal without a session."""

from __future__ import annotations

from urllib.parse import unquote

import pyotp

from spoticlone import routes
from spoticlone.models import User
from spoticlone.services.auth.sessions import create_session
from spoticlone.state.auth.two_step import TwoStepState, group_secret
from spoticlone.testing.driver import run
from tests.factories import make_account
from tests.state.conftest import make_state

PASSWORD = "correct horse battery"


def _state(session, user=None):
    token = create_session(session, user_id=user.id) if user else None
    return make_state(TwoStepState, routes.SETTINGS_TWO_STEP, routes.SETTINGS_TWO_STEP, session_token=token)


def test_group_secret():
    assert group_secret("ABCDEFGHIJ") == "ABCD EFGH IJ"


def test_set_up_shows_codes_once_then_forgets_them(session):
    user = make_account(session, password=PASSWORD)
    state = _state(session, user)
    run(TwoStepState.load, state)
    assert state.loaded and not state.enabled and state.has_password and state.error == ""
    run(TwoStepState.start_setup, state)
    assert state.stage == "setup" and len(state.secret) == 32
    assert state.qr_data_uri.startswith("data:image/svg+xml")
    run(TwoStepState.confirm_setup, state, {"setup_code": "12345"})
    assert state.stage == "setup" and "not right" in state.error
    run(TwoStepState.confirm_setup, state, {"setup_code": pyotp.TOTP(state.secret).now()})
    assert state.error == "" and state.stage == "codes" and state.secret == ""
    assert len(state.recovery_codes) == 10 and state.enabled and state.codes_left == 10
    assert state.recovery_codes[0] in unquote(state.codes_download_url)
    run(TwoStepState.codes_saved, state)
    assert state.recovery_codes == [] and state.stage == "" and "on" in state.notice
    session.expire_all()
    assert session.get(User, user.id).totp_enabled


def test_disable_needs_the_right_password(session):
    user = make_account(session, password=PASSWORD)
    state = _state(session, user)
    run(TwoStepState.start_setup, state)
    run(TwoStepState.confirm_setup, state, {"setup_code": pyotp.TOTP(state.secret).now()})
    run(TwoStepState.disable, state, {"off_password": "not the password"})
    assert state.error == "Your password is not right." and state.enabled
    run(TwoStepState.regenerate, state, {"regen_password": PASSWORD})
    assert state.stage == "codes" and len(state.recovery_codes) == 10
    run(TwoStepState.disable, state, {"off_password": PASSWORD})
    assert state.error == "" and not state.enabled and "off" in state.notice


def test_handlers_do_nothing_without_a_session(session):
    state = _state(session)
    run(TwoStepState.start_setup, state)
    assert state.error == "Sign in to do that." and state.secret == "" and state.stage == ""
    run(TwoStepState.load, state)
    assert not state.enabled


def test_a_revoked_session_is_refused_at_once(session):
    from spoticlone.services.auth.sessions import revoke_session

    user = make_account(session)
    token = create_session(session, user_id=user.id)
    state = make_state(TwoStepState, routes.SETTINGS_TWO_STEP, routes.SETTINGS_TWO_STEP, session_token=token)
    revoke_session(session, token=token)
    run(TwoStepState.start_setup, state)
    assert state.error == "Sign in to do that."
    session.expire_all()
    assert session.get(User, user.id).totp_pending_secret is None
