"""A listener's year in review, and the link that shows it to others when they choose to share it.

The figures come from ``listener_stats`` (the listener's own plays of published songs, in their
time zone): top five artists and songs, minutes, top genre, artists heard for the first time
ever, and the busiest day (most time heard).

Sharing is opt-in per year and can be taken back. The public token is a random nonce stored in
``InsightShare`` plus an HMAC of (nonce, user id, year) under a key derived from the server
secret: the URL names no user, cannot be guessed or forged, dies when the row is deleted
(unsharing), and a new share draws a new nonce so an old link never returns. Visitors see the
listener's display name and the card's figures, nothing else.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import re
import secrets
from datetime import UTC, date, datetime, timedelta
from typing import cast

from sqlmodel import Session, col, select

from spoticlone import routes
from spoticlone.models import InsightShare, User
from spoticlone.services.core.actor import load_actor, require_user
from spoticlone.services.core.dto import DTO
from spoticlone.services.core.errors import Invalid, NotFound
from spoticlone.services.core.sealing import derive_key
from spoticlone.services.insight import listener_stats
from spoticlone.services.insight.listener_stats import Play, RankedItem
from spoticlone.services.library.dto import display_name

TOP_N = 5
FIRST_YEAR = 2000
NONCE_CHARS = 22
SIGNATURE_CHARS = 16
_TOKEN = re.compile(rf"^[A-Za-z0-9_-]{{{NONCE_CHARS + SIGNATURE_CHARS}}}$")
_PURPOSE = b"spoticlone/insight/year-share/v1"
SHARE_NOT_FOUND = "This year in review is not shared (any more)."
NOTHING_TO_SHARE = "There is nothing to share for {year} yet: no plays that year."


class YearReview(DTO):
    """One year of one listener, as the page and the card show it."""

    year: int
    time_zone: str
    time_zone_known: bool
    empty: bool  # no plays that year: say so instead of drawing zeros
    minutes: int
    ms_played: int
    plays: int
    top_artists: list[RankedItem]
    top_tracks: list[RankedItem]
    top_genre: RankedItem | None
    new_artists: int
    busiest_day: date | None
    busiest_day_minutes: int
    shared: bool
    share_path: str | None  # /wrapped/<token> while shared


class SharedReview(DTO):
    """What a visitor of a share link sees: whose year, and the year."""

    listener_name: str
    review: YearReview


class ShareLink(DTO):
    """A shared year: the token, the page and the card to link to."""

    year: int
    token: str
    path: str
    card_path: str


def check_year(year: int, today: date) -> int:
    """``year`` if it is one a review can exist for (2000 up to this year)."""
    if isinstance(year, bool) or not isinstance(year, int) or not FIRST_YEAR <= year <= today.year:
        raise Invalid(f"There is no year in review for {year}: pick a year from {FIRST_YEAR} to {today.year}.")
    return year


def _signature(nonce: str, user_id: int, year: int) -> str:
    digest = hmac.new(derive_key(_PURPOSE), f"{nonce}:{user_id}:{year}".encode(), hashlib.sha256).digest()
    return base64.urlsafe_b64encode(digest).decode().rstrip("=")[:SIGNATURE_CHARS]


def share_token(row: InsightShare) -> str:
    """The public token of a share: its nonce and the nonce's signature."""
    return row.nonce + _signature(row.nonce, row.user_id, row.year)


def _share_row(session: Session, user_id: int, year: int) -> InsightShare | None:
    return session.get(InsightShare, (user_id, year))


def _busiest(plays: list[Play]) -> tuple[date | None, int]:
    per_day: dict[date, int] = {}
    for play in plays:
        per_day[play.at.date()] = per_day.get(play.at.date(), 0) + play.ms
    if not per_day or max(per_day.values()) == 0:
        return None, 0
    day = min(per_day, key=lambda d: (-per_day[d], d))
    return day, per_day[day] // 60_000


