"""The mail outbox: a failing SMTP server delays mail but loses none, retries back off, each mail goes once.

A real SMTP server (``smtp_server``: aiosmtpd on loopback) receives the mail; "down" is the
same port before it listens, so the mailer meets a real refused connection.
"""

from __future__ import annotations

import email
import email.policy
from datetime import timedelta

import pytest
from sqlmodel import Session, select

from spoticlone.config import get_settings
from spoticlone.integrations.mailer import default_mailer
from spoticlone.models import NotificationEmail, utcnow
from spoticlone.services.core.clock import FakeClock
from spoticlone.services.notifications import outbox, preferences
from spoticlone.services.notifications.preferences import PreferenceChange


@pytest.fixture
def smtp(monkeypatch, settings, smtp_server):
    """The settings point at ``smtp_server``'s port, where nothing listens until ``smtp.start()``."""
    from spoticlone.jobs.notification_tasks import send_notification_email

    outbox.dispatchers.append(send_notification_email)  # jobs run inline under tests
    monkeypatch.setenv("SPOTICLONE_SMTP_HOST", smtp_server.hostname)
    monkeypatch.setenv("SPOTICLONE_SMTP_PORT", str(smtp_server.port))
    monkeypatch.setenv("SPOTICLONE_SMTP_STARTTLS", "false")
    get_settings.cache_clear()
    yield smtp_server
    get_settings.cache_clear()


def _rows(session):
    session.expire_all()
    return list(session.exec(select(NotificationEmail).order_by(NotificationEmail.id)))


def test_smtp_down_keeps_the_mail_and_retries_with_backoff_until_it_is_sent_once(session, world, publish_album,
                                                                                  smtp):
    publish_album(session, world)  # the inline job tried at once, against a dead server: no error here
    rows = _rows(session)
    assert [(r.status, r.attempts) for r in rows] == [("pending", 1), ("pending", 1)]
    assert "ConnectionRefusedError" in rows[0].last_error or "refused" in rows[0].last_error.lower()
    first_retry, last_retry = min(r.next_try_at for r in rows), max(r.next_try_at for r in rows)

    clock = FakeClock(start=first_retry - timedelta(seconds=30))
    mailer = default_mailer(get_settings())
    assert outbox.send_due(session, mailer=mailer, clock=clock).sent == 0  # not due yet: nothing tried
    assert [r.attempts for r in _rows(session)] == [1, 1]

    clock.advance(last_retry - clock.now() + timedelta(seconds=1))
    outcome = outbox.send_due(session, mailer=mailer, clock=clock)
    assert (outcome.sent, outcome.retrying) == (0, 2)
    rows = _rows(session)
    assert [r.attempts for r in rows] == [2, 2]
    assert rows[0].next_try_at - clock.now() == outbox.retry_delay(2) == timedelta(minutes=2)

    smtp.start()
    clock.advance(minutes=1)
    assert outbox.send_due(session, mailer=mailer, clock=clock).sent == 0  # backing off: still waiting
    clock.advance(minutes=1, seconds=1)
    assert outbox.send_due(session, mailer=mailer, clock=clock).sent == 2
    assert [r.status for r in _rows(session)] == ["sent", "sent"]
    clock.advance(hours=1)
    assert outbox.send_due(session, mailer=mailer, clock=clock).sent == 0
    assert sorted(e.rcpt_tos[0] for e in smtp.received) == ["ann@example.test", "bob@example.test"]


def test_sent_mail_carries_one_click_unsubscribe_headers(session, world, publish_album, smtp):
    smtp.start()
    publish_album(session, world)
    assert [r.status for r in _rows(session)] == ["sent", "sent"]
    mail = email.message_from_bytes(smtp.received[0].content, policy=email.policy.default)
    assert mail["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    header = mail["List-Unsubscribe"]
    assert header.startswith("<http") and "/api/v1/notifications/unsubscribe?token=" in header
    assert mail["Subject"] == "Nova Drive released Night Run"
    text = mail.get_body(("plain",)).get_content()
    assert header.strip("<>") in text


def test_a_mail_claimed_by_one_worker_is_not_sent_by_another(engine, session, world, publish_album):
    publish_album(session, world)  # no dispatcher installed in this test: the rows wait for the sweep
    first = _rows(session)[0]
    sent, second_worker = [], []

    class Reentrant:
        """Sends, and meanwhile lets a second worker (its own session) try the same mail."""

        def send(self, message):
            with Session(engine) as other:
                second_worker.append(outbox.send_one(other, email_id=first.id, mailer=self))
            sent.append(message.to)

    assert outbox.send_one(session, email_id=first.id, mailer=Reentrant()) == "sent"
    assert second_worker == ["sending"] and sent == ["ann@example.test"]


def test_a_mail_is_skipped_when_the_listener_unsubscribed_before_it_went(session, world, publish_album):
    publish_album(session, world)
    preferences.update_preferences(session, actor=world.ann, changes=[PreferenceChange(kind="release", email=False)])

    class Never:
        def send(self, message):
            raise AssertionError("must not send")

    anns = next(r for r in _rows(session) if r.user_id == world.ann.id)
    assert outbox.send_one(session, email_id=anns.id, mailer=Never()) == "skipped"


def test_after_the_last_try_the_mail_stays_as_failed(session, world, publish_album):
    publish_album(session, world)

    class Down:
        def send(self, message):
            raise OSError("connection refused")

    clock = FakeClock(start=utcnow())
    row = _rows(session)[0]
    for _ in range(outbox.MAX_ATTEMPTS):
        outbox.send_one(session, email_id=row.id, mailer=Down(), clock=clock)
        clock.advance(hours=7)
    row = _rows(session)[0]
    assert (row.status, row.attempts, row.last_error) == ("failed", outbox.MAX_ATTEMPTS, "OSError: connection refused")
    assert outbox.send_due(session, mailer=Down(), clock=clock).failed == 0  # never tried again


def test_backoff_doubles_and_is_capped():
    assert [outbox.retry_delay(n) for n in (1, 2, 3)] == [timedelta(minutes=m) for m in (1, 2, 4)]
    assert outbox.retry_delay(20) == outbox.MAX_RETRY
