"""Two-step sign-in: enrolment, codes at sign-in (window, replay), recovery codes, turning off."""

from __future__ import annotations

from datetime import timedelta

import pyotp
import pytest
from sqlmodel import select

from spoticlone.models import RecoveryCode, User
from spoticlone.services.auth import login, totp
from spoticlone.services.core.clock import FakeClock
from spoticlone.services.core.errors import Conflict, Invalid, PermissionDenied, RateLimited
from tests.factories import make_account, make_user

PASSWORD = "correct horse battery"


@pytest.fixture
def clock():
    return FakeClock()


def code_at(secret: str, clock: FakeClock, offset_steps: int = 0) -> str:
    return pyotp.TOTP(secret).at(clock.now() + timedelta(seconds=30 * offset_steps))


def enrol(session, user, clock) -> tuple[str, list[str]]:
    """Turn two-step on for ``user`` as the settings page would; returns (secret, codes)."""
    enrolment = totp.begin_enrolment(session, actor=user)
    codes = totp.confirm_enrolment(session, actor=user, code=code_at(enrolment.secret_base32, clock), clock=clock)
    clock.advance(seconds=30)  # the confirming code is spent: sign-ins use the next one
    return enrolment.secret_base32, codes


def test_enrolment_gives_a_scannable_secret_stored_encrypted(session, clock):
    user = make_account(session, email="ann@example.test")
    enrolment = totp.begin_enrolment(session, actor=user)
    assert len(enrolment.secret_base32) == 32
    assert enrolment.otpauth_uri.startswith("otpauth://totp/Spoticlone:ann%40example.test?")
    assert f"secret={enrolment.secret_base32}" in enrolment.otpauth_uri and "issuer=Spoticlone" in enrolment.otpauth_uri
    assert enrolment.qr_svg_data_uri.startswith("data:image/svg+xml")
    stored = session.get(User, user.id)
    assert stored.totp_pending_secret and enrolment.secret_base32 not in stored.totp_pending_secret
    assert not stored.totp_enabled and stored.totp_secret is None
    assert totp.status(session, actor=user).pending


def test_confirming_turns_it_on_and_returns_ten_hashed_recovery_codes(session, clock):
    user = make_account(session)
    secret, codes = enrol(session, user, clock)
    stored = session.get(User, user.id)
    assert stored.totp_enabled and stored.totp_pending_secret is None
    assert stored.totp_secret and secret not in stored.totp_secret
    assert totp.decrypt_secret(stored.totp_secret) == secret
    assert len(codes) == 10 and len(set(codes)) == 10
    hashes = session.exec(select(RecoveryCode.code_hash).where(RecoveryCode.user_id == user.id)).all()
    assert len(hashes) == 10 and not set(codes) & set(hashes)
    assert not any(code.replace("-", "") in h for code in codes for h in hashes)
    assert totp.status(session, actor=user) == totp.TwoStepStatus(True, 10, True, False)


def test_a_wrong_setup_code_changes_nothing(session, clock):
    user = make_account(session)
    totp.begin_enrolment(session, actor=user)
    with pytest.raises(Invalid, match="not right"):
        totp.confirm_enrolment(session, actor=user, code="000000", clock=clock)
    assert not session.get(User, user.id).totp_enabled
    with pytest.raises(Invalid, match="Start the set-up again"):
        totp.confirm_enrolment(session, actor=make_account(session), code="123456", clock=clock)


def test_setup_guesses_are_throttled(session, clock):
    user = make_account(session)
    enrolment = totp.begin_enrolment(session, actor=user)
    wrong = "000000" if code_at(enrolment.secret_base32, clock) != "000000" else "111111"
    for _ in range(10):
        with pytest.raises(Invalid):
            totp.confirm_enrolment(session, actor=user, code=wrong, clock=clock)
    with pytest.raises(RateLimited):
        totp.confirm_enrolment(session, actor=user, code=code_at(enrolment.secret_base32, clock), clock=clock)


