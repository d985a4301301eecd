"""Notifications: what a listener sees under the bell, what they asked to hear about, and the mail outbox.

``NotificationEmail`` is the durable outbox: a row is written in the same transaction as the
event that caused it, so a mail acknowledged by a commit is never lost, whatever the SMTP
server does later; the sender claims a row, sends it and marks it, retrying with backoff.
``NotificationDigest`` is the claim for one user's weekly digest: its unique key makes two
workers running the digest at once send it once.
"""

from datetime import datetime

from sqlalchemy import Column, ForeignKey, Index, Integer, Text, UniqueConstraint, text
from sqlmodel import Field, SQLModel

from spoticlone.models.common import utcnow


def _user_fk() -> Column:
    return Column(Integer, ForeignKey("user.id", ondelete="CASCADE"), nullable=False)


def _one_per_dedupe_key(name: str) -> Index:
    """At most one row per user and ``dedupe_key`` (``""``, no key, may repeat).

    The writers check before writing, but two copies of one job at the same moment both find
    nothing: this index makes the second write a no-op (``inbox`` inserts ON CONFLICT DO NOTHING).
    """
    keyed = text("dedupe_key <> ''")
    return Index(name, "user_id", "dedupe_key", unique=True, sqlite_where=keyed, postgresql_where=keyed)


class Notification(SQLModel, table=True):
    """One item in a listener's notification list.

    ``title``/``body`` are plain text built when the event happened (an artist renamed later
    keeps the old name here, like a mail already sent). ``dedupe_key`` names what the item is
    about (``release:album:12``), so the songs of one album published together, or a follow
    toggled ten times, make one notification.
    """

    __table_args__ = (
        Index("ix_notification_user_created", "user_id", "created_at"),
        _one_per_dedupe_key("ix_notification_user_dedupe"),
    )

    id: int | None = Field(default=None, primary_key=True)
    user_id: int = Field(sa_column=_user_fk())
    kind: str = Field(max_length=32)
    title: str = Field(max_length=200)
    body: str = Field(default="", max_length=500)
    link: str = Field(default="", max_length=300)
    dedupe_key: str = Field(default="", max_length=120)
    created_at: datetime = Field(default_factory=utcnow)
    read_at: datetime | None = None


class NotificationPreference(SQLModel, table=True):
    """A listener's choice for one kind; no row means the kind's defaults."""

    __table_args__ = (UniqueConstraint("user_id", "kind", name="uq_notificationpreference_user_kind"),)

    id: int | None = Field(default=None, primary_key=True)
    user_id: int = Field(sa_column=_user_fk())
    kind: str = Field(max_length=32)
    in_app: bool = True
    email: bool = True
    updated_at: datetime = Field(default_factory=utcnow)


class NotificationEmail(SQLModel, table=True):
    """One mail to send: rendered when the event happened, sent by the job worker.

    ``status`` is ``pending`` (waiting for ``next_try_at``), ``sending`` (claimed by a worker
    until ``next_try_at``: a worker that died mid-send leaves it to be claimed again),
    ``sent``, ``skipped`` (the account is gone, suspended or unsubscribed meanwhile) or
    ``failed`` (out of retries; kept for the operator, with ``last_error``).
    """

    __table_args__ = (
        Index("ix_notificationemail_status_next", "status", "next_try_at"),
        _one_per_dedupe_key("ix_notificationemail_user_dedupe"),
    )

    id: int | None = Field(default=None, primary_key=True)
    user_id: int = Field(sa_column=_user_fk())
    kind: str = Field(max_length=32)
    subject: str = Field(max_length=200)
    text: str = Field(sa_column=Column(Text, nullable=False))
    html: str = Field(sa_column=Column(Text, nullable=False))
    dedupe_key: str = Field(default="", max_length=120)
    status: str = Field(default="pending", max_length=16)
    attempts: int = 0
    next_try_at: datetime = Field(default_factory=utcnow)
    last_error: str = Field(default="", max_length=500)
    created_at: datetime = Field(default_factory=utcnow)
    sent_at: datetime | None = None


class NotificationDigest(SQLModel, table=True):
    """Who claimed the weekly digest of ``user_id`` for ISO week ``week`` (``2026-W49``)."""

    __table_args__ = (UniqueConstraint("user_id", "week", name="uq_notificationdigest_user_week"),)

    id: int | None = Field(default=None, primary_key=True)
    user_id: int = Field(sa_column=_user_fk())
    week: str = Field(max_length=10)
    claimed_at: datetime = Field(default_factory=utcnow)
