"""Archive (end-of-life) mode: an operator switch that makes the whole service read-only.

While the switch is on, listening, searching, signing in and out, exports and backups
keep working; everything that would change the catalog, a library or an account is
refused with the operator's message. The refusal is enforced once, below every adapter:
``install_write_guard`` hooks SQLAlchemy's flush (and ORM ``UPDATE``/``DELETE``
statements), so an API route, a page's event handler, a CLI command or a job that tries
to write a row outside ``WRITABLE_WHILE_ARCHIVED`` gets the same ``Conflict``. The API
also answers unsafe methods early with 423 (``api/write_guard.py``), before any work.

One kind of change outlives the archive: deleting an account. The right to erasure (GDPR
Art. 17) does not end because the service is closing, so a listener can still ask to
delete their account (and change their mind by signing in), an administrator can still
delete one, and the erasure still runs after the grace period. Those services run their
writes under ``core.write_guards.exempt(session, ERASURE)``; nothing else does.
"""

from __future__ import annotations

import logging
from datetime import date, datetime

from sqlalchemy import event, select
from sqlalchemy.engine import Engine
from sqlalchemy.orm import ORMExecuteState
from sqlmodel import Session, col

from spoticlone.models import ArchiveSwitch, utcnow
from spoticlone.services.admin import audit
from spoticlone.services.core.actor import Actor, require_admin
from spoticlone.services.core.db_cache import PerDatabase
from spoticlone.services.core.dto import DTO
from spoticlone.services.core.errors import Conflict, Invalid
from spoticlone.services.core.write_guards import exemption, sets_only, statement_table, written_tables

log = logging.getLogger(__name__)

#: The code of the refusal every write gets while the service is archived.
ARCHIVED = "service_archived"
SWITCH_ID = 1
MAX_MESSAGE = 2000
MAX_CONTACT = 320
DEFAULT_MESSAGE = (
    "Spoticlone is closing. The service is now read-only: you can still listen to music "
    "and download your data, but sign-ups, uploads and changes are closed."
)

#: Tables that may still be written while archived: signing in and out, throttles,
#: listening history (playback must keep working), operations and the switch itself.
#: A feature that must keep working in archive mode (data export) adds its tables with
#: ``allow_while_archived``.
WRITABLE_WHILE_ARCHIVED: set[str] = {
    "archiveswitch", "authsession", "authticket", "emailcode", "ratelimitcounter",
    # Subsonic apps keep listening: signing one in notes when its app password was last used.
    "apppassword",
    "retiredrefreshtoken", "recoverycode", "jobfailure", "backuprun",
    "playevent", "savedplayqueue", "recentsearch", "chartdaily", "trackplaysdaily",
    "artistlistener", "artistlistenerdaily", "dataexport", "bulkexportrun",
    # The admin dashboard's rollups of those plays (services/insight/rollups.py).
    "insightwatermark", "insightday", "insighttrackday", "insighttrackmonth", "insighthour", "insightplaylistday",
    "insightplaylistmonth", "insightactivity", "insightactive", "insightcohort", "insightlistener",
    # The admin changes still allowed (the switch, backups) are audited like any other.
    "auditentry",
}


class ArchiveStatus(DTO):
    """What the banner and the admin page show; ``enabled`` False means business as usual."""

    enabled: bool
    message: str
    contact: str
    closes_on: date | None = None
    changed_at: datetime | None = None

    @property
    def notice(self) -> str:
        """The one sentence every refused write answers with (API ``detail``, UI toast)."""
        parts = [self.message or DEFAULT_MESSAGE]
        if self.closes_on:
            parts.append(f"The service closes for good on {self.closes_on:%-d %B %Y}.")
        if self.contact:
            parts.append(f"Questions: {self.contact}.")
        return " ".join(parts)


def allow_while_archived(*tables: str) -> None:
    """Let ``tables`` be written in archive mode (for work that must go on: exports)."""
    WRITABLE_WHILE_ARCHIVED.update(tables)


def _read_switch(session: Session) -> ArchiveStatus:
    # Plain columns, not the entity: nothing joins the identity map, and this runs
    # inside a flush too, where loading an object would be unwelcome.
    row = session.execute(
        select(col(ArchiveSwitch.enabled), col(ArchiveSwitch.message), col(ArchiveSwitch.contact),
               col(ArchiveSwitch.closes_on), col(ArchiveSwitch.changed_at)).where(col(ArchiveSwitch.id) == SWITCH_ID)
    ).first()
    if row is None:
        return ArchiveStatus(enabled=False, message="", contact="")
    return ArchiveStatus(enabled=row.enabled, message=row.message, contact=row.contact,
                         closes_on=row.closes_on, changed_at=row.changed_at)


