"""Where audio files and images live, addressed by generated keys.

Keys look like ``audio/3f/3fa9...c1.opus``: a kind, a two-character fan-out folder
and a random hex name. A client's filename never reaches the disk, and a key is
validated before it is turned into a path, so ``..`` or an absolute path from a URL
can never escape the media root. The root is private (outside ``assets/`` and
Reflex's public ``/_upload`` folder); files are served by authorised API routes.
"""

from __future__ import annotations

import functools
import os
import re
import secrets
from collections.abc import Iterable
from pathlib import Path
from typing import BinaryIO, Protocol

from spoticlone.integrations import media_hold
from spoticlone.integrations.atomic import atomic_copy, atomic_write, sync_files

KINDS = ("audio", "covers", "images", "avatars")
_KEY = re.compile(r"(audio|covers|images|avatars)/[0-9a-f]{2}/[0-9a-f]{32}\.[a-z0-9]{2,5}")


class InvalidKey(ValueError):
    """The key is not one this store could have generated."""


def is_valid_key(key: str) -> bool:
    # fullmatch, not match with ``$``: ``$`` also matches before a trailing newline.
    return bool(_KEY.fullmatch(key or ""))


def new_key(kind: str, extension: str) -> str:
    """A fresh random key; ``extension`` comes from the detected type, not a filename."""
    return key_for(kind, new_name(), extension)


def new_name() -> str:
    """A fresh random name for ``key_for``."""
    return secrets.token_hex(16)


def key_for(kind: str, name: str, extension: str) -> str:
    """The key of a file of ``kind`` named ``name`` (from ``new_name``) with ``extension``."""
    if kind not in KINDS:
        raise ValueError(f"unknown media kind {kind!r}")
    ext = extension.lower().lstrip(".")
    if not re.fullmatch(r"[a-z0-9]{2,5}", ext):
        raise ValueError(f"bad extension {extension!r}")
    key = f"{kind}/{name[:2]}/{name}.{ext}"
    if not is_valid_key(key):
        raise ValueError(f"bad media name {name!r}")
    return key


class MediaStore(Protocol):
    """Interface every backend (local disk today, object storage later) implements."""

    def put_file(self, kind: str, extension: str, source: Path) -> str: ...

    def put_bytes(self, kind: str, extension: str, data: bytes) -> str: ...

    def open(self, key: str) -> BinaryIO: ...

    def path(self, key: str) -> Path: ...

    def exists(self, key: str) -> bool: ...

    def delete(self, key: str) -> None: ...


class LocalMediaStore:
    """Media on the local disk under ``root``; writes are atomic (temp file + rename)."""

    def __init__(self, root: Path):
        self.root = Path(root).resolve()
        self.root.mkdir(parents=True, exist_ok=True)

    def path(self, key: str) -> Path:
        if not is_valid_key(key):
            raise InvalidKey(f"invalid media key {key!r}")
        return self.root / key

    def place_for(self, kind: str, name: str) -> Path:
        """Where the file of ``key_for(kind, name, extension)`` lies, without the ``.extension``.

        For a writer that learns the extension only by reading the file: a bulk import's
        probe child copies each file it accepted to this path plus the detected extension.
        """
        key_for(kind, name, "bin")  # validates kind and name
        return self.root / kind / name[:2] / name

    def _write(self, kind: str, extension: str, writer, *, sync: bool = True) -> str:
        key = new_key(kind, extension)
        target = self.path(key)
        target.parent.mkdir(parents=True, exist_ok=True)
        atomic_write(target, writer, sync=sync)
        return key

    def put_file(self, kind: str, extension: str, source: Path) -> str:
        return self._copy(kind, extension, source, sync=True)

    def _copy(self, kind: str, extension: str, source: Path, *, sync: bool) -> str:
        key = new_key(kind, extension)
        atomic_copy(Path(source), self.path(key), sync=sync)
        return key

    def sync(self, keys: Iterable[str]) -> None:
        """Make the files of ``keys`` (and their names) durable; ``OSError`` if one cannot be."""
        root = str(self.root)
        sync_files(os.path.join(root, key) if is_valid_key(key) else str(self.path(key)) for key in keys)

    def put_bytes(self, kind: str, extension: str, data: bytes) -> str:
        return self._write(kind, extension, lambda handle: handle.write(data))

    def open(self, key: str) -> BinaryIO:
        return open(self.path(key), "rb")

    def exists(self, key: str) -> bool:
        return is_valid_key(key) and self.path(key).is_file()

    def delete(self, key: str) -> None:
        path = self.path(key)
        if media_hold.active(self.root):
            media_hold.keep(self.root, path, key)
        path.unlink(missing_ok=True)


def default_store() -> LocalMediaStore:
    """The store for the configured data directory (one instance per directory).

    Building a store resolves and creates its root; routes ask for it on every
    request, so it is cached per folder (tests that change the data dir get their own).
    """
    from spoticlone.config import get_settings

    return _store_for(get_settings().media_dir)


@functools.lru_cache(maxsize=8)
def _store_for(root: Path) -> LocalMediaStore:
    return LocalMediaStore(root)
