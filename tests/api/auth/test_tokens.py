"""Bearer tokens: every way a forged, stale or revoked JWT can arrive is refused with 401.

Each forged token is built from a genuine one (same claims, a live session) so the
only thing wrong with it is the one property under test.
"""

from __future__ import annotations

import base64
import json
import threading
import time

import jwt
import pytest
from sqlmodel import Session, select

from spoticlone.models import AuthSession
from spoticlone.services.auth import api_sessions, tokens
from spoticlone.services.auth.sessions import TOKEN_BYTES
from spoticlone.services.core.errors import Invalid
from tests.api.auth_helpers import bearer, login, signed_up

PROTECTED = "/api/v1/auth/sessions"


@pytest.fixture
def pair(api, settings) -> dict:
    return login(api, signed_up(api, settings))


def _claims(token: str) -> dict:
    return jwt.decode(token, options={"verify_signature": False})


def _b64(data: dict) -> str:
    return base64.urlsafe_b64encode(json.dumps(data).encode()).rstrip(b"=").decode()


def _refused(api, token: str) -> None:
    response = api.get(PROTECTED, headers=bearer(token))
    assert response.status_code == 401, response.text
    assert response.headers["WWW-Authenticate"].startswith("Bearer")


def test_the_genuine_token_works(api, pair):
    assert api.get(PROTECTED, headers=bearer(pair["access_token"])).status_code == 200


def test_expired_token_is_refused(api, pair):
    claims = _claims(pair["access_token"]) | {"exp": int(time.time()) - 5}
    _refused(api, jwt.encode(claims, tokens._signing_key(), algorithm="HS256"))


def test_tampered_signature_is_refused(api, pair):
    head, body, signature = pair["access_token"].split(".")
    flipped = ("A" if signature[0] != "A" else "B") + signature[1:]
    _refused(api, f"{head}.{body}.{flipped}")


def test_tampered_claims_are_refused(api, pair):
    head, _, signature = pair["access_token"].split(".")
    claims = _claims(pair["access_token"]) | {"sub": "999"}
    _refused(api, f"{head}.{_b64(claims)}.{signature}")


def test_alg_none_is_refused(api, pair):
    claims = _claims(pair["access_token"])
    _refused(api, f"{_b64({'alg': 'none', 'typ': 'JWT'})}.{_b64(claims)}.")


def test_other_algorithm_with_the_same_key_is_refused(api, pair):
    claims = _claims(pair["access_token"])
    _refused(api, jwt.encode(claims, tokens._signing_key(), algorithm="HS512"))


@pytest.mark.parametrize("claim, value", [("aud", "someone-else"), ("iss", "https://evil.example")])
def test_wrong_audience_or_issuer_is_refused(api, pair, claim, value):
    claims = _claims(pair["access_token"]) | {claim: value}
    _refused(api, jwt.encode(claims, tokens._signing_key(), algorithm="HS256"))


def test_token_signed_with_another_key_is_refused(api, pair):
    claims = _claims(pair["access_token"])
    _refused(api, jwt.encode(claims, b"x" * 32, algorithm="HS256"))


def test_token_of_a_logged_out_session_is_refused(api, pair):
    assert api.post("/api/v1/auth/logout", headers=bearer(pair["access_token"])).status_code == 204
    _refused(api, pair["access_token"])
    refreshed = api.post("/api/v1/auth/token/refresh", json={"refresh_token": pair["refresh_token"]})
    assert refreshed.status_code == 422


def test_logout_with_the_refresh_token_ends_the_session(api, pair):
    response = api.post("/api/v1/auth/logout", json={"refresh_token": pair["refresh_token"]})
    assert response.status_code == 204
    _refused(api, pair["access_token"])
    # Logging out again (or with a token that never existed) is harmless.
    assert api.post("/api/v1/auth/logout", json={"refresh_token": pair["refresh_token"]}).status_code == 204
    assert api.post("/api/v1/auth/logout", json={}).status_code == 401


