"""Sign-up, email verification codes and sign-in throttling (accounts services).

Sessions, password change/reset and email change: ``test_accounts_sessions.py``.
"""

from __future__ import annotations

import threading
from datetime import date, timedelta

import pytest
from sqlmodel import Session, select

from spoticlone.models import CodePurpose, EmailCode, User
from spoticlone.services.accounts import signup
from spoticlone.services.auth import credentials, passwords
from spoticlone.services.auth.codes import CODE_LOCKED, DAILY_CODE_CAP
from spoticlone.services.core.clock import FakeClock
from spoticlone.services.core.errors import Conflict, Invalid, NotFound, PermissionDenied, RateLimited
from tests.factories import make_account, make_user

PASSWORD = "correct horse battery"
IP = "198.51.100.7"


@pytest.fixture
def clock():
    return FakeClock()


def _register(session, clock, **overrides):
    fields = dict(email="Ann@Example.com", username="Ann.Listens", password=PASSWORD,
                  date_of_birth=date(2000, 5, 17))
    fields.update(overrides)
    return signup.register(session, clock=clock, **fields)


def _login(session, clock, email, password=PASSWORD, ip=IP):
    return credentials.authenticate(session, email=email, password=password, client_ip=ip, clock=clock)


def _wrong(code: str) -> str:
    return f"{(int(code) + 1) % 10**6:06d}"


def test_register_creates_an_unverified_normalised_account(session, clock):
    user_id, request_id, code = _register(session, clock)
    user = session.get(User, user_id)
    assert (user.email, user.username, user.email_verified) == ("ann@example.com", "ann.listens", False)
    assert passwords.verify_password(user.password_hash, PASSWORD)
    assert len(code) == 6 and code.isdigit()
    row = session.exec(select(EmailCode).where(EmailCode.request_id == request_id)).one()
    assert row.purpose == CodePurpose.VERIFY_EMAIL and code not in row.code_hash


@pytest.mark.parametrize("overrides, message", [
    (dict(email="not-an-email"), "valid email"),
    (dict(username="ab"), "3 to 30"),
    (dict(username="has space"), "3 to 30"),
    (dict(username="x" * 31), "3 to 30"),
    (dict(username=".dotty"), "cannot start"),
    (dict(password="short"), "at least 8"),
    (dict(password="password123"), "commonly used"),
    (dict(date_of_birth=None), "date of birth"),
])
def test_register_validates_input(session, clock, overrides, message):
    with pytest.raises(Invalid, match=message):
        _register(session, clock, **overrides)
    assert session.exec(select(User)).all() == []


def test_register_requires_age_13(session, clock):
    today = clock.now().date()
    with pytest.raises(Invalid, match="at least 13"):
        _register(session, clock, date_of_birth=today.replace(year=today.year - 13) + timedelta(days=1))
    _register(session, clock, date_of_birth=today.replace(year=today.year - 13))


def test_register_refuses_a_taken_username_case_insensitively(session, clock):
    make_user(session, email="taken@example.com", username="Taken_Name")
    with pytest.raises(Conflict, match="username is taken"):
        _register(session, clock, username="taken_name")
    # Usernames are public; the address is not: a taken username is refused whatever the email.
    with pytest.raises(Conflict, match="username is taken"):
        _register(session, clock, email="TAKEN@example.com", username="taken_name")


def test_register_with_a_taken_email_answers_like_a_new_one_and_creates_nothing(session, clock):
    owner = make_user(session, email="taken@example.com", username="owner")
    fresh = _register(session, clock, email="fresh@example.com", username="fresh")
    taken = _register(session, clock, email="TAKEN@example.com", username="someone_else")
    # Same shape of answer: an id of the same form, no error. No code: the owner gets a notice.
    assert len(taken.request_id) == len(fresh.request_id) and taken.request_id != fresh.request_id
    assert (taken.user_id, taken.code) == (owner.id, None)
    assert session.exec(select(User).where(User.username == "someone_else")).first() is None
    owner_codes = session.exec(select(EmailCode).where(EmailCode.user_id == owner.id)).all()
    assert [c.purpose for c in owner_codes] == [CodePurpose.SIGN_UP_TAKEN]  # a stand-in, never mailed


