"""The listener's ListenBrainz data in "Export my data", and its erasure with the account.

The export says that a token is stored, never the token (it is a credential, not
information about the person). Listens already submitted stay on ListenBrainz, which is
the listener's own account there; the export and the README say so.
"""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa
from sqlmodel import Session

from spoticlone.plugins import PersonalData
from spoticlone_listenbrainz.tables import accounts, listens

ABOUT = ("Your ListenBrainz connection (the ListenBrainz user name and when you connected; that a token "
         "is stored, never the token itself) and every listen queued for ListenBrainz with its status. "
         "Listens already sent are also in your ListenBrainz account, where you can delete them.")


def _iso(value: Any) -> str | None:
    return value.isoformat() if value is not None else None


def export_user(session: Session, user_id: int) -> dict[str, Any]:
    """The account's connection (no token) and its listens, oldest first."""
    conn = session.connection()
    row = conn.execute(sa.select(accounts.c.lb_user_name, accounts.c.connected_at)
                       .where(accounts.c.user_id == user_id)).first()
    connection = None if row is None else {
        "listenbrainz_user_name": row.lb_user_name,
        "connected_at": _iso(row.connected_at),
        "token": "stored encrypted on the server; not included in this export",
    }
    rows = conn.execute(sa.select(listens.c.play_event_id, listens.c.status, listens.c.attempts, listens.c.sent_at)
                        .where(listens.c.user_id == user_id).order_by(listens.c.id))
    return {
        "connection": connection,
        "listens": [{"play_event_id": r.play_event_id, "status": r.status, "attempts": r.attempts,
                     "sent_at": _iso(r.sent_at)} for r in rows],
    }


def erase_user(session: Session, user_id: int) -> None:
    """Forget the token and every listen row of the account (inside the erasure's transaction)."""
    conn = session.connection()
    conn.execute(sa.delete(listens).where(listens.c.user_id == user_id))
    conn.execute(sa.delete(accounts).where(accounts.c.user_id == user_id))


PERSONAL_DATA = PersonalData(about=ABOUT, export_user=export_user, erase_user=erase_user)