def test_refresh_rotates_the_refresh_token(api, pair):
    response = api.post("/api/v1/auth/token/refresh", json={"refresh_token": pair["refresh_token"]})
    assert response.status_code == 200, response.text
    new = response.json()
    assert new["refresh_token"] != pair["refresh_token"]
    assert api.get(PROTECTED, headers=bearer(new["access_token"])).status_code == 200
    again = api.post("/api/v1/auth/token/refresh", json={"refresh_token": new["refresh_token"]})
    assert again.status_code == 200
    assert api.get(PROTECTED, headers=bearer(again.json()["access_token"])).status_code == 200


def test_a_reused_refresh_token_ends_the_whole_session(api, pair):
    """RFC 9700 4.14.2: a thief who refreshed first must not keep the session.

    The thief copied the refresh token and used it before the owner did; when the
    owner's app presents the same (now rotated) token, both lose the session.
    """
    thief = api.post("/api/v1/auth/token/refresh", json={"refresh_token": pair["refresh_token"]}).json()
    assert api.get(PROTECTED, headers=bearer(thief["access_token"])).status_code == 200

    reused = api.post("/api/v1/auth/token/refresh", json={"refresh_token": pair["refresh_token"]})
    assert reused.status_code == 422
    assert "Sign in again" in reused.json()["detail"]

    _refused(api, thief["access_token"])
    _refused(api, pair["access_token"])
    stolen_on = api.post("/api/v1/auth/token/refresh", json={"refresh_token": thief["refresh_token"]})
    assert stolen_on.status_code == 422


def test_reuse_of_an_older_generation_is_caught_too(api, pair):
    second = api.post("/api/v1/auth/token/refresh", json={"refresh_token": pair["refresh_token"]}).json()
    third = api.post("/api/v1/auth/token/refresh", json={"refresh_token": second["refresh_token"]}).json()
    assert api.post("/api/v1/auth/token/refresh", json={"refresh_token": pair["refresh_token"]}).status_code == 422
    _refused(api, third["access_token"])


def test_reuse_ends_only_that_session(api, settings, pair):
    other = login(api, "ann@example.com")
    api.post("/api/v1/auth/token/refresh", json={"refresh_token": pair["refresh_token"]})
    api.post("/api/v1/auth/token/refresh", json={"refresh_token": pair["refresh_token"]})
    assert api.get(PROTECTED, headers=bearer(other["access_token"])).status_code == 200


def test_a_browser_session_token_is_not_a_refresh_token(api, settings, session, pair):
    from spoticlone.services.auth.sessions import create_session

    user_id = session.exec(select(AuthSession.user_id)).first()
    cookie_token = create_session(session, user_id=user_id)
    response = api.post("/api/v1/auth/token/refresh", json={"refresh_token": cookie_token})
    assert response.status_code == 422


def test_parallel_refreshes_with_one_token_succeed_once(engine, api, pair, monkeypatch):
    """The rotation is a conditional UPDATE: a race has exactly one winner.

    Every thread is held after it has read (and accepted) the old token and before
    it writes, so all of them race for the same row.
    """
    results: list[str] = []
    racers = 4
    all_read = threading.Barrier(racers)
    real_token = api_sessions.secrets.token_urlsafe

    def token_after_everyone_read(nbytes=None):
        if nbytes == TOKEN_BYTES:  # the new refresh token, drawn between read and write
            all_read.wait(timeout=10)
        return real_token(nbytes)

    monkeypatch.setattr(api_sessions.secrets, "token_urlsafe", token_after_everyone_read)

    def attempt():
        with Session(engine) as session:
            try:
                api_sessions.refresh_tokens(session, refresh_token=pair["refresh_token"])
                results.append("ok")
            except Invalid:
                results.append("refused")

    threads = [threading.Thread(target=attempt) for _ in range(racers)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(results) == ["ok"] + ["refused"] * (racers - 1)
    # The losers presented a token that had just been rotated: to the server that is a
    # reuse like any other, so the session ends (a client must not refresh in parallel).
    with Session(engine) as session:
        row = session.exec(select(AuthSession).where(AuthSession.kind == "api")).one()
        assert row.revoked_at is not None
