"""Listening: play events, the rule for when a listen counts, and recently played.

A play event is started when audio actually plays and updated with the listening time
as it grows. It counts towards ``Track.play_count`` once the listener has heard
``min(30 s, half the track)`` (``counts_as_play``): long enough that skipping through a
playlist does not inflate counts, short enough that a 40-second interlude can count.

Counting must happen exactly once per event even when a client retries a report or
two reports race (two tabs, a retry after a timeout). So the flip ``counted: false ->
true`` is a conditional ``UPDATE ... WHERE counted = false`` and only the transaction
whose update changed a row increments the track, with ``play_count = play_count + 1``
in the same transaction (never read-modify-write in Python).

Every event belongs to the signed-in user or, for a listener who has not signed in, to
an anonymous session token the browser keeps (moved to the account at sign-in by
``claim_anonymous_plays``). Only the owner may update an event; anybody else
gets ``NotFound``, so event ids cannot be probed either. Reported listening time is
capped by the track's duration and by the wall-clock time since the event started,
so a script cannot count a play the moment it starts one.
"""

from __future__ import annotations

import logging
import re
from datetime import UTC, datetime, timedelta
from typing import Any

from pydantic import BaseModel, ConfigDict
from sqlalchemy import bindparam, case, select as sa_select, update
from sqlalchemy.orm.util import identity_key
from sqlmodel import Session, col, select

from spoticlone.models import PlayEvent, PlaySource, Track, TrackStatus, User, utcnow
from spoticlone.models.common import saved_id
from spoticlone.services.catalog.browse import tracks_by_ids
from spoticlone.services.catalog.dto import TrackOut
from spoticlone.services.core import events, ratelimit
from spoticlone.services.core.clock import SYSTEM_CLOCK, Clock
from spoticlone.services.core.errors import Invalid, NotFound
from spoticlone.services.core.quick_reads import quick_read, quick_write

logger = logging.getLogger(__name__)

# The counting rule (see ``counts_as_play``).
PLAY_THRESHOLD_MS = 30_000
# Reports may run a little past the end (timer granularity, rounding in the browser).
DURATION_SLACK_MS = 5_000
# ... and a little ahead of the wall clock (the server's clock started a moment later).
ELAPSED_SLACK_MS = 5_000
MAX_RECENT = 50
#: ``recently_played`` reads the owner's newest plays this many at a time, at most
#: ``RECENT_WINDOWS`` times: a listener who played fewer different tracks than asked for in
#: their last 1,000 plays sees those.
RECENT_WINDOW = 200
RECENT_WINDOWS = 5
# Plays started per hour: one every 12 s for a listener; and, for plays without an account
# (whose session id the client makes up, so a script could make up many), per address.
# Signed-in plays do not count against their address: a school or an office behind one NAT
# would reach any per-address figure (200 pupils each start some 15 songs an hour), and each
# account is already held to its own limit.
PLAY_OWNER_LIMITS = ((300, timedelta(hours=1)),)
PLAY_ADDRESS_LIMITS = ((1200, timedelta(hours=1)),)
SOURCE_ID_MAX = 64
# Anonymous session tokens: opaque, URL-safe, long enough not to be guessed (the player
# uses ``secrets.token_urlsafe(18)``, 24 characters), short enough to index.
_ANON_TOKEN = re.compile(r"[A-Za-z0-9_-]{16,64}")


class PlayProgress(BaseModel):
    """The answer to a progress report: did this listen count, and the track's new total."""

    model_config = ConfigDict(frozen=True)

    counted: bool
    play_count: int
    ms_played: int


