"""A playlist's items: list, play, add, remove, reorder, and the automatic cover.

An item outlives its song: it keeps a snapshot (title, artist, length) taken when it was
added, and is listed as unavailable once the song is deleted or taken down (see
``views.shown``/``views.unavailable``); it is never played, and editors may remove it.

Positions are dense (0..n-1) and unique per playlist (``uq_playlisttrack_position``).
Concurrent edits must not break that, so every change first *locks the playlist*:
an ``UPDATE playlist SET updated_at`` is the first write of the transaction, which
takes SQLite's write lock and a PostgreSQL row lock, so two edits of one playlist
run one after the other and each re-reads the positions after the lock. Shifting a
range of positions is done in two phases (first to negative numbers, then to the
final ones) because both databases check the unique constraint row by row, and
``position = position + 1`` would collide with the next row half-way.

The automatic cover is a 2x2 mosaic of the first four distinct covers (album or
track art) in playlist order; with one to three covers it borrows the first one.
It is rebuilt only when those covers change (``Playlist.mosaic_sig``); an uploaded
cover is never replaced.
"""

from __future__ import annotations

import io
import logging
from typing import cast

from sqlalchemy import delete as sa_delete, func, update
from sqlmodel import Session, col, select

from spoticlone.integrations.media_store import MediaStore, default_store
from spoticlone.models import Album, ArtistProfile, Playlist, PlaylistTrack, Track, TrackStatus, User, utcnow
from spoticlone.models.common import saved_id
from spoticlone.services.catalog.dto import TrackOut
from spoticlone.services.catalog.views import published, track_dtos
from spoticlone.services.core.actor import require_user
from spoticlone.services.core.dto import check_page
from spoticlone.services.core.errors import AlreadyInPlaylist, Invalid, NotFound
from spoticlone.services.library.dto import PlaylistDetail, PlaylistItemOut
from spoticlone.services.library.playlists import access
from spoticlone.services.library.playlists.views import playlist_dtos, shown

log = logging.getLogger(__name__)

MAX_ITEMS = 10_000
MAX_ADD = 100
MOSAIC_TILE = 300
ITEM_NOT_FOUND = "That song is not in this playlist."
ALREADY_IN_ONE = "This song is already in this playlist."
UNAVAILABLE = "This song is no longer available, so it cannot be played."


# Reading.


def playlist_detail(
    session: Session, *, actor: User | None, playlist_id: int, page: int = 1, page_size: int = 100
) -> PlaylistDetail:
    """The playlist and one page of its entries in order.

    Entries whose song was deleted or taken down are listed as unavailable (snapshot,
    no track); entries whose song is a draft or scheduled are not listed.
    """
    offset = check_page(page, page_size)
    playlist, _ = access.readable(session, actor=actor, playlist_id=playlist_id)
    visible = (
        select(PlaylistTrack, Track)
        .join(Track, col(Track.id) == PlaylistTrack.track_id, isouter=True)
        .where(PlaylistTrack.playlist_id == playlist.id, shown())
    )
    total = session.exec(select(func.count()).select_from(visible.subquery())).one()
    rows = session.exec(visible.order_by(col(PlaylistTrack.position)).offset(offset).limit(page_size)).all()
    playable = [t for _, t in rows if t is not None and t.status == TrackStatus.PUBLISHED]
    dtos = {dto.id: dto for dto in track_dtos(session, playable)}
    adders = {
        u.id: u.username
        for u in session.exec(select(User).where(col(User.id).in_({i.added_by_id for i, _ in rows if i.added_by_id})))
    }
    items = [_item_out(item, dtos.get(saved_id(track)) if track is not None else None, track, adders)
             for item, track in rows]
    return PlaylistDetail(
        playlist=playlist_dtos(session, playlists=[playlist], actor=actor)[0], items=items,
        total=total, page=page, page_size=page_size,
    )


def _item_out(item: PlaylistTrack, dto: TrackOut | None, track: Track | None, adders: dict) -> PlaylistItemOut:
    common = dict(item_id=item.id, position=item.position, added_at=item.added_at,
                  added_by=adders.get(item.added_by_id))
    if dto is not None:
        return PlaylistItemOut(**common, available=True, title=dto.title, artist_name=dto.artist.name,
                               duration_ms=dto.duration_ms, track=dto)
    # A row added before snapshots existed may have an empty one: a withdrawn track still
    # knows its title. A deleted track leaves only the snapshot.
    title = item.track_title or (track.title if track is not None else "") or "Unavailable song"
    duration = item.duration_ms or (track.duration_ms if track is not None else 0)
    return PlaylistItemOut(**common, available=False, title=title, artist_name=item.artist_name,
                           duration_ms=duration, track=None)


