"""Subsonic's ``scrobble``, ``getNowPlaying`` and star lists over the web's own rules.

A scrobble is not trusted to say a song was heard. ``submission=false`` ("now playing", sent
when a song starts) opens a play event exactly as the web player does; ``submission=true``
(sent after listening) reports the time since that event began as the listening time,
which ``plays.report_progress`` caps and counts by the same 30-second rule. A submission
with no "now playing" before it opens a play that cannot count yet: nobody can prove a
minute of listening in one request.
"""

from __future__ import annotations

from datetime import timedelta

from sqlmodel import Session, col, select

from spoticlone.models import ArtistFollow, ArtistProfile, PlayEvent, PlaySource, User
from spoticlone.models.common import utcnow
from spoticlone.services.catalog import views
from spoticlone.services.catalog.dto import ArtistOut, TrackOut
from spoticlone.services.core.actor import require_user
from spoticlone.services.listening import plays

#: A "now playing" older than this is not the start of the play being submitted.
OPEN_PLAY_WINDOW = timedelta(hours=3)
NOW_PLAYING_WINDOW = timedelta(minutes=15)


def _open_play(session: Session, user: User, track_id: int) -> PlayEvent | None:
    since = utcnow() - OPEN_PLAY_WINDOW
    return session.exec(
        select(PlayEvent).where(PlayEvent.user_id == user.id, PlayEvent.track_id == track_id,
                                col(PlayEvent.counted).is_(False), col(PlayEvent.started_at) >= since)
        .order_by(col(PlayEvent.id).desc()).limit(1)
    ).first()


def scrobble(session: Session, *, actor: User | None, track_id: int, submission: bool,
             client_ip: str | None = None) -> bool:
    """Record a Subsonic scrobble; True when it made a counted play."""
    user = require_user(actor)
    if not submission:
        plays.start_play(session, track_id=track_id, source=PlaySource.OTHER, source_id="subsonic",
                         user_id=user.id, client_ip=client_ip)
        return False
    event = _open_play(session, user, track_id)
    if event is None:
        play_id = plays.start_play(session, track_id=track_id, source=PlaySource.OTHER, source_id="subsonic",
                                   user_id=user.id, client_ip=client_ip)
    else:
        play_id = event.id or 0
    started = event.started_at if event is not None else utcnow()
    if started.tzinfo is None:
        started = started.replace(tzinfo=utcnow().tzinfo)
    heard = max(0, int((utcnow() - started).total_seconds() * 1000))
    progress = plays.report_progress(session, play_id=play_id, ms_played=heard, completed=True, user_id=user.id)
    return progress.counted


def now_playing(session: Session, *, actor: User | None) -> list[tuple[str, int, TrackOut]]:
    """Songs listeners started in the last minutes: (username, minutes ago, TrackOut), newest first."""
    require_user(actor)
    since = utcnow() - NOW_PLAYING_WINDOW
    rows = session.exec(
        select(PlayEvent, User.username).join(User, col(User.id) == PlayEvent.user_id)
        .where(col(PlayEvent.started_at) >= since).order_by(col(PlayEvent.id).desc()).limit(50)
    ).all()
    dtos = views.published_track_dtos(session, [event.track_id for event, _ in rows])
    seen: set[str] = set()
    out = []
    for event, username in rows:
        if username in seen or event.track_id not in dtos:
            continue
        seen.add(username)
        started = event.started_at if event.started_at.tzinfo else event.started_at.replace(tzinfo=utcnow().tzinfo)
        out.append((username, int((utcnow() - started).total_seconds() // 60), dtos[event.track_id]))
    return out


def followed_artists(session: Session, *, actor: User | None) -> list[ArtistOut]:
    """The artists the actor follows (Subsonic's starred artists), newest first."""
    user = require_user(actor)
    artists = session.exec(
        select(ArtistProfile).join(ArtistFollow, col(ArtistFollow.artist_id) == ArtistProfile.id)
        .where(ArtistFollow.user_id == user.id).order_by(col(ArtistFollow.id).desc()).limit(500)
    ).all()
    return views.artist_dtos(session, artists)


