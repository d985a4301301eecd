"""What can be reported, and who owns it: one lookup for reports, holds and notices.

A target is a kind (``track``, ``album``, ``playlist``, ``profile``) and an id. Its owner is
the account that may answer a takedown with a counter-notice: the artist's account for a
track or album, the playlist's owner, the profile's person.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlmodel import Session, col, select

from spoticlone import routes
from spoticlone.models import Album, ArtistProfile, Playlist, Track, User
from spoticlone.services.core.errors import Invalid, NotFound

KINDS = ("track", "album", "playlist", "profile")
#: What each kind is called in sentences ("this song").
NOUNS = {"track": "song", "album": "release", "playlist": "playlist", "profile": "profile"}
NOT_FOUND = "We could not find what you are reporting. It may have been removed already."


@dataclass(frozen=True)
class Target:
    """A reportable item as the moderation services see it."""

    kind: str
    id: int
    title: str
    url: str
    owner: User | None

    @property
    def noun(self) -> str:
        """What the kind is called in sentences."""
        return NOUNS[self.kind]


def check_kind(kind: str) -> str:
    """``kind`` if it names a reportable kind; ``Invalid`` otherwise."""
    if kind not in KINDS:
        raise Invalid("You can report a song, a release, a playlist or a profile.")
    return kind


def _artist_owner(session: Session, artist_id: int) -> User | None:
    artist = session.get(ArtistProfile, artist_id)
    return session.get(User, artist.user_id) if artist is not None and artist.user_id else None


def resolve(session: Session, kind: str, target_id: int) -> Target:
    """The item ``kind``/``target_id`` whatever its state (admins and owners see hidden ones)."""
    check_kind(kind)
    if kind == "track":
        track = session.get(Track, target_id)
        if track is None:
            raise NotFound(NOT_FOUND)
        return Target(kind, target_id, track.title, routes.track_url(target_id, track.slug),
                      _artist_owner(session, track.artist_id))
    if kind == "album":
        album = session.get(Album, target_id)
        if album is None:
            raise NotFound(NOT_FOUND)
        return Target(kind, target_id, album.title, routes.album_url(target_id, album.slug),
                      _artist_owner(session, album.artist_id))
    if kind == "playlist":
        playlist = session.get(Playlist, target_id)
        if playlist is None:
            raise NotFound(NOT_FOUND)
        return Target(kind, target_id, playlist.name, routes.playlist_url(target_id, playlist.slug),
                      session.get(User, playlist.owner_id))
    user = session.get(User, target_id)
    if user is None:
        raise NotFound(NOT_FOUND)
    return Target(kind, target_id, user.username, routes.user_url(user.username), user)


def album_track_ids(session: Session, album_id: int) -> list[int]:
    """Every track of an album, whatever its state."""
    return [i for i in session.exec(select(Track.id).where(Track.album_id == album_id).order_by(col(Track.id)))
            if i is not None]


def profile_id(session: Session, *, username: str) -> int:
    """The account id behind a profile URL's username (reports and notices name profiles by id)."""
    name = (username or "").strip().lower()[:40]
    user_id = session.exec(select(User.id).where(User.username == name)).first() if name else None
    if user_id is None:
        raise NotFound(NOT_FOUND)
    return user_id
