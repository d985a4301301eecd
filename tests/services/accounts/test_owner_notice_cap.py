"""The cap on "someone used your address" notices: sign-ups and email changes share it."""

from __future__ import annotations

from datetime import date

import pytest

from spoticlone.services.accounts import mail, resend
from spoticlone.services.accounts.email_change import request_email_change
from spoticlone.services.core.clock import FakeClock
from tests.aio import run_async
from tests.factories import make_account

PASSWORD = "correct horse battery"


class RecordingMailer:
    """Keeps what would have been sent."""

    def __init__(self):
        self.sent = []

    def send(self, message):
        self.sent.append(message)


@pytest.fixture
def clock():
    return FakeClock()


def _sign_up_with(session, clock, email):
    """A stranger signs up with ``email``; returns the answer and the mail it would send."""
    result = resend.sign_up(session, email=email, username="stranger", password="another long passphrase",
                            date_of_birth=date(1990, 1, 1), clock=clock)
    return result, mail.verification_mail(result)


def test_a_flood_of_sign_ups_mails_the_owner_three_times_an_hour_and_ten_a_day(session, clock):
    make_account(session, email="owner@example.com", username="owner")
    sent = []
    for _ in range(6):
        result, message = _sign_up_with(session, clock, "Owner@Example.com")
        assert result.code is None
        sent += [message] if message is not None else []
    assert len(sent) == 3 and {m.to for m in sent} == {"owner@example.com"}
    assert all("tried to sign up" in m.subject for m in sent)

    for _ in range(12):  # every two hours for a day: a fresh hour each time, the day's cap holds
        clock.advance(hours=2)
        for _ in range(3):
            _, message = _sign_up_with(session, clock, "owner@example.com")
            sent += [message] if message is not None else []
    assert len(sent) == 10  # the day of 2026-01-05 reached its ten; the next day is still counted against it


def test_the_answer_is_the_same_whether_the_notice_went_out_or_not(session, clock):
    make_account(session, email="owner@example.com", username="owner")
    answers = []
    for _ in range(5):
        result, message = _sign_up_with(session, clock, "owner@example.com")
        answers.append(((result.code, result.email, result.username, len(result.request_id)), message is not None))
    assert [went for _, went in answers] == [True, True, True, False, False]
    assert len({shape for shape, _ in answers}) == 1  # mailed or capped: the same answer


def test_email_changes_to_a_taken_address_share_the_cap(session, clock):
    make_account(session, email="owner@example.com", username="owner")
    mover = make_account(session, email="mover@example.com", username="mover", password=PASSWORD)
    mailer = RecordingMailer()
    for _ in range(2):
        _, message = _sign_up_with(session, clock, "owner@example.com")
        assert message is not None

    started = request_email_change(session, actor=mover, new_email="owner@example.com",
                                   current_password=PASSWORD, clock=clock)
    assert started.notify_owner and started.code is None
    run_async(mail.send_email_change_step(started, "mover", mailer))
    assert [m.to for m in mailer.sent] == ["owner@example.com"]

    clock.advance(minutes=2)  # past the resend cooldown of change codes; still within the hour
    capped = request_email_change(session, actor=mover, new_email="owner@example.com",
                                  current_password=PASSWORD, clock=clock)
    assert not capped.notify_owner
    assert (capped.email, capped.code, len(capped.request_id)) == (started.email, None, len(started.request_id))
    run_async(mail.send_email_change_step(capped, "mover", mailer))
    assert len(mailer.sent) == 1  # nothing more: the hour's three are used

    clock.advance(hours=2)
    again = request_email_change(session, actor=mover, new_email="owner@example.com",
                                 current_password=PASSWORD, clock=clock)
    run_async(mail.send_email_change_step(again, "mover", mailer))
    assert len(mailer.sent) == 2


def test_the_cap_is_per_address(session, clock):
    make_account(session, email="one@example.com", username="one")
    make_account(session, email="two@example.com", username="two")
    for _ in range(4):
        _sign_up_with(session, clock, "one@example.com")
    assert _sign_up_with(session, clock, "two@example.com")[1] is not None
