"""Which kinds of notification a listener wants, in the app and by email.

Every kind has defaults (no row needed for a listener who never opened the settings); a
row is written the first time they change a kind. The weekly digest is an email only.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, select

from spoticlone.models import NotificationPreference, User, utcnow
from spoticlone.models.common import saved_id
from spoticlone.services.core.actor import require_user
from spoticlone.services.core.dto import DTO
from spoticlone.services.core.errors import Invalid


@dataclass(frozen=True)
class Kind:
    """One kind of notification: its key, how the settings name it, and its defaults."""

    key: str
    label: str
    description: str
    in_app: bool
    email: bool
    #: False for the digest: it is a summary mail, not an item in the list.
    has_in_app: bool = True


RELEASE = "release"
FOLLOWER = "follower"
PLAYLIST_FOLLOWER = "playlist_follower"
COLLABORATION = "collaboration"
SUPPORT_REPLY = "support_reply"
DIGEST = "digest"

KINDS: tuple[Kind, ...] = (
    Kind(RELEASE, "New releases", "An artist you follow releases something.", True, True),
    Kind(FOLLOWER, "New followers", "Someone starts following you.", True, False),
    Kind(PLAYLIST_FOLLOWER, "Playlist followers", "Someone follows one of your playlists.", True, False),
    Kind(COLLABORATION, "Collaboration invitations", "Someone invites you to edit their playlist.", True, True),
    Kind(SUPPORT_REPLY, "Support replies", "Our support team answers one of your requests.", True, True),
    Kind(DIGEST, "Weekly digest", "Once a week, a summary of what you missed.", False, True, has_in_app=False),
)
BY_KEY = {kind.key: kind for kind in KINDS}


class PreferenceOut(DTO):
    """One kind's switches as the settings page and the API show them."""

    kind: str
    label: str
    description: str
    in_app: bool
    email: bool
    #: Whether the in-app switch means anything for this kind (not for the digest).
    has_in_app: bool


class PreferenceChange(DTO):
    """A change to one kind; a switch left ``None`` keeps its current value."""

    kind: str
    in_app: bool | None = None
    email: bool | None = None


def kind_of(key: str) -> Kind:
    """The kind named ``key``; ``Invalid`` with the known names otherwise."""
    try:
        return BY_KEY[key]
    except KeyError:
        raise Invalid(f"Unknown notification type {key!r}. Known types: "
                      f"{', '.join(BY_KEY)}.") from None


def wants(session: Session, recipient: User, key: str) -> tuple[bool, bool]:
    """``(in_app, email)`` for ``recipient`` and kind ``key``: their choice, else the defaults."""
    kind = kind_of(key)
    row = _row(session, saved_id(recipient), key)
    if row is None:
        return kind.in_app and kind.has_in_app, kind.email
    return row.in_app and kind.has_in_app, row.email


def list_preferences(session: Session, *, actor: User | None) -> list[PreferenceOut]:
    """The actor's switches for every kind, in the settings' order."""
    user = require_user(actor)
    rows = {row.kind: row for row in session.exec(
        select(NotificationPreference).where(NotificationPreference.user_id == user.id))}
    out = []
    for kind in KINDS:
        row = rows.get(kind.key)
        in_app, email = (row.in_app, row.email) if row else (kind.in_app, kind.email)
        out.append(PreferenceOut(kind=kind.key, label=kind.label, description=kind.description,
                                 in_app=in_app and kind.has_in_app, email=email, has_in_app=kind.has_in_app))
    return out


def update_preferences(session: Session, *, actor: User | None,
                       changes: list[PreferenceChange]) -> list[PreferenceOut]:
    """Apply ``changes`` (all or nothing: an unknown kind changes nothing) and return every kind."""
    user = require_user(actor)
    if len(changes) > len(KINDS) * 2:
        raise Invalid("Too many changes at once.")
    for change in changes:
        kind = kind_of(change.kind)
        if change.in_app is True and not kind.has_in_app:
            raise Invalid(f"{kind.label} is sent by email only.")
    for change in changes:
        _set(session, user, change.kind, in_app=change.in_app, email=change.email)
    session.commit()
    return list_preferences(session, actor=user)


def stop_emails(session: Session, recipient: User, key: str) -> None:
    """Turn off the emails of kind ``key`` for ``recipient`` (the unsubscribe link); no commit."""
    kind_of(key)
    _set(session, recipient, key, in_app=None, email=False)


def _set(session: Session, user: User, key: str, *, in_app: bool | None, email: bool | None) -> None:
    kind = kind_of(key)
    row = _row(session, saved_id(user), key)
    if row is None:
        row = NotificationPreference(user_id=saved_id(user), kind=key, in_app=kind.in_app and kind.has_in_app,
                                     email=kind.email)
        try:
            with session.begin_nested():
                session.add(row)
        except IntegrityError:  # a concurrent first change of the same kind won; change its row
            row = _row(session, saved_id(user), key) or row
    if in_app is not None:
        row.in_app = in_app and kind.has_in_app
    if email is not None:
        row.email = email
    row.updated_at = utcnow()
    session.add(row)


def _row(session: Session, user_id: int, key: str) -> NotificationPreference | None:
    return session.exec(select(NotificationPreference).where(
        NotificationPreference.user_id == user_id, NotificationPreference.kind == key)).first()
