"""Hiding reported content and bringing it back exactly as it was.

Tracks are hidden through their status: ``TrackStatus.HIDDEN`` is not ``PUBLISHED``, so every
listener view (``catalog.views.published()``, search, radio and recommendations, Subsonic,
streaming, share previews) drops the track with no change of its own, and playlists show the
entry as unavailable (``library.playlists.views.unavailable``). The hold keeps the statuses it
replaced, so a restore puts back each track's own state (published, scheduled, ...) and,
because no playlist row is touched, its place in every playlist. An album's hold hides all of
its tracks; playlists and profiles have no status, so their views ask ``is_hidden``.
"""

from __future__ import annotations

import json
from datetime import datetime

from sqlmodel import Session, col, select

from spoticlone.models import ModerationHold, Playlist, PlaylistVisibility, Track, TrackStatus
from spoticlone.models.common import utcnow
from spoticlone.services.catalog.read_cache import SharedReads
from spoticlone.services.moderation.targets import Target, album_track_ids


def hold_for(session: Session, kind: str, target_id: int) -> ModerationHold | None:
    """The hold row of an item (active or lifted), if it was ever hidden."""
    return session.exec(select(ModerationHold).where(
        ModerationHold.target_type == kind, ModerationHold.target_id == target_id)).first()


#: Whether an item is hidden now, per database. Every album, track, playlist and profile page
#: asks, and holds are written rarely: ``moderationhold`` is one of the tables whose writes
#: start a new generation of ``catalog.read_cache``, so a hide or restore is seen at once by
#: the process that made it and by other worker processes within that cache's TTL.
_hidden_reads: SharedReads[bool] = SharedReads(max_entries=8192)


def is_hidden(session: Session, kind: str, target_id: int) -> bool:
    """Whether an item is hidden now (views of playlists and profiles, every hidden-item notice)."""
    def read() -> bool:
        hold = hold_for(session, kind, target_id)
        return hold is not None and hold.active

    return _hidden_reads.get(session, (kind, target_id), read)


def _tracks_of(session: Session, target: Target) -> list[Track]:
    ids = [target.id] if target.kind == "track" else album_track_ids(session, target.id) \
        if target.kind == "album" else []
    if not ids:
        return []
    return list(session.exec(select(Track).where(col(Track.id).in_(ids))))


def apply_hold(session: Session, target: Target, *, by_id: int | None, now: datetime | None = None) -> ModerationHold:
    """Hide ``target`` in the caller's transaction; the hold remembers what it replaced.

    Tracks become ``HIDDEN`` (a track already hidden by a hold of its own is left to that
    hold, so lifting either never uncovers what the other still hides); a playlist becomes
    private, so every public list drops it, and ``is_hidden`` closes it to all but admins.
    """
    previous: dict[str, dict[str, str]] = {"tracks": {}}
    for track in _tracks_of(session, target):
        if track.status == TrackStatus.HIDDEN:
            continue
        previous["tracks"][str(track.id)] = TrackStatus(track.status).name
        track.status = TrackStatus.HIDDEN
        session.add(track)
    if target.kind == "playlist":
        playlist = session.get(Playlist, target.id)
        if playlist is not None:
            previous["playlist"] = {"visibility": PlaylistVisibility(playlist.visibility).name}
            playlist.visibility = PlaylistVisibility.PRIVATE
            session.add(playlist)
    hold = hold_for(session, target.kind, target.id) or ModerationHold(
        target_type=target.kind, target_id=target.id)
    hold.active, hold.previous_json = True, json.dumps(previous, sort_keys=True)
    hold.hidden_at, hold.hidden_by_id = now or utcnow(), by_id
    hold.owner_id = target.owner.id if target.owner is not None else None
    hold.counter_notice, hold.counter_notice_at, hold.restored_at = "", None, None
    session.add(hold)
    return hold


def lift_hold(session: Session, hold: ModerationHold, *, now: datetime | None = None) -> dict[str, str]:
    """Undo ``hold`` in the caller's transaction; the track statuses given back, by track id.

    A track that is still ``HIDDEN`` gets its remembered status back; one that changed since
    (deleted, or hidden by another hold that is itself lifted) is left alone. A track whose
    album is still hidden stays hidden and moves under the album's hold instead.
    """
    remembered = json.loads(hold.previous_json or "{}")
    previous: dict[str, str] = remembered.get("tracks", {})
    ids = [int(i) for i in previous]
    tracks = list(session.exec(select(Track).where(col(Track.id).in_(ids)))) if ids else []
    given_back: dict[str, str] = {}
    for track in tracks:
        if track.status != TrackStatus.HIDDEN:
            continue
        state = previous[str(track.id)]
        album_hold = hold_for(session, "album", track.album_id) if hold.target_type == "track" and \
            track.album_id is not None else None
        if album_hold is not None and album_hold.active:
            kept = json.loads(album_hold.previous_json or "{}")
            kept.setdefault("tracks", {})[str(track.id)] = state
            album_hold.previous_json = json.dumps(kept, sort_keys=True)
            session.add(album_hold)
            continue
        track.status = TrackStatus[state]
        session.add(track)
        given_back[str(track.id)] = state
    playlist = session.get(Playlist, hold.target_id) if hold.target_type == "playlist" else None
    if playlist is not None and "playlist" in remembered:
        playlist.visibility = PlaylistVisibility[remembered["playlist"]["visibility"]]
        session.add(playlist)
    hold.active, hold.restored_at = False, now or utcnow()
    session.add(hold)
    return given_back
