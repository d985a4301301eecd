"""Sessions, password change and reset, and email change (accounts services)."""

from __future__ import annotations

from datetime import date

import pytest
from sqlmodel import select

from spoticlone.models import AuthSession
from spoticlone.services.accounts import password_reset, signup
from spoticlone.services.accounts.email_change import confirm_email_change, request_email_change
from spoticlone.services.auth import credentials, sessions
from spoticlone.services.core.clock import FakeClock
from spoticlone.services.core.errors import Invalid, RateLimited
from tests.factories import make_account, make_user

PASSWORD = "correct horse battery"
IP = "198.51.100.7"


@pytest.fixture
def clock():
    return FakeClock()


def _login(session, clock, email, password=PASSWORD, ip=IP):
    return credentials.authenticate(session, email=email, password=password, client_ip=ip, clock=clock)


def _change(session, clock, user, current, new, keep=None):
    password_reset.change_password(session, actor=user, current_password=current, new_password=new,
                             keep_token=keep, clock=clock)


def _reset(session, clock, request_id, code, new_password):
    return password_reset.reset_password(
        session, request_id=request_id, code=code, new_password=new_password, clock=clock
    )


def _who(session, clock, token):
    return sessions.user_for_token(session, token=token, clock=clock)


def test_session_token_is_stored_hashed(session, clock):
    user = make_account(session)
    token = sessions.create_session(session, user_id=user.id, user_agent="pytest", ip=IP, clock=clock)
    assert len(token) >= 43  # 256 bits, URL-safe base64
    rows = session.exec(select(AuthSession)).all()
    assert len(rows) == 1 and rows[0].token_hash != token and token not in rows[0].token_hash
    assert _who(session, clock, token) == user.id
    assert _who(session, clock, token + "x") is None
    assert _who(session, clock, "") is None


def test_session_expires_and_last_seen_is_throttled(session, clock):
    user = make_account(session)
    token = sessions.create_session(session, user_id=user.id, clock=clock)
    start = clock.now()
    clock.advance(seconds=30)
    _who(session, clock, token)
    row = session.exec(select(AuthSession)).one()
    session.refresh(row)
    assert row.last_seen_at == start
    clock.advance(seconds=31)
    _who(session, clock, token)
    session.refresh(row)
    assert row.last_seen_at == clock.now()
    clock.advance(days=30)
    assert _who(session, clock, token) is None


def test_revoke_and_suspension_end_sessions(session, clock):
    user = make_account(session)
    token = sessions.create_session(session, user_id=user.id, clock=clock)
    assert sessions.revoke_session(session, token=token, clock=clock)
    assert not sessions.revoke_session(session, token=token, clock=clock)
    assert _who(session, clock, token) is None
    other = sessions.create_session(session, user_id=user.id, clock=clock)
    user.suspended = True
    session.add(user)
    session.commit()
    assert _who(session, clock, other) is None


def test_revoke_all_except_the_current_one(session, clock):
    user, someone_else = make_account(session), make_account(session)
    tokens = [sessions.create_session(session, user_id=user.id, clock=clock) for _ in range(3)]
    theirs = sessions.create_session(session, user_id=someone_else.id, clock=clock)
    assert sessions.revoke_all_sessions(session, user_id=user.id, except_token=tokens[0], clock=clock) == 2
    assert [_who(session, clock, t) for t in tokens] == [user.id, None, None]
    assert _who(session, clock, theirs) == someone_else.id


def test_change_password_ends_other_sessions(session, clock):
    user = make_account(session, email="jo@example.com")
    here, there = (sessions.create_session(session, user_id=user.id, clock=clock) for _ in range(2))
    with pytest.raises(Invalid, match="current password is not right"):
        _change(session, clock, user, "nope nope", "a brand new secret", here)
    with pytest.raises(Invalid, match="commonly used"):
        _change(session, clock, user, PASSWORD, "iloveyou", here)
    _change(session, clock, user, PASSWORD, "a brand new secret", here)
    assert _who(session, clock, here) == user.id
    assert _who(session, clock, there) is None
    assert _login(session, clock, "jo@example.com", "a brand new secret") == user.id


