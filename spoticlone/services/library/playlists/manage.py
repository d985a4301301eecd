"""Playlists: create, change details, cover, delete, duplicate, collaborators, follow.

Track edits (add, remove, reorder) live in ``library.playlists.tracks``, browsing in
``library.playlists.browse``; every rule about *who* may do something is in
``library.playlists.access``. Names are trimmed, 1-100 characters; descriptions up to 300.
Playlist URLs are ``/playlist/<id>-<slug>`` (``library.dto.playlist_url``): the slug is
for people, the id is what is looked up, so names need not be unique.
"""

from __future__ import annotations

import logging

from sqlalchemy import delete as sa_delete, func
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col, select

from spoticlone.integrations.media_store import MediaStore, default_store
from spoticlone.models import (
    Playlist,
    PlaylistCollaborator,
    PlaylistFollow,
    PlaylistTrack,
    PlaylistVisibility,
    Track,
    User,
    utcnow,
)
from spoticlone.models.common import saved_id
from spoticlone.services.catalog.views import published
from spoticlone.services.core import events
from spoticlone.services.core.actor import require_user
from spoticlone.services.core.errors import Invalid, NotFound
from spoticlone.services.core.slugs import slugify
from spoticlone.services.core.tag_text import clean_text
from spoticlone.services.library.dto import PlaylistOut, UserRef, user_ref
from spoticlone.services.library.playlists import access
from spoticlone.services.library.playlists.views import playlist_dtos
from spoticlone.services.media import picture_uploads
from spoticlone.services.media.images import reencode_image

log = logging.getLogger(__name__)

NAME_MAX = 100
DESCRIPTION_MAX = 300
MAX_COLLABORATORS = 50
MAX_PLAYLISTS_PER_USER = 1000


def clean_name(name: object) -> str:
    """A playlist name, tidied; ``Invalid`` when empty or longer than ``NAME_MAX``."""
    text = clean_text(name if isinstance(name, str) else "", NAME_MAX + 1)
    if not text:
        raise Invalid("Give the playlist a name.")
    if len(text) > NAME_MAX:
        raise Invalid(f"A playlist name can be at most {NAME_MAX} characters long.")
    return text


def clean_description(description: object) -> str:
    """A playlist description, tidied; ``Invalid`` when longer than ``DESCRIPTION_MAX``."""
    text = clean_text(description if isinstance(description, str) else "", DESCRIPTION_MAX + 1, multiline=True)
    if len(text) > DESCRIPTION_MAX:
        raise Invalid(f"A description can be at most {DESCRIPTION_MAX} characters long.")
    return text


def parse_visibility(value: object) -> PlaylistVisibility:
    """``PlaylistVisibility`` from client input; ``Invalid`` for anything else."""
    try:
        return PlaylistVisibility(value)
    except ValueError:
        raise Invalid("Visibility must be 'private' or 'public'.") from None


def _out(session: Session, playlist: Playlist, actor: User | None) -> PlaylistOut:
    return playlist_dtos(session, playlists=[playlist], actor=actor)[0]


def get_playlist(session: Session, *, actor: User | None, playlist_id: int) -> PlaylistOut:
    """One playlist as ``actor`` sees it; ``NotFound`` for a private one they may not read."""
    playlist, _ = access.readable(session, actor=actor, playlist_id=playlist_id)
    return _out(session, playlist, actor)


def create_playlist(
    session: Session,
    *,
    actor: User | None,
    name: str,
    description: str = "",
    visibility: str = "private",
    collaborative: bool = False,
) -> PlaylistOut:
    """A new playlist owned by the actor (private unless asked otherwise)."""
    user = require_user(actor)
    clean = clean_name(name)
    playlist = Playlist(
        owner_id=saved_id(user), name=clean, slug=slugify(clean, max_length=80),
        description=clean_description(description), visibility=parse_visibility(visibility),
        collaborative=bool(collaborative),
    )
    owned = session.exec(select(func.count()).select_from(Playlist).where(Playlist.owner_id == user.id)).one()
    if owned >= MAX_PLAYLISTS_PER_USER:
        raise Invalid(f"You can have at most {MAX_PLAYLISTS_PER_USER} playlists; delete one first.")
    session.add(playlist)
    session.commit()
    log.info("user %s created playlist %s", user.id, playlist.id)
    return _out(session, playlist, user)


def update_playlist(
    session: Session,
    *,
    actor: User | None,
    playlist_id: int,
    name: str | None = None,
    description: str | None = None,
    visibility: str | None = None,
    collaborative: bool | None = None,
) -> PlaylistOut:
    """Rename, re-describe, change visibility or the collaborative flag (owner only).

    Every given field is validated before anything changes.
    """
    playlist = access.for_details_edit(session, actor=actor, playlist_id=playlist_id)
    changes: dict = {}
    if name is not None:
        changes["name"] = clean_name(name)
        changes["slug"] = slugify(changes["name"], max_length=80)
    if description is not None:
        changes["description"] = clean_description(description)
    if visibility is not None:
        changes["visibility"] = parse_visibility(visibility)
    if collaborative is not None:
        if not isinstance(collaborative, bool):
            raise Invalid("Collaborative must be true or false.")
        changes["collaborative"] = collaborative
    for key, value in changes.items():
        setattr(playlist, key, value)
    playlist.updated_at = utcnow()
    session.add(playlist)
    session.commit()
    return _out(session, playlist, actor)


