"""Whose music is it: the one place the studio decides who may work on an artist's tracks.

An artist works on the tracks and albums of their own artist profile; an administrator may
work on anyone's. Everyone else is told the thing does not exist (``NotFound``), so a
stranger cannot learn which drafts exist by trying ids.
"""

from __future__ import annotations

from sqlmodel import Session, select

from spoticlone.models import Album, ArtistProfile, Track, User
from spoticlone.services.core.actor import is_admin, require_user
from spoticlone.services.core.errors import NotFound, PermissionDenied

NOT_AN_ARTIST = "Create your artist profile first: Settings, then Become an artist."
TRACK_NOT_FOUND = "That song does not exist."
ALBUM_NOT_FOUND = "That release does not exist."


def own_artist(session: Session, *, actor: User | None) -> ArtistProfile:
    """The actor's artist profile; ``PermissionDenied`` for anyone without one."""
    user = require_user(actor)
    artist = session.exec(select(ArtistProfile).where(ArtistProfile.user_id == user.id)).first()
    if artist is None:
        raise PermissionDenied(NOT_AN_ARTIST)
    return artist


def may_manage(session: Session, *, actor: User | None, artist_id: int) -> bool:
    """Whether ``actor`` may work on the music of artist ``artist_id`` (owner or admin)."""
    if actor is None:
        return False
    if is_admin(actor):
        return True
    artist = session.get(ArtistProfile, artist_id)
    return artist is not None and artist.user_id is not None and artist.user_id == actor.id


def track_for_edit(session: Session, *, actor: User | None, track_id: int) -> Track:
    """A track the actor may edit, whatever its status; ``NotFound`` for anyone else."""
    require_user(actor)
    track = session.get(Track, track_id)
    if track is None or not may_manage(session, actor=actor, artist_id=track.artist_id):
        raise NotFound(TRACK_NOT_FOUND)
    return track


def album_for_edit(session: Session, *, actor: User | None, album_id: int) -> Album:
    """A release the actor may edit, whatever its status; ``NotFound`` for anyone else."""
    require_user(actor)
    album = session.get(Album, album_id)
    if album is None or not may_manage(session, actor=actor, artist_id=album.artist_id):
        raise NotFound(ALBUM_NOT_FOUND)
    return album


def require_owner(session: Session, *, actor: User | None, artist_id: int, doing: str) -> None:
    """``PermissionDenied`` unless ``actor`` is the artist ``artist_id`` (admins are not)."""
    require_user(actor)
    try:
        mine = own_artist(session, actor=actor)
    except PermissionDenied:
        mine = None
    if mine is None or mine.id != artist_id:
        raise PermissionDenied(f"Only the artist can {doing}. Administrators can unpublish a release.")
