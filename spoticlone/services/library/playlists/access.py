"""Who may do what with a playlist: the one place these rules are written.

Roles, for one playlist:

- **owner**: everything.
- **collaborator**: a listener the owner invited, while the playlist is collaborative.
  May read it (even when private), add, remove and reorder tracks; may not rename,
  re-describe, change the cover or visibility, delete, or manage collaborators.
  Turning "collaborative" off suspends (but keeps) the invitations.
- **admin**: reads everything and may delete (moderation), but edits nothing.
- **anybody else** (a listener or an anonymous visitor): reads public playlists only.
- a playlist **hidden after a report** (``services/moderation``) is read by admins only;
  its owner may still delete it.

A private playlist is ``NotFound`` for anyone who may not read it (its existence is
not revealed); a readable playlist the actor may not change is ``PermissionDenied``.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlmodel import Session, col, select

from spoticlone.models import Playlist, PlaylistCollaborator, PlaylistVisibility, User
from spoticlone.models.common import saved_id
from spoticlone.services.core.actor import SIGN_IN_REQUIRED, is_admin
from spoticlone.services.core.errors import ErrorCode, NotFound, PermissionDenied
from spoticlone.services.moderation import holds

PLAYLIST_NOT_FOUND = "That playlist does not exist."


@dataclass(frozen=True)
class Access:
    """What one actor may do with one playlist (also shown to the UI as flags)."""

    read: bool
    edit_tracks: bool
    edit_details: bool
    delete: bool
    is_owner: bool
    is_collaborator: bool


def collaborating_ids(session: Session, *, actor: User | None, playlist_ids: list[int]) -> set[int]:
    """Which of ``playlist_ids`` the actor was invited to (one query; pair with ``collaborative``)."""
    if actor is None or actor.id is None or not playlist_ids:
        return set()
    return set(session.exec(
        select(PlaylistCollaborator.playlist_id).where(
            PlaylistCollaborator.user_id == actor.id, col(PlaylistCollaborator.playlist_id).in_(playlist_ids)
        )
    ).all())


def readable_in_bulk(session: Session, *, actor: User | None, playlists: list[Playlist]) -> list[Playlist]:
    """The subset of ``playlists`` the actor may read, by the same rules as ``access_for``."""
    invited = collaborating_ids(session, actor=actor, playlist_ids=[saved_id(p) for p in playlists])
    admin = is_admin(actor)
    return [
        p for p in playlists
        if p.visibility == PlaylistVisibility.PUBLIC or admin
        or (actor is not None and actor.id == p.owner_id) or (p.collaborative and p.id in invited)
    ]


def is_collaborator(session: Session, *, actor: User | None, playlist: Playlist) -> bool:
    """True when ``actor`` was invited and the playlist is (still) collaborative."""
    if actor is None or actor.id is None or not playlist.collaborative:
        return False
    row = session.exec(
        select(PlaylistCollaborator.id).where(
            PlaylistCollaborator.playlist_id == playlist.id,
            PlaylistCollaborator.user_id == actor.id,
        )
    ).first()
    return row is not None


def access_for(session: Session, *, actor: User | None, playlist: Playlist) -> Access:
    """What the actor may do with this playlist; the single place those rules live."""
    owner = actor is not None and actor.id == playlist.owner_id
    collaborator = not owner and is_collaborator(session, playlist=playlist, actor=actor)
    admin = is_admin(actor)
    if not admin and holds.is_hidden(session, "playlist", saved_id(playlist)):
        # Hidden after a report: its page shows a notice instead; the owner may still delete it.
        return Access(read=False, edit_tracks=False, edit_details=False, delete=owner, is_owner=owner,
                      is_collaborator=collaborator)
    public = playlist.visibility == PlaylistVisibility.PUBLIC
    return Access(
        read=public or owner or collaborator or admin,
        edit_tracks=owner or collaborator,
        edit_details=owner,
        delete=owner or admin,
        is_owner=owner,
        is_collaborator=collaborator,
    )


def _load(session: Session, playlist_id: int) -> Playlist:
    valid = isinstance(playlist_id, int) and not isinstance(playlist_id, bool)
    playlist = session.get(Playlist, playlist_id) if valid else None
    if playlist is None:
        raise NotFound(PLAYLIST_NOT_FOUND)
    return playlist


def readable(session: Session, *, actor: User | None, playlist_id: int) -> tuple[Playlist, Access]:
    """The playlist and the actor's rights; ``NotFound`` unless the actor may read it."""
    playlist = _load(session, playlist_id)
    access = access_for(session, playlist=playlist, actor=actor)
    if not access.read:
        raise NotFound(PLAYLIST_NOT_FOUND)
    return playlist, access


def _deny(actor: User | None, message: str) -> PermissionDenied:
    if actor is None:
        return PermissionDenied(SIGN_IN_REQUIRED, code=ErrorCode.SIGN_IN_REQUIRED)
    return PermissionDenied(message)


def for_track_edit(session: Session, *, actor: User | None, playlist_id: int) -> Playlist:
    """A playlist whose tracks the actor may add, remove and reorder."""
    playlist, access = readable(session, actor=actor, playlist_id=playlist_id)
    if not access.edit_tracks:
        raise _deny(actor, "Only the owner and invited collaborators can change this playlist's tracks.")
    return playlist


def for_details_edit(session: Session, *, actor: User | None, playlist_id: int) -> Playlist:
    """A playlist whose name, description, cover, visibility and collaborators the actor may change."""
    playlist, access = readable(session, actor=actor, playlist_id=playlist_id)
    if not access.edit_details:
        raise _deny(actor, "Only the playlist's owner can change its details.")
    return playlist


def for_delete(session: Session, *, actor: User | None, playlist_id: int) -> Playlist:
    """The playlist if the actor may delete it; ``NotFound``/``PermissionDenied`` otherwise."""
    playlist, access = readable(session, actor=actor, playlist_id=playlist_id)
    if not access.delete:
        raise _deny(actor, "Only the playlist's owner can delete it.")
    return playlist
