"""One-click unsubscribe links: a signed token naming one account and one kind of email.

The link must work without signing in (RFC 8058: a mail client POSTs to it on the
listener's behalf), so the token itself is the proof. It is ``<user id>.<kind>.<signature>``
with an HMAC-SHA256 under a key of its own (``sealing.derive_key``): changing the id or the
kind breaks the signature, so a link can only ever stop its own kind of mail to its own
recipient. It does nothing else (no sign-in, no other setting), so it does not expire.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
from urllib.parse import quote

from sqlmodel import Session

from spoticlone.models import User
from spoticlone.services.core import sealing
from spoticlone.services.core.dto import DTO
from spoticlone.services.core.errors import Invalid
from spoticlone.services.notifications import preferences

PURPOSE = b"spoticlone notifications unsubscribe v1"
PATH = "/api/v1/notifications/unsubscribe"
NOT_VALID = ("This unsubscribe link is not valid. Open the latest email again, or change what we "
             "send you under Settings, Notifications.")


class UnsubscribeOut(DTO):
    """What the confirmation page says: which emails (no account details), and whether they stopped."""

    valid: bool
    kind: str = ""
    label: str = ""
    done: bool = False
    message: str = ""


def make_token(recipient: User, kind: str) -> str:
    """The token for ``recipient``'s emails of ``kind``."""
    preferences.kind_of(kind)
    body = f"{recipient.id}.{kind}"
    return f"{body}.{_sign(body)}"


def unsubscribe_url(origin: str, recipient: User, kind: str) -> str:
    """The absolute link for the mail's footer and its ``List-Unsubscribe`` header."""
    return f"{origin.rstrip('/')}{PATH}?token={quote(make_token(recipient, kind), safe='')}"


def describe_token(session: Session, *, token: str) -> UnsubscribeOut:
    """What ``token`` would stop, without stopping it (the GET page); ``valid=False`` for a bad one."""
    try:
        _user, kind = _read(session, token)
    except Invalid as refused:
        return UnsubscribeOut(valid=False, message=str(refused))
    return UnsubscribeOut(valid=True, kind=kind.key, label=kind.label,
                          message=f"Stop sending you \"{kind.label}\" emails?")


def unsubscribe_by_token(session: Session, *, token: str, explain: bool = False) -> UnsubscribeOut:
    """Stop the emails the token names (idempotent).

    A bad or tampered token raises ``Invalid``, or with ``explain`` (a person's browser, which
    shows a page rather than an error body) comes back as ``valid=False`` with the reason.
    """
    try:
        user, kind = _read(session, token)
    except Invalid as refused:
        if explain:
            return UnsubscribeOut(valid=False, message=str(refused))
        raise
    preferences.stop_emails(session, user, kind.key)
    session.commit()
    return UnsubscribeOut(valid=True, kind=kind.key, label=kind.label, done=True,
                          message=f"Done: we will not send you \"{kind.label}\" emails any more. "
                                  "You can turn them back on under Settings, Notifications.")


def _read(session: Session, token: str) -> tuple[User, preferences.Kind]:
    if not isinstance(token, str) or len(token) > 200 or token.count(".") != 2:
        raise Invalid(NOT_VALID)
    user_id, kind_key, signature = token.split(".")
    if not hmac.compare_digest(_sign(f"{user_id}.{kind_key}"), signature):
        raise Invalid(NOT_VALID)
    kind = preferences.BY_KEY.get(kind_key)
    user = session.get(User, int(user_id)) if user_id.isdigit() and len(user_id) < 19 else None
    if kind is None or user is None:
        raise Invalid(NOT_VALID)
    return user, kind


def _sign(body: str) -> str:
    digest = hmac.new(sealing.derive_key(PURPOSE), body.encode(), hashlib.sha256).digest()
    return base64.urlsafe_b64encode(digest).rstrip(b"=").decode()
