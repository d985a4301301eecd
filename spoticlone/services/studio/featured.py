"""Featured artists on a track: who else sings or plays on it.

The catalog already shows a track's ``TrackFeaturedArtist`` rows next to its main artist
(track rows, the track page, an artist's "appears on"); this is how an artist sets them.
Only the track's own artist edits them, in any state, with existing artist profiles found
by name; a track's own artist is never "featured" on it, an artist appears once, and a
track has at most ``MAX_FEATURED`` of them so a row stays readable.
"""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import func
from sqlmodel import Session, col, select

from spoticlone import routes
from spoticlone.models import ArtistProfile, TrackFeaturedArtist, User
from spoticlone.models.common import saved_id
from spoticlone.services.core.dto import DTO
from spoticlone.services.core.errors import Conflict, Invalid, NotFound
from spoticlone.services.core.tag_text import clean_text
from spoticlone.services.studio import ownership

MAX_FEATURED = 10
MAX_QUERY = 100
MAX_RESULTS = 20
ARTIST_MISSING = "That artist does not exist. Search for them by name and pick one from the list."


class FeaturedArtist(DTO):
    """An artist as the studio offers or shows them: enough to recognise and link them."""

    id: int
    name: str
    url: str
    image_url: str | None
    verified: bool


def _dto(artist: ArtistProfile) -> FeaturedArtist:
    return FeaturedArtist(id=saved_id(artist), name=artist.stage_name, url=routes.artist_url(artist.slug),
                          image_url=routes.media_url(artist.image_key), verified=artist.verified)


def featured_of(session: Session, track_ids: Iterable[int]) -> dict[int, list[FeaturedArtist]]:
    """The featured artists of each of ``track_ids`` (by name), in one query."""
    ids = list(dict.fromkeys(track_ids))
    found: dict[int, list[FeaturedArtist]] = {i: [] for i in ids}
    if not ids:
        return found
    rows = session.exec(
        select(TrackFeaturedArtist.track_id, ArtistProfile)
        .join(ArtistProfile, col(ArtistProfile.id) == col(TrackFeaturedArtist.artist_id))
        .where(col(TrackFeaturedArtist.track_id).in_(ids))
        .order_by(func.lower(ArtistProfile.stage_name), col(ArtistProfile.id))
    )
    for track_id, artist in rows:
        found[track_id].append(_dto(artist))
    return found


def _escape_like(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def search_artists(
    session: Session, *, actor: User | None, query: str, limit: int = 10
) -> list[FeaturedArtist]:
    """Artists whose stage name contains ``query`` (case-insensitive), names starting with it first.

    For an artist choosing whom to feature: their own profile is left out.

    Raises:
        PermissionDenied: not signed in, or no artist profile.
        Invalid: ``query`` is not text, or longer than ``MAX_QUERY`` characters.
    """
    mine = ownership.own_artist(session, actor=actor)
    if not isinstance(query, str):
        raise Invalid("Type part of the artist's name.")
    text = clean_text(query, MAX_QUERY + 1)
    if len(text) > MAX_QUERY:
        raise Invalid(f"Search with at most {MAX_QUERY} characters.")
    if not text:
        return []
    limit = max(1, min(int(limit), MAX_RESULTS))
    pattern = _escape_like(text.casefold())
    name = func.lower(ArtistProfile.stage_name)
    starts = name.like(f"{pattern}%", escape="\\")
    rows = session.exec(
        select(ArtistProfile)
        .where(name.like(f"%{pattern}%", escape="\\"), col(ArtistProfile.id) != mine.id)
        .order_by(starts.desc(), col(ArtistProfile.verified).desc(), name, col(ArtistProfile.id))
        .limit(limit)
    )
    return [_dto(a) for a in rows]


def add_featured(session: Session, *, actor: User | None, track_id: int, artist_id: int) -> list[FeaturedArtist]:
    """Feature artist ``artist_id`` on the track (its artist only); the track's featured artists.

    Raises:
        NotFound: no such track, or one the actor may not manage.
        PermissionDenied: an administrator (only the artist edits a song).
        Invalid: no such artist, the track's own artist, or already ``MAX_FEATURED``.
        Conflict: that artist is already featured on the track.
    """
    track = ownership.track_for_edit(session, actor=actor, track_id=track_id)
    ownership.require_owner(session, actor=actor, artist_id=track.artist_id, doing="edit this song")
    if isinstance(artist_id, bool) or not isinstance(artist_id, int):
        raise Invalid(ARTIST_MISSING)
    artist = session.get(ArtistProfile, artist_id)
    if artist is None:
        raise Invalid(ARTIST_MISSING)
    if artist.id == track.artist_id:
        raise Invalid("This is the song's own artist; feature someone else.")
    current = featured_of(session, [track_id])[track_id]
    if any(a.id == artist_id for a in current):
        raise Conflict(f"{artist.stage_name} is already featured on this song.")
    if len(current) >= MAX_FEATURED:
        raise Invalid(f"A song can feature at most {MAX_FEATURED} artists.")
    session.add(TrackFeaturedArtist(track_id=track_id, artist_id=artist_id))
    session.commit()
    return featured_of(session, [track_id])[track_id]


def remove_featured(
    session: Session, *, actor: User | None, track_id: int, artist_id: int
) -> list[FeaturedArtist]:
    """Stop featuring artist ``artist_id`` on the track (its artist only); those left.

    Raises:
        NotFound: no such track or one the actor may not manage, or that artist is not featured.
        PermissionDenied: an administrator (only the artist edits a song).
    """
    track = ownership.track_for_edit(session, actor=actor, track_id=track_id)
    ownership.require_owner(session, actor=actor, artist_id=track.artist_id, doing="edit this song")
    link = session.get(TrackFeaturedArtist, (track_id, artist_id)) if isinstance(artist_id, int) else None
    if link is None:
        raise NotFound("That artist is not featured on this song.")
    session.delete(link)
    session.commit()
    return featured_of(session, [track_id])[track_id]
