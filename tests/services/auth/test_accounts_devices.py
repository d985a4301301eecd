"""Listing and ending one's own sessions; the resend helpers that never reveal an account."""

from __future__ import annotations

from datetime import timedelta

import pytest

from spoticlone.services.accounts import resend
from spoticlone.services.auth import devices
from spoticlone.services.auth.sessions import create_session, session_ttl, user_for_token
from spoticlone.services.core.clock import FakeClock
from spoticlone.services.core.errors import NotFound, PermissionDenied
from tests.factories import make_account, make_user


@pytest.mark.parametrize(
    ("agent", "label"),
    [
        ("Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) "
         "Chrome/126.0 Safari/537.36 Edg/126.0", "Edge on Windows"),
        ("Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 Version/17.5 "
         "Mobile/15E148 Safari/604.1", "Safari on iPhone"),
        ("Mozilla/5.0 (Linux; Android 14) AppleWebKit/537.36 Chrome/126.0 Mobile Safari/537.36",
         "Chrome on Android"),
        ("spoticlone-sync/2.1 (+https://example.com)", "spoticlone-sync"),
        ("", "Unknown device"),
    ],
)
def test_describe_user_agent(agent, label):
    assert devices.describe_user_agent(agent) == label


def test_list_sessions_shows_only_live_own_sessions(session):
    clock = FakeClock()
    ann, bob = make_account(session), make_account(session)
    mine = create_session(session, user_id=ann.id, clock=clock)
    ended = create_session(session, user_id=ann.id, clock=clock)
    [ended_row] = [r for r in devices.list_sessions(session, actor=ann, current_token=ended, clock=clock)
                   if r.current]
    devices.revoke_own_session(session, actor=ann, session_id=ended_row.id, clock=clock)
    create_session(session, user_id=bob.id, clock=clock)
    old = FakeClock(clock.now() - session_ttl() - timedelta(days=1))
    create_session(session, user_id=ann.id, clock=old)  # expired long ago

    rows = devices.list_sessions(session, actor=ann, current_token=mine, clock=clock)
    assert [r.current for r in rows] == [True]
    assert user_for_token(session, token=ended, clock=clock) is None
    assert user_for_token(session, token=mine, clock=clock) == ann.id


def test_anonymous_actor_is_refused(session):
    with pytest.raises(PermissionDenied):
        devices.list_sessions(session, actor=None)
    with pytest.raises(PermissionDenied):
        devices.revoke_everywhere(session, actor=None)


def test_revoking_someone_elses_session_is_not_found(session):
    ann, bob = make_account(session), make_account(session)
    bob_token = create_session(session, user_id=bob.id)
    [bob_row] = devices.list_sessions(session, actor=bob)
    with pytest.raises(NotFound):
        devices.revoke_own_session(session, actor=ann, session_id=bob_row.id)
    with pytest.raises(NotFound):
        devices.revoke_own_session(session, actor=ann, session_id=10_000)
    assert user_for_token(session, token=bob_token) == bob.id


def test_revoking_own_current_session_says_so(session):
    ann = make_account(session)
    token = create_session(session, user_id=ann.id)
    [row] = devices.list_sessions(session, actor=ann, current_token=token)
    assert devices.revoke_own_session(session, actor=ann, session_id=row.id, current_token=token)
    assert user_for_token(session, token=token) is None
    with pytest.raises(NotFound):  # a second time: already ended
        devices.revoke_own_session(session, actor=ann, session_id=row.id)


def test_request_verification_code_looks_the_same_for_every_address(session):
    clock = FakeClock()
    make_account(session, email="done@example.com")
    make_user(session, email="waiting@example.com", email_verified=False)
    unknown = resend.request_verification_code(session, email="who@example.com", client_ip="1.2.3.4",
                                                        clock=clock)
    verified = resend.request_verification_code(session, email="done@example.com", client_ip="1.2.3.4",
                                                         clock=clock)
    waiting = resend.request_verification_code(session, email="Waiting@Example.com", client_ip="1.2.3.4",
                                                        clock=clock)
    again = resend.request_verification_code(session, email="waiting@example.com", client_ip="1.2.3.4",
                                                      clock=clock)
    assert unknown.code is None and verified.code is None and again.code is None  # cooldown: silent
    assert waiting.code and waiting.email == "waiting@example.com"
    assert {len(r.request_id) for r in (unknown, verified, waiting, again)} == {len(waiting.request_id)}
    assert resend.seconds_until_resend(session, request_id=waiting.request_id, clock=clock) == 60
    clock.advance(timedelta(seconds=45))
    assert resend.seconds_until_resend(session, request_id=waiting.request_id, clock=clock) == 15
    assert resend.seconds_until_resend(session, request_id=unknown.request_id, clock=clock) == 0
