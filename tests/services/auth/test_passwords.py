"""Password policy (length, Unicode, common passwords) and Argon2id hashing."""

from __future__ import annotations

import pytest
from argon2 import PasswordHasher

from spoticlone.services.auth import passwords
from spoticlone.services.core.errors import Invalid


def test_hash_is_argon2id_and_verifies():
    stored = passwords.hash_password("a long enough passphrase")
    assert stored.startswith("$argon2id$")
    assert passwords.verify_password(stored, "a long enough passphrase")
    assert not passwords.verify_password(stored, "a long enough passphrasE")
    assert not passwords.needs_rehash(stored)


def test_verify_tolerates_missing_and_corrupt_hashes():
    assert not passwords.verify_password(None, "whatever12")
    assert not passwords.verify_password("not-a-hash", "whatever12")
    assert passwords.needs_rehash("not-a-hash")


def test_weaker_parameters_need_rehash():
    old = PasswordHasher(time_cost=1, memory_cost=8 * 1024, parallelism=1).hash("old password 1")
    assert passwords.verify_password(old, "old password 1")
    assert passwords.needs_rehash(old)


def test_unicode_is_normalised_before_hashing():
    composed, decomposed = "caf\u00e9 au lait noir", "cafe\u0301 au lait noir"
    stored = passwords.hash_password(composed)
    assert passwords.verify_password(stored, decomposed)
    # Full-width digits (an East Asian keyboard) are the same password as ASCII digits.
    assert passwords.check_policy("ｐａｓｓ９８７６５４") == "pass987654"


@pytest.mark.parametrize("password", [
    "mot de passe très sûr",
    "пароль-для-музыки",
    "音楽を聴くのが大好きです",
    "🎵🎶🎸🥁🎹🎺🎻🎷",
    "x" * 64,
    "long passphrase " * 8,  # 128 characters
])
def test_policy_accepts_any_unicode_and_long_passwords(password):
    normalized = passwords.check_policy(password)
    assert passwords.verify_password(passwords.hash_password(normalized), password)


def test_bcrypt_72_byte_truncation_does_not_apply():
    base = "y" * 72
    stored = passwords.hash_password(base + "tail-one")
    assert not passwords.verify_password(stored, base + "tail-two")


def test_policy_refuses_short_and_overlong_passwords():
    with pytest.raises(Invalid, match="at least 8 characters"):
        passwords.check_policy("seven77")
    with pytest.raises(Invalid, match="at most 128 characters"):
        passwords.check_policy("z" * 129)
    assert passwords.check_policy("eight888") == "eight888"


def test_no_composition_rules():
    # Only lower-case letters, no digits or symbols: fine when it is long and uncommon.
    assert passwords.check_policy("purple elephants dance quietly")


@pytest.mark.parametrize("common", ["password", "12345678", "qwertyuiop", "Password1", "ILOVEYOU"])
def test_common_passwords_are_refused_with_a_reason(common):
    with pytest.raises(Invalid, match="most commonly used passwords") as excinfo:
        passwords.check_policy(common)
    assert "Choose another one" in excinfo.value.message


def test_the_common_list_is_shipped_and_sizeable():
    words = passwords.common_passwords()
    assert len(words) > 5000
    assert all(len(w) >= 8 and w == w.lower() for w in words)


def test_dummy_verification_does_the_work_of_a_real_one(monkeypatch):
    """An unknown email must cost one real argon2id verification, or timing tells."""
    verified: list[str] = []

    class CountingHasher:
        def __init__(self, real):
            self._real = real

        def __getattr__(self, name):
            return getattr(self._real, name)

        def verify(self, password_hash: str, password: str) -> bool:
            verified.append(password_hash)
            return self._real.verify(password_hash, password)

    monkeypatch.setattr(passwords, "_hasher", CountingHasher(passwords._hasher))
    passwords.burn_verification_time("anything at all")
    assert len(verified) == 1
    assert verified[0].startswith("$argon2id$")
    assert passwords.verify_password(verified[0], "anything at all") is False
