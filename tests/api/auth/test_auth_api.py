"""The REST auth API end to end over TestClient: sign-up, codes, sign-in, sessions, resets."""

from __future__ import annotations

import pyotp
from sqlmodel import select

from spoticlone.models import AuthSession, User
from spoticlone.services.auth import totp
from spoticlone.services.auth.sessions import create_session
from tests import factories
from tests.api.auth_helpers import (
    PASSWORD,
    bearer,
    code_from_outbox,
    login,
    outbox_messages,
    register,
    signed_up,
)


def test_sign_up_verify_sign_in_and_call_a_protected_route(api, settings):
    response = register(api, "Ann@Example.com", "ann")
    assert response.status_code == 201
    assert response.json()["message"].startswith("We emailed a code to ann@example.com")
    code = code_from_outbox(settings.outbox_dir, to="ann@example.com")

    assert api.post("/api/v1/auth/login", json={"email": "ann@example.com", "password": PASSWORD}).status_code == 403
    verified = api.post("/api/v1/auth/verify", json={"request_id": response.json()["request_id"], "code": code})
    assert verified.status_code == 200

    tokens = login(api, "ann@example.com")
    assert tokens["token_type"] == "bearer"
    assert tokens["expires_in"] == settings.access_token_minutes * 60
    assert tokens["refresh_token"] and tokens["access_token"].count(".") == 2

    assert api.get("/api/v1/auth/sessions").status_code == 401
    sessions = api.get("/api/v1/auth/sessions", headers=bearer(tokens["access_token"]))
    assert sessions.status_code == 200
    [only] = sessions.json()
    assert only["kind"] == "api" and only["current"] is True


def test_register_refuses_bad_input_and_changes_nothing(api, session):
    too_young = api.post("/api/v1/auth/register", json={
        "email": "kid@example.com", "username": "kiddo", "password": PASSWORD, "date_of_birth": "2024-01-01"})
    assert too_young.status_code == 422
    assert "at least 13" in too_young.json()["detail"]
    assert register(api, "not-an-email", "someone").status_code == 422
    assert session.exec(select(User)).all() == []


def test_resend_is_refused_inside_the_cooldown(api, settings):
    first = register(api, "bo@example.com", "bobby").json()
    old_code = code_from_outbox(settings.outbox_dir)
    # The resend cooldown is a minute; a fresh sign-up flow is inside it.
    early = api.post("/api/v1/auth/verify/resend", json={"request_id": first["request_id"]})
    assert early.status_code == 429 and "seconds" in early.json()["detail"]
    assert early.headers["Retry-After"]
    verify = api.post("/api/v1/auth/verify", json={"request_id": first["request_id"], "code": old_code})
    assert verify.status_code == 200


def test_login_with_authenticator_needs_the_second_step(api, settings, session):
    email = signed_up(api, settings)
    secret = pyotp.random_base32()
    user = session.exec(select(User).where(User.email == email)).one()
    user.totp_secret, user.totp_enabled = totp.encrypt_secret(secret), True
    session.add(user)
    session.commit()

    first = login(api, email)
    assert first == {"mfa_required": True, "mfa_ticket": first["mfa_ticket"]}
    wrong = api.post("/api/v1/auth/login/mfa", json={"mfa_ticket": first["mfa_ticket"], "code": "000000"})
    assert wrong.status_code == 422
    done = api.post(
        "/api/v1/auth/login/mfa", json={"mfa_ticket": first["mfa_ticket"], "code": pyotp.TOTP(secret).now()}
    )
    assert done.status_code == 200, done.text
    assert api.get("/api/v1/auth/sessions", headers=bearer(done.json()["access_token"])).status_code == 200
    again = api.post(
        "/api/v1/auth/login/mfa", json={"mfa_ticket": first["mfa_ticket"], "code": pyotp.TOTP(secret).now()}
    )
    assert again.status_code == 422  # the ticket is used up


def test_login_brute_force_is_stopped_with_429(api, settings):
    email = signed_up(api, settings)
    statuses = [
        api.post("/api/v1/auth/login", json={"email": email, "password": f"wrong-guess-{n}"}).status_code
        for n in range(11)
    ]
    assert statuses[:10] == [422] * 10
    assert statuses[10] == 429
    blocked = api.post("/api/v1/auth/login", json={"email": email, "password": PASSWORD})
    assert blocked.status_code == 429  # even the right password waits: no oracle for the guesser
    assert int(blocked.headers["Retry-After"]) > 0
    assert "Try again in" in blocked.json()["detail"] and "minute" in blocked.json()["detail"]


def test_wrong_and_unknown_logins_get_the_same_answer(api, settings):
    email = signed_up(api, settings)
    wrong = api.post("/api/v1/auth/login", json={"email": email, "password": "not-the-password"})
    unknown = api.post("/api/v1/auth/login", json={"email": "nobody@example.com", "password": "not-the-password"})
    assert wrong.status_code == unknown.status_code == 422
    assert wrong.json() == unknown.json()


def test_verification_code_guessing_locks_the_code(api, settings):
    response = register(api, "cy@example.com", "cyril").json()
    right = code_from_outbox(settings.outbox_dir)
    wrong = f"{(int(right) + 1) % 10**6:06d}"
    answers = [
        api.post("/api/v1/auth/verify", json={"request_id": response["request_id"], "code": wrong})
        for _ in range(6)
    ]
    assert [a.status_code for a in answers] == [422] * 6
    assert "4 tries left" in answers[0].json()["detail"]
    assert "Too many wrong tries" in answers[-1].json()["detail"]
    late = api.post("/api/v1/auth/verify", json={"request_id": response["request_id"], "code": right})
    assert late.status_code == 422  # the right code no longer works once locked


