"""The emails of an account deletion, read from a real SMTP server (aiosmtpd on loopback).

Each goes through the job the web process queues (``jobs/deletion_tasks.py``; jobs run
inline under tests) and the configured mailer, so what is checked is what a mail client gets.
"""

from __future__ import annotations

import email
import email.policy
from datetime import UTC, datetime

import pytest
from sqlmodel import select

from spoticlone.config import get_settings
from spoticlone.models import Role, User
from spoticlone.services.accounts import deletion
from spoticlone.services.auth.sessions import create_session
from spoticlone.services.core.clock import FakeClock
from tests import factories

PASSWORD = "correct horse battery"
EVIL = '<img src=x onerror=alert(1)> & "Co"'
#: Asked at 14:05 UTC on 4 December 2026: the 14-day grace ends on a Friday.
ASKED = datetime(2026, 12, 4, 14, 5, tzinfo=UTC)
DUE = "Friday 18 December 2026 at 14:05 UTC"


@pytest.fixture
def mail(monkeypatch, settings, smtp_server):
    from spoticlone.jobs import deletion_tasks  # noqa: F401  - connects the emails to the (inline) job

    smtp_server.start()
    monkeypatch.setenv("SPOTICLONE_SMTP_HOST", smtp_server.hostname)
    monkeypatch.setenv("SPOTICLONE_SMTP_PORT", str(smtp_server.port))
    monkeypatch.setenv("SPOTICLONE_SMTP_STARTTLS", "false")
    get_settings.cache_clear()
    yield smtp_server
    get_settings.cache_clear()


def _read(server) -> list[tuple[str, str, str, str]]:
    """(to, subject, plain text, HTML) of every message received, oldest first."""
    out = []
    for envelope in server.received:
        msg = email.message_from_bytes(envelope.content, policy=email.policy.default)
        out.append((envelope.rcpt_tos[0], str(msg["Subject"]), msg.get_body(("plain",)).get_content(),
                    msg.get_body(("html",)).get_content()))
    return out


def test_asking_to_delete_mails_the_date_the_way_back_and_what_happens_to_the_releases(session, mail):
    owner = factories.make_account(session, username="ada", email="ada@example.test")
    factories.make_artist(session, stage_name=EVIL, user_id=owner.id)
    deletion.request_deletion(session, actor=owner, password=PASSWORD, keep_releases=False, clock=FakeClock(ASKED))

    [(to, subject, text, page)] = _read(mail)
    assert to == "ada@example.test" and subject == "Your Spoticlone account will be deleted"
    assert f"erased for good on {DUE}" in text and "You asked us" in text
    assert "Sign in before that date and the deletion is cancelled" in text
    assert f"Your releases as \u201c{EVIL}\u201d will be removed too" in text
    assert "<img src=x" not in page and "&lt;img src=x onerror=alert(1)&gt; &amp; &quot;Co&quot;" in page
    assert DUE in page and "/signin" in page


def test_an_administrators_request_is_mailed_and_a_sign_in_that_cancels_it_too(session, mail):
    admin = factories.make_user(session, role=Role.ADMIN)
    target = factories.make_account(session, username="bob", email="bob@example.test")
    factories.make_artist(session, stage_name="Bob's Band", user_id=target.id)
    deletion.admin_request_deletion(session, actor=admin, user_id=target.id, confirm_username="bob",
                                    keep_releases=True, clock=FakeClock(ASKED))
    create_session(session, user_id=target.id, clock=FakeClock(datetime(2026, 12, 6, 9, 30, tzinfo=UTC)))

    (to, _subject, text, _page), (to2, subject2, text2, page2) = _read(mail)
    assert to == to2 == "bob@example.test"
    assert "An administrator of Spoticlone asked to delete your account" in text and DUE in text
    assert "stay on Spoticlone, credited to your artist name \u201cBob's Band\u201d" in text
    assert subject2 == "Your Spoticlone account deletion was cancelled"
    assert "Sunday 6 December 2026 at 09:30 UTC" in text2 and "will not be deleted" in text2
    assert "Wasn't you?" in text2 and "/settings/security" in page2
    assert not deletion.deletion_status(session, actor=target).pending


def test_a_listener_gets_no_release_paragraph_and_an_immediate_deletion_says_it_is_done(session, mail):
    admin = factories.make_user(session, role=Role.ADMIN)
    listener = factories.make_account(session, username="cy", email="cy@example.test")
    deletion.admin_request_deletion(session, actor=admin, user_id=listener.id, confirm_username="cy",
                                    immediate=True)
    [(to, subject, text, _page)] = _read(mail)
    assert to == "cy@example.test" and subject == "Your Spoticlone account was deleted"
    assert "It has been erased" in text and "releases" not in text
    session.expire_all()
    assert session.exec(select(User).where(User.username == "cy")).first() is None


def test_a_sign_in_with_nothing_pending_sends_nothing(session, mail):
    user = factories.make_account(session, username="dee")
    create_session(session, user_id=user.id)
    assert mail.received == []
