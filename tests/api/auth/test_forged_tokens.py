"""A fresh ``make run``-style start cannot be talked into accepting a forged bearer token.

``make run`` starts in development with no ``SPOTICLONE_SECRET_KEY``. Older versions
then signed tokens with a key derived from a string published in this repository, and
named the session by its small sequential id, so anyone could mint an admin's token.
Here the real API runs on a fresh data directory exactly like that, with a real admin
session, and every token an outsider can build is refused.
"""

from __future__ import annotations

import hashlib
import hmac

import jwt
import pytest
from sqlmodel import select

from spoticlone.models import AuthSession, Role, User
from spoticlone.secret_store import LEGACY_BUILTIN_KEY
from spoticlone.services.auth import tokens
from tests.api.auth_helpers import bearer, login, signed_up

ADMIN_ONLY = "/api/v1/admin/users"


@pytest.fixture
def settings(tmp_path, monkeypatch):
    """Development, no SPOTICLONE_SECRET_KEY, a data directory that never saw a start."""
    from spoticlone.config import get_settings

    monkeypatch.setenv("SPOTICLONE_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setenv("SPOTICLONE_ENV", "development")
    monkeypatch.delenv("SPOTICLONE_SECRET_KEY", raising=False)
    monkeypatch.delenv("SPOTICLONE_DATABASE_URL", raising=False)
    get_settings.cache_clear()
    yield get_settings()
    get_settings.cache_clear()


@pytest.fixture
def admin_pair(api, settings, session) -> dict:
    email = signed_up(api, settings, email="root@example.com", username="root")
    user = session.exec(select(User).where(User.email == email)).one()
    user.role = Role.ADMIN
    session.add(user)
    session.commit()
    return login(api, email)


def _legacy_keys() -> list[bytes]:
    # The raw published string, and the JWT key older versions derived from it.
    raw = LEGACY_BUILTIN_KEY.encode()
    return [raw, hmac.new(raw, b"spoticlone/jwt-access/v1", hashlib.sha256).digest()]


def test_the_genuine_admin_token_works(api, admin_pair):
    assert api.get(ADMIN_ONLY, headers=bearer(admin_pair["access_token"])).status_code == 200


@pytest.mark.parametrize("key", _legacy_keys(), ids=["raw", "derived"])
def test_a_token_signed_with_the_old_builtin_key_is_refused(api, admin_pair, key):
    # Everything else is genuine: the claims of a live admin session, copied as they are.
    claims = jwt.decode(admin_pair["access_token"], options={"verify_signature": False})
    forged = jwt.encode(claims, key, algorithm="HS256")
    response = api.get(ADMIN_ONLY, headers=bearer(forged))
    assert response.status_code == 401, response.text


def test_a_token_naming_a_session_by_its_id_is_refused(api, admin_pair, session):
    """Even with the real key, a guessable session id in ``sid`` names no session."""
    claims = jwt.decode(admin_pair["access_token"], options={"verify_signature": False})
    row = session.exec(select(AuthSession).where(AuthSession.kind == "api")).one()
    assert claims["sid"] == row.handle and len(row.handle) >= 22  # >= 128 random bits
    for sid in (row.id, str(row.id)):
        forged = jwt.encode(claims | {"sid": sid}, tokens._signing_key(), algorithm="HS256")
        assert api.get(ADMIN_ONLY, headers=bearer(forged)).status_code == 401


def test_the_key_is_generated_not_built_in(settings):
    assert settings.secret != LEGACY_BUILTIN_KEY
    assert (settings.data_dir / "secret_key").read_text().strip() == settings.secret
