"""Deleting the files no row points at any more, after songs are grouped into a release or deleted.

A file is deleted only after the commit that stopped using it, so a change that rolls back
keeps its files; and only when no track, release or artist image still names it, since a
cover key can be shared (a release may use the picture embedded in one of its songs).
"""

from __future__ import annotations

import logging
from collections.abc import Iterable

from sqlalchemy import func
from sqlmodel import Session, col, or_, select

from spoticlone.integrations.media_store import MediaStore
from spoticlone.models import Album, ArtistProfile, Track

log = logging.getLogger(__name__)


def drop_emptied_albums(session: Session, albums: Iterable[Album], *, artist_id: int) -> set[str]:
    """Delete those of ``albums`` (the artist's own) left with no tracks; the cover keys they had.

    Grouping drafts into a new release empties the albums ingestion made from the files'
    tags. Call before the commit, then ``forget_unused_media`` on the keys after it.
    """
    dropped_covers: set[str] = set()
    for old in albums:
        left = session.exec(select(func.count()).select_from(Track).where(Track.album_id == old.id)).one()
        if left == 0 and old.artist_id == artist_id:
            if old.cover_key:
                dropped_covers.add(old.cover_key)
            session.delete(old)
    return dropped_covers


def forget_unused_media(session: Session, store: MediaStore, keys: set[str]) -> None:
    """Delete the files of ``keys`` that no row points at any more (call after the commit).

    A cover key can be shared: a release may use the picture embedded in one of its
    songs, so a file goes only when no track, release or artist image still names it.
    """
    for key in keys:
        still_used = session.exec(select(Track.id).where(
            or_(col(Track.audio_key) == key, col(Track.cover_key) == key)).limit(1)).first()
        still_used = still_used or session.exec(
            select(Album.id).where(col(Album.cover_key) == key).limit(1)).first()
        still_used = still_used or session.exec(
            select(ArtistProfile.id).where(col(ArtistProfile.image_key) == key).limit(1)).first()
        if still_used:
            continue
        try:
            store.delete(key)
        except (OSError, ValueError):
            log.warning("could not delete media %r", key, exc_info=True)