def counts_as_play(ms_played: int, duration_ms: int) -> bool:
    """Whether ``ms_played`` of a ``duration_ms`` track is a play: ``min(30 s, half)``.

    A track of unknown length (``duration_ms <= 0``) needs the full 30 s, and at least a
    millisecond must have been heard, so a zero-length report never counts.
    """
    threshold = PLAY_THRESHOLD_MS if duration_ms <= 0 else min(PLAY_THRESHOLD_MS, duration_ms // 2)
    return ms_played >= max(1, threshold)


def _owner(user_id: int | None, anonymous_session: str | None) -> tuple[int | None, str | None]:
    """Validate the actor: exactly one of a user id or a well-formed anonymous token."""
    if (user_id is None) == (anonymous_session is None):
        raise Invalid("A play belongs to either a signed-in listener or an anonymous session.")
    if anonymous_session is not None and not (
        isinstance(anonymous_session, str) and _ANON_TOKEN.fullmatch(anonymous_session)
    ):
        raise Invalid("The listening session id must be 16-64 letters, digits, '-' or '_'.")
    if user_id is not None and (isinstance(user_id, bool) or not isinstance(user_id, int)):
        raise Invalid("Unknown listener.")
    return user_id, anonymous_session


def _source(source: PlaySource | str) -> PlaySource:
    try:
        return PlaySource(source)
    except ValueError:
        choices = ", ".join(s.value for s in PlaySource)
        raise Invalid(f"Unknown play source {source!r}; use one of {choices}.") from None


@quick_write
def start_play(
    session: Session,
    *,
    track_id: int,
    source: PlaySource | str,
    source_id: str | None = None,
    user_id: int | None = None,
    anonymous_session: str | None = None,
    client_ip: str | None = None,
    clock: Clock = SYSTEM_CLOCK,
) -> int:
    """Record that a published track started playing; returns the play event id.

    Throttled per owner (``PLAY_OWNER_LIMITS``) and, for an anonymous play whose adapter
    knows the client address, per address (``PLAY_ADDRESS_LIMITS``), so a script cannot
    flood the table or farm plays; a listener skipping through music stays far below either
    limit, and listeners signed in behind one shared address never meet the address's.

    Raises:
        Invalid: not exactly one owner, a malformed session token, an unknown source.
        NotFound: the track does not exist or is not published, or the user is unknown.
        RateLimited: too many plays started in the last hour.
    """
    user_id, anonymous_session = _owner(user_id, anonymous_session)
    kind = _source(source)
    if source_id is not None and (not isinstance(source_id, str) or len(source_id) > SOURCE_ID_MAX):
        raise Invalid(f"The source id must be at most {SOURCE_ID_MAX} characters.")
    track = session.get(Track, track_id)
    if track is None or track.status != TrackStatus.PUBLISHED:
        raise NotFound("That track does not exist.")
    if user_id is not None and session.get(User, user_id) is None:
        raise NotFound("That listener does not exist.")
    _count_play(session, user_id, anonymous_session, client_ip, clock)
    event = PlayEvent(
        track_id=saved_id(track), source=kind, source_id=source_id or None,
        user_id=user_id, anonymous_session=anonymous_session,
    )
    session.add(event)
    session.flush()
    events.emit(events.PLAY_STARTED, session, event=event)  # "now playing", before the commit
    session.commit()
    logger.debug("play %s started: track %s from %s", event.id, track.id, kind.value)
    return saved_id(event)


def _count_play(
    session: Session, user_id: int | None, anonymous_session: str | None, client_ip: str | None, clock: Clock
) -> None:
    owner = f"user:{user_id}" if user_id is not None else f"anon:{anonymous_session}"
    keys = [(ratelimit.account_key("play", owner), limit) for limit in PLAY_OWNER_LIMITS]
    if client_ip is not None and user_id is None:
        keys += [(ratelimit.address_key("play", client_ip), limit) for limit in PLAY_ADDRESS_LIMITS]
    # Batched: a play is counted in memory from a reserved block, not a row write per play.
    for key, (limit, window) in keys:
        ratelimit.check_and_count_batched(session, key=key, limit=limit, window=window, clock=clock)


def _owned_event(
    session: Session, play_id: int, user_id: int | None, anonymous_session: str | None
) -> tuple[PlayEvent, int]:
    """The caller's own play event and its track's duration (ms), in one read."""
    found = session.exec(
        select(PlayEvent, Track.duration_ms).join(Track, col(Track.id) == PlayEvent.track_id)
        .where(col(PlayEvent.id) == play_id)
    ).first() if isinstance(play_id, int) and not isinstance(play_id, bool) else None
    if found is None:
        raise NotFound("That play does not exist.")
    event, duration = found
    if (
        event.user_id != user_id
        if user_id is not None
        else (event.user_id is not None or event.anonymous_session != anonymous_session)
    ):
        # The same answer for "no such event" and "not yours": ids cannot be probed.
        raise NotFound("That play does not exist.")
    return event, duration


def _elapsed_ms(started_at: datetime) -> int | None:
    """Milliseconds since ``started_at``; ``None`` if the stored time is in the future.

    A start time well ahead of now means the clocks disagree (a database storing local
    time, say); then the wall-clock cap is skipped rather than refusing every play.
    """
    if started_at.tzinfo is None:  # SQLite returns naive datetimes; they were stored as UTC
        started_at = started_at.replace(tzinfo=UTC)
    elapsed = int((utcnow() - started_at).total_seconds() * 1000)
    if elapsed < -60_000:
        logger.warning("play started %d s in the future: check the clocks", -elapsed // 1000)
        return None
    return max(0, elapsed)


@quick_write
def report_progress(
    session: Session,
    *,
    play_id: int,
    ms_played: int,
    completed: bool = False,
    skipped: bool = False,
    user_id: int | None = None,
    anonymous_session: str | None = None,
) -> PlayProgress:
    """Update the listening time of the caller's own play; count it once past the threshold.

    ``ms_played`` is the total heard so far. It never goes down (a late, smaller report
    is ignored) and is capped at the track's duration plus ``DURATION_SLACK_MS`` and at
    the time since the play started plus ``ELAPSED_SLACK_MS``. ``completed`` and
    ``skipped`` stick once set. Repeated and concurrent reports count the play once.

    Raises:
        Invalid: a negative or non-integer ``ms_played``, or not exactly one owner.
        NotFound: no such play, or it belongs to somebody else.
    """
    user_id, anonymous_session = _owner(user_id, anonymous_session)
    if isinstance(ms_played, bool) or not isinstance(ms_played, int) or ms_played < 0:
        raise Invalid("Listening time must be a whole number of milliseconds, 0 or more.")
    event, duration = _owned_event(session, play_id, user_id, anonymous_session)
    heard = ms_played
    if (elapsed := _elapsed_ms(event.started_at)) is not None:
        heard = min(heard, elapsed + ELAPSED_SLACK_MS)
    if duration > 0:
        heard = min(heard, duration + DURATION_SLACK_MS)

    # Monotonic even against a concurrent report: the database keeps the larger value.
    # ``completed`` and ``skipped`` ride on the same statement (they only ever turn on).
    flags: dict[str, Any] = {}
    if completed:
        flags["completed"] = True
    if skipped:
        flags["skipped"] = True
    progress = update(PlayEvent).where(col(PlayEvent.id) == event.id)
    if flags:
        larger = case((col(PlayEvent.ms_played) < heard, heard), else_=col(PlayEvent.ms_played))
        progress = progress.values(ms_played=larger, **flags)
    else:
        progress = progress.where(col(PlayEvent.ms_played) < heard).values(ms_played=heard)
    session.exec(progress.execution_options(synchronize_session=False))
    stored = select(PlayEvent.ms_played, PlayEvent.counted, Track.play_count).join(
        Track, col(Track.id) == PlayEvent.track_id).where(col(PlayEvent.id) == event.id)
    stored_ms, counted, play_count = session.exec(stored).one()
    if not counted and counts_as_play(stored_ms, duration):
        flipped = session.exec(
            update(PlayEvent)
            .where(col(PlayEvent.id) == event.id, col(PlayEvent.counted).is_(False))
            .values(counted=True)
            .execution_options(synchronize_session=False)
        )
        if flipped.rowcount == 1:
            session.exec(
                update(Track).where(col(Track.id) == event.track_id)
                .values(play_count=col(Track.play_count) + 1)
                .execution_options(synchronize_session=False)
            )
            # Same transaction: the charts (and every other subscriber) never drift.
            events.emit(events.PLAY_RECORDED, session, event=event)
            logger.debug("play %s counted for track %s", event.id, event.track_id)
        stored_ms, counted, play_count = session.exec(stored).one()
    session.commit()
    # The UPDATEs bypassed the identity map; make loaded rows re-read their columns.
    session.expire(event)
    if (track := session.identity_map.get(identity_key(Track, event.track_id))) is not None:
        session.expire(track)
    return PlayProgress(counted=bool(counted), play_count=play_count, ms_played=stored_ms)


@quick_read
def recently_played(
    session: Session,
    *,
    user_id: int | None = None,
    anonymous_session: str | None = None,
    limit: int = 12,
) -> list[TrackOut]:
    """The owner's recently played published tracks, each once, most recent first.

    Raises:
        Invalid: not exactly one owner, or ``limit`` outside 1..``MAX_RECENT``.
    """
    user_id, anonymous_session = _owner(user_id, anonymous_session)
    if isinstance(limit, bool) or not isinstance(limit, int) or not 1 <= limit <= MAX_RECENT:
        raise Invalid(f"The limit must be between 1 and {MAX_RECENT}.")
    newest, owner = (_NEWEST_OF_USER, user_id) if user_id is not None else (_NEWEST_OF_VISITOR, anonymous_session)
    conn = session.connection()
    latest_first: dict[int, None] = {}  # a track keeps the place of its first (latest) play
    for window in range(RECENT_WINDOWS):
        window_rows = {"owner": owner, "skip": window * RECENT_WINDOW, "take": RECENT_WINDOW}
        rows = conn.execute(newest, window_rows).scalars().all()
        latest_first.update(dict.fromkeys(rows))
        if len(latest_first) >= limit or len(rows) < RECENT_WINDOW:
            break
    return tracks_by_ids(session, ids=list(latest_first)[:limit])


def _newest_plays(mine: Any) -> Any:
    """The owner's published plays' track ids, newest first: ``:take`` of them from ``:skip``.

    Along the owner's (owner, started_at) index, a window at a time, keeping each track's
    first (latest) play: Home asks on every visit, and grouping the owner's whole history
    made a listener with years of plays pay for all of them each time. Built once, at import
    (``_NEWEST_OF_USER``/``_VISITOR``): a hot read (docs/architecture.md).
    """
    return (
        sa_select(col(PlayEvent.track_id))
        .join(Track, col(Track.id) == PlayEvent.track_id)
        .where(mine, col(Track.status) == TrackStatus.PUBLISHED)
        .order_by(col(PlayEvent.started_at).desc(), col(PlayEvent.id).desc())
        .offset(bindparam("skip")).limit(bindparam("take"))
    )


_NEWEST_OF_USER = _newest_plays(col(PlayEvent.user_id) == bindparam("owner"))
_NEWEST_OF_VISITOR = _newest_plays(
    (col(PlayEvent.anonymous_session) == bindparam("owner")) & col(PlayEvent.user_id).is_(None))


def claim_anonymous_plays(session: Session, *, anonymous_session: str, user_id: int) -> int:
    """Give a listener who just signed in the plays of their anonymous session.

    Returns how many events moved. The token is cleared on the moved events, so the
    anonymous session can no longer read or update them.

    Raises:
        Invalid: a malformed token.
        NotFound: the user does not exist.
    """
    _owner(None, anonymous_session)
    if isinstance(user_id, bool) or not isinstance(user_id, int) or session.get(User, user_id) is None:
        raise NotFound("That listener does not exist.")
    moved = session.exec(
        update(PlayEvent)
        .where(col(PlayEvent.anonymous_session) == anonymous_session, col(PlayEvent.user_id).is_(None))
        .values(user_id=user_id, anonymous_session=None)
        .execution_options(synchronize_session=False)
    ).rowcount
    session.commit()
    logger.info("claimed %d anonymous play(s) for user %s", moved, user_id)
    return moved
