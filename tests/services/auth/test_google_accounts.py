"""Rules for signing in with Google, below any HTTP: who a verified identity is here."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest
from sqlmodel import select

from spoticlone.models import AuthTicket, ExternalIdentity, User
from spoticlone.services.accounts import password_reset, signup as accounts_signup
from spoticlone.services.auth import credentials, google as auth_google, passwords
from spoticlone.services.auth.sessions import create_session, user_for_token
from spoticlone.services.core.clock import FakeClock
from spoticlone.services.core.errors import Conflict, Invalid, PermissionDenied
from tests import factories

ISSUER = "https://accounts.google.example"
ADULT = date(1990, 5, 17)


@pytest.fixture
def clock():
    return FakeClock(datetime(2026, 3, 1, 12, 0, tzinfo=UTC))


def google(session, clock, *, sub="sub-1", email="ada@example.com", verified=True, **extra):
    return auth_google.sign_in_with_google(
        session, issuer=ISSUER, subject=sub, email=email, email_verified=verified,
        given_name=extra.get("given_name", "Ada"), family_name=extra.get("family_name", "Lovelace"), clock=clock,
    )


def identities(session):
    return session.exec(select(ExternalIdentity)).all()


def test_known_identity_is_that_user_even_if_the_email_changed(session, clock):
    user = factories.make_user(session, email="old@example.com", email_verified=True)
    session.add(ExternalIdentity(user_id=user.id, issuer=ISSUER, subject="sub-1", email="old@example.com"))
    session.commit()

    outcome = google(session, clock, email="new-address@example.com", verified=False)

    assert outcome == auth_google.GoogleOutcome(user_id=user.id)


def test_same_subject_from_another_issuer_is_someone_else(session, clock):
    user = factories.make_user(session, email="old@example.com", email_verified=True)
    session.add(ExternalIdentity(user_id=user.id, issuer="https://other.example", subject="sub-1"))
    session.commit()

    outcome = google(session, clock, email="fresh@example.com")

    assert outcome.user_id is None and outcome.signup_ticket


def test_known_identity_of_suspended_account_is_refused(session, clock):
    user = factories.make_user(session, email="ada@example.com", email_verified=True, suspended=True)
    session.add(ExternalIdentity(user_id=user.id, issuer=ISSUER, subject="sub-1"))
    session.commit()

    with pytest.raises(PermissionDenied, match="suspended"):
        google(session, clock)


def test_verified_email_links_the_existing_account(session, clock):
    user = factories.make_user(session, email="ada@example.com", email_verified=True,
                               password_hash=passwords.hash_password("a long passphrase"))

    outcome = google(session, clock, email="ADA@example.com")

    assert outcome.user_id == user.id
    [identity] = identities(session)
    assert (identity.user_id, identity.issuer, identity.subject) == (user.id, ISSUER, "sub-1")
    session.refresh(user)
    assert passwords.verify_password(user.password_hash, "a long passphrase")  # untouched
    # Next time the identity alone is enough.
    assert google(session, clock, email="ada@example.com").user_id == user.id
    assert len(identities(session)) == 1


def test_linking_an_unverified_account_removes_its_unproven_password(session, clock):
    """Pre-hijack defence: a stranger who signed up with this address must not keep a way in."""
    squatter_password = "squatters passphrase"
    user = factories.make_user(session, email="ada@example.com", email_verified=False,
                               password_hash=passwords.hash_password(squatter_password))
    token = create_session(session, user_id=user.id, clock=clock)

    assert google(session, clock).user_id == user.id

    session.refresh(user)
    assert user.email_verified and user.password_hash is None
    assert user_for_token(session, token=token, clock=clock) is None
    with pytest.raises(Invalid):
        credentials.authenticate(session, email="ada@example.com", password=squatter_password, client_ip=None,
                              clock=clock)


def test_unverified_google_email_does_not_link(session, clock):
    factories.make_user(session, email="ada@example.com", email_verified=True)

    with pytest.raises(PermissionDenied, match="password"):
        google(session, clock, verified=False)
    assert identities(session) == []


def test_verified_flag_must_be_a_real_true(session, clock):
    factories.make_user(session, email="ada@example.com", email_verified=True)
    with pytest.raises(PermissionDenied):
        google(session, clock, verified="true")
    assert identities(session) == []


def test_linking_a_suspended_account_is_refused(session, clock):
    factories.make_user(session, email="ada@example.com", email_verified=True, suspended=True)
    with pytest.raises(PermissionDenied, match="suspended"):
        google(session, clock)
    assert identities(session) == []


def test_new_person_gets_a_signup_ticket_not_an_account(session, clock):
    outcome = google(session, clock)

    assert outcome.user_id is None and outcome.signup_ticket
    assert session.exec(select(User)).all() == []
    details = auth_google.signup_details(session, ticket=outcome.signup_ticket, clock=clock)
    assert details.email == "ada@example.com"
    assert details.suggested_username == "ada"
    assert details.given_name == "Ada"


def test_new_person_with_unverified_email_is_refused(session, clock):
    with pytest.raises(PermissionDenied, match="cannot be used to create"):
        google(session, clock, verified=False)
    assert session.exec(select(AuthTicket)).all() == []


def test_missing_email_or_subject_is_refused(session, clock):
    with pytest.raises(Invalid):
        google(session, clock, email=None)
    with pytest.raises(Invalid):
        google(session, clock, sub="")


def test_suggested_username_is_valid_and_free(session, clock):
    factories.make_user(session, username="ada_l")
    assert auth_google.suggest_username(session, "Ada.L@example.com") == "ada_l2"
    assert auth_google.suggest_username(session, "x@example.com") == "x_listener"
    accounts_signup.normalize_username(auth_google.suggest_username(session, "--..--@example.com"))


def signup(session, clock, ticket, username="ada", born=ADULT):
    return auth_google.complete_google_signup(
        session, ticket=ticket, username=username, date_of_birth=born, clock=clock
    )


def test_complete_signup_creates_a_verified_passwordless_account(session, clock):
    ticket = google(session, clock).signup_ticket

    user_id = signup(session, clock, ticket, username="Ada_Music")

    user = session.get(User, user_id)
    assert (user.username, user.email, user.email_verified) == ("ada_music", "ada@example.com", True)
    assert user.password_hash is None
    assert (user.first_name, user.last_name, user.date_of_birth) == ("Ada", "Lovelace", ADULT)
    [identity] = identities(session)
    assert (identity.user_id, identity.subject) == (user_id, "sub-1")
    assert google(session, clock).user_id == user_id


def test_signup_ticket_is_single_use(session, clock):
    ticket = google(session, clock).signup_ticket
    signup(session, clock, ticket)

    with pytest.raises(Invalid, match="expired"):
        signup(session, clock, ticket, username="someone_else")
    assert len(session.exec(select(User)).all()) == 1


def test_signup_ticket_expires(session, clock):
    ticket = google(session, clock).signup_ticket
    clock.advance(timedelta(minutes=31))
    with pytest.raises(Invalid, match="expired"):
        signup(session, clock, ticket)


def test_taken_username_keeps_the_ticket_usable(session, clock):
    factories.make_user(session, username="ada")
    ticket = google(session, clock).signup_ticket

    with pytest.raises(Conflict, match="taken"):
        signup(session, clock, ticket, username="ADA")
    assert signup(session, clock, ticket, username="ada2")


def test_under_13_is_refused_and_ticket_still_usable(session, clock):
    ticket = google(session, clock).signup_ticket
    too_young = date(2015, 1, 1)

    with pytest.raises(Invalid, match="13"):
        signup(session, clock, ticket, born=too_young)
    with pytest.raises(Invalid):
        signup(session, clock, ticket, username="no spaces allowed")
    assert session.exec(select(User)).all() == []
    assert signup(session, clock, ticket)


def test_second_ticket_for_same_google_account_returns_the_first_account(session, clock):
    """Two tabs started sign-up: finishing the second must not make a second account."""
    first, second = google(session, clock).signup_ticket, google(session, clock).signup_ticket
    user_id = signup(session, clock, first)

    assert signup(session, clock, second, username="ada_again") == user_id
    assert len(session.exec(select(User)).all()) == 1


def test_email_taken_meanwhile_is_a_clear_conflict(session, clock):
    ticket = google(session, clock).signup_ticket
    factories.make_user(session, email="ada@example.com")

    with pytest.raises(Conflict, match="Sign in with Google again"):
        signup(session, clock, ticket)


def test_passwordless_account_cannot_sign_in_with_any_password_but_can_reset(session, clock):
    user_id = signup(session, clock, google(session, clock).signup_ticket)

    with pytest.raises(Invalid, match="incorrect"):
        credentials.authenticate(session, email="ada@example.com", password="", client_ip=None, clock=clock)
    with pytest.raises(Invalid, match="incorrect"):
        credentials.authenticate(session, email="ada@example.com", password="anything at all", client_ip=None,
                              clock=clock)

    reset = password_reset.request_password_reset(session, email="ada@example.com", client_ip=None, clock=clock)
    assert reset.user_id == user_id and reset.code
    password_reset.reset_password(session, request_id=reset.request_id, code=reset.code,
                            new_password="my brand new passphrase", clock=clock)
    assert credentials.authenticate(session, email="ada@example.com", password="my brand new passphrase",
                                 client_ip=None, clock=clock) == user_id
