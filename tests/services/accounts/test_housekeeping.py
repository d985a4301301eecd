"""Account housekeeping deletes dead rows only, and keeps what throttles still read."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlmodel import select

from spoticlone.models import AuthSession, AuthTicket, CodePurpose, EmailCode, RateLimitCounter, TicketKind
from spoticlone.services.accounts import housekeeping
from spoticlone.services.auth import tickets
from spoticlone.services.auth.codes import DAILY_CODE_CAP, issue_code
from spoticlone.services.auth.sessions import create_session, revoke_session, token_hash, user_for_token
from spoticlone.services.core import ratelimit
from spoticlone.services.core.clock import FakeClock
from spoticlone.services.core.errors import Invalid, RateLimited
from tests import factories


def _ids(session, model) -> set[int]:
    return set(session.exec(select(model.id)).all())


def test_cleanup_removes_dead_rows_and_keeps_live_ones(session):
    clock = FakeClock()
    user = factories.make_user(session)

    issue_code(session, user=user, purpose=CodePurpose.VERIFY_EMAIL, clock=clock)
    clock.advance(hours=30)
    issue_code(session, user=user, purpose=CodePurpose.VERIFY_EMAIL, clock=clock)

    used = tickets.issue_ticket(session, kind=TicketKind.HANDOFF, user_id=user.id, clock=clock)
    tickets.consume_ticket(session, token=used, kind=TicketKind.HANDOFF, clock=clock)
    tickets.issue_ticket(session, kind=TicketKind.HANDOFF, user_id=user.id, clock=clock)  # expires
    tickets.issue_ticket(session, kind=TicketKind.GOOGLE_SIGNUP, clock=clock)  # expires

    long_revoked = create_session(session, user_id=user.id, clock=clock)
    revoke_session(session, token=long_revoked, clock=clock)
    create_session(session, user_id=user.id, clock=clock)  # expires a day before the cleanup: kept
    ratelimit.check_and_count(session, key="login:ip:1.2.3.4", limit=5, window=timedelta(minutes=15), clock=clock)

    clock.advance(days=31)
    recently_revoked = create_session(session, user_id=user.id, clock=clock)
    revoke_session(session, token=recently_revoked, clock=clock)
    live = create_session(session, user_id=user.id, clock=clock)
    live_ticket = tickets.issue_ticket(session, kind=TicketKind.GOOGLE_SIGNUP, clock=clock)
    clock.advance(minutes=2)

    counts = housekeeping.cleanup(session, clock)

    assert counts == {"email_codes": 2, "auth_tickets": 3, "auth_sessions": 1, "rate_limit_counters": 1,
                      "retired_refresh_tokens": 0}
    assert session.exec(select(EmailCode)).all() == []  # both codes are over a day old now
    assert len(session.exec(select(AuthTicket)).all()) == 1
    tickets.peek_ticket(session, token=live_ticket, kind=TicketKind.GOOGLE_SIGNUP, clock=clock)
    remaining = session.exec(select(AuthSession)).all()
    assert len(remaining) == 3 and token_hash(long_revoked) not in {r.token_hash for r in remaining}
    assert user_for_token(session, token=live, clock=clock) == user.id
    assert session.exec(select(RateLimitCounter)).all() == []
    assert housekeeping.cleanup(session, clock) == dict.fromkeys(counts, 0)  # idempotent


def test_codes_inside_the_daily_window_survive_so_the_cap_still_holds(session):
    clock = FakeClock()
    user = factories.make_user(session)
    for _ in range(DAILY_CODE_CAP):
        issue_code(session, user=user, purpose=CodePurpose.RESET_PASSWORD, clock=clock)
        clock.advance(minutes=2)
    housekeeping.cleanup(session, clock)
    with pytest.raises(RateLimited, match="Too many codes"):
        issue_code(session, user=user, purpose=CodePurpose.RESET_PASSWORD, clock=clock)


def test_rotated_refresh_tokens_are_kept_as_long_as_a_refresh_token_lives(session, settings):
    """Reuse detection needs them, but an API client that refreshes forever must not grow the table forever."""
    from spoticlone.models import RetiredRefreshToken
    from spoticlone.services.auth import api_sessions

    clock = FakeClock()
    user = factories.make_user(session)
    pair = api_sessions.start_api_session(session, user_id=user.id, clock=clock)
    old = api_sessions.refresh_tokens(session, refresh_token=pair.refresh_token, clock=clock)
    clock.advance(days=settings.session_days - 1)
    recent = api_sessions.refresh_tokens(session, refresh_token=old.refresh_token, clock=clock)
    clock.advance(days=2)  # the first token was retired longer ago than a refresh token lives

    assert housekeeping.cleanup(session, clock)["retired_refresh_tokens"] == 1
    kept = session.exec(select(RetiredRefreshToken.token_hash)).all()
    assert kept == [token_hash(old.refresh_token)]
    # The one still remembered is still caught: presenting it ends the session.
    with pytest.raises(Invalid):
        api_sessions.refresh_tokens(session, refresh_token=old.refresh_token, clock=clock)
    with pytest.raises(Invalid):
        api_sessions.refresh_tokens(session, refresh_token=recent.refresh_token, clock=clock)

    clock.advance(days=settings.session_days + 31)  # long after the session ended: nothing of it is left
    housekeeping.cleanup(session, clock)
    assert session.exec(select(RetiredRefreshToken)).all() == []