def delete_playlist(
    session: Session, *, actor: User | None, playlist_id: int, store: MediaStore | None = None
) -> None:
    """Delete a playlist (its owner, or an admin moderating); its items and follows go with it."""
    playlist = access.for_delete(session, actor=actor, playlist_id=playlist_id)
    own_file = playlist.cover_key if playlist.cover_kind in ("custom", "mosaic") else None
    session.delete(playlist)
    session.commit()
    log.info("playlist %s deleted by user %s", playlist_id, actor.id if actor else None)
    _delete_quietly(store, own_file)


def _delete_quietly(store: MediaStore | None, key: str | None) -> None:
    if not key:
        return
    try:
        (store or default_store()).delete(key)
    except (OSError, ValueError):
        # A leftover file wastes disk but harms nobody; the row is already correct.
        log.exception("could not delete replaced playlist cover %s", key)


def set_cover(
    session: Session, *, actor: User | None, playlist_id: int, image_bytes: bytes,
    store: MediaStore | None = None, client_ip: str | None = None,
) -> PlaylistOut:
    """Use an uploaded picture as the cover (owner only); re-encoded, metadata stripped.

    Size-capped and throttled per account and ``client_ip`` like every picture
    upload (``picture_uploads``); decoded in a memory-limited child (``images``).
    """
    playlist = access.for_details_edit(session, actor=actor, playlist_id=playlist_id)
    user = require_user(actor)  # never raises here: for_details_edit let only the owner through
    picture_uploads.check_size(len(image_bytes))
    picture_uploads.count_upload(session, user_id=saved_id(user), client_ip=client_ip)
    store = store or default_store()
    new_key = store.put_bytes("covers", "jpg", reencode_image(image_bytes, max_side=800))
    old = playlist.cover_key if playlist.cover_kind in ("custom", "mosaic") else None
    playlist.cover_key, playlist.cover_kind, playlist.mosaic_sig = new_key, "custom", ""
    playlist.updated_at = utcnow()
    try:
        session.add(playlist)
        session.commit()
    except BaseException:
        session.rollback()
        _delete_quietly(store, new_key)
        raise
    _delete_quietly(store, old)
    return _out(session, playlist, actor)


def clear_cover(
    session: Session, *, actor: User | None, playlist_id: int, store: MediaStore | None = None
) -> PlaylistOut:
    """Drop an uploaded cover and go back to the automatic one (owner only)."""
    from spoticlone.services.library.playlists.tracks import refresh_cover

    playlist = access.for_details_edit(session, actor=actor, playlist_id=playlist_id)
    old = playlist.cover_key if playlist.cover_kind in ("custom", "mosaic") else None
    playlist.cover_key, playlist.cover_kind, playlist.mosaic_sig = None, "none", ""
    stale = refresh_cover(session, playlist, store)
    session.commit()
    _delete_quietly(store, old)
    _delete_quietly(store, stale if stale != old else None)
    return _out(session, playlist, actor)


def duplicate_playlist(
    session: Session, *, actor: User | None, playlist_id: int, name: str | None = None,
    store: MediaStore | None = None,
) -> PlaylistOut:
    """Copy a readable playlist's tracks into a new private playlist owned by the actor."""
    from spoticlone.services.library.playlists.tracks import refresh_cover, snapshots

    user = require_user(actor)
    source, _ = access.readable(session, actor=user, playlist_id=playlist_id)
    copy_name = clean_name(name if name is not None else f"{source.name} (copy)"[:NAME_MAX])
    copy = Playlist(
        owner_id=saved_id(user), name=copy_name, slug=slugify(copy_name, max_length=80),
        description=source.description, visibility=PlaylistVisibility.PRIVATE,
    )
    session.add(copy)
    session.flush()
    # Only playable songs: unavailable entries and hidden (draft, scheduled) songs are not copied.
    items = [t for t in session.exec(
        select(PlaylistTrack.track_id).join(Track, col(Track.id) == PlaylistTrack.track_id)
        .where(PlaylistTrack.playlist_id == source.id, published())
        .order_by(col(PlaylistTrack.position))
    ).all() if t is not None]
    found = snapshots(session, items)
    session.add_all(
        PlaylistTrack(playlist_id=saved_id(copy), track_id=t, position=i, added_by_id=user.id, **found[t])
        for i, t in enumerate(items)
    )
    session.flush()
    refresh_cover(session, copy, store)
    session.commit()
    return _out(session, copy, user)


# Collaborators.