def queue_track_ids(session: Session, *, actor: User | None, playlist_id: int) -> list[int]:
    """Track ids to play, in order: what the player's queue is built from ("play").

    Only playable songs: an unavailable entry is never put into the queue.
    """
    playlist, _ = access.readable(session, actor=actor, playlist_id=playlist_id)
    return _playable_ids(session, saved_id(playlist))


def _playable_ids(session: Session, playlist_id: int) -> list[int]:
    return cast(list[int], list(session.exec(
        select(PlaylistTrack.track_id).join(Track, col(Track.id) == PlaylistTrack.track_id)
        .where(PlaylistTrack.playlist_id == playlist_id, published())
        .order_by(col(PlaylistTrack.position))
    ).all()))


def play_from(
    session: Session, *, actor: User | None, playlist_id: int, item_id: int | None = None
) -> tuple[list[int], int]:
    """The playable track ids and the index to start at: the entry ``item_id``, or the start.

    An unavailable entry cannot be played (``Invalid``); the ids never include one.
    """
    playlist, _ = access.readable(session, actor=actor, playlist_id=playlist_id)
    ids = _playable_ids(session, saved_id(playlist))
    if item_id is None:
        return ids, 0
    item = _item(session, saved_id(playlist), item_id)
    track = session.get(Track, item.track_id) if item.track_id is not None else None
    if track is None or track.status != TrackStatus.PUBLISHED:
        raise Invalid(UNAVAILABLE)
    before = session.exec(
        select(func.count()).select_from(PlaylistTrack)
        .join(Track, col(Track.id) == PlaylistTrack.track_id)
        .where(PlaylistTrack.playlist_id == playlist.id, published(),
               col(PlaylistTrack.position) < item.position)
    ).one()
    return ids, min(before, max(0, len(ids) - 1))


# Writing.


def _lock(session: Session, playlist: Playlist) -> None:
    """Serialise edits of one playlist (see the module docstring)."""
    session.exec(
        update(Playlist).where(col(Playlist.id) == playlist.id).values(updated_at=utcnow())
        .execution_options(synchronize_session=False)
    )


def _positions(session: Session, playlist_id: int) -> list[tuple[int, int]]:
    # ``(id, position)``: the id of a stored row is never NULL, whatever its column's type says.
    return cast(list[tuple[int, int]], list(session.exec(
        select(PlaylistTrack.id, PlaylistTrack.position)
        .where(PlaylistTrack.playlist_id == playlist_id).order_by(col(PlaylistTrack.position))
    ).all()))


def _shift(session: Session, playlist_id: int, lo: int, hi: int, delta: int, parked: int = 0) -> None:
    """Move every position in ``lo..hi`` by ``delta`` without a transient duplicate.

    ``parked`` is the id of an item temporarily at a negative position, left alone.
    """
    if lo > hi:
        return
    in_range = (
        col(PlaylistTrack.playlist_id) == playlist_id,
        col(PlaylistTrack.position) >= lo, col(PlaylistTrack.position) <= hi,
    )
    session.exec(update(PlaylistTrack).where(*in_range)
                 .values(position=-col(PlaylistTrack.position) - 1)
                 .execution_options(synchronize_session=False))
    session.exec(update(PlaylistTrack)
                 .where(col(PlaylistTrack.playlist_id) == playlist_id, col(PlaylistTrack.position) < 0,
                        col(PlaylistTrack.id) != parked)
                 .values(position=-col(PlaylistTrack.position) - 1 + delta)
                 .execution_options(synchronize_session=False))


def _finish(session: Session, playlist: Playlist, actor: User, store: MediaStore | None) -> PlaylistDetail:
    stale = refresh_cover(session, playlist, store)
    session.commit()
    session.expire_all()
    _delete_file(store, stale)
    return playlist_detail(session, actor=actor, playlist_id=saved_id(playlist))


