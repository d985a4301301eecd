"""A release's cover: an uploaded picture, the picture embedded in one of its songs, or none.

An upload goes through the same gate as every picture (``media.picture_uploads``: size
cap, throttle per account and address) and is decoded in the memory-limited child
(``media.images``), re-encoded to a square JPEG without metadata and stored under a new
random key. The cover can change in any state, published included (listeners see the
new one at once); only the release's artist changes it. The row points at the new key
before the old file goes, and an old file goes only if nothing else uses it (a song's
embedded cover is shared with the release that picked it).
"""

from __future__ import annotations

import io
import logging

from sqlmodel import Session

from spoticlone.integrations.media_store import MediaStore, default_store
from spoticlone.models import Album, User
from spoticlone.models.common import saved_id
from spoticlone.services.core.actor import require_user
from spoticlone.services.core.errors import Invalid
from spoticlone.services.media import picture_uploads
from spoticlone.services.media.images import reencode_image
from spoticlone.services.studio import ownership
from spoticlone.services.studio.media_cleanup import forget_unused_media
from spoticlone.services.studio.releases import ReleaseDetail, album_tracks, release_detail

log = logging.getLogger(__name__)

#: Side of a stored cover in pixels: sharp on a phone's album page at 3x, small to send.
COVER_SIDE = 1000
NO_TAG_COVER = "That song has no cover picture of its own; upload one instead."


def _square(clean_jpeg: bytes) -> bytes:
    """Centre-crop a clean JPEG to a square of at most ``COVER_SIDE`` pixels."""
    from PIL import Image, ImageOps

    with Image.open(io.BytesIO(clean_jpeg)) as img:
        img.load()
        side = max(1, min(COVER_SIDE, img.width, img.height))
        out = ImageOps.fit(img.convert("RGB"), (side, side), Image.Resampling.LANCZOS)
        buffer = io.BytesIO()
        out.save(buffer, "JPEG", quality=88, optimize=True)
        return buffer.getvalue()


def _owned_release(session: Session, actor: User | None, album_id: int) -> Album:
    album = ownership.album_for_edit(session, actor=actor, album_id=album_id)
    ownership.require_owner(session, actor=actor, artist_id=album.artist_id, doing="change this release's cover")
    return album


def _switch(session: Session, album: Album, key: str | None, store: MediaStore) -> ReleaseDetail:
    old = album.cover_key
    album.cover_key = key
    session.add(album)
    session.commit()
    if old and old != key:
        forget_unused_media(session, store, {old})
    return release_detail(session, album)


def upload_release_cover(
    session: Session, *, actor: User | None, album_id: int, image_bytes: bytes,
    store: MediaStore | None = None, client_ip: str | None = None,
) -> ReleaseDetail:
    """Use an uploaded picture as the release's cover (its artist only, in any state).

    Raises:
        NotFound: no such release, or one the actor may not manage.
        PermissionDenied: an administrator (only the artist changes the cover).
        Invalid: not a usable picture (``ImageRejected``), or over the size cap (``PictureTooBig``).
        RateLimited: too many picture uploads; nothing changed in every case.
    """
    album = _owned_release(session, actor, album_id)
    if not isinstance(image_bytes, (bytes, bytearray)) or not image_bytes:
        raise Invalid("Send the picture as a file.")
    picture_uploads.check_size(len(image_bytes))
    picture_uploads.count_upload(session, user_id=saved_id(require_user(actor)), client_ip=client_ip)
    square = _square(reencode_image(bytes(image_bytes), max_side=COVER_SIDE * 2))
    store = store or default_store()
    key = store.put_bytes("covers", "jpg", square)
    try:
        detail = _switch(session, album, key, store)
    except BaseException:
        session.rollback()
        forget_unused_media(session, store, {key})
        raise
    log.info("release %s has an uploaded cover", album_id)
    return detail


def use_track_cover(
    session: Session, *, actor: User | None, album_id: int, track_id: int, store: MediaStore | None = None
) -> ReleaseDetail:
    """Use the picture embedded in one of the release's songs as its cover (its artist only).

    Raises:
        NotFound: no such release, or one the actor may not manage.
        PermissionDenied: an administrator.
        Invalid: the song is not on this release, or has no picture of its own.
    """
    album = _owned_release(session, actor, album_id)
    track = next((t for t in album_tracks(session, saved_id(album)) if t.id == track_id), None)
    if track is None:
        raise Invalid("That song is not on this release.")
    if not track.cover_key:
        raise Invalid(NO_TAG_COVER)
    return _switch(session, album, track.cover_key, store or default_store())


def remove_release_cover(
    session: Session, *, actor: User | None, album_id: int, store: MediaStore | None = None
) -> ReleaseDetail:
    """Take the release's cover away (its artist only); an uploaded file is deleted.

    Raises:
        NotFound: no such release, or one the actor may not manage.
        PermissionDenied: an administrator.
    """
    album = _owned_release(session, actor, album_id)
    return _switch(session, album, None, store or default_store())