def test_starting_again_replaces_the_pending_secret_and_enrolled_accounts_are_refused(session, clock):
    user = make_account(session)
    first = totp.begin_enrolment(session, actor=user)
    second = totp.begin_enrolment(session, actor=user)
    assert first.secret_base32 != second.secret_base32
    with pytest.raises(Invalid):
        totp.confirm_enrolment(session, actor=user, code=code_at(first.secret_base32, clock), clock=clock)
    totp.confirm_enrolment(session, actor=user, code=code_at(second.secret_base32, clock), clock=clock)
    with pytest.raises(Conflict, match="already on"):
        totp.begin_enrolment(session, actor=user)


def test_anonymous_actor_is_refused(session, clock):
    with pytest.raises(PermissionDenied):
        totp.begin_enrolment(session, actor=None)
    with pytest.raises(PermissionDenied):
        totp.status(session, actor=None)


def test_codes_within_one_step_either_side_are_accepted(session, clock):
    user = make_account(session)
    secret, _ = enrol(session, user, clock)
    clock.advance(seconds=30)  # one step back is then still later than the enrolment step
    assert totp.verify_for_login(session, user=user, code=code_at(secret, clock, -1), clock=clock)
    clock.advance(seconds=60)
    assert totp.verify_for_login(session, user=user, code=code_at(secret, clock, +1), clock=clock)


def test_codes_two_steps_away_are_refused(session, clock):
    user = make_account(session)
    secret, _ = enrol(session, user, clock)
    clock.advance(seconds=120)
    assert not totp.verify_for_login(session, user=user, code=code_at(secret, clock, -2), clock=clock)
    assert not totp.verify_for_login(session, user=user, code=code_at(secret, clock, +2), clock=clock)


def test_a_code_cannot_be_replayed_nor_an_older_one_used_after_it(session, clock):
    user = make_account(session)
    secret, _ = enrol(session, user, clock)
    current = code_at(secret, clock)
    assert totp.verify_for_login(session, user=user, code=current, clock=clock)
    assert not totp.verify_for_login(session, user=user, code=current, clock=clock)
    assert not totp.verify_for_login(session, user=user, code=code_at(secret, clock, -1), clock=clock)
    clock.advance(seconds=30)
    assert totp.verify_for_login(session, user=user, code=code_at(secret, clock), clock=clock)


def test_the_confirming_code_cannot_sign_in(session, clock):
    user = make_account(session)
    enrolment = totp.begin_enrolment(session, actor=user)
    code = code_at(enrolment.secret_base32, clock)
    totp.confirm_enrolment(session, actor=user, code=code, clock=clock)
    assert not totp.verify_for_login(session, user=user, code=code, clock=clock)


def test_wrong_and_malformed_codes_are_refused(session, clock):
    user = make_account(session)
    secret, _ = enrol(session, user, clock)
    right = code_at(secret, clock)
    wrong = f"{(int(right) + 1) % 1_000_000:06d}"
    for code in (wrong, "", "12345", "1234567", "abcdef", "x" * 5000, None):
        assert not totp.verify_for_login(session, user=user, code=code, clock=clock)
    assert totp.verify_for_login(session, user=user, code=f" {right[:3]} -{right[3:]} ", clock=clock)


def test_recovery_codes_work_once_in_any_format(session, clock):
    user = make_account(session)
    _, codes = enrol(session, user, clock)
    assert totp.verify_for_login(session, user=user, code=codes[0].upper().replace("-", " "), clock=clock)
    assert not totp.verify_for_login(session, user=user, code=codes[0], clock=clock)
    assert totp.verify_for_login(session, user=user, code=codes[1].replace("-", ""), clock=clock)
    assert totp.status(session, actor=user).recovery_codes_left == 8
    other = make_account(session)
    enrol(session, other, clock)
    assert not totp.verify_for_login(session, user=other, code=codes[2], clock=clock)


def test_accounts_without_two_step_accept_no_code(session, clock):
    user = make_account(session)
    assert not totp.verify_for_login(session, user=user, code="123456", clock=clock)