def test_change_password_guesses_are_throttled(session, clock):
    user = make_account(session)
    for _ in range(10):
        with pytest.raises(Invalid):
            _change(session, clock, user, "wrong one", "a brand new secret")
    with pytest.raises(RateLimited):
        _change(session, clock, user, PASSWORD, "a brand new secret")


def test_reset_request_looks_the_same_for_unknown_emails(session, clock):
    make_account(session, email="kim@example.com")
    known = password_reset.request_password_reset(session, email="kim@example.com", client_ip=IP, clock=clock)
    unknown = password_reset.request_password_reset(session, email="nobody@example.com", client_ip=IP, clock=clock)
    assert known.code is not None and known.email == "kim@example.com"
    assert unknown.code is None and unknown.user_id is None
    assert len(known.request_id) == len(unknown.request_id)
    # Inside the cooldown a known account quietly gets no code rather than an error.
    again = password_reset.request_password_reset(session, email="kim@example.com", client_ip=IP, clock=clock)
    assert again.code is None and again.request_id != known.request_id


def test_reset_requests_are_throttled_per_email_known_or_not(session, clock):
    make_account(session, email="lee@example.com")
    for email in ("lee@example.com", "ghost@example.com"):
        for n in range(5):
            password_reset.request_password_reset(session, email=email, client_ip=f"10.1.{n}.1", clock=clock)
        with pytest.raises(RateLimited):
            password_reset.request_password_reset(session, email=email, client_ip="10.9.9.9", clock=clock)


def test_reset_password_sets_the_password_and_ends_all_sessions(session, clock):
    user = make_account(session, email="max@example.com", email_verified=False)
    token = sessions.create_session(session, user_id=user.id, clock=clock)
    ticket = password_reset.request_password_reset(session, email="max@example.com", client_ip=IP, clock=clock)
    with pytest.raises(Invalid, match="at least 8"):
        _reset(session, clock, ticket.request_id, ticket.code, "short")
    _, verify_request, verify_code = signup.register(
        session, email="new@example.com", username="newbie", password=PASSWORD,
        date_of_birth=date(2001, 2, 3), clock=clock
    )
    with pytest.raises(Invalid, match="not valid"):  # a verification code's flow cannot reset
        _reset(session, clock, verify_request, verify_code, "my new passphrase")
    assert _reset(session, clock, ticket.request_id, ticket.code, "my new passphrase") == user.id
    assert _who(session, clock, token) is None
    assert _login(session, clock, "max@example.com", "my new passphrase") == user.id
    with pytest.raises(Invalid, match="already been used"):
        _reset(session, clock, ticket.request_id, ticket.code, "another passphrase")


def test_reset_with_a_made_up_request_id_fails_like_a_bad_code(session, clock):
    ticket = password_reset.request_password_reset(session, email="nobody@example.com", client_ip=IP, clock=clock)
    with pytest.raises(Invalid, match="not valid"):
        _reset(session, clock, ticket.request_id, "123456", "my new passphrase")


def test_change_email_needs_the_password_and_a_code_sent_to_the_new_address(session, clock):
    user = make_account(session, email="old@example.com")
    with pytest.raises(Invalid, match="current password"):
        request_email_change(session, actor=user, new_email="new@example.com",
                             current_password="wrong one", clock=clock)
    issued = request_email_change(session, actor=user, new_email="New@Example.com",
                                  current_password=PASSWORD, clock=clock)
    assert issued.email == "new@example.com"
    session.refresh(user)
    assert user.email == "old@example.com"  # nothing changes before the code comes back
    other = make_account(session)
    with pytest.raises(Invalid, match="not valid"):  # another account cannot use this flow
        confirm_email_change(session, actor=other, request_id=issued.request_id, code=issued.code, clock=clock)
    changed = confirm_email_change(session, actor=user, request_id=issued.request_id, code=issued.code, clock=clock)
    assert (changed.old_email, changed.new_email) == ("old@example.com", "new@example.com")
    assert _login(session, clock, "new@example.com") == user.id


