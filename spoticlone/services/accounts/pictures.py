"""Profile pictures: a round avatar and a wide cover banner per account.

An upload is never stored as sent. It must respect ``picture_uploads`` (size cap,
per-account and per-address throttle); ``images.reencode_image`` then checks the
content (not the filename), refuses decompression bombs by pixel count, decodes in a
memory-limited child and produces a fresh JPEG without EXIF/GPS metadata; from that
clean picture we cut a
full-size image and a small thumbnail, stored under new random keys. The row is
switched to the new keys first (a conditional UPDATE, so concurrent uploads cannot
both replace the same old picture) and the old files are deleted only after that
commit, so a failed upload never leaves the profile pointing at a missing file.
"""

from __future__ import annotations

import io
import logging
from dataclasses import dataclass
from typing import cast

from sqlalchemy import update
from sqlalchemy.engine import CursorResult
from sqlmodel import Session, col, select

from spoticlone.integrations.media_store import MediaStore
from spoticlone.models import User
from spoticlone.models.common import saved_id
from spoticlone.services.core.actor import require_user
from spoticlone.services.core.errors import Conflict, Invalid
from spoticlone.services.media.images import reencode_image
from spoticlone.services.media.picture_uploads import check_size, count_upload

log = logging.getLogger(__name__)

CLEAN_SIDE = 1600  # the re-encoded source every variant is cut from


@dataclass(frozen=True)
class _Shape:
    """How one picture kind is stored: the media-store folder and two target sizes."""

    folder: str
    full: tuple[int, int]  # (width, height) at most; the aspect ratio is cropped to
    thumb: tuple[int, int]
    key_field: str
    thumb_field: str


PICTURE_KINDS: dict[str, _Shape] = {
    "avatar": _Shape("avatars", (512, 512), (96, 96), "avatar_key", "avatar_thumb_key"),
    "cover": _Shape("images", (1600, 400), (480, 120), "cover_key", "cover_thumb_key"),
}


def _shape(kind: str) -> _Shape:
    shape = PICTURE_KINDS.get(kind)
    if shape is None:
        raise Invalid("Choose either a profile picture or a cover image.")
    return shape


def _crop(clean_jpeg: bytes, box: tuple[int, int]) -> bytes:
    """Centre-crop ``clean_jpeg`` to ``box``'s aspect ratio, at most ``box`` in size.

    Small pictures are not blown up beyond their own size: the crop keeps the
    source's resolution when it is smaller than the target.
    """
    from PIL import Image, ImageOps

    with Image.open(io.BytesIO(clean_jpeg)) as img:
        img.load()
        ratio = box[0] / box[1]
        width = min(box[0], img.width, int(img.height * ratio))
        height = max(1, round(width / ratio))
        out = ImageOps.fit(img.convert("RGB"), (max(1, width), height), Image.Resampling.LANCZOS)
        buffer = io.BytesIO()
        out.save(buffer, "JPEG", quality=85, optimize=True)
        return buffer.getvalue()


def _matches(column, value):
    return column.is_(None) if value is None else column == value


def _swap(session: Session, user_id: int, shape: _Shape, keys: tuple[str | None, str | None]) -> list[str]:
    """Point the row at ``keys`` and return the keys it held before (the files to delete).

    The UPDATE only applies if the row still holds the keys just read, so two uploads
    at the same moment cannot both think they replaced the same old picture (which
    would leave one pair of files orphaned, or delete a picture still in use).
    """
    full_col, thumb_col = col(getattr(User, shape.key_field)), col(getattr(User, shape.thumb_field))
    for _attempt in range(3):
        before = session.exec(select(full_col, thumb_col).where(User.id == user_id)).one()
        result = cast(CursorResult, session.execute(
            update(User)
            .where(col(User.id) == user_id, _matches(full_col, before[0]), _matches(thumb_col, before[1]))
            .values({shape.key_field: keys[0], shape.thumb_field: keys[1]})
        ))
        if result.rowcount == 1:
            session.commit()
            return [k for k in before if k]
        session.rollback()
    raise Conflict("Your pictures changed while this one was being saved. Please try again.")


def _delete_quietly(store: MediaStore, keys: list[str]) -> None:
    for key in keys:
        try:
            store.delete(key)
        except OSError:
            # The profile already points elsewhere; a leftover file is garbage, not an error.
            log.warning("could not delete old picture %s", key, exc_info=True)


def replace_picture(
    session: Session, *, actor: User | None, kind: str, data: bytes, store: MediaStore,
    client_ip: str | None = None,
) -> User:
    """Replace the actor's ``kind`` picture ("avatar" or "cover") with ``data``.

    Raises ``ImageRejected`` (an ``Invalid``; ``PictureTooBig`` over the size cap) for
    anything that is not a usable picture, ``RateLimited`` past the upload throttle;
    the profile and the media store are then left exactly as they were. Returns the
    updated user.
    """
    user = require_user(actor)
    shape = _shape(kind)
    if not isinstance(data, (bytes, bytearray)):
        raise Invalid("Send the picture as a file.")
    check_size(len(data))
    count_upload(session, user_id=saved_id(user), client_ip=client_ip)
    clean = reencode_image(bytes(data), max_side=CLEAN_SIDE)
    full, thumb = _crop(clean, shape.full), _crop(clean, shape.thumb)
    new_keys: list[str] = []
    try:
        new_keys.append(store.put_bytes(shape.folder, "jpg", full))
        new_keys.append(store.put_bytes(shape.folder, "jpg", thumb))
        old = _swap(session, saved_id(user), shape, (new_keys[0], new_keys[1]))
    except BaseException:
        session.rollback()
        _delete_quietly(store, new_keys)
        raise
    session.refresh(user)
    _delete_quietly(store, old)
    log.info("user %s has a new %s", user.id, kind)
    return user


def clear_picture(session: Session, *, actor: User | None, kind: str, store: MediaStore) -> User:
    """Take the actor's ``kind`` picture down (files deleted after the row is updated)."""
    user = require_user(actor)
    old = _swap(session, saved_id(user), _shape(kind), (None, None))
    session.refresh(user)
    _delete_quietly(store, old)
    return user