def test_a_changed_secret_key_makes_secrets_unreadable(session, clock, monkeypatch):
    from spoticlone.config import get_settings

    user = make_account(session)
    secret, _ = enrol(session, user, clock)
    monkeypatch.setenv("SPOTICLONE_SECRET_KEY", "another-secret-key-of-enough-length-0123456789")
    get_settings.cache_clear()
    assert totp.decrypt_secret(session.get(User, user.id).totp_secret) is None
    assert not totp.verify_for_login(session, user=user, code=code_at(secret, clock), clock=clock)


def test_disable_needs_the_password_and_forgets_everything(session, clock):
    user = make_account(session, password=PASSWORD)
    secret, _codes = enrol(session, user, clock)
    with pytest.raises(Invalid, match="password"):
        totp.disable(session, actor=user, password="wrong password!", clock=clock)
    assert session.get(User, user.id).totp_enabled
    totp.disable(session, actor=user, password=PASSWORD, clock=clock)
    stored = session.get(User, user.id)
    assert not stored.totp_enabled and stored.totp_secret is None and stored.totp_last_step is None
    assert session.exec(select(RecoveryCode).where(RecoveryCode.user_id == user.id)).all() == []
    assert not totp.verify_for_login(session, user=user, code=code_at(secret, clock), clock=clock)
    with pytest.raises(Conflict):
        totp.disable(session, actor=user, password=PASSWORD, clock=clock)


def test_google_only_accounts_disable_with_a_current_code(session, clock):
    user = make_user(session, email_verified=True)  # no password: signed up with Google
    secret, _ = enrol(session, user, clock)
    assert not totp.status(session, actor=user).has_password
    with pytest.raises(Invalid, match="Enter the code"):
        totp.disable(session, actor=user, password="anything", clock=clock)
    with pytest.raises(Invalid, match="not right"):
        wrong = "000000" if code_at(secret, clock) != "000000" else "111111"
        totp.disable(session, actor=user, code=wrong, clock=clock)
    totp.disable(session, actor=user, code=code_at(secret, clock), clock=clock)
    assert not session.get(User, user.id).totp_enabled


def test_wrong_passwords_for_disable_are_throttled(session, clock):
    user = make_account(session, password=PASSWORD)
    enrol(session, user, clock)
    for _ in range(10):
        with pytest.raises(Invalid):
            totp.disable(session, actor=user, password="not my password", clock=clock)
    with pytest.raises(RateLimited):
        totp.disable(session, actor=user, password=PASSWORD, clock=clock)
    assert session.get(User, user.id).totp_enabled


def test_regenerating_recovery_codes_replaces_the_old_ones(session, clock):
    user = make_account(session, password=PASSWORD)
    _, old = enrol(session, user, clock)
    assert totp.verify_for_login(session, user=user, code=old[0], clock=clock)
    with pytest.raises(Invalid):
        totp.regenerate_recovery_codes(session, actor=user, password="nope nope nope", clock=clock)
    new = totp.regenerate_recovery_codes(session, actor=user, password=PASSWORD, clock=clock)
    assert len(new) == 10 and not set(new) & set(old)
    assert totp.status(session, actor=user).recovery_codes_left == 10
    assert not totp.verify_for_login(session, user=user, code=old[1], clock=clock)
    assert totp.verify_for_login(session, user=user, code=new[0], clock=clock)


def test_operator_reset_turns_it_off(session, clock):
    user = make_account(session, email="lost@example.test")
    enrol(session, user, clock)
    assert totp.operator_reset(session, email="LOST@example.test") is True
    assert not session.get(User, user.id).totp_enabled
    assert totp.operator_reset(session, email="lost@example.test") is False


def test_full_sign_in_asks_for_the_code(session, clock):
    user = make_account(session, email="two@example.test", password=PASSWORD)
    secret, _ = enrol(session, user, clock)
    step = login.start_login(session, email="two@example.test", password=PASSWORD, client_ip="10.0.0.1", clock=clock)
    assert step.needs_code and step.user_id is None
    with pytest.raises(Invalid):
        login.finish_login(session, mfa_ticket=step.mfa_ticket, code="12345", client_ip="10.0.0.1", clock=clock)
    user_id = login.finish_login(
        session, mfa_ticket=step.mfa_ticket, code=code_at(secret, clock), client_ip="10.0.0.1", clock=clock
    )
    assert user_id == user.id
