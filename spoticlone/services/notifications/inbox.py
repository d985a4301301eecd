"""The bell: a listener's notifications, the unread count, marking them read, and delivering new ones.

``deliver`` is the one way a notification comes into being (the subscribers call it inside the
event's transaction): it honours the recipient's preferences, skips suspended accounts, mails
only verified addresses, and writes nothing twice for the same ``dedupe_key``.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

from sqlalchemy import func, update
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlmodel import Session, col, select

from spoticlone import routes
from spoticlone.config import get_settings
from spoticlone.models import Notification, NotificationEmail, User, utcnow
from spoticlone.models.common import saved_id
from spoticlone.services.core.actor import require_user
from spoticlone.services.core.dto import DTO, Page, check_page
from spoticlone.services.core.errors import NotFound
from spoticlone.services.notifications import emails, outbox, preferences, unsubscribe

#: The largest id a client may name (ids are 64-bit; JavaScript numbers are exact to 2**53).
MAX_ID = 2**53 - 1
#: Unread items the bell counts at most ("99+" beyond): counting is then cheap however many there are.
COUNT_CAP = 100


class NotificationOut(DTO):
    """One item of the list."""

    id: int
    kind: str
    title: str
    body: str
    link: str
    created_at: datetime
    read: bool


def _out(row: Notification) -> NotificationOut:
    return NotificationOut(id=saved_id(row), kind=row.kind, title=row.title, body=row.body, link=row.link,
                           created_at=row.created_at, read=row.read_at is not None)


def list_notifications(session: Session, *, actor: User | None, page: int = 1, page_size: int = 20,
                       unread_only: bool = False) -> Page[NotificationOut]:
    """The actor's notifications, newest first."""
    user = require_user(actor)
    offset = check_page(page, page_size)
    where = [col(Notification.user_id) == user.id]
    if unread_only:
        where.append(col(Notification.read_at).is_(None))
    total = session.exec(select(func.count()).select_from(Notification).where(*where)).one()
    rows = session.exec(select(Notification).where(*where)
                        .order_by(col(Notification.created_at).desc(), col(Notification.id).desc())
                        .offset(offset).limit(page_size)).all()
    return Page(items=[_out(r) for r in rows], total=total, page=page, page_size=page_size)


def unread_count(session: Session, *, actor: User | None) -> int:
    """How many unread notifications the actor has, up to ``COUNT_CAP``."""
    user = require_user(actor)
    capped = (select(Notification.id).where(Notification.user_id == user.id, col(Notification.read_at).is_(None))
              .limit(COUNT_CAP).subquery())
    return int(session.exec(select(func.count()).select_from(capped)).one())


def mark_read(session: Session, *, actor: User | None, notification_id: int) -> NotificationOut:
    """Mark one of the actor's notifications read (idempotent); ``NotFound`` for anyone else's."""
    user = require_user(actor)
    if not 1 <= notification_id <= MAX_ID:  # a forged id must be a "not found", not an overflow
        raise NotFound("That notification does not exist.")
    row = session.get(Notification, notification_id)
    if row is None or row.user_id != user.id:
        raise NotFound("That notification does not exist.")
    if row.read_at is None:
        row.read_at = utcnow()
        session.add(row)
        session.commit()
    return _out(row)


def mark_all_read(session: Session, *, actor: User | None) -> int:
    """Mark every unread notification of the actor read; how many changed."""
    user = require_user(actor)
    result = session.exec(update(Notification)
                          .where(col(Notification.user_id) == user.id, col(Notification.read_at).is_(None))
                          .values(read_at=utcnow()))
    session.commit()
    return int(result.rowcount or 0)


def deliver(session: Session, recipient: User, *, kind: str, title: str, body: str = "", link: str,
            action: str, dedupe_key: str) -> bool:
    """Notify ``recipient`` in the app and/or by mail, as their preferences say; no commit.

    Returns whether anything was written. Nothing for a suspended account, nothing already
    written under ``dedupe_key``, mail only to a verified address.
    """
    return bool(deliver_many(session, [recipient], kind=kind, title=title, body=body, link=link,
                             action=action, dedupe_key=dedupe_key))


def deliver_many(session: Session, recipients: Iterable[User], *, kind: str, title: str, body: str = "",
                 link: str, action: str, dedupe_key: str) -> int:
    """``deliver`` to each of ``recipients`` (one release to all of an artist's followers).

    The check for rows already written keeps reruns cheap; the unique (user, ``dedupe_key``)
    indexes settle a race with a copy of the same job: a row the other wrote in the meantime
    is skipped (``INSERT ... ON CONFLICT DO NOTHING``), never an error that fails the job.
    """
    people = [r for r in recipients if not r.suspended]
    if not people:
        return 0
    ids = [saved_id(r) for r in people]
    seen_app = _already(session, Notification, ids, dedupe_key)
    seen_mail = _already(session, NotificationEmail, ids, dedupe_key)
    kind_info = preferences.kind_of(kind)
    title, body = emails.one_line(title), emails.one_line(body, 500)
    origin = get_settings().public_origin
    now = utcnow()
    bell: list[dict[str, object]] = []
    mail: list[dict[str, object]] = []
    for person in people:
        in_app, email = preferences.wants(session, person, kind)
        if in_app and person.id not in seen_app:
            bell.append({"user_id": saved_id(person), "kind": kind, "title": title, "body": body, "link": link,
                         "dedupe_key": dedupe_key, "created_at": now})
        if email and person.email_verified and person.id not in seen_mail:
            rendered = emails.render(
                username=person.username, title=title, body=body, link=origin + link, action=action,
                kind_label=kind_info.label, unsubscribe_link=unsubscribe.unsubscribe_url(origin, person, kind),
                settings_link=origin + routes.SETTINGS_NOTIFICATIONS)
            mail.append({"user_id": saved_id(person), "kind": kind, "subject": rendered.subject,
                         "text": rendered.text, "html": rendered.html, "dedupe_key": dedupe_key,
                         "status": "pending", "attempts": 0, "next_try_at": now, "last_error": "",
                         "created_at": now})
    written = len(_insert_new(session, Notification, bell))
    queued = _insert_new(session, NotificationEmail, mail)
    outbox.dispatch_after_commit(session, queued)
    return written + len(queued)


def _insert_new(session: Session, table: type[Notification] | type[NotificationEmail],
                rows: list[dict[str, object]]) -> list[int]:
    """Insert ``rows``, skipping any whose (user, ``dedupe_key``) is already taken; the new ids.

    Rows with no key (``""``) are outside the partial unique index and always inserted.
    """
    insert = pg_insert if session.get_bind().dialect.name == "postgresql" else sqlite_insert
    new: list[int] = []
    for start in range(0, len(rows), 500):
        statement = (insert(table).values(rows[start:start + 500])
                     .on_conflict_do_nothing(index_elements=["user_id", "dedupe_key"],
                                             index_where=col(table.dedupe_key) != "")
                     .returning(col(table.id)))
        new.extend(session.execute(statement).scalars())
    return new


def _already(session: Session, table: type[Notification] | type[NotificationEmail], ids: list[int],
             key: str) -> set[int]:
    """Which of ``ids`` already have a row of ``table`` under ``key`` (in chunks: IN-list limits)."""
    found: set[int] = set()
    for start in range(0, len(ids), 500):
        chunk = ids[start:start + 500]
        found.update(session.exec(select(table.user_id).where(
            col(table.user_id).in_(chunk), table.dedupe_key == key)).all())
    return found
