"""The rules for a listener's ListenBrainz connection: connect (token checked), view, disconnect.

Every function acts for the signed-in ``actor`` only: there is no user id parameter, so
nobody can read or change another listener's connection. The token is checked with
``GET /1/validate-token`` before it is kept, then stored sealed (``services.core.sealing``).
"""

from __future__ import annotations

import re
from datetime import UTC, datetime
from typing import Any

import httpx
import sqlalchemy as sa
from sqlmodel import Session

from spoticlone.services.core.actor import require_user
from spoticlone.services.core.dto import DTO
from spoticlone.services.core.errors import Invalid
from spoticlone.services.core.sealing import fernet_for
from spoticlone_listenbrainz.tables import accounts, listens

_PURPOSE = b"spoticlone plugin listenbrainz token"
_TOKEN = re.compile(r"^[A-Za-z0-9_-]{8,100}$")
#: How long checking a token may take while the listener waits (see ``connect_with_service``).
CHECK_TIMEOUT = httpx.Timeout(3.0)


class Connection(DTO):
    """What the settings page shows: never the token itself."""

    connected: bool
    user_name: str
    sent: int
    waiting: int


def seal(token: str) -> str:
    return fernet_for(_PURPOSE).encrypt(token.encode()).decode()


def unseal(sealed: str) -> str:
    return fernet_for(_PURPOSE).decrypt(sealed.encode()).decode()


def _now() -> datetime:
    return datetime.now(UTC).replace(tzinfo=None)


def connection(session: Session, *, actor: Any) -> Connection:
    """The actor's own connection and how many of their listens were sent or are waiting."""
    user = require_user(actor)
    conn = session.connection()
    row = conn.execute(sa.select(accounts.c.lb_user_name).where(accounts.c.user_id == user.id)).first()
    counts: dict[str, int] = dict(conn.execute(
        sa.select(listens.c.status, sa.func.count()).where(listens.c.user_id == user.id).group_by(listens.c.status)
    ).all())
    return Connection(connected=row is not None, user_name=row.lb_user_name if row else "",
                      sent=counts.get("sent", 0), waiting=counts.get("pending", 0))


def validate_token(client: httpx.Client, base_url: str, token: str) -> str:
    """The ListenBrainz user name for ``token``.

    Raises:
        Invalid: the service refused the token, or could not be reached.
    """
    try:
        answer = client.get(f"{base_url}/1/validate-token", headers={"Authorization": f"Token {token}"})
    except httpx.HTTPError:
        raise Invalid("ListenBrainz could not be reached, so the token was not checked. Try again later.") from None
    body: Any = {}
    try:
        body = answer.json()
    except ValueError:
        pass
    if answer.status_code >= 500 or not isinstance(body, dict):
        raise Invalid("ListenBrainz could not be reached, so the token was not checked. Try again later.")
    if answer.status_code != 200 or body.get("valid") is not True:
        raise Invalid("ListenBrainz did not accept that token. Copy it again from your ListenBrainz settings page.")
    return str(body.get("user_name") or "")[:100]


def connect(session: Session, *, actor: Any, token: str, client: httpx.Client, base_url: str) -> Connection:
    """Check ``token`` with the service and keep it (sealed) for the actor; replaces an older one.

    Raises:
        PermissionDenied: signed out.
        Invalid: a malformed or refused token, or the service is down; nothing was changed.
    """
    user = require_user(actor)
    token = (token or "").strip()
    if not _TOKEN.match(token):
        raise Invalid("Paste your ListenBrainz user token: letters, digits and dashes, as shown on ListenBrainz.")
    user_name = validate_token(client, base_url, token)
    conn = session.connection()
    conn.execute(sa.delete(accounts).where(accounts.c.user_id == user.id))
    conn.execute(sa.insert(accounts).values(user_id=user.id, token_sealed=seal(token),
                                            lb_user_name=user_name, connected_at=_now()))
    session.commit()
    return connection(session, actor=user)


def disconnect(session: Session, *, actor: Any) -> Connection:
    """Forget the actor's token; listens not sent yet are dropped with it."""
    user = require_user(actor)
    conn = session.connection()
    conn.execute(sa.delete(accounts).where(accounts.c.user_id == user.id))
    conn.execute(sa.delete(listens).where(listens.c.user_id == user.id, listens.c.status != "sent"))
    session.commit()
    return connection(session, actor=user)


def token_for(session: Session, user_id: int) -> str | None:
    row = session.connection().execute(
        sa.select(accounts.c.token_sealed).where(accounts.c.user_id == user_id)).first()
    return unseal(row.token_sealed) if row else None


def connect_with_service(session: Session, *, actor: Any, token: str) -> Connection:
    """``connect`` against the configured service, through the plugin's declared-hosts client."""
    from spoticlone.plugins import http_client, plugin_settings
    from spoticlone_listenbrainz.plugin import plugin

    require_user(actor)
    settings: Any = plugin_settings(session, "listenbrainz")
    # A listener is waiting on the settings page, and their session stays locked meanwhile (with
    # Redis the lock expires after 4 s): a slow ListenBrainz gets the "could not be reached" answer.
    with http_client(plugin, timeout=CHECK_TIMEOUT) as client:
        return connect(session, actor=actor, token=token, client=client, base_url=settings.base_url)