def test_the_flow_after_a_sign_up_with_a_taken_email_looks_like_a_real_one(session, clock):
    make_user(session, email="taken@example.com", username="owner")
    flows = {"fresh": _register(session, clock, email="fresh@example.com", username="fresh"),
             "taken": _register(session, clock, email="taken@example.com", username="someone_else")}
    answers = {}
    for name, flow in flows.items():
        with pytest.raises(Invalid) as wrong:
            signup.verify_email(session, request_id=flow.request_id, code=_wrong(flows["fresh"].code), clock=clock)
        with pytest.raises(RateLimited) as early:
            signup.resend_verification_code(session, request_id=flow.request_id, clock=clock)
        answers[name] = (wrong.value.message, early.value.message)
    assert answers["fresh"] == answers["taken"] == ("That code is not right. 4 tries left.", answers["fresh"][1])
    clock.advance(minutes=2)
    again = signup.resend_verification_code(session, request_id=flows["taken"].request_id, clock=clock)
    assert again.request_id != flows["taken"].request_id and again.code == ""  # nothing to mail
    for _ in range(5):
        with pytest.raises(Invalid):
            signup.verify_email(session, request_id=again.request_id, code="123456", clock=clock)
    with pytest.raises(Invalid, match="Too many wrong tries"):
        signup.verify_email(session, request_id=again.request_id, code="123456", clock=clock)


def test_register_is_throttled_per_address(session, clock):
    for n in range(20):
        _register(session, clock, email=f"a{n}@example.com", username=f"user_{n}", client_ip=IP)
    with pytest.raises(RateLimited, match="Try again in"):
        _register(session, clock, email="late@example.com", username="late", client_ip=IP)


def test_verify_email_with_the_right_code(session, clock):
    user_id, request_id, code = _register(session, clock)
    clock.advance(minutes=9, seconds=59)
    assert signup.verify_email(session, request_id=request_id, code=code, clock=clock) == user_id
    assert session.get(User, user_id).email_verified


def test_code_expires_after_ten_minutes(session, clock):
    _, request_id, code = _register(session, clock)
    clock.advance(minutes=10)
    with pytest.raises(Invalid, match="expired"):
        signup.verify_email(session, request_id=request_id, code=code, clock=clock)


def test_code_is_single_use(session, clock):
    _, request_id, code = _register(session, clock)
    signup.verify_email(session, request_id=request_id, code=code, clock=clock)
    with pytest.raises(Invalid, match="already been used"):
        signup.verify_email(session, request_id=request_id, code=code, clock=clock)


def test_code_is_bound_to_its_request(session, clock):
    _, request_id, code = _register(session, clock)
    _, other_request, _ = _register(session, clock, email="bob@example.com", username="bob")
    with pytest.raises(Invalid, match="not right"):
        signup.verify_email(session, request_id=other_request, code=code, clock=clock)
    with pytest.raises(Invalid, match="not valid"):
        signup.verify_email(session, request_id="made-up", code=code, clock=clock)
    signup.verify_email(session, request_id=request_id, code=code, clock=clock)


def test_five_wrong_codes_lock_the_code_even_for_the_right_one(session, clock):
    _, request_id, code = _register(session, clock)
    for left in (4, 3, 2, 1):
        with pytest.raises(Invalid, match=f"{left} tr"):
            signup.verify_email(session, request_id=request_id, code=_wrong(code), clock=clock)
    with pytest.raises(Invalid, match="Too many wrong tries"):
        signup.verify_email(session, request_id=request_id, code=_wrong(code), clock=clock)
    with pytest.raises(Invalid) as excinfo:
        signup.verify_email(session, request_id=request_id, code=code, clock=clock)
    assert excinfo.value.message == CODE_LOCKED


