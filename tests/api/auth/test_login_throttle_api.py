"""REST sign-in throttling without lockouts, client addresses behind proxies, and
sign-up / email change answers that do not tell who has an account."""

from __future__ import annotations

import re

import pytest
from fastapi.testclient import TestClient
from sqlmodel import select

from spoticlone.config import get_settings
from spoticlone.models import User
from spoticlone.services.auth.credentials import LOGIN_ACCOUNT_LIMITS
from spoticlone.services.core import ratelimit
from tests import factories
from tests.api.auth_helpers import (
    PASSWORD,
    bearer,
    code_from_outbox,
    latest_mail,
    login,
    outbox_messages,
    register,
    signed_up,
)

LOGIN = "/api/v1/auth/login"


def _body(message) -> str:
    return message.get_body(preferencelist=("plain",)).get_content()


def _reach_the_ceiling(session, email):
    limit, window = LOGIN_ACCOUNT_LIMITS[0]
    for _ in range(limit):
        ratelimit.check_and_count(session, key=ratelimit.account_key("login", email), limit=limit, window=window)


@pytest.fixture
def behind_proxy(engine, monkeypatch):
    """A client whose every request reaches the app through a reverse proxy at 127.0.0.1."""
    from spoticlone.api.app import create_api
    from spoticlone.api.deps import get_session
    from spoticlone.db import session_scope

    def make(trusted: str):
        monkeypatch.setenv("SPOTICLONE_TRUSTED_PROXIES", trusted)
        get_settings.cache_clear()
        app = create_api()

        def session_override():
            with session_scope(engine) as session:
                yield session

        app.dependency_overrides[get_session] = session_override
        return TestClient(app, client=("127.0.0.1", 40000))

    return make


def _guess(client, email, password, forwarded_for):
    return client.post(LOGIN, json={"email": email, "password": password},
                       headers={"X-Forwarded-For": forwarded_for}).status_code


def test_behind_a_trusted_proxy_one_clients_failures_do_not_lock_out_the_others(behind_proxy, session):
    factories.make_account(session, email="ann@example.com", password=PASSWORD)
    with behind_proxy("127.0.0.1") as client:
        statuses = {_guess(client, f"victim{n}@example.com", "wrong guess", "203.0.113.66") for n in range(50)}
        assert statuses == {422}
        assert _guess(client, "ann@example.com", PASSWORD, "203.0.113.66") == 429  # the guesser waits
        assert _guess(client, "ann@example.com", PASSWORD, "198.51.100.7") == 200  # everyone else does not


def test_an_untrusted_forwarded_for_cannot_dodge_the_address_limit(behind_proxy, session):
    with behind_proxy("") as client:
        statuses = [_guess(client, f"victim{n}@example.com", "wrong guess", f"203.0.113.{n}") for n in range(51)]
    assert statuses[:50] == [422] * 50 and statuses[50] == 429


def test_failures_from_many_clients_do_not_refuse_the_owner(behind_proxy, session):
    factories.make_account(session, email="ann@example.com", password=PASSWORD)
    with behind_proxy("127.0.0.1") as client:
        assert {_guess(client, "ann@example.com", "wrong guess", f"203.0.113.{n}") for n in range(15)} == {422}
        assert _guess(client, "ann@example.com", PASSWORD, "198.51.100.7") == 200


def test_over_the_ceiling_login_continues_with_an_emailed_code(api, settings, session):
    email = signed_up(api, settings)
    _reach_the_ceiling(session, email)
    mails_before = len(outbox_messages(settings.outbox_dir))

    wrong = api.post(LOGIN, json={"email": email, "password": "a wrong guess"})
    assert len(outbox_messages(settings.outbox_dir)) == mails_before  # nothing mailed for a wrong password
    right = api.post(LOGIN, json={"email": email, "password": PASSWORD})
    assert wrong.status_code == right.status_code == 200
    assert wrong.json().keys() == right.json().keys() == {"email_code_required", "request_id", "message"}
    assert wrong.json()["message"] == right.json()["message"]
    code = code_from_outbox(settings.outbox_dir, to=email)

    finish = "/api/v1/auth/login/email-code"
    assert api.post(finish, json={"request_id": wrong.json()["request_id"], "code": code}).status_code == 422
    done = api.post(finish, json={"request_id": right.json()["request_id"], "code": code})
    assert done.status_code == 200, done.text
    assert api.get("/api/v1/auth/sessions", headers=bearer(done.json()["access_token"])).status_code == 200


def test_register_answers_the_same_for_a_taken_email_and_tells_its_owner(api, settings, session):
    factories.make_account(session, email="ann@example.com", username="ann_first")
    new = register(api, "bo@example.com", "bobby")
    taken = register(api, "Ann@Example.com", "ann_again")
    assert new.status_code == taken.status_code == 201
    assert taken.json()["message"] == "We emailed a code to ann@example.com. Enter it to finish signing up."
    assert len(taken.json()["request_id"]) == len(new.json()["request_id"])
    notice = latest_mail(settings.outbox_dir)
    assert notice["To"] == "ann@example.com" and "Hi ann_first," in _body(notice)
    assert "already belongs to your account" in _body(notice) and not re.search(r"\b\d{6}\b", _body(notice))
    assert session.exec(select(User).where(User.username == "ann_again")).first() is None
    # What follows looks the same too: a resend inside the cooldown, a wrong code.
    for flow in (new, taken):
        early = api.post("/api/v1/auth/verify/resend", json={"request_id": flow.json()["request_id"]})
        wrong = api.post("/api/v1/auth/verify", json={"request_id": flow.json()["request_id"], "code": "000001"})
        assert (early.status_code, wrong.status_code, wrong.json()) == (429, 422, {
            "detail": "That code is not right. 4 tries left.", "code": "invalid"})
    # A taken username is still refused: usernames are public.
    assert register(api, "carl@example.com", "ann_first").status_code == 409


def test_email_change_to_a_taken_address_answers_the_same_and_tells_its_owner(api, settings, session):
    email = signed_up(api, settings)
    factories.make_account(session, email="taken@example.com", username="taker")
    tokens = login(api, email)
    started = api.post("/api/v1/auth/email/change", headers=bearer(tokens["access_token"]),
                       json={"new_email": "taken@example.com", "current_password": PASSWORD})
    assert started.status_code == 200, started.text
    assert started.json()["message"] == "We emailed a code to taken@example.com."
    notice = latest_mail(settings.outbox_dir)
    assert notice["To"] == "taken@example.com" and "Hi taker," in _body(notice)
    assert "the change was not made" in _body(notice)
