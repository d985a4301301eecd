"""Keys derived from the server's secret, one per purpose, for secrets stored encrypted at rest.

Authenticator-app secrets and app passwords must be readable again by the server (a TOTP
code and Subsonic's salted token are computed from them), so they are encrypted, not hashed.
Each use gets its own key (HKDF with a purpose label), so a key leaked for one purpose opens
nothing else, and changing the server's secret makes every stored token unreadable at once.
"""

from __future__ import annotations

import base64

from cryptography.fernet import Fernet
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

from spoticlone.config import get_settings

_fernets: dict[tuple[str, bytes], Fernet] = {}


def derive_key(purpose: bytes) -> bytes:
    """32 bytes derived from the server's secret for ``purpose`` (e.g. an HMAC key)."""
    secret = get_settings().secret.encode()
    return HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=purpose).derive(secret)


def fernet_for(purpose: bytes) -> Fernet:
    """The Fernet (AES + HMAC) for ``purpose`` under the current secret; cached per secret."""
    cache_key = (get_settings().secret, purpose)
    cached = _fernets.get(cache_key)
    if cached is None:
        cached = _fernets[cache_key] = Fernet(base64.urlsafe_b64encode(derive_key(purpose)))
    return cached
