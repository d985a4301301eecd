"""Cover art at the size a Subsonic app asks for.

The pictures in the media store were re-encoded by us on upload (at most 1200 px a side,
pixel-count bounded), so scaling one down here in-process is safe and quick. Apps ask for
the same few sizes over and over: the scaled bytes are kept in a small in-memory cache
keyed by the (immutable) media key and the size.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from PIL import Image
from sqlmodel import Session

from spoticlone.integrations.media_store import MediaStore
from spoticlone.models import User
from spoticlone.services.core.errors import NotFound
from spoticlone.services.subsonic.catalog import avatar_key, cover_key

MIN_SIZE = 16
MAX_SIZE = 1200


@dataclass(frozen=True)
class Cover:
    """A whole stored file (``path``) or scaled bytes (``data``), with its type and a validator."""

    mime_type: str
    etag: str
    path: Path | None = None
    data: bytes | None = None


def _mime(key: str) -> str:
    suffix = key.rsplit(".", 1)[-1].lower()
    return {"jpg": "image/jpeg", "jpeg": "image/jpeg", "png": "image/png", "webp": "image/webp",
            "gif": "image/gif"}.get(suffix, "application/octet-stream")


@lru_cache(maxsize=256)
def _scaled(path: str, key: str, size: int) -> tuple[bytes, str] | None:
    with Image.open(path) as img:
        if max(img.size) <= size:
            return None
        img.thumbnail((size, size))
        out = io.BytesIO()
        if img.mode in ("RGBA", "LA", "P"):
            img.save(out, "PNG", optimize=True)
            return out.getvalue(), "image/png"
        img.convert("RGB").save(out, "JPEG", quality=85)
        return out.getvalue(), "image/jpeg"


def cover_art(session: Session, *, actor: User | None, cover_id: str, size: int | None,
              store: MediaStore) -> Cover:
    """The picture behind a Subsonic cover id, scaled to fit ``size`` pixels when smaller."""
    return _picture(cover_key(session, actor=actor, cover_id=cover_id), size, store)


def avatar(session: Session, *, username: str, size: int | None, store: MediaStore) -> Cover:
    """A listener's profile picture (``getAvatar``), as public as on their profile page."""
    return _picture(avatar_key(session, username=username), size, store)


def _picture(key: str, size: int | None, store: MediaStore) -> Cover:
    if not store.exists(key):
        raise NotFound("No such cover art.")
    path = store.path(key)
    stem = key.rsplit("/", 1)[-1].split(".")[0]
    if size:
        size = max(MIN_SIZE, min(int(size), MAX_SIZE))
        try:
            scaled = _scaled(str(path), key, size)
        except OSError:
            raise NotFound("No such cover art.") from None
        if scaled is not None:
            return Cover(mime_type=scaled[1], etag=f'"{stem}-{size}"', data=scaled[0])
    return Cover(mime_type=_mime(key), etag=f'"{stem}"', path=path)
