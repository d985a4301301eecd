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
from dataclasses import dataclass

from sqlmodel import Session, col

from spoticlone import routes
from spoticlone.models import TicketKind, User
from spoticlone.services.auth import tickets
from spoticlone.services.auth.sessions import create_session, live_session_row, session_read
from spoticlone.services.core.actor import load_actor
from spoticlone.services.core.clock import SYSTEM_CLOCK, Clock
from spoticlone.services.core.errors import Invalid, NotFound
from spoticlone.services.core.quick_reads import quick_read
from spoticlone.services.library.dto import display_name
from spoticlone.services.listening import plays

log = logging.getLogger(__name__)

ANONYMOUS_SESSION_KEY = "anonymous_session"


@dataclass(frozen=True)
class SignedInProfile:
    """What every page's shell shows of the signed-in account (display only), and its id."""

    user_id: int
    username: str
    display_name: str
    role: str
    avatar_url: str


#: The session check and what the shell shows of the account, in one read (``session_read``).
_PROFILE_BY_DIGEST = session_read(col(User.username), col(User.first_name), col(User.last_name), col(User.role),
                                  col(User.avatar_key), col(User.avatar_thumb_key))


@quick_read
def signed_in_profile(session: Session, *, token: str) -> SignedInProfile | None:
    """The account behind a live session ``token`` as the shell shows it, or None.

    Every page load of a signed-in listener asks this: one joined read of the columns shown,
    where checking the session and then loading the whole account were two.
    """
    row = live_session_row(session, token=token, read=_PROFILE_BY_DIGEST)
    if row is None:
        return None
    return SignedInProfile(
        user_id=row.user_id,
        username=row.username,
        display_name=display_name(row),
        role=row.role.value,
        avatar_url=routes.media_url(row.avatar_thumb_key or row.avatar_key) or "",
    )


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
    row = tickets.consume_ticket(session, token=ticket, kind=TicketKind.HANDOFF, clock=clock)
    user = load_actor(session, row.user_id)
    if user is None or user.id is None:
        raise tickets.step_ended()
    token = create_session(session, user_id=user.id, user_agent=user_agent, ip=ip, clock=clock)
    anon = tickets.payload_of(row).get(ANONYMOUS_SESSION_KEY) or anonymous_session
    if anon:
        try:
            plays.claim_anonymous_plays(session, anonymous_session=anon, user_id=user.id)
        except (Invalid, NotFound) as exc:
            log.info("anonymous plays not claimed for user %s: %s", user.id, exc.message)
    return token