#: Read before every write (the API guard, each flush): kept per process for a few seconds
#: (``core.db_cache.TTL``); ``set_archive`` forgets it, other workers follow within the TTL.
_SWITCH = PerDatabase(_read_switch)


def archive_status(session: Session) -> ArchiveStatus:
    """The switch as everyone may see it (the banner is public)."""
    return _SWITCH.get(session)


def known_status(engine: Engine) -> ArchiveStatus | None:
    """The switch if this process read it moments ago, else None: no query (for the event loop)."""
    return _SWITCH.peek(engine)


def admin_status(session: Session, *, actor: Actor) -> ArchiveStatus:
    """The switch for the admin page (admins only: it says who may change it)."""
    require_admin(actor)
    return _read_switch(session)


def archived_refusal(status: ArchiveStatus) -> Conflict:
    """The refusal for a write while ``status`` is on."""
    return Conflict(status.notice, code=ARCHIVED)


def require_writable(session: Session) -> None:
    """``Conflict`` (code ``service_archived``) when the service is read-only."""
    status = _SWITCH.get(session)
    if status.enabled:
        raise archived_refusal(status)


def _clean(text: str | None, limit: int, what: str) -> str:
    value = (text or "").strip()
    if len(value) > limit:
        raise Invalid(f"The {what} can be at most {limit} characters.")
    return value


def set_archive(
    session: Session,
    *,
    actor: Actor,
    enabled: bool,
    message: str = "",
    contact: str = "",
    closes_on: date | None = None,
    operator: bool = False,
) -> ArchiveStatus:
    """Turn archive mode on or off. Admins only, or ``operator=True`` (the server's shell).

    Turning it on without a message uses ``DEFAULT_MESSAGE``, so listeners are always told
    what happens next.
    """
    author = None if operator else require_admin(actor)
    text = _clean(message, MAX_MESSAGE, "message")
    contact_text = _clean(contact, MAX_CONTACT, "contact")
    if enabled and not text:
        text = DEFAULT_MESSAGE
    row = session.get(ArchiveSwitch, SWITCH_ID) or ArchiveSwitch(id=SWITCH_ID)
    before = {"enabled": row.enabled, "message": row.message, "contact": row.contact, "closes_on": row.closes_on}
    row.enabled = bool(enabled)
    row.message = text
    row.contact = contact_text
    row.closes_on = closes_on
    row.changed_at = utcnow()
    row.changed_by_id = author.id if author else None
    session.add(row)
    was, now = audit.changed_fields(before, {"enabled": row.enabled, "message": text, "contact": contact_text,
                                             "closes_on": closes_on})
    audit.record(session, actor=author, action="archive.switch", target_type="archiveswitch", target_id=SWITCH_ID,
                 before=was, after=now, summary=f"Archive mode {'on' if row.enabled else 'off'}")
    session.commit()
    _SWITCH.forget(session)
    who = f"user {row.changed_by_id}" if author else "the operator"
    log.warning("archive mode %s by %s", "ON" if enabled else "off", who)
    return _read_switch(session)


def _guard_flush(session: Session, _context, _instances) -> None:
    if exemption(session) is None and written_tables(session) - WRITABLE_WHILE_ARCHIVED:
        require_writable(session)


#: Columns an ``UPDATE`` may still set while archived: play counters move with listening.
COUNTERS_WHILE_ARCHIVED = frozenset({"play_count"})


def _guard_statement(state: ORMExecuteState) -> None:
    table = statement_table(state)
    if table is None or exemption(state.session) is not None:
        return
    if table not in WRITABLE_WHILE_ARCHIVED and not sets_only(state, COUNTERS_WHILE_ARCHIVED):
        require_writable(state.session)  # type: ignore[arg-type]  # a sqlmodel Session here


def install_write_guard() -> None:
    """Refuse writes in archive mode on every session (idempotent; ``spoticlone.db`` calls it)."""
    if not event.contains(Session, "before_flush", _guard_flush):
        event.listen(Session, "before_flush", _guard_flush)
        event.listen(Session, "do_orm_execute", _guard_statement)
