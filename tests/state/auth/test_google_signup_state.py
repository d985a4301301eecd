"""The ``/signup/google`` state: shows the pending sign-up, creates the account, hands off."""

from __future__ import annotations

import re
from datetime import date
from urllib.parse import parse_qs, unquote, urlencode, urlsplit

import pytest
from sqlmodel import select

from spoticlone import routes
from spoticlone.models import TicketKind, User
from spoticlone.services.auth import google, tickets
from spoticlone.state.auth.google_signup import MISSING, GoogleSignupState
from spoticlone.testing.driver import events_of, run
from tests.state.conftest import make_state


@pytest.fixture
def ticket(session):
    return google.sign_in_with_google(
        session, issuer="https://accounts.google.example", subject="sub-42", email="zoe.k@example.com",
        email_verified=True, given_name="Zoe",
    ).signup_ticket


def state_for(ticket: str | None, next_path: str = "/browse") -> GoogleSignupState:
    params = {"next": next_path}
    if ticket is not None:
        params["ticket"] = ticket
    return make_state(GoogleSignupState, routes.GOOGLE_SIGN_UP, f"{routes.GOOGLE_SIGN_UP}?{urlencode(params)}",
                      params)


def test_load_shows_the_google_email_and_a_suggestion(ticket):
    state = run(GoogleSignupState.load, state_for(ticket))

    assert state.loaded and not state.expired
    assert (state.email, state.suggested_username, state.given_name) == ("zoe.k@example.com", "zoe_k", "Zoe")


def test_load_without_a_ticket_says_how_to_start_again(session):
    state = run(GoogleSignupState.load, state_for(None))
    assert state.expired and state.error == MISSING


def test_load_with_a_bogus_ticket_says_it_expired(session):
    state = run(GoogleSignupState.load, state_for("not-a-real-ticket"))
    assert state.expired and state.error == tickets.EXPIRED


def test_submit_shows_errors_then_creates_the_account_and_hands_off(ticket, session):
    state = run(GoogleSignupState.load, state_for(ticket, "/browse"))

    assert events_of(GoogleSignupState.submit, state, {"username": "zoe", "date_of_birth": "2020-01-01"}) == []
    assert "13" in state.error and not state.expired and not state.busy
    assert session.exec(select(User)).all() == []

    events = events_of(GoogleSignupState.submit, state, {"username": "zoe", "date_of_birth": "1999-12-31"})

    user = session.exec(select(User).where(User.username == "zoe")).one()
    assert user.email_verified and user.password_hash is None
    script = unquote(str(events[-1]))
    match = re.search(re.escape(routes.BROWSER_SIGN_IN_COMPLETE) + r"\?[^\"'\\]+", script)
    assert match, script
    query = parse_qs(urlsplit(match.group(0)).query)
    assert query["next"] == ["/browse"]
    handoff = tickets.consume_ticket(session, token=query["ticket"][0], kind=TicketKind.HANDOFF)
    assert handoff.user_id == user.id


def test_submit_with_a_spent_ticket_switches_to_the_expired_view(ticket, session):
    state = run(GoogleSignupState.load, state_for(ticket))
    google.complete_google_signup(session, ticket=ticket, username="zoe",
                                           date_of_birth=date(1990, 1, 1))

    events = events_of(GoogleSignupState.submit, state, {"username": "zoe2", "date_of_birth": "1990-01-01"})

    assert events == [] and state.expired and state.error == tickets.EXPIRED
    assert len(session.exec(select(User)).all()) == 1


def test_garbage_form_values_change_nothing(ticket, session):
    state = run(GoogleSignupState.load, state_for(ticket))
    events_of(GoogleSignupState.submit, state, {"username": ["x"], "date_of_birth": 12})
    assert state.error and session.exec(select(User)).all() == []
