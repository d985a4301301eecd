"""The server's secret key: checked for known-weak values, or generated once and kept with the data.

The key signs API access tokens, keys the HMAC of emailed codes, signs the Google
sign-in flow cookie and encrypts authenticator-app secrets. It must therefore never
be a value anyone else can know: there is no built-in default. Outside production,
when ``SPOTICLONE_SECRET_KEY`` is unset, a random key is generated on first start and
written to ``<data_dir>/secret_key`` (mode 0600); every later start, and every other
process sharing the data directory (``reflex db migrate``, the CLI, each server
worker), reads the same file. Production requires the variable (see ``config``).

Pure standard library, imported by ``config``: no settings, no services.
"""

from __future__ import annotations

import logging
import os
import secrets
import stat
import tempfile
from pathlib import Path

log = logging.getLogger(__name__)

KEY_FILE_NAME = "secret_key"
MIN_LENGTH = 32
#: Fewer distinct characters than this is a pattern ("xxxx…", "abab…"), not a random key.
#: A 32-character hex key (``openssl rand -hex 16``) has about 14; fewer than 8 happens
#: to fewer than one in a million of them, so a real key is not refused by accident.
MIN_DISTINCT = 8
#: The default that older versions shipped in this public repository: anyone can sign with it.
LEGACY_BUILTIN_KEY = "dev-insecure-secret-key-change-me"  # noqa: S105 - listed to be refused
#: Fragments of placeholder values copied from examples and never replaced.
_PLACEHOLDERS = ("changeme", "change-me", "change_me", "insecure", "placeholder", "your-secret", "example")
HOW_TO_GENERATE = "python -c 'import secrets; print(secrets.token_urlsafe(48))'"


class WeakSecretKey(ValueError):
    """The configured or stored key is guessable; the message says why and what to do."""


def weakness(value: str) -> str | None:
    """Why ``value`` is not acceptable as a secret key, or None when it is."""
    if value.strip() == LEGACY_BUILTIN_KEY:
        return "is the old built-in development key, which is published in the source"
    if len(value) < MIN_LENGTH:
        return f"is shorter than {MIN_LENGTH} characters"
    if len(set(value)) < MIN_DISTINCT:
        return "is a repeated pattern, not a random value"
    lowered = value.lower()
    if any(fragment in lowered for fragment in _PLACEHOLDERS):
        return "looks like a placeholder from an example"
    return None


def key_file(data_dir: Path) -> Path:
    return Path(data_dir) / KEY_FILE_NAME


def load_or_create(data_dir: Path) -> str:
    """The key stored in ``data_dir``, generating and storing a new random one if there is none.

    Two processes starting at once (migrations and the server, several workers) must
    end up with the same key: the new key is written to a private temporary file and
    hard-linked into place, which fails if another process got there first, and then
    that process's key is read instead. A reader therefore never sees a half-written
    file. Logs one line saying where the key came from (never the key).

    Raises:
        WeakSecretKey: the stored key is empty, short or otherwise weak (someone edited it).
    """
    path = key_file(data_dir)
    created = False if path.exists() else _create(path)
    value = _read(path)
    problem = weakness(value)
    if problem:
        raise WeakSecretKey(
            f"The secret key in {path} {problem}. Delete the file to generate a new one "
            "(see the README on rotating the secret key), or set SPOTICLONE_SECRET_KEY."
        )
    if created:
        # Warning on purpose: a new key on a server that had data means the old file
        # was lost, and authenticator-app secrets encrypted with it are now unreadable.
        log.warning("Generated a new secret key in %s (keep it private and in your backups)", path)
    else:
        log.info("Secret key read from %s", path)
    return value


def _create(path: Path) -> bool:
    """Write a new random key to ``path`` unless it exists; True if this call created it."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".secret_key-")  # mode 0600
    try:
        with os.fdopen(fd, "w", encoding="ascii") as handle:
            handle.write(secrets.token_urlsafe(48) + "\n")
            handle.flush()
            os.fsync(handle.fileno())
        try:
            os.link(tmp, path)
        except FileExistsError:
            return False  # another process generated it first; use theirs
        return True
    finally:
        Path(tmp).unlink(missing_ok=True)


def _read(path: Path) -> str:
    mode = stat.S_IMODE(path.stat().st_mode)
    if mode & 0o077:
        log.warning("%s can be read by other users (mode %o): run chmod 600 on it", path, mode)
    return path.read_text(encoding="ascii", errors="replace").strip()