def add_tracks(
    session: Session, *, actor: User | None, playlist_id: int, track_ids: list[int],
    allow_duplicate: bool = False, store: MediaStore | None = None,
) -> PlaylistDetail:
    """Append published tracks (one or many) at the end, in order.

    All or nothing: an unknown or unpublished id changes nothing. A song that is
    already in the playlist raises ``AlreadyInPlaylist`` (nothing added) unless
    ``allow_duplicate`` says the listener confirmed it; repeats within one request
    are taken as meant.
    """
    if not isinstance(track_ids, list) or not track_ids:
        raise Invalid("Choose at least one song to add.")
    if len(track_ids) > MAX_ADD:
        raise Invalid(f"Add at most {MAX_ADD} songs at a time.")
    if any(isinstance(t, bool) or not isinstance(t, int) for t in track_ids):
        raise Invalid("Song ids must be whole numbers.")
    playlist = access.for_track_edit(session, actor=actor, playlist_id=playlist_id)
    user = require_user(actor)  # never raises here: for_track_edit let only a signed-in editor through
    found = snapshots(session, track_ids)
    if set(found) != set(track_ids):
        raise NotFound("One of those songs does not exist.")
    _lock(session, playlist)
    if not allow_duplicate:
        _refuse_duplicates(session, saved_id(playlist), track_ids)
    start = session.exec(
        select(func.count()).select_from(PlaylistTrack).where(PlaylistTrack.playlist_id == playlist.id)
    ).one()
    if start + len(track_ids) > MAX_ITEMS:
        session.rollback()
        raise Invalid(f"A playlist can hold at most {MAX_ITEMS} songs.")
    session.add_all(
        PlaylistTrack(playlist_id=saved_id(playlist), track_id=t, position=start + i, added_by_id=user.id,
                      **found[t])
        for i, t in enumerate(track_ids)
    )
    session.flush()
    return _finish(session, playlist, user, store)


def snapshots(session: Session, track_ids: list[int]) -> dict[int, dict]:
    """The snapshot fields of a new entry for each *published* track among ``track_ids``.

    What the playlist shows if the song later goes away: title, main artist, length.
    """
    rows = session.exec(
        select(Track.id, Track.title, ArtistProfile.stage_name, Track.duration_ms)
        .join(ArtistProfile, col(ArtistProfile.id) == Track.artist_id)
        .where(col(Track.id).in_(set(track_ids)), published())
    ).all()
    return {tid: dict(track_title=title, artist_name=artist, duration_ms=ms)
            for tid, title, artist, ms in rows if tid is not None}


def _refuse_duplicates(session: Session, playlist_id: int, track_ids: list[int]) -> None:
    """Raise ``AlreadyInPlaylist`` (after rolling back the lock) if any song is in already.

    Checked after the lock, so two tabs adding the same song at once cannot both pass.
    """
    present = set(session.exec(
        select(PlaylistTrack.track_id)
        .where(PlaylistTrack.playlist_id == playlist_id, col(PlaylistTrack.track_id).in_(set(track_ids)))
    ).all())
    if not present:
        return
    session.rollback()
    dupes = [t for t in dict.fromkeys(track_ids) if t in present]
    message = (ALREADY_IN_ONE if len(dupes) == 1 and len(set(track_ids)) == 1
               else f"{len(dupes)} of these songs are already in this playlist.")
    raise AlreadyInPlaylist(message, dupes)


def _item(session: Session, playlist_id: int, item_id: int) -> PlaylistTrack:
    item = session.get(PlaylistTrack, item_id) if isinstance(item_id, int) and not isinstance(item_id, bool) else None
    if item is None or item.playlist_id != playlist_id:
        raise NotFound(ITEM_NOT_FOUND)
    return item


def remove_item(
    session: Session, *, actor: User | None, playlist_id: int, item_id: int,
    store: MediaStore | None = None,
) -> PlaylistDetail:
    """Remove one occurrence (by item id: the same song may be in the list twice)."""
    playlist = access.for_track_edit(session, actor=actor, playlist_id=playlist_id)
    user = require_user(actor)  # never raises here: for_track_edit let only a signed-in editor through
    _item(session, saved_id(playlist), item_id)
    _lock(session, playlist)
    position = session.exec(
        select(PlaylistTrack.position).where(PlaylistTrack.id == item_id, PlaylistTrack.playlist_id == playlist.id)
    ).first()
    if position is None:  # removed by a concurrent edit while we waited for the lock
        session.rollback()
        raise NotFound(ITEM_NOT_FOUND)
    session.exec(sa_delete(PlaylistTrack).where(col(PlaylistTrack.id) == item_id))
    last = len(_positions(session, saved_id(playlist)))
    _shift(session, saved_id(playlist), position + 1, last, -1)
    return _finish(session, playlist, user, store)


