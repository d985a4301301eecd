"""The weekly digest: once per listener and week, even with two workers running it at the same moment."""

from __future__ import annotations

import threading
from datetime import timedelta

from sqlmodel import Session, select

from spoticlone.models import Notification, NotificationDigest, NotificationEmail, utcnow
from spoticlone.services.core import events
from spoticlone.services.core.clock import FakeClock
from spoticlone.services.notifications import digest, inbox, preferences
from spoticlone.services.notifications.preferences import PreferenceChange
from tests import factories


def _digests(session):
    session.expire_all()
    return list(session.exec(select(NotificationEmail).where(NotificationEmail.kind == "digest")))


def test_two_workers_at_once_queue_one_digest_each(engine, session, world, publish_album):
    publish_album(session, world)
    clock = FakeClock(start=utcnow() + timedelta(hours=1))
    barrier = threading.Barrier(2)
    results, errors = [], []

    def worker():
        try:
            with Session(engine, expire_on_commit=False) as own:
                barrier.wait()
                results.append(digest.send_weekly_digests(own, clock=clock))
        except Exception as exc:  # noqa: BLE001 - surfaced below: a worker must never crash on the other's claim
            errors.append(exc)

    threads = [threading.Thread(target=worker) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert errors == []
    assert sum(results) == 2  # ann and bob, whoever claimed them
    rows = _digests(session)
    assert sorted(r.user_id for r in rows) == sorted([world.ann.id, world.bob.id])
    assert digest.send_weekly_digests(session, clock=clock) == 0  # and not again this week
    claims = session.exec(select(NotificationDigest)).all()
    assert {c.week for c in claims} == {digest.week_of(clock.now())}
    assert "Nova Drive released Night Run" in rows[0].text


def test_next_week_sends_again_only_if_there_is_news(session, world, publish_album):
    publish_album(session, world)
    clock = FakeClock(start=utcnow())
    assert digest.send_weekly_digests(session, clock=clock) == 2
    clock.advance(days=7)
    assert digest.send_weekly_digests(session, clock=clock) == 0  # nothing new within the window
    events.emit(events.SUPPORT_REPLIED, session, request_id=1, user_id=world.ann.id, message_id=5)
    session.commit()
    reply = session.exec(select(Notification).where(Notification.kind == "support_reply")).one()
    reply.created_at = clock.now() - timedelta(days=1)  # it arrived during the simulated week
    session.add(reply)
    session.commit()
    assert digest.send_weekly_digests(session, clock=clock) == 1


def test_no_digest_when_read_turned_off_or_suspended(session, world, publish_album):
    publish_album(session, world)
    inbox.mark_all_read(session, actor=world.ann)
    preferences.update_preferences(session, actor=world.bob, changes=[PreferenceChange(kind="digest", email=False)])
    assert digest.send_weekly_digests(session, clock=FakeClock(start=utcnow())) == 0
    lone = factories.make_user(session, username="lone", email_verified=True, suspended=True)
    events.emit(events.SUPPORT_REPLIED, session, request_id=2, user_id=lone.id, message_id=6)
    session.commit()
    assert digest.send_weekly_digests(session, clock=FakeClock(start=utcnow())) == 0


def test_week_keys():
    from datetime import UTC, datetime

    assert digest.week_of(datetime(2026, 12, 31, tzinfo=UTC)) == "2026-W53"
    assert digest.week_of(datetime(2027, 1, 4, tzinfo=UTC)) == "2027-W01"
