"""What a listener said "not interested" to, with names, and hiding a track's artist by the track.

``preferences`` keeps the rule (hidden at once, never recommended again); this module gives the
settings page its readable list and lets a track row's menu hide "the artist of this track"
without the page having to know artist ids. Only the listener sees or changes their own list.
"""

from __future__ import annotations

from datetime import datetime

from sqlmodel import Session, col, select

from spoticlone import routes
from spoticlone.models import ArtistProfile, NotInterested, Track, TrackStatus
from spoticlone.models.common import saved_id
from spoticlone.services.core.actor import Actor, require_user
from spoticlone.services.core.dto import DTO
from spoticlone.services.core.errors import NotFound
from spoticlone.services.discovery import preferences

#: The settings list shows the newest this many (a listener with more removes from the top).
MAX_LISTED = 200


class HiddenItem(DTO):
    """One "not interested": a track (with its artist) or a whole artist."""

    kind: str  # "track" or "artist"
    id: int
    name: str
    artist_name: str
    url: str
    hidden_at: datetime


def hidden_items(session: Session, *, actor: Actor) -> list[HiddenItem]:
    """The listener's hidden tracks and artists, newest first."""
    user_id = saved_id(require_user(actor))
    rows = session.exec(select(NotInterested).where(NotInterested.user_id == user_id)
                        .order_by(col(NotInterested.created_at).desc(), col(NotInterested.id).desc())
                        .limit(MAX_LISTED)).all()
    track_ids = [r.track_id for r in rows if r.track_id is not None]
    tracks = {t.id: t for t in session.exec(select(Track).where(col(Track.id).in_(track_ids)))}
    artist_ids = {r.artist_id for r in rows if r.artist_id is not None} | {t.artist_id for t in tracks.values()}
    artists = {a.id: a for a in session.exec(select(ArtistProfile).where(col(ArtistProfile.id).in_(artist_ids)))}
    items = []
    for row in rows:
        if row.track_id is not None and row.track_id in tracks:
            track = tracks[row.track_id]
            artist = artists.get(track.artist_id)
            items.append(HiddenItem(kind="track", id=row.track_id, name=track.title,
                                    artist_name=artist.stage_name if artist else "",
                                    url=routes.track_url(row.track_id, track.slug), hidden_at=row.created_at))
        elif row.artist_id is not None and row.artist_id in artists:
            artist = artists[row.artist_id]
            items.append(HiddenItem(kind="artist", id=row.artist_id, name=artist.stage_name,
                                    artist_name=artist.stage_name, url=routes.artist_url(artist.slug),
                                    hidden_at=row.created_at))
    return items


class HiddenArtist(DTO):
    """The artist just hidden from a track row (for the Undo toast)."""

    artist_id: int
    name: str


def hide_artist_of_track(session: Session, *, actor: Actor, track_id: int) -> HiddenArtist:
    """"Not interested in <artist>" from a track row: hides the track's main artist."""
    require_user(actor)
    track = session.get(Track, track_id)
    if track is None or track.status != TrackStatus.PUBLISHED:
        raise NotFound("That track does not exist.")
    artist = session.get(ArtistProfile, track.artist_id)
    preferences.mark_not_interested(session, actor=actor, artist_id=track.artist_id)
    return HiddenArtist(artist_id=track.artist_id, name=artist.stage_name if artist else "")