def move_item(
    session: Session, *, actor: User | None, playlist_id: int, item_id: int, to_position: int,
    store: MediaStore | None = None,
) -> PlaylistDetail:
    """Move one item to ``to_position`` (0-based); the others close up around it."""
    if isinstance(to_position, bool) or not isinstance(to_position, int) or to_position < 0:
        raise Invalid("The new position must be a whole number, 0 or more.")
    playlist = access.for_track_edit(session, actor=actor, playlist_id=playlist_id)
    user = require_user(actor)  # never raises here: for_track_edit let only a signed-in editor through
    _item(session, saved_id(playlist), item_id)
    _lock(session, playlist)
    rows = _positions(session, saved_id(playlist))
    current = next((pos for iid, pos in rows if iid == item_id), None)
    if current is None:
        session.rollback()
        raise NotFound(ITEM_NOT_FOUND)
    target = min(to_position, len(rows) - 1)
    if target != current:
        # Park the moved item out of the way, shift the span between, then drop it in.
        session.exec(update(PlaylistTrack).where(col(PlaylistTrack.id) == item_id)
                     .values(position=-(len(rows) + 1)).execution_options(synchronize_session=False))
        if target > current:
            _shift(session, saved_id(playlist), current + 1, target, -1, parked=item_id)
        else:
            _shift(session, saved_id(playlist), target, current - 1, +1, parked=item_id)
        session.exec(update(PlaylistTrack).where(col(PlaylistTrack.id) == item_id)
                     .values(position=target).execution_options(synchronize_session=False))
    return _finish(session, playlist, user, store)


# Automatic cover.


def _first_covers(session: Session, playlist_id: int, wanted: int = 4) -> list[str]:
    rows = session.exec(
        select(Track.cover_key, Album.cover_key)
        .select_from(PlaylistTrack)
        .join(Track, col(Track.id) == PlaylistTrack.track_id)
        .join(Album, col(Album.id) == Track.album_id, isouter=True)
        .where(PlaylistTrack.playlist_id == playlist_id, published())
        .order_by(col(PlaylistTrack.position))
        .limit(200)
    ).all()
    keys: list[str] = []
    for track_cover, album_cover in rows:
        key = track_cover or album_cover
        if key and key not in keys:
            keys.append(key)
            if len(keys) == wanted:
                break
    return keys


def _mosaic(store: MediaStore, keys: list[str]) -> bytes:
    from PIL import Image, ImageOps

    canvas = Image.new("RGB", (2 * MOSAIC_TILE, 2 * MOSAIC_TILE), (18, 18, 18))
    for index, key in enumerate(keys[:4]):
        with store.open(key) as handle, Image.open(handle) as img:
            tile = ImageOps.fit(img.convert("RGB"), (MOSAIC_TILE, MOSAIC_TILE))
        canvas.paste(tile, ((index % 2) * MOSAIC_TILE, (index // 2) * MOSAIC_TILE))
    out = io.BytesIO()
    canvas.save(out, "JPEG", quality=85, optimize=True)
    return out.getvalue()


def refresh_cover(session: Session, playlist: Playlist, store: MediaStore | None = None) -> str | None:
    """Bring the automatic cover up to date (not committed); returns a file to delete after commit."""
    if playlist.cover_kind == "custom":
        return None
    keys = _first_covers(session, saved_id(playlist))
    signature = "|".join(keys if len(keys) >= 4 else keys[:1])
    if signature == playlist.mosaic_sig and (playlist.cover_key or not keys):
        return None
    stale = playlist.cover_key if playlist.cover_kind == "mosaic" else None
    if len(keys) >= 4:
        store = store or default_store()
        try:
            playlist.cover_key = store.put_bytes("covers", "jpg", _mosaic(store, keys))
            playlist.cover_kind = "mosaic"
        except (OSError, ValueError) as exc:
            log.warning("playlist %s: mosaic failed (%s); using the first cover", playlist.id, exc)
            playlist.cover_key, playlist.cover_kind = keys[0], "album"
    elif keys:
        playlist.cover_key, playlist.cover_kind = keys[0], "album"
    else:
        playlist.cover_key, playlist.cover_kind = None, "none"
    playlist.mosaic_sig = signature
    session.add(playlist)
    return stale


def _delete_file(store: MediaStore | None, key: str | None) -> None:
    if not key:
        return
    try:
        (store or default_store()).delete(key)
    except (OSError, ValueError):
        log.exception("could not delete old playlist mosaic %s", key)
