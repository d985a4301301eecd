"""Sign-in throttling that nobody can turn into a lockout (NIST SP 800-63B 5.2.2).

A guesser is held back per (account, address) and per address; the per-account
ceiling counts failures from everywhere, so reaching it must not refuse the owner:
the right password then continues with a code emailed to the account.
"""

from __future__ import annotations

from datetime import timedelta

import pyotp
import pytest
from sqlmodel import select

from spoticlone.models import CodePurpose, EmailCode, User
from spoticlone.services.auth import credentials, login, totp
from spoticlone.services.auth.credentials import LOGIN_ACCOUNT_LIMITS
from spoticlone.services.core import ratelimit
from spoticlone.services.core.clock import FakeClock
from spoticlone.services.core.errors import Invalid, PermissionDenied, RateLimited
from tests.factories import make_account

PASSWORD = "correct horse battery"


@pytest.fixture
def clock():
    return FakeClock()


def _start(session, clock, email, password=PASSWORD, ip="192.0.2.1"):
    return login.start_login(session, email=email, password=password, client_ip=ip, clock=clock)


def _reach_the_ceiling(session, clock, email):
    """Count the ceiling of failures for the account, as many addresses would have.

    Through the limiter itself rather than a hundred password hashes each (the slow
    path with real failures is ``test_accounts.test_no_more_than_100_failures...``).
    """
    limit, window = LOGIN_ACCOUNT_LIMITS[0]
    for _ in range(limit):
        ratelimit.check_and_count(session, key=ratelimit.account_key("login", email), limit=limit,
                                  window=window, clock=clock)


def test_failures_from_everywhere_never_refuse_the_right_password(session, clock):
    user = make_account(session, email="ann@example.com")
    for n in range(20):
        with pytest.raises(Invalid):
            _start(session, clock, "ann@example.com", "wrong password", ip=f"203.0.113.{n}")
    assert _start(session, clock, "ann@example.com").user_id == user.id


def test_no_more_than_the_ceiling_of_password_verdicts_per_hour(session, clock):
    make_account(session, email="ann@example.com")
    for email in ("ann@example.com", "nobody@example.com"):
        _reach_the_ceiling(session, clock, email)
    # Past the ceiling a wrong password no longer gets "incorrect": every attempt gets the
    # same email-code step, so a guesser learns nothing from more guesses.
    wrong = _start(session, clock, "ann@example.com", "another guess", ip="198.51.100.1")
    unknown = _start(session, clock, "nobody@example.com", "guess", ip="198.51.100.2")
    for step in (wrong, unknown):
        assert step.needs_email_code and step.email_code.code is None
        assert step.user_id is None and step.mfa_ticket is None
    assert session.exec(select(EmailCode)).all() == []


def test_over_the_ceiling_the_right_password_plus_the_emailed_code_signs_in(session, clock):
    user = make_account(session, email="ann@example.com", username="ann")
    _reach_the_ceiling(session, clock, "ann@example.com")

    wrong = _start(session, clock, "ann@example.com", "still guessing", ip="198.51.100.1")
    right = _start(session, clock, "ann@example.com", ip="192.0.2.99")
    assert right.needs_email_code and right.user_id is None
    mail = right.email_code
    assert (mail.email, mail.username) == ("ann@example.com", "ann") and len(mail.code) == 6
    # Right and wrong passwords look the same to whoever sent them.
    assert len(wrong.email_code.request_id) == len(mail.request_id)

    with pytest.raises(Invalid, match="not valid"):
        login.finish_email_code(session, request_id=wrong.email_code.request_id, code=mail.code, clock=clock)
    bad = "000000" if mail.code != "000000" else "111111"
    with pytest.raises(Invalid, match="not right"):
        login.finish_email_code(session, request_id=mail.request_id, code=bad, clock=clock)
    step = login.finish_email_code(session, request_id=mail.request_id, code=mail.code, clock=clock)
    assert step.user_id == user.id
    with pytest.raises(Invalid):  # single use
        login.finish_email_code(session, request_id=mail.request_id, code=mail.code, clock=clock)


def test_asking_again_within_the_cooldown_mails_nothing_and_keeps_the_pending_code(session, clock):
    make_account(session, email="ann@example.com")
    _reach_the_ceiling(session, clock, "ann@example.com")
    first = _start(session, clock, "ann@example.com").email_code
    again = _start(session, clock, "ann@example.com").email_code
    assert again.code is None and again.request_id == first.request_id
    codes = session.exec(select(EmailCode).where(EmailCode.purpose == CodePurpose.SIGN_IN)).all()
    assert len(codes) == 1


def test_the_emailed_code_leads_to_the_authenticator_step_and_respects_suspension(session, clock):
    user = make_account(session, email="two@example.com")
    secret = pyotp.random_base32()
    user.totp_secret, user.totp_enabled = totp.encrypt_secret(secret), True
    session.add(user)
    make_account(session, email="sus@example.com", suspended=True)
    session.commit()
    for email in ("two@example.com", "sus@example.com"):
        _reach_the_ceiling(session, clock, email)

    mail = _start(session, clock, "two@example.com").email_code
    step = login.finish_email_code(session, request_id=mail.request_id, code=mail.code, clock=clock)
    assert step.needs_code and step.user_id is None
    assert login.finish_login(session, mfa_ticket=step.mfa_ticket, code=pyotp.TOTP(secret).at(clock.now()),
                              client_ip="192.0.2.1", clock=clock) == user.id

    mail = _start(session, clock, "sus@example.com").email_code
    with pytest.raises(PermissionDenied, match="suspended"):
        login.finish_email_code(session, request_id=mail.request_id, code=mail.code, clock=clock)


def test_the_emailed_code_proves_the_mailbox_of_an_unverified_account(session, clock):
    user = make_account(session, email="new@example.com", email_verified=False)
    _reach_the_ceiling(session, clock, "new@example.com")
    mail = _start(session, clock, "new@example.com").email_code
    assert login.finish_email_code(session, request_id=mail.request_id, code=mail.code, clock=clock).user_id == user.id
    assert session.get(User, user.id).email_verified


def test_the_ceiling_passes_with_its_window(session, clock):
    user = make_account(session, email="ann@example.com")
    _reach_the_ceiling(session, clock, "ann@example.com")
    assert _start(session, clock, "ann@example.com").needs_email_code
    clock.advance(timedelta(hours=2))
    assert _start(session, clock, "ann@example.com").user_id == user.id


def test_authenticate_alone_reports_the_ceiling_without_checking_the_password(session, clock):
    make_account(session, email="ann@example.com")
    _reach_the_ceiling(session, clock, "ann@example.com")
    for password in (PASSWORD, "wrong password"):
        with pytest.raises(credentials.AccountThrottled) as excinfo:
            credentials.authenticate(session, email="ann@example.com", password=password, client_ip="192.0.2.7",
                                  clock=clock)
        assert isinstance(excinfo.value, RateLimited) and excinfo.value.retry_after > 0


def test_one_address_is_held_back_over_all_accounts(session, clock):
    user = make_account(session, email="gus@example.com")
    for n in range(50):
        with pytest.raises(Invalid):
            _start(session, clock, f"victim{n}@example.com", "wrong password", ip="203.0.113.9")
    with pytest.raises(RateLimited):
        _start(session, clock, "gus@example.com", ip="203.0.113.9")
    assert _start(session, clock, "gus@example.com", ip="192.0.2.50").user_id == user.id