def test_password_reset_answers_the_same_for_known_and_unknown_emails(api, settings):
    email = signed_up(api, settings)
    before = len(outbox_messages(settings.outbox_dir))
    known = api.post("/api/v1/auth/password/reset", json={"email": email})
    after_known = len(outbox_messages(settings.outbox_dir))
    unknown = api.post("/api/v1/auth/password/reset", json={"email": "nobody@example.com"})
    assert known.status_code == unknown.status_code == 200
    assert known.json()["message"] == unknown.json()["message"]
    assert set(known.json()) == set(unknown.json()) == {"request_id", "message"}
    assert len(known.json()["request_id"]) == len(unknown.json()["request_id"])
    assert after_known == before + 1
    assert len(outbox_messages(settings.outbox_dir)) == after_known  # nothing mailed for a stranger


def test_password_reset_sets_the_password_and_ends_every_session(api, settings):
    email = signed_up(api, settings)
    old = login(api, email)
    request_id = api.post("/api/v1/auth/password/reset", json={"email": email}).json()["request_id"]
    code = code_from_outbox(settings.outbox_dir, to=email)
    weak = api.post("/api/v1/auth/password/reset/confirm",
                    json={"request_id": request_id, "code": code, "new_password": "short"})
    assert weak.status_code == 422  # refused before the code is used up
    done = api.post("/api/v1/auth/password/reset/confirm",
                    json={"request_id": request_id, "code": code, "new_password": "a-brand-new-passphrase"})
    assert done.status_code == 200
    assert api.get("/api/v1/auth/sessions", headers=bearer(old["access_token"])).status_code == 401
    assert api.post("/api/v1/auth/token/refresh", json={"refresh_token": old["refresh_token"]}).status_code == 422
    login(api, email, "a-brand-new-passphrase")


def test_password_change_keeps_this_session_and_ends_the_others(api, settings):
    email = signed_up(api, settings)
    here, elsewhere = login(api, email), login(api, email)
    wrong = api.post("/api/v1/auth/password/change", headers=bearer(here["access_token"]),
                     json={"current_password": "nope-nope-nope", "new_password": "another-long-passphrase"})
    assert wrong.status_code == 422
    changed = api.post("/api/v1/auth/password/change", headers=bearer(here["access_token"]),
                       json={"current_password": PASSWORD, "new_password": "another-long-passphrase"})
    assert changed.status_code == 200, changed.text
    assert api.get("/api/v1/auth/sessions", headers=bearer(here["access_token"])).status_code == 200
    assert api.get("/api/v1/auth/sessions", headers=bearer(elsewhere["access_token"])).status_code == 401


def test_email_change_needs_the_code_sent_to_the_new_address(api, settings):
    email = signed_up(api, settings)
    tokens = login(api, email)
    started = api.post("/api/v1/auth/email/change", headers=bearer(tokens["access_token"]),
                       json={"new_email": "ann.new@example.com", "current_password": PASSWORD})
    assert started.status_code == 200, started.text
    code = code_from_outbox(settings.outbox_dir, to="ann.new@example.com")
    confirmed = api.post("/api/v1/auth/email/confirm", headers=bearer(tokens["access_token"]),
                         json={"request_id": started.json()["request_id"], "code": code})
    assert confirmed.status_code == 200
    assert confirmed.json()["message"] == "Your email address is now ann.new@example.com."
    login(api, "ann.new@example.com")


def test_sessions_list_revoke_one_and_revoke_all(api, settings, session):
    email = signed_up(api, settings)
    mine, second, third = login(api, email), login(api, email), login(api, email)
    other = factories.make_user(session, email_verified=True)
    create_session(session, user_id=other.id)
    other_id = session.exec(select(AuthSession.id).where(AuthSession.user_id == other.id)).one()

    listed = api.get("/api/v1/auth/sessions", headers=bearer(mine["access_token"])).json()
    assert len(listed) == 3 and sum(s["current"] for s in listed) == 1
    assert api.delete(f"/api/v1/auth/sessions/{other_id}", headers=bearer(mine["access_token"])).status_code == 404
    second_id = next(s["id"] for s in listed if not s["current"])
    assert api.delete(f"/api/v1/auth/sessions/{second_id}", headers=bearer(mine["access_token"])).status_code == 204
    assert api.delete(f"/api/v1/auth/sessions/{second_id}", headers=bearer(mine["access_token"])).status_code == 404

    ended = api.post("/api/v1/auth/sessions/revoke-all", headers=bearer(mine["access_token"]))
    assert ended.json() == {"ended": 2}  # "everywhere" includes the caller, as on the settings page
    for pair in (mine, second, third):
        assert api.get("/api/v1/auth/sessions", headers=bearer(pair["access_token"])).status_code == 401
        assert api.post("/api/v1/auth/token/refresh", json={"refresh_token": pair["refresh_token"]}).status_code == 422
    # The other user's session was never touched.
    assert session.exec(select(AuthSession.revoked_at).where(AuthSession.id == other_id)).one() is None


def test_openapi_declares_the_security_schemes(api):
    spec = api.get("/api/openapi.json").json()
    schemes = spec["components"]["securitySchemes"]
    assert schemes["bearer"]["scheme"] == "bearer" and schemes["bearer"]["bearerFormat"] == "JWT"
    assert schemes["session_cookie"]["in"] == "cookie"
    sessions = spec["paths"]["/api/v1/auth/sessions"]["get"]
    assert {"bearer": []} in sessions["security"]
    assert "security" not in spec["paths"]["/api/v1/auth/login"]["post"]
