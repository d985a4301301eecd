"""Sign-up, verify, sign-in (two-step too) and reset states, driven without a browser.

Each handler runs for real against a temporary database and the outbox mailer; the
tests read the code out of the mailed message like a listener would, and follow the
HANDOFF ticket in the final redirect to check who would be signed in.
"""

from __future__ import annotations

import re
from datetime import date
from urllib.parse import parse_qs, urlsplit

import pyotp
import pytest

from spoticlone import routes
from spoticlone.models import AuthSession, TicketKind, User
from spoticlone.services.auth import tickets, totp
from spoticlone.services.auth.sessions import create_session
from spoticlone.state.auth.account import ResetState, SignInState, SignUpState, VerifyState
from spoticlone.testing.driver import event_arg, event_kind, events_of
from tests.aio import run_async
from tests.factories import make_account, make_user
from tests.state.account_helpers import code_in, handoff, mailed, sign_in_state, signed_in_as
from tests.state.conftest import make_state

PASSWORD = "correct horse battery"


def redirect_path(events) -> str:
    paths = [event_arg(e, "path") for e in events if event_kind(e) == "_redirect"]
    assert paths, f"no redirect in {events}"
    return paths[-1]


SIGN_UP_FORM = {"email": "Ann@Example.com", "username": "ann", "password": PASSWORD, "date_of_birth": "2000-05-01",
                "accept_terms": "on"}


def sign_up(form=None):
    state = make_state(SignUpState, routes.SIGN_UP, routes.SIGN_UP)
    events = events_of(SignUpState.submit, state, {**SIGN_UP_FORM, **(form or {})})
    return state, events


def verify_state(path: str):
    query = {k: v[0] for k, v in parse_qs(urlsplit(path).query).items()}
    return make_state(VerifyState, routes.VERIFY_EMAIL, path, query)


# Sign up.

@pytest.mark.parametrize(
    ("form", "message"),
    [
        ({"email": "not-an-email"}, "Enter a valid email address"),
        ({"username": "a"}, "Usernames are 3 to 30 characters"),
        ({"password": "short"}, "at least 8 characters"),
        ({"password": "password123"}, "most commonly used"),
        ({"date_of_birth": ""}, "Enter your date of birth."),
        ({"date_of_birth": "31/12/2000"}, "Enter your date of birth."),
        ({"date_of_birth": date.today().replace(year=date.today().year - 12).isoformat()}, "at least 13"),
    ],
)
def test_sign_up_refuses_bad_input_and_creates_nothing(session, settings, form, message):
    state, events = sign_up(form)
    assert message in state.error
    assert not state.busy
    assert not [e for e in events if event_kind(e) == "_redirect"]
    assert session.query(User).count() == 0
    assert mailed(settings) == []


def test_sign_up_with_a_taken_email_looks_the_same_and_tells_its_owner(session, settings):
    make_account(session, email="ann@example.com", username="someone")
    state, events = sign_up()
    assert state.error == ""
    path = redirect_path(events)  # the same next page as for a new address
    assert path.startswith(routes.VERIFY_EMAIL + "?request=") and path.endswith("&sent=1")
    [message] = mailed(settings)
    body = message.get_body(preferencelist=("plain",)).get_content()
    assert message["To"] == "ann@example.com" and "Hi someone," in body
    assert "already belongs to your account" in body and not re.search(r"\b\d{6}\b", body)
    assert session.query(User).count() == 1


def test_sign_up_mails_a_code_and_continues_on_the_verify_page(session, settings):
    state, events = sign_up()
    assert state.error == ""
    path = redirect_path(events)
    assert path.startswith(routes.VERIFY_EMAIL + "?request=") and path.endswith("&sent=1")
    [message] = mailed(settings)
    assert message["To"] == "ann@example.com"
    assert re.fullmatch(r"\d{6}", code_in(message))
    user = session.query(User).one()
    assert (user.username, user.email_verified) == ("ann", False)


@pytest.mark.parametrize("ticked", [True, "on"])
def test_the_terms_box_counts_as_ticked_however_reflex_sends_it(session, settings, ticked):
    # Reflex 0.10 submits a control by its id as a bool, and that wins over the form's "on".
    state, events = sign_up({"accept_terms": ticked})
    assert state.error == "" and redirect_path(events).startswith(routes.VERIFY_EMAIL)


