"""Playlist rows turned into DTOs in bulk (one query per related table, never per row).

Also the two filters every reader of playlist entries shares: which entries a playlist
shows (``shown``) and which of those are unavailable (``unavailable``). An entry is
*playable* when its track is published; *unavailable* when its track was deleted
(``track_id`` is NULL) or taken down (withdrawn, or hidden after a report; it becomes
playable again if republished or restored). An entry whose track is a draft or scheduled is not shown at all.
"""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import case, func, or_
from sqlmodel import Session, col, select

from spoticlone import routes
from spoticlone.models import (
    Playlist,
    PlaylistFollow,
    PlaylistTrack,
    PlaylistVisibility,
    Track,
    TrackStatus,
    User,
)
from spoticlone.models.common import saved_id
from spoticlone.services.catalog.views import by_id, published
from spoticlone.services.core.actor import is_admin
from spoticlone.services.library.dto import PlaylistOut, playlist_url, user_ref
from spoticlone.services.library.playlists.access import collaborating_ids


def unavailable():
    """Entries whose track is gone or taken down (with ``Track`` outer-joined)."""
    return or_(col(PlaylistTrack.track_id).is_(None),
               col(Track.status).in_((TrackStatus.WITHDRAWN, TrackStatus.HIDDEN)))


def shown():
    """Entries a playlist shows: playable or unavailable (with ``Track`` outer-joined)."""
    return or_(published(), unavailable())


def playlist_dtos(session: Session, *, actor: User | None, playlists: Sequence[Playlist]) -> list[PlaylistOut]:
    """DTOs for ``playlists`` as ``actor`` sees them.

    Song count and length cover playable (published) songs only; ``unavailable_count``
    counts the entries shown greyed out.
    """
    if not playlists:
        return []
    ids = [saved_id(p) for p in playlists]
    owners = by_id(session, User, (p.owner_id for p in playlists))
    playable = case((published(), 1), else_=0)
    stats = {
        pid: (int(n or 0), int(ms or 0), int(gone or 0))
        for pid, n, ms, gone in session.exec(
            select(PlaylistTrack.playlist_id, func.sum(playable),
                   func.sum(case((published(), Track.duration_ms), else_=0)),
                   func.sum(case((unavailable(), 1), else_=0)))
            .join(Track, col(Track.id) == PlaylistTrack.track_id, isouter=True)
            .where(col(PlaylistTrack.playlist_id).in_(ids), shown())
            .group_by(col(PlaylistTrack.playlist_id))
        )
    }
    followers = dict(session.exec(
        select(PlaylistFollow.playlist_id, func.count())
        .where(col(PlaylistFollow.playlist_id).in_(ids))
        .group_by(col(PlaylistFollow.playlist_id))
    ).all())
    following: set[int] = set()
    collaborating: set[int] = set()
    if actor is not None and actor.id is not None:
        following = set(session.exec(
            select(PlaylistFollow.playlist_id)
            .where(PlaylistFollow.user_id == actor.id, col(PlaylistFollow.playlist_id).in_(ids))
        ).all())
        collaborating = collaborating_ids(session, actor=actor, playlist_ids=ids)
    admin = is_admin(actor)
    out = []
    for p in playlists:
        pid = saved_id(p)
        count, duration, gone = stats.get(pid, (0, 0, 0))
        owner = actor is not None and actor.id == p.owner_id
        collaborator = not owner and p.collaborative and pid in collaborating
        out.append(PlaylistOut(
            id=pid, name=p.name, slug=p.slug, description=p.description,
            url=playlist_url(pid, p.slug), cover_url=routes.media_url(p.cover_key),
            visibility=PlaylistVisibility(p.visibility).value, collaborative=p.collaborative,
            owner=user_ref(owners[p.owner_id]), track_count=count, duration_ms=duration,
            follower_count=followers.get(pid, 0), created_at=p.created_at, updated_at=p.updated_at,
            can_edit_tracks=owner or collaborator, can_edit_details=owner,
            can_delete=owner or admin, is_following=pid in following, unavailable_count=gone,
        ))
    return out
