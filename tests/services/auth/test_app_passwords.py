"""App passwords: made, listed, revoked; every Subsonic way of sending one; refusals and throttle."""

from __future__ import annotations

import hashlib

import pytest

from spoticlone.models import AppPassword
from spoticlone.services.auth import app_passwords as ap
from spoticlone.services.core.clock import FakeClock
from spoticlone.services.core.errors import Invalid, NotFound, PermissionDenied, RateLimited
from tests.factories import make_account, make_user

PASSWORD = "correct horse battery"


def md5(text: str) -> str:
    return hashlib.md5(text.encode()).hexdigest()


@pytest.fixture
def clock():
    return FakeClock()


def test_a_key_is_shown_once_and_stored_encrypted(session):
    user = make_user(session)
    made = ap.create_app_password(session, actor=user, name="  My   phone ")
    assert made.name == "My phone" and len(made.key.replace("-", "")) == ap.KEY_LENGTH
    row = session.get(AppPassword, made.id)
    assert made.key.replace("-", "") not in row.key_encrypted
    assert made.key not in row.lookup_hash
    listed = ap.list_app_passwords(session, actor=user)
    assert [(k.id, k.name, k.last_used_at) for k in listed] == [(made.id, "My phone", None)]
    assert not hasattr(listed[0], "key")


def test_names_and_counts_are_checked(session):
    user = make_user(session)
    with pytest.raises(Invalid):
        ap.create_app_password(session, actor=user, name="   ")
    with pytest.raises(PermissionDenied):
        ap.create_app_password(session, actor=None, name="x")
    for i in range(ap.MAX_KEYS):
        ap.create_app_password(session, actor=user, name=f"k{i}")
    with pytest.raises(Invalid):
        ap.create_app_password(session, actor=user, name="one too many")


def test_only_the_owner_revokes(session):
    owner, other = make_user(session), make_user(session)
    made = ap.create_app_password(session, actor=owner, name="car")
    with pytest.raises(NotFound):
        ap.revoke_app_password(session, actor=other, app_password_id=made.id)
    with pytest.raises(NotFound):
        ap.revoke_app_password(session, actor=owner, app_password_id=10**9)
    ap.revoke_app_password(session, actor=owner, app_password_id=made.id)
    assert ap.list_app_passwords(session, actor=owner) == []
    with pytest.raises(PermissionDenied):
        ap.subsonic_sign_in(session, username=owner.username, password=made.key)


def test_every_subsonic_form_signs_in_and_marks_last_use(session, clock):
    user = make_account(session, password=PASSWORD)
    key = ap.create_app_password(session, actor=user, name="phone", ).key
    plain = key.replace("-", "")
    salt = "c19b2d"
    forms = [
        {"username": user.username, "password": key},
        {"username": user.username.upper(), "password": plain},
        {"username": user.username, "password": "enc:" + key.encode().hex()},
        {"username": user.username, "token": md5(key + salt), "salt": salt},
        {"username": user.username, "token": md5(plain + salt), "salt": salt},
        {"api_key": key},
    ]
    for form in forms:
        assert ap.subsonic_sign_in(session, clock=clock, **form).id == user.id
    assert ap.list_app_passwords(session, actor=user)[0].last_used_at is not None


def test_the_account_password_and_bad_forms_are_refused(session, clock):
    user = make_account(session, password=PASSWORD)
    key = ap.create_app_password(session, actor=user, name="phone").key
    other = make_user(session)
    refusals = [
        ({"username": user.username, "password": PASSWORD}, ap.WRONG),
        ({"username": user.username, "token": md5(PASSWORD + "s1"), "salt": "s1"}, ap.WRONG),
        ({"username": other.username, "password": key}, ap.WRONG),
        ({"username": "nobody-here", "password": key}, ap.WRONG),
        ({"username": user.username, "token": md5(key + "s1"), "salt": "s2"}, ap.WRONG),
        ({"api_key": "not-a-key"}, ap.BAD_KEY),
        ({"api_key": key, "username": user.username}, ap.CONFLICT),
        ({"username": user.username}, ap.MISSING),
        ({"username": user.username, "token": "abc"}, ap.MISSING),
        ({}, ap.MISSING),
    ]
    for form, code in refusals:
        with pytest.raises((PermissionDenied, Invalid)) as caught:
            ap.subsonic_sign_in(session, clock=clock, **form)
        assert caught.value.code == code, form


def test_suspended_accounts_cannot_use_their_keys(session, clock):
    user = make_user(session)
    key = ap.create_app_password(session, actor=user, name="phone").key
    user.suspended = True
    session.add(user)
    session.flush()
    with pytest.raises(PermissionDenied):
        ap.subsonic_sign_in(session, api_key=key, clock=clock)
    with pytest.raises(PermissionDenied):
        ap.subsonic_sign_in(session, username=user.username, password=key, clock=clock)


def test_two_step_accounts_can_use_keys(session, clock):
    user = make_user(session, totp_enabled=True, totp_secret="x")
    key = ap.create_app_password(session, actor=user, name="phone").key
    assert ap.subsonic_sign_in(session, username=user.username, password=key, clock=clock).id == user.id


def test_wrong_guesses_are_throttled_per_account(session, clock):
    user = make_user(session)
    key = ap.create_app_password(session, actor=user, name="phone").key
    limit = ap.ACCOUNT_LIMITS[0][0]
    for i in range(limit):
        with pytest.raises(PermissionDenied):
            ap.subsonic_sign_in(session, username=user.username, password=f"guess{i}",
                                client_ip=f"10.0.0.{i}", clock=clock)
    with pytest.raises(RateLimited):
        ap.subsonic_sign_in(session, username=user.username, password=key, client_ip="10.9.9.9", clock=clock)


def test_successes_are_not_counted(session, clock):
    user = make_user(session)
    key = ap.create_app_password(session, actor=user, name="phone").key
    for _ in range(ap.ACCOUNT_LIMITS[0][0] + 5):
        ap.subsonic_sign_in(session, username=user.username, password=key, clock=clock)


def test_odd_input_is_just_wrong(session, clock):
    user = make_user(session)
    ap.create_app_password(session, actor=user, name="phone")
    for form in ({"username": user.username, "token": "ünïcode", "salt": "s"},
                 {"username": user.username, "password": "enc:zz"},
                 {"username": user.username, "password": "enc:" + "ff" * 40},
                 {"username": "ü" * 500, "password": "x"}):
        with pytest.raises(PermissionDenied):
            ap.subsonic_sign_in(session, clock=clock, **form)