def test_change_email_to_an_address_in_use_answers_the_same_and_changes_nothing(session, clock):
    user = make_account(session, email="me@example.com")
    make_user(session, email="busy@example.com", username="busy")
    free = request_email_change(session, actor=user, new_email="free@example.com",
                                current_password=PASSWORD, clock=clock)
    with pytest.raises(RateLimited, match="A code was just sent"):  # the same cooldown either way
        request_email_change(session, actor=user, new_email="busy@example.com",
                             current_password=PASSWORD, clock=clock)
    clock.advance(minutes=2)
    taken = request_email_change(session, actor=user, new_email="Busy@Example.com",
                                 current_password=PASSWORD, clock=clock)
    assert (taken.email, len(taken.request_id)) == ("busy@example.com", len(free.request_id))
    assert taken.code is None and taken.owner_username == "busy"  # the owner is told, no code
    wrong = free.code  # replaced by the newer request, so certainly not this one's code
    with pytest.raises(Invalid, match=r"^That code is not right\. 4 tries left\.$"):
        confirm_email_change(session, actor=user, request_id=taken.request_id, code=wrong, clock=clock)
    session.refresh(user)
    assert user.email == "me@example.com"
    with pytest.raises(Invalid, match="already your email"):
        request_email_change(session, actor=user, new_email=user.email,
                             current_password=PASSWORD, clock=clock)


def test_session_lifetime_follows_the_setting(session, clock, settings, monkeypatch):
    from spoticlone.config import get_settings

    monkeypatch.setenv("SPOTICLONE_SESSION_DAYS", "2")
    get_settings.cache_clear()
    user = make_account(session)
    token = sessions.create_session(session, user_id=user.id, clock=clock)
    clock.advance(days=1, hours=23)
    assert _who(session, clock, token) == user.id
    clock.advance(hours=2)
    assert _who(session, clock, token) is None


def test_bearer_calls_mark_their_api_session_as_active(session, clock, settings):
    from spoticlone.services.auth import tokens

    user = make_account(session)
    sessions.create_session(session, user_id=user.id, clock=clock, kind="api")
    row = session.exec(select(AuthSession)).one()
    access, _ = tokens.issue_access_token(user_id=user.id, session_handle=row.handle, clock=clock)
    start = row.last_seen_at
    clock.advance(seconds=30)
    assert tokens.user_for_access_token(session, access, clock=clock) == user.id
    session.refresh(row)
    assert row.last_seen_at == start  # below the resolution a read stays a read
    clock.advance(minutes=2)
    assert tokens.user_for_access_token(session, access, clock=clock) == user.id
    session.refresh(row)
    assert row.last_seen_at == clock.now()


def test_the_shells_profile_checks_the_session_by_the_same_rules_in_one_read(session, engine):
    """``signed_in_profile`` (every page load) shares ``user_for_token``'s rules, in one query."""
    from spoticlone.services.auth.browser_sessions import signed_in_profile
    from tests.sql_log import statements_run

    user = make_account(session)
    user.first_name, user.last_name, user.avatar_thumb_key = "Ada", "Byron", "avatars/ada-thumb.webp"
    session.add(user)
    session.commit()
    token = sessions.create_session(session, user_id=user.id)  # the shell asks at the real time
    with statements_run(engine) as statements:
        profile = signed_in_profile(session, token=token)
    assert profile is not None and len(statements) == 1
    assert (profile.user_id, profile.username, profile.display_name, profile.role) == (
        user.id, user.username, "Ada Byron", user.role.value)
    assert profile.avatar_url.endswith("avatars/ada-thumb.webp")
    assert signed_in_profile(session, token=token + "x") is None
    api = sessions.create_session(session, user_id=user.id, kind="api")
    assert signed_in_profile(session, token=api) is None  # a refresh token is not a cookie
    user.suspended = True
    session.add(user)
    session.commit()
    assert signed_in_profile(session, token=token) is None
    user.suspended = False
    session.add(user)
    session.commit()
    assert signed_in_profile(session, token=token) is not None
    sessions.revoke_session(session, token=token)
    assert signed_in_profile(session, token=token) is None
