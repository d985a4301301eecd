"""The last step of every browser sign-in: a HANDOFF ticket becomes a session.

A Reflex state handler that accepted a sign-in (password, authenticator code,
Google sign-up) cannot set an HttpOnly cookie: only an HTTP response can. So it
issues a one-minute, single-use HANDOFF ticket and sends the browser to an ``/api``
route, which calls ``complete_handoff`` and puts the returned token in the cookie.

The ticket may carry the browser's anonymous listening id (payload key
``anonymous_session``): the plays made before signing in then move to the account.
"""

from __future__ import annotations

import logging

from sqlmodel import Session

from spoticlone.models import TicketKind
from spoticlone.services import auth_tickets, plays
from spoticlone.services.accounts_sessions import create_session
from spoticlone.services.actor import load_actor
from spoticlone.services.errors import Invalid, NotFound
from spoticlone.services.ratelimit import SYSTEM_CLOCK, Clock

log = logging.getLogger(__name__)

ANONYMOUS_SESSION_KEY = "anonymous_session"


def complete_handoff(
    session: Session,
    *,
    ticket: str | None,
    user_agent: str = "",
    ip: str = "",
    anonymous_session: str | None = None,
    clock: Clock = SYSTEM_CLOCK,
) -> str:
    """Use up a HANDOFF ticket and start a browser session; returns the session token.

    ``anonymous_session`` (from the ticket's payload, else this argument) names the
    anonymous plays to give to the account; a malformed one is ignored, because a
    sign-in must not fail over listening history.

    Raises:
        Invalid: unknown, used or expired ticket, or the account is gone or suspended.
    """
    row = auth_tickets.consume_ticket(session, token=ticket, kind=TicketKind.HANDOFF, clock=clock)
    user = load_actor(session, row.user_id)
    if user is None or user.id is None:
        raise Invalid(auth_tickets.EXPIRED)
    token = create_session(session, user_id=user.id, user_agent=user_agent, ip=ip, clock=clock)
    anon = auth_tickets.payload_of(row).get(ANONYMOUS_SESSION_KEY) or anonymous_session
    if anon:
        try:
            plays.claim_anonymous_plays(session, anonymous_session=anon, user_id=user.id)
        except (Invalid, NotFound) as exc:
            log.info("anonymous plays not claimed for user %s: %s", user.id, exc.message)
    return token