@pytest.mark.parametrize("unticked", [False, "", None])
def test_an_unticked_terms_box_refuses_the_sign_up(session, settings, unticked):
    state, _ = sign_up({"accept_terms": unticked})
    assert "Terms" in state.error
    assert session.query(User).count() == 0


# Verify.

def test_verify_wrong_code_then_right_code_signs_in(session, settings):
    _, events = sign_up()
    path = redirect_path(events)
    state = verify_state(path)
    events_of(VerifyState.load, state)
    assert state.notice == "We emailed you a 6-digit code."
    assert 0 < state.cooldown <= 60

    code = code_in(mailed(settings)[0])
    wrong = "000000" if code != "000000" else "111111"
    assert events_of(VerifyState.submit, state, {"code": wrong}) == []
    assert state.error == "That code is not right. 4 tries left."
    events_of(VerifyState.submit, state, {"code": "12ab"})
    assert state.error == "Enter the 6-digit code from the email."

    events = events_of(VerifyState.submit, state, {"code": code})
    assert state.error == ""
    assert handoff(events)["next"] == routes.HOME
    user_id = signed_in_as(session, events)
    user = session.get(User, user_id)
    session.refresh(user)
    assert user.username == "ann" and user.email_verified


def test_verify_page_without_request_says_what_to_do(session, settings):
    state = make_state(VerifyState, routes.VERIFY_EMAIL, routes.VERIFY_EMAIL)
    events_of(VerifyState.load, state)
    assert "missing its sign-up" in state.error
    assert state.cooldown == 0


def test_resend_during_cooldown_is_refused_by_the_server(session, settings):
    _, events = sign_up()
    state = verify_state(redirect_path(events))
    state.cooldown = 0  # a client that skipped the countdown still hits the service's cooldown
    assert events_of(VerifyState.resend, state) == []
    assert state.error.startswith("A code was just sent. You can ask for another in")
    assert len(mailed(settings)) == 1


# Sign in.

def test_sign_in_with_wrong_password_says_so_without_revealing_the_account(session, settings):
    make_account(session, email="bob@example.com", password=PASSWORD)
    for email in ("bob@example.com", "nobody@example.com"):
        state = sign_in_state()
        assert events_of(SignInState.submit_password, state, {"email": email, "password": "wrong password"}) == []
        assert state.error == "Email or password is incorrect."
        assert not state.unverified


@pytest.mark.parametrize(("next_path", "landing"), [("/settings/security", "/settings/security"),
                                                     ("//evil.example", "/"), ("/api/v1/me", "/")])
def test_sign_in_lands_on_a_safe_next_page(session, settings, next_path, landing):
    user = make_account(session, email="bob@example.com", password=PASSWORD)
    state = sign_in_state({"next": next_path})
    events = events_of(SignInState.submit_password, state, {"email": "bob@example.com", "password": PASSWORD})
    assert handoff(events)["next"] == landing
    assert signed_in_as(session, events) == user.id


def test_unverified_account_gets_a_new_code_after_the_right_password(session, settings):
    make_account(session, email="new@example.com", username="newbie", password=PASSWORD, email_verified=False)
    state = sign_in_state()
    events_of(SignInState.resend_verification, state)  # nothing proven yet: does nothing
    assert mailed(settings) == []

    events_of(SignInState.submit_password, state, {"email": "new@example.com", "password": PASSWORD})
    assert state.error.startswith("Verify your email address first")
    assert state.unverified
    path = redirect_path(events_of(SignInState.resend_verification, state))
    assert path.startswith(routes.VERIFY_EMAIL + "?request=")
    [message] = mailed(settings)
    assert message["To"] == "new@example.com"


def _with_app(session, user: User) -> pyotp.TOTP:
    secret = pyotp.random_base32()
    user.totp_secret, user.totp_enabled = totp.encrypt_secret(secret), True
    session.add(user)
    session.commit()
    return pyotp.TOTP(secret)