def build_review(session: Session, *, owner: User, year: int, tz: str | None) -> YearReview:
    """The review of ``owner``'s ``year`` (no access check: callers decide who may see it)."""
    zone, zone_name, known = listener_stats.time_zone(tz)
    everything = listener_stats.plays_of(session, owner=owner, zone=zone)
    plays = [p for p in everything if p.at.year == year]
    firsts = [p for p in listener_stats.first_plays(everything).values() if p.at.year == year]
    genres = listener_stats.top_genres(plays, 1)
    busiest, busiest_minutes = _busiest(plays)
    ms = sum(p.ms for p in plays)
    row = _share_row(session, cast(int, owner.id), year)
    return YearReview(
        year=year, time_zone=zone_name, time_zone_known=known, empty=not plays, minutes=ms // 60_000,
        ms_played=ms, plays=sum(p.counted for p in plays), top_artists=listener_stats.top_artists(plays, TOP_N),
        top_tracks=listener_stats.top_tracks(plays, TOP_N), top_genre=genres[0] if genres else None,
        new_artists=len(firsts), busiest_day=busiest, busiest_day_minutes=busiest_minutes,
        shared=row is not None, share_path=routes.wrapped_url(share_token(row)) if row else None,
    )


def own_year(session: Session, *, actor: User | None, year: int, tz: str | None = None,
                now: datetime | None = None) -> YearReview:
    """The actor's own year in review.

    Args:
        session: Database session.
        actor: The signed-in listener.
        year: From 2000 up to this year.
        tz: The browser's IANA time zone name; UTC when missing.
        now: The current moment (tests).

    Raises:
        PermissionDenied: anonymous.
        Invalid: a year out of range or an unknown time zone.
    """
    user = require_user(actor)
    check_year(year, (now or datetime.now(UTC)).date() + timedelta(days=1))
    return build_review(session, owner=user, year=year, tz=tz)


def share_year(session: Session, *, actor: User | None, year: int, tz: str | None = None,
               now: datetime | None = None) -> ShareLink:
    """Make the actor's year shareable (again: the same link while it stays shared).

    Raises:
        PermissionDenied: anonymous.
        Invalid: a year out of range, an unknown time zone, or a year without plays.
    """
    user = require_user(actor)
    review = own_year(session, actor=user, year=year, tz=tz, now=now)
    if review.empty:
        raise Invalid(NOTHING_TO_SHARE.format(year=year))
    row = _share_row(session, cast(int, user.id), year)
    if row is None:
        row = InsightShare(user_id=cast(int, user.id), year=year, nonce=secrets.token_urlsafe(16)[:NONCE_CHARS],
                           time_zone=review.time_zone)
        session.add(row)
        session.commit()
    token = share_token(row)
    return ShareLink(year=year, token=token, path=routes.wrapped_url(token), card_path=routes.wrapped_card_url(token))


def unshare_year(session: Session, *, actor: User | None, year: int) -> None:
    """Stop sharing the actor's year: the link answers "not shared" from now on (idempotent)."""
    user = require_user(actor)
    row = _share_row(session, cast(int, user.id), year)
    if row is not None:
        session.delete(row)
        session.commit()


def _shared_row(session: Session, token: str) -> InsightShare:
    if not isinstance(token, str) or not _TOKEN.match(token):
        raise NotFound(SHARE_NOT_FOUND)
    nonce, signature = token[:NONCE_CHARS], token[NONCE_CHARS:]
    row = session.exec(select(InsightShare).where(col(InsightShare.nonce) == nonce)).first()
    if row is None or not hmac.compare_digest(signature, _signature(nonce, row.user_id, row.year)):
        raise NotFound(SHARE_NOT_FOUND)
    return row


def shared_review(session: Session, *, token: str) -> SharedReview:
    """The year behind a share link, for anyone (no sign-in): the listener's name and figures.

    Raises:
        NotFound: a malformed, forged or revoked token, or an account that is gone or suspended.
    """
    row = _shared_row(session, token)
    owner = load_actor(session, row.user_id)
    if owner is None:
        raise NotFound(SHARE_NOT_FOUND)
    review = build_review(session, owner=owner, year=row.year, tz=row.time_zone)
    return SharedReview(listener_name=display_name(owner), review=review)
