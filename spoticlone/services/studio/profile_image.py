"""The picture of an artist page: square, re-encoded, with a thumbnail for lists.

The same pipeline as profile pictures (``accounts.pictures``): the size cap and the
per-account and per-address throttle of ``media.picture_uploads``, then
``media.images.reencode_image`` checks the content in a sandboxed, memory-limited child
and writes a fresh JPEG without metadata. From it we cut a full-size square and a
thumbnail, store both under new random keys, switch the row with a conditional UPDATE
(two uploads at once cannot both replace the same old picture) and delete the old files
only after that commit, so a failed upload never leaves the page pointing at nothing.
"""

from __future__ import annotations

import io
import logging
from typing import cast

from sqlalchemy import update
from sqlalchemy.engine import CursorResult
from sqlmodel import Session, col, select

from spoticlone.integrations.media_store import MediaStore
from spoticlone.models import ArtistProfile, User
from spoticlone.models.common import saved_id
from spoticlone.services.core.errors import Conflict, Invalid
from spoticlone.services.media.images import reencode_image
from spoticlone.services.media.picture_uploads import check_size, count_upload
from spoticlone.services.studio.profile import ArtistProfileOut, artist_for_edit, profile_out

log = logging.getLogger(__name__)

FOLDER = "images"  # the public kind artist pictures are served from
CLEAN_SIDE = 1600
FULL_SIDE = 800
THUMB_SIDE = 192


def _square(clean_jpeg: bytes, side: int) -> bytes:
    """Centre-crop to a square of at most ``side`` pixels (small pictures are not blown up)."""
    from PIL import Image, ImageOps

    with Image.open(io.BytesIO(clean_jpeg)) as img:
        img.load()
        edge = max(1, min(side, img.width, img.height))
        out = ImageOps.fit(img.convert("RGB"), (edge, edge), Image.Resampling.LANCZOS)
        buffer = io.BytesIO()
        out.save(buffer, "JPEG", quality=85, optimize=True)
        return buffer.getvalue()


def _matches(column, value):
    return column.is_(None) if value is None else column == value


def _swap(session: Session, artist_id: int, keys: tuple[str | None, str | None]) -> list[str]:
    """Point the profile at ``keys``; return the keys it held before (the files to delete)."""
    full_col, thumb_col = col(ArtistProfile.image_key), col(ArtistProfile.image_thumb_key)
    for _attempt in range(3):
        before = session.exec(select(full_col, thumb_col).where(ArtistProfile.id == artist_id)).one()
        result = cast(CursorResult, session.execute(
            update(ArtistProfile)
            .where(col(ArtistProfile.id) == artist_id, _matches(full_col, before[0]),
                   _matches(thumb_col, before[1]))
            .values(image_key=keys[0], image_thumb_key=keys[1])
        ))
        if result.rowcount == 1:
            session.commit()
            return [k for k in before if k]
        session.rollback()
    raise Conflict("The artist picture changed while this one was being saved. Please try again.")


def _delete_quietly(store: MediaStore, keys: list[str]) -> None:
    for key in keys:
        try:
            store.delete(key)
        except OSError:
            log.warning("could not delete old artist picture %s", key, exc_info=True)


def set_artist_image(
    session: Session, *, actor: User | None, data: bytes, store: MediaStore,
    artist_id: int | None = None, client_ip: str | None = None,
) -> ArtistProfileOut:
    """Replace the picture of the actor's artist page (or ``artist_id``'s, for an admin).

    Raises ``ImageRejected`` (``Invalid``; ``PictureTooBig`` over the cap) for anything
    that is not a usable picture and ``RateLimited`` past the throttle; nothing changes then.
    Blocking (decoding): call it off the event loop.
    """
    artist = artist_for_edit(session, actor=actor, artist_id=artist_id)
    if not isinstance(data, (bytes, bytearray)):
        raise Invalid("Send the picture as a file.")
    check_size(len(data))
    count_upload(session, user_id=saved_id(actor), client_ip=client_ip)
    clean = reencode_image(bytes(data), max_side=CLEAN_SIDE)
    full, thumb = _square(clean, FULL_SIDE), _square(clean, THUMB_SIDE)
    new_keys: list[str] = []
    try:
        new_keys.append(store.put_bytes(FOLDER, "jpg", full))
        new_keys.append(store.put_bytes(FOLDER, "jpg", thumb))
        old = _swap(session, saved_id(artist), (new_keys[0], new_keys[1]))
    except BaseException:
        session.rollback()
        _delete_quietly(store, new_keys)
        raise
    session.refresh(artist)
    _delete_quietly(store, old)
    log.info("artist %s has a new picture", artist.id)
    return profile_out(session, artist)


def clear_artist_image(
    session: Session, *, actor: User | None, store: MediaStore, artist_id: int | None = None,
) -> ArtistProfileOut:
    """Take the artist page's picture down (files deleted after the row is updated)."""
    artist = artist_for_edit(session, actor=actor, artist_id=artist_id)
    old = _swap(session, saved_id(artist), (None, None))
    session.refresh(artist)
    _delete_quietly(store, old)
    return profile_out(session, artist)