def test_two_step_sign_in_asks_for_the_app_code(session, settings):
    user = make_account(session, email="two@example.com", password=PASSWORD)
    app = _with_app(session, user)
    state = sign_in_state({"next": "/browse"})
    events = events_of(SignInState.submit_password, state, {"email": "two@example.com", "password": PASSWORD})
    assert events == [] and state.step == "code"
    assert state._mfa_ticket  # backend only: never sent to the browser
    assert "_mfa_ticket" not in state.get_delta().get(state.get_full_name(), {})

    wrong = "000000" if app.now() != "000000" else "111111"
    assert events_of(SignInState.submit_code, state, {"code": wrong}) == []
    assert state.error.startswith("That code is not right")
    events = events_of(SignInState.submit_code, state, {"code": app.now()})
    assert handoff(events)["next"] == "/browse"
    assert signed_in_as(session, events) == user.id


def test_mfa_ticket_in_the_url_jumps_to_the_code_step(session, settings):
    user = make_account(session, password=PASSWORD)
    app = _with_app(session, user)
    ticket = tickets.issue_ticket(session, kind=TicketKind.MFA, user_id=user.id)
    state = sign_in_state({"mfa": ticket})
    assert state.step == "code"
    events = events_of(SignInState.submit_code, state, {"code": app.now()})
    assert signed_in_as(session, events) == user.id


def test_expired_or_forged_mfa_ticket_goes_back_to_the_password_step(session, settings):
    state = sign_in_state({"mfa": "forged"})
    events_of(SignInState.submit_code, state, {"code": "123456"})
    assert state.error == tickets.EXPIRED
    assert state.step == "password"


def test_sign_in_page_shows_the_error_from_the_url(session, settings):
    state = sign_in_state({"error": "Google sign-in was cancelled."})
    assert state.error == "Google sign-in was cancelled."


# Password reset.

def test_reset_password_end_to_end(session, settings):
    user = make_account(session, email="rae@example.com", password=PASSWORD)
    old_token = create_session(session, user_id=user.id)
    state = make_state(ResetState, routes.RESET_PASSWORD, routes.RESET_PASSWORD)
    events_of(ResetState.load, state)
    events_of(ResetState.request_code, state, {"email": "RAE@example.com"})
    assert state.step == "code" and "If an account uses that address" in state.notice
    code = code_in(mailed(settings)[0])

    events_of(ResetState.submit, state, {"code": code, "new_password": "short"})
    assert "at least 8 characters" in state.error and state.step == "code"
    wrong = "000000" if code != "000000" else "111111"
    events_of(ResetState.submit, state, {"code": wrong, "new_password": "a brand new secret"})
    assert state.error.startswith("That code is not right")
    events_of(ResetState.submit, state, {"code": code, "new_password": "a brand new secret"})
    assert state.step == "done" and state.error == ""

    row = session.query(AuthSession).filter_by(user_id=user.id).one()
    session.refresh(row)
    assert row.revoked_at is not None, "a reset ends every session"
    assert old_token


def test_reset_for_unknown_email_looks_the_same_and_mails_nothing(session, settings):
    make_user(session, email="someone@example.com")
    state = make_state(ResetState, routes.RESET_PASSWORD, routes.RESET_PASSWORD)
    events_of(ResetState.request_code, state, {"email": "nobody@example.com"})
    assert state.step == "code" and "If an account uses that address" in state.notice
    assert mailed(settings) == []
    events_of(ResetState.submit, state, {"code": "123456", "new_password": "a brand new secret"})
    assert state.step == "code" and state.error


def test_sign_in_error_codes_from_the_sign_in_route_become_words(session, settings):
    state = sign_in_state({"error": "signin_expired"})
    assert state.error == "That sign-in took too long or was already used. Sign in again."


def test_sign_in_keeps_the_plays_of_this_browser(session, settings):
    from spoticlone.state.listening.player import PlayerState

    user = make_account(session, email="bob@example.com", password=PASSWORD)
    state = sign_in_state()
    run_async(state.get_state(PlayerState)).anon_id = "anon-listener-123456"
    events = events_of(SignInState.submit_password, state, {"email": "bob@example.com", "password": PASSWORD})
    ticket = tickets.consume_ticket(session, token=handoff(events)["ticket"], kind=TicketKind.HANDOFF)
    assert ticket.user_id == user.id
    assert tickets.payload_of(ticket) == {"anonymous_session": "anon-listener-123456"}
