"""The audit log's one writer: every administrative change goes through ``record``.

A service that lets an administrator change something calls ``record`` in the same
transaction as the change, so the log can never claim a change that was rolled back, nor
miss one that was committed. Only the fields that changed are kept; values under names
that look secret are replaced, so the log is safe to show to every administrator.
"""

from __future__ import annotations

import json
from datetime import date, datetime
from enum import Enum
from typing import Any

from sqlmodel import Session

from spoticlone.models import AuditEntry, User

#: Field names whose values never enter the log.
SECRET_WORDS = ("password", "secret", "token", "hash", "key", "totp", "code")
#: Longest value kept per field; longer text is cut with an ellipsis.
MAX_VALUE_CHARS = 500


def _plain(value: Any) -> Any:
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, str) and len(value) > MAX_VALUE_CHARS:
        return value[:MAX_VALUE_CHARS] + "…"
    if value is None or isinstance(value, bool | int | float | str):
        return value
    return str(value)


def _safe(fields: dict[str, Any] | None) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for name, value in (fields or {}).items():
        secret = any(word in name.lower() for word in SECRET_WORDS)
        out[name] = "(hidden)" if secret and value not in (None, "") else _plain(value)
    return out


def changed_fields(before: dict[str, Any], after: dict[str, Any]) -> tuple[dict[str, Any], dict[str, Any]]:
    """The two dicts cut down to the keys whose values differ (the audit log's "before → after")."""
    keys = [k for k in after if before.get(k) != after.get(k)]
    return {k: before.get(k) for k in keys}, {k: after[k] for k in keys}


def record(
    session: Session,
    *,
    actor: User | None,
    action: str,
    target_type: str,
    target_id: object = "",
    before: dict[str, Any] | None = None,
    after: dict[str, Any] | None = None,
    summary: str = "",
) -> AuditEntry:
    """Add one audit entry to the caller's transaction (the caller commits).

    ``actor`` is the administrator acting (``None`` for the system: a job, the CLI without an
    account). ``action`` is a dotted verb such as ``user.role`` or ``track.takedown``.
    """
    entry = AuditEntry(
        actor_id=actor.id if actor is not None else None,
        actor_name=(actor.username if actor is not None else "system")[:80],
        action=action[:64],
        target_type=target_type[:40],
        target_id=str(target_id)[:64],
        summary=summary[:300],
        before_json=json.dumps(_safe(before), ensure_ascii=False, sort_keys=True),
        after_json=json.dumps(_safe(after), ensure_ascii=False, sort_keys=True),
    )
    session.add(entry)
    return entry
