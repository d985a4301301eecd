"""The weekly digest: one mail per listener per ISO week summing up the unread notifications.

Several workers may run it at the same moment (two worker processes, a retry overlapping a
slow run). Each listener's digest is claimed by inserting ``(user, week)`` into a table with a
unique key, in the same transaction as the outbox row: whoever commits first sends it, the
other gets the unique-key error and moves on. A crash before the commit leaves neither, so
the next run sends it.
"""

from __future__ import annotations

import logging
from datetime import datetime, timedelta

from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col, select

from spoticlone import routes
from spoticlone.config import get_settings
from spoticlone.models import Notification, NotificationDigest, User
from spoticlone.models.common import saved_id
from spoticlone.services.core.clock import SYSTEM_CLOCK, Clock
from spoticlone.services.notifications import emails, outbox, preferences, unsubscribe

log = logging.getLogger(__name__)

WINDOW = timedelta(days=7)
LINES = 10


def week_of(moment: datetime) -> str:
    """The ISO week of ``moment`` as ``YYYY-Www`` (the digest's claim key)."""
    year, week, _ = moment.isocalendar()
    return f"{year}-W{week:02d}"


def send_weekly_digests(session: Session, *, clock: Clock = SYSTEM_CLOCK) -> int:
    """Queue this week's digest for every listener with unread news who wants it; how many were queued."""
    now = clock.now()
    week, since = week_of(now), now - WINDOW
    candidates = session.exec(
        select(User).where(col(User.suspended).is_(False), col(User.email_verified).is_(True),
                           col(User.id).in_(select(Notification.user_id).where(
                               col(Notification.read_at).is_(None), col(Notification.created_at) >= since)))
        .order_by(col(User.id))
    ).all()
    queued = 0
    for user in candidates:
        if not preferences.wants(session, user, preferences.DIGEST)[1]:
            continue
        if _claim_and_queue(session, user, week=week, since=since):
            queued += 1
    log.info("weekly digest %s: %d queued", week, queued)
    return queued


def _claim_and_queue(session: Session, user: User, *, week: str, since: datetime) -> bool:
    try:
        session.add(NotificationDigest(user_id=saved_id(user), week=week))
        session.flush()
    except IntegrityError:  # another worker claimed it: it sends this one
        session.rollback()
        return False
    unread = session.exec(
        select(Notification).where(Notification.user_id == user.id, col(Notification.read_at).is_(None),
                                   col(Notification.created_at) >= since)
        .order_by(col(Notification.created_at).desc()).limit(LINES + 1000)).all()
    origin = get_settings().public_origin
    shown = unread[:LINES]
    rendered = emails.render_digest(
        username=user.username, week=week, lines=[(n.title, origin + n.link) for n in shown],
        more=len(unread) - len(shown), link=origin + routes.NOTIFICATIONS,
        unsubscribe_link=unsubscribe.unsubscribe_url(origin, user, preferences.DIGEST),
        settings_link=origin + routes.SETTINGS_NOTIFICATIONS)
    outbox.queue_email(session, user, kind=preferences.DIGEST, rendered=rendered, dedupe_key=f"digest:{week}")
    try:
        session.commit()
    except IntegrityError:
        session.rollback()
        return False
    return True