def _user_by_username(session: Session, username: str) -> User:
    user = None
    if isinstance(username, str) and 0 < len(username) <= 40:
        user = session.exec(select(User).where(User.username == username.strip())).first()
    if user is None or user.suspended:
        raise NotFound("There is no listener with that username.")
    return user


def list_collaborators(session: Session, *, actor: User | None, playlist_id: int) -> list[UserRef]:
    """Invited collaborators, oldest invitation first (anyone who can read the playlist)."""
    playlist, _ = access.readable(session, actor=actor, playlist_id=playlist_id)
    users = session.exec(
        select(User).join(PlaylistCollaborator, col(PlaylistCollaborator.user_id) == User.id)
        .where(PlaylistCollaborator.playlist_id == playlist.id)
        .order_by(col(PlaylistCollaborator.added_at), col(PlaylistCollaborator.id))
    ).all()
    return [user_ref(u) for u in users]


def add_collaborator(
    session: Session, *, actor: User | None, playlist_id: int, username: str
) -> list[UserRef]:
    """Invite a listener by username (owner only); inviting twice is harmless."""
    playlist = access.for_details_edit(session, actor=actor, playlist_id=playlist_id)
    invitee = _user_by_username(session, username)
    if invitee.id == playlist.owner_id:
        raise Invalid("You already own this playlist.")
    existing = session.exec(
        select(PlaylistCollaborator.user_id).where(PlaylistCollaborator.playlist_id == playlist.id)
    ).all()
    if invitee.id not in existing:
        if len(existing) >= MAX_COLLABORATORS:
            raise Invalid(f"A playlist can have at most {MAX_COLLABORATORS} collaborators.")
        session.add(PlaylistCollaborator(playlist_id=saved_id(playlist), user_id=saved_id(invitee)))
        events.emit(events.COLLABORATOR_INVITED, session, playlist_id=saved_id(playlist),
                    user_id=saved_id(invitee), invited_by=saved_id(actor))
        try:
            session.commit()
        except IntegrityError:
            session.rollback()  # a concurrent identical invitation won: same outcome
    return list_collaborators(session, actor=actor, playlist_id=playlist_id)


def remove_collaborator(
    session: Session, *, actor: User | None, playlist_id: int, username: str
) -> list[UserRef]:
    """Withdraw an invitation (owner only). Tracks they added stay."""
    playlist = access.for_details_edit(session, actor=actor, playlist_id=playlist_id)
    user = _user_by_username(session, username)
    session.exec(
        sa_delete(PlaylistCollaborator).where(
            col(PlaylistCollaborator.playlist_id) == playlist.id, col(PlaylistCollaborator.user_id) == user.id
        )
    )
    session.commit()
    return list_collaborators(session, actor=actor, playlist_id=playlist_id)


# Follow.


def follow_playlist(session: Session, *, actor: User | None, playlist_id: int) -> PlaylistOut:
    """Save somebody else's public playlist to the library (idempotent)."""
    user = require_user(actor)
    playlist, acc = access.readable(session, actor=user, playlist_id=playlist_id)
    if acc.is_owner:
        raise Invalid("Your own playlists are already in your library.")
    if playlist.visibility != PlaylistVisibility.PUBLIC:
        raise Invalid("Only public playlists can be followed.")
    exists = session.exec(
        select(PlaylistFollow.id).where(PlaylistFollow.user_id == user.id, PlaylistFollow.playlist_id == playlist.id)
    ).first()
    if exists is None:
        session.add(PlaylistFollow(user_id=saved_id(user), playlist_id=saved_id(playlist)))
        events.emit(events.PLAYLIST_FOLLOWED, session, playlist_id=saved_id(playlist),
                    follower_id=saved_id(user), owner_id=playlist.owner_id)
        try:
            session.commit()
        except IntegrityError:
            session.rollback()
    return _out(session, playlist, user)


def unfollow_playlist(session: Session, *, actor: User | None, playlist_id: int) -> None:
    """Remove a followed playlist from the library.

    Idempotent, and works even if the playlist went private since; it answers the
    same whether or not the id exists, so it cannot be used to probe private ids.
    """
    user = require_user(actor)
    session.exec(
        sa_delete(PlaylistFollow).where(
            col(PlaylistFollow.user_id) == user.id, col(PlaylistFollow.playlist_id) == playlist_id
        )
    )
    session.commit()


def user_playlists(session: Session, *, actor: User | None, username: str) -> list[PlaylistOut]:
    """A listener's playlists that ``actor`` may see (all of them for the owner), newest first."""
    owner = _user_by_username(session, username)
    playlists = session.exec(
        select(Playlist).where(Playlist.owner_id == owner.id)
        .order_by(col(Playlist.created_at).desc(), col(Playlist.id).desc()).limit(200)
    ).all()
    visible = access.readable_in_bulk(session, actor=actor, playlists=list(playlists))
    return playlist_dtos(session, playlists=visible, actor=actor)
