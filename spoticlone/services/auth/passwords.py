"""Password policy and Argon2id hashing.

The policy follows current guidance (NIST SP 800-63B): length matters, composition
rules ("one digit, one symbol") do not, and passwords everybody else uses are refused.
Any Unicode is allowed; it is NFKC-normalised first so the same password typed on
two keyboards (full-width digits, a composed vs. decomposed "é") hashes identically.

Argon2id rather than bcrypt because bcrypt silently ignores everything past 72 bytes.
Hashing and verifying deliberately cost ~tens of milliseconds and 64 MiB; these are
plain blocking functions, so async callers (Reflex handlers, FastAPI routes) must run
them with ``await asyncio.to_thread(...)`` to keep the event loop free.
"""

from __future__ import annotations

import functools
import logging
import secrets
import unicodedata
from pathlib import Path

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError

from spoticlone.services.core.errors import Invalid

log = logging.getLogger(__name__)

MIN_LENGTH = 8
MAX_LENGTH = 128
COMMON_PASSWORDS_FILE = Path(__file__).parent / "data" / "common_passwords.txt"

# argon2-cffi's defaults are Argon2id with RFC 9106's low-memory profile; the demo
# account bootstrap uses the same defaults, so its hashes verify here.
_hasher = PasswordHasher()


def normalize(password: str) -> str:
    """NFKC form of ``password``: what is measured, compared and hashed."""
    return unicodedata.normalize("NFKC", password)


@functools.lru_cache(maxsize=1)
def common_passwords() -> frozenset[str]:
    """The refused list (lower-case), loaded once; see ``data/README.md`` for its source."""
    lines = COMMON_PASSWORDS_FILE.read_text(encoding="utf-8").splitlines()
    return frozenset(line.strip() for line in lines if line.strip())


def check_policy(password: str) -> str:
    """Return the normalised password, or raise ``Invalid`` saying why it is refused.

    Length is counted in characters (code points) after normalisation, so a
    passphrase in any script is judged the same way as one in ASCII.
    """
    if not isinstance(password, str):
        raise Invalid("Choose a password.")
    normalized = normalize(password)
    length = len(normalized)
    if length < MIN_LENGTH:
        raise Invalid(f"Use at least {MIN_LENGTH} characters for your password.")
    if length > MAX_LENGTH:
        raise Invalid(f"Use at most {MAX_LENGTH} characters for your password.")
    if normalized.lower() in common_passwords():
        raise Invalid(
            "That password is one of the most commonly used passwords, so it is easy to "
            "guess. Choose another one; a few unrelated words make a strong password."
        )
    return normalized


def hash_password(password: str) -> str:
    """Argon2id PHC string for ``password`` (normalised; the policy is NOT checked here).

    Blocking and CPU/memory heavy: call it through ``asyncio.to_thread`` from async code.
    """
    return _hasher.hash(normalize(password))


def verify_password(password_hash: str | None, password: str) -> bool:
    """True when ``password`` matches ``password_hash``; False for a missing or broken hash.

    Blocking, like ``hash_password``. A corrupt stored hash is logged, not raised: the
    person at the keyboard should just see a failed sign-in.
    """
    if not password_hash:
        return False
    try:
        return _hasher.verify(password_hash, normalize(password))
    except VerifyMismatchError:
        return False
    except (InvalidHashError, VerificationError):
        log.warning("stored password hash could not be checked (corrupt or unknown format)")
        return False


def needs_rehash(password_hash: str) -> bool:
    """True when the hash was made with older parameters and should be replaced at sign-in."""
    try:
        return _hasher.check_needs_rehash(password_hash)
    except InvalidHashError:
        return True


@functools.lru_cache(maxsize=1)
def _dummy_hash() -> str:
    return _hasher.hash(secrets.token_urlsafe(16))


def burn_verification_time(password: str) -> None:
    """Do the work of one verification against a throw-away hash.

    Used when there is no account for an email, so an unknown email takes about as
    long to refuse as a wrong password and timing does not reveal which it was.
    """
    verify_password(_dummy_hash(), password)