def test_malformed_codes_do_not_use_up_tries(session, clock):
    _, request_id, code = _register(session, clock)
    for bad in ("12345", "abcdef", "١٢٣٤٥٦", ""):
        with pytest.raises(Invalid, match="6-digit"):
            signup.verify_email(session, request_id=request_id, code=bad, clock=clock)
    signup.verify_email(session, request_id=request_id, code=f" {code[:3]} {code[3:]} ", clock=clock)


def test_concurrent_wrong_guesses_are_all_counted(engine, session, clock):
    _, request_id, code = _register(session, clock)
    outcomes, barrier = [], threading.Barrier(10)

    def guess(n):
        with Session(engine) as s:
            barrier.wait()
            try:
                signup.verify_email(s, request_id=request_id, code=f"{(int(code) + n) % 10**6:06d}", clock=clock)
                outcomes.append("ok")
            except Invalid as exc:
                outcomes.append("locked" if exc.message == CODE_LOCKED else "wrong")

    threads = [threading.Thread(target=guess, args=(n,)) for n in range(1, 11)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    # Exactly five guesses were compared; the other five were refused as locked (the
    # message of a counted guess may already say "locked" if it was the fifth).
    assert outcomes.count("ok") == 0 and len(outcomes) == 10
    assert outcomes.count("locked") >= 5
    with Session(engine) as s:
        assert s.exec(select(EmailCode.attempts).where(EmailCode.request_id == request_id)).one() == 5
    with pytest.raises(Invalid, match="Too many wrong tries"):
        signup.verify_email(session, request_id=request_id, code=code, clock=clock)


def test_resend_has_a_cooldown_and_replaces_the_old_code(session, clock):
    _, request_id, code = _register(session, clock)
    clock.advance(seconds=30)
    with pytest.raises(RateLimited, match="30 seconds") as excinfo:
        signup.resend_verification_code(session, request_id=request_id, clock=clock)
    assert excinfo.value.retry_after == 30
    clock.advance(seconds=30)
    issued = signup.resend_verification_code(session, request_id=request_id, clock=clock)
    assert issued.request_id != request_id and issued.email == "ann@example.com"
    with pytest.raises(Invalid, match="replaced"):
        signup.verify_email(session, request_id=request_id, code=code, clock=clock)
    signup.verify_email(session, request_id=issued.request_id, code=issued.code, clock=clock)
    with pytest.raises(Conflict, match="already verified"):
        signup.resend_verification_code(session, request_id=issued.request_id, clock=clock)


def test_resend_has_a_daily_cap(session, clock):
    _, request_id, _ = _register(session, clock)
    for _ in range(DAILY_CODE_CAP - 1):
        clock.advance(minutes=2)
        request_id = signup.resend_verification_code(session, request_id=request_id, clock=clock).request_id
    clock.advance(minutes=2)
    with pytest.raises(RateLimited, match="Too many codes were sent today"):
        signup.resend_verification_code(session, request_id=request_id, clock=clock)
    clock.advance(hours=24)
    signup.resend_verification_code(session, request_id=request_id, clock=clock)


def test_resend_for_an_unknown_request(session, clock):
    with pytest.raises(NotFound):
        signup.resend_verification_code(session, request_id="nope", clock=clock)


def test_authenticate_with_email_in_any_case(session, clock):
    user = make_account(session, email="carol@example.com", password=PASSWORD)
    assert _login(session, clock, " Carol@Example.COM ") == user.id


def test_unknown_email_and_wrong_password_get_the_same_error(session, clock):
    make_account(session, email="dave@example.com", password=PASSWORD)
    messages = set()
    for email, password in [("nobody@example.com", PASSWORD), ("dave@example.com", "wrong password!"),
                            ("not an email", PASSWORD)]:
        with pytest.raises(Invalid) as excinfo:
            _login(session, clock, email, password)
        messages.add(excinfo.value.message)
    assert messages == {"Email or password is incorrect."}


def test_suspended_and_unverified_accounts_are_refused_after_the_right_password(session, clock):
    make_account(session, email="sus@example.com", suspended=True)
    make_account(session, email="new@example.com", email_verified=False)
    with pytest.raises(PermissionDenied, match="suspended"):
        _login(session, clock, "sus@example.com")
    with pytest.raises(PermissionDenied, match="Verify your email"):
        _login(session, clock, "new@example.com")
    with pytest.raises(Invalid, match="incorrect"):  # wrong password: no hint about the state
        _login(session, clock, "sus@example.com", "nope nope")


def _fail(session, clock, email, ip):
    with pytest.raises(Invalid):
        _login(session, clock, email, "wrong password", ip)


def test_sign_in_is_throttled_per_account_and_address_pair(session, clock):
    user = make_account(session, email="erin@example.com")
    for _ in range(10):
        _fail(session, clock, "erin@example.com", IP)
    with pytest.raises(RateLimited) as excinfo:  # even with the right password, from that address
        _login(session, clock, "erin@example.com", ip=IP)
    assert 0 < excinfo.value.retry_after <= 30 * 60
    assert "Try again in" in excinfo.value.message
    # The owner elsewhere is not held back by what a guesser did (NIST SP 800-63B 5.2.2).
    assert _login(session, clock, "erin@example.com", ip="192.0.2.1") == user.id
    clock.advance(seconds=excinfo.value.retry_after)
    assert _login(session, clock, "erin@example.com", ip=IP) == user.id


def test_failures_from_many_addresses_do_not_lock_the_owner_out(session, clock):
    user = make_account(session, email="erin@example.com")
    for n in range(60):
        _fail(session, clock, "erin@example.com", f"203.0.113.{n}")
    assert _login(session, clock, "erin@example.com", ip="192.0.2.1") == user.id


def test_unknown_emails_are_throttled_like_real_ones(session, clock):
    for _ in range(10):
        _fail(session, clock, "ghost@example.com", None)
    with pytest.raises(RateLimited):
        _fail(session, clock, "ghost@example.com", None)


def test_no_more_than_100_failures_in_any_hour_per_account(session, clock):
    make_account(session, email="fay@example.com")
    failed_at = []
    for n in range(240):  # an attempt every 30 seconds for two hours, each from a new address
        try:
            _fail(session, clock, "fay@example.com", f"10.0.{n}.1")
            failed_at.append(clock.now())
        except RateLimited:
            pass
        clock.advance(seconds=30)
    busiest = max(sum(1 for t in failed_at if start <= t < start + timedelta(hours=1)) for start in failed_at)
    assert 0 < busiest <= 100


def test_sign_in_is_throttled_per_address(session, clock):
    make_account(session, email="gus@example.com")
    for n in range(50):
        _fail(session, clock, f"victim{n}@example.com", IP)
    with pytest.raises(RateLimited):
        _login(session, clock, "gus@example.com")
    _login(session, clock, "gus@example.com", ip="192.0.2.50")


def test_successful_sign_ins_do_not_use_up_the_limit(session, clock):
    user = make_account(session, email="hal@example.com")
    for _ in range(30):
        assert _login(session, clock, "hal@example.com") == user.id


def test_old_hashes_are_upgraded_at_sign_in(session, clock):
    from argon2 import PasswordHasher

    weak = PasswordHasher(time_cost=1, memory_cost=8 * 1024, parallelism=1).hash(PASSWORD)
    user = make_user(session, email="ivy@example.com", password_hash=weak, email_verified=True)
    _login(session, clock, "ivy@example.com")
    session.refresh(user)
    assert user.password_hash != weak and not passwords.needs_rehash(user.password_hash)
