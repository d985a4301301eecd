"""Playlist rows turned into DTOs in bulk (one query per related table, never per row)."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import func
from sqlmodel import Session, col, select

from spoticlone import routes
from spoticlone.models import (
    Playlist,
    PlaylistFollow,
    PlaylistTrack,
    PlaylistVisibility,
    Track,
    User,
)
from spoticlone.models.common import saved_id
from spoticlone.services.catalog.views import by_id, published
from spoticlone.services.core.actor import is_admin
from spoticlone.services.library.dto import PlaylistOut, playlist_url, user_ref
from spoticlone.services.library.playlists.access import collaborating_ids


def playlist_dtos(session: Session, *, actor: User | None, playlists: Sequence[Playlist]) -> list[PlaylistOut]:
    """DTOs for ``playlists`` as ``actor`` sees them (counts cover published tracks only)."""
    if not playlists:
        return []
    ids = [saved_id(p) for p in playlists]
    owners = by_id(session, User, (p.owner_id for p in playlists))
    stats = {
        pid: (n, ms)
        for pid, n, ms in session.exec(
            select(PlaylistTrack.playlist_id, func.count(), func.coalesce(func.sum(Track.duration_ms), 0))
            .join(Track, col(Track.id) == PlaylistTrack.track_id)
            .where(col(PlaylistTrack.playlist_id).in_(ids), published())
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
        count, duration = stats.get(pid, (0, 0))
        owner = actor is not None and actor.id == p.owner_id
        collaborator = not owner and p.collaborative and pid in collaborating
        out.append(PlaylistOut(
            id=pid, name=p.name, slug=p.slug, description=p.description,
            url=playlist_url(pid, p.slug), cover_url=routes.media_url(p.cover_key),
            visibility=PlaylistVisibility(p.visibility).value, collaborative=p.collaborative,
            owner=user_ref(owners[p.owner_id]), track_count=count, duration_ms=duration,
            follower_count=followers.get(pid, 0), created_at=p.created_at, updated_at=p.updated_at,
            can_edit_tracks=owner or collaborator, can_edit_details=owner,
            can_delete=owner or admin, is_following=pid in following,
        ))
    return out
