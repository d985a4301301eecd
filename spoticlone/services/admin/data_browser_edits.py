"""Edits from the admin data browser, each through the service that owns the rule.

The browser never writes a column itself. A field is editable only when a service already
decides what a valid change is: roles and suspensions (``admin.roles``: the last admin
stays, nobody suspends themselves), the verified badge (``admin.artists``), a person's
name and username (``set_user_name`` here: the checks of ``accounts.profiles``, their
settings page, applied by the administrator), a genre's description (``catalog.editing``).
Every other field is read-only, and the table's policy says why.

Every edit writes exactly one audit entry in the same transaction as the change: the
services that already audit their admin actions (roles, artists, names) write it themselves;
for the others the entry is added before the service commits, so the change and its
entry are committed together or not at all.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, select

from spoticlone.models import ArtistProfile, Genre, User
from spoticlone.services.accounts import profiles, signup
from spoticlone.services.admin import artists, audit, roles
from spoticlone.services.catalog import editing
from spoticlone.services.core.actor import require_admin
from spoticlone.services.core.errors import Conflict, Invalid, NotFound


@dataclass(frozen=True)
class Editor:
    """How one editable field is changed: its input kind, the choices, and the service call."""

    kind: str  # "text", "bool" or "choice"
    apply: Callable[[Session, User, int, Any], None]
    choices: tuple[str, ...] = ()
    #: True when the service writes its own audit entry (the browser must not add a second).
    audits_itself: bool = False
    help: str = ""


def _as_bool(value: Any) -> bool:
    if isinstance(value, bool):
        return value
    if isinstance(value, str) and value.strip().lower() in ("true", "false"):
        return value.strip().lower() == "true"
    raise Invalid("Choose yes or no.")


def _as_text(value: Any) -> str:
    if not isinstance(value, str):
        raise Invalid("Enter the new value as text.")
    return value


def _set_role(session: Session, admin: User, row_id: int, value: Any) -> None:
    roles.set_role(session, actor=admin, user_id=row_id, role=_as_text(value))


def _set_suspended(session: Session, admin: User, row_id: int, value: Any) -> None:
    roles.set_suspended(session, actor=admin, user_id=row_id, suspended=_as_bool(value))


def _set_verified(session: Session, admin: User, row_id: int, value: Any) -> None:
    artists.set_artist_verified(session, actor=admin, artist_id=row_id, verified=_as_bool(value))


#: The name fields an administrator may correct, with the words their messages use.
NAME_FIELDS = {"username": "username", "first_name": "first name", "last_name": "last name"}


def set_user_name(session: Session, *, actor: User | None, user_id: int, field: str, value: Any) -> User:
    """An administrator corrects someone's username, first or last name; audit-logged, committed.

    The person's own rules apply (``accounts.profiles``: the username rules and a free
    name, names trimmed, length and printable characters), but it is the administrator who
    acts: the person's suspension, pending terms or session play no part. A value that
    normalises to what is stored changes nothing and logs nothing. Raises ``Invalid`` for a
    bad value, ``Conflict`` for a taken username, ``NotFound`` for a missing person.
    """
    admin = require_admin(actor)
    if field not in NAME_FIELDS:
        raise Invalid(f"Only {', '.join(NAME_FIELDS)} can be changed this way.")
    person = session.get(User, user_id) if isinstance(user_id, int) else None
    if person is None:
        raise NotFound(roles.NO_SUCH_USER)
    text = _as_text(value)
    if field == "username":
        new = signup.normalize_username(text)
        taken = session.exec(select(User.id).where(User.username == new, User.id != person.id)).first()
        if taken is not None:
            raise Conflict(signup.USERNAME_TAKEN)
    else:
        # The settings page's own cleaner, so both ways of changing a name accept the same text.
        new = profiles.clean_name(text, NAME_FIELDS[field])
    before = getattr(person, field)
    if new == before:
        return person
    setattr(person, field, new)
    session.add(person)
    audit.record(session, actor=admin, action=f"data.user.{field}", target_type="user", target_id=person.id,
                 before={field: before}, after={field: new}, summary=f"Edited {field} of user {person.id}")
    try:
        session.commit()
    except IntegrityError:
        # Two people claimed the same username at once: the unique index decides.
        session.rollback()
        raise Conflict(signup.USERNAME_TAKEN) from None
    return person


def _name_field(field: str) -> Callable[[Session, User, int, Any], None]:
    def apply(session: Session, admin: User, row_id: int, value: Any) -> None:
        set_user_name(session, actor=admin, user_id=row_id, field=field, value=value)
    return apply


def _genre_description(session: Session, admin: User, row_id: int, value: Any) -> None:
    genre = session.get(Genre, row_id)
    if genre is None:
        raise NotFound("That genre does not exist.")
    editing.describe_genre(session, slug=genre.slug, description=_as_text(value))


#: (table, column) -> how to edit it. Anything not listed is read-only.
EDITORS: dict[tuple[str, str], Editor] = {
    ("user", "role"): Editor("choice", _set_role, choices=("listener", "artist", "admin"), audits_itself=True,
                             help="The last active administrator cannot be demoted."),
    ("user", "suspended"): Editor("bool", _set_suspended, audits_itself=True,
                                  help="Suspending signs the person out everywhere; you cannot suspend yourself."),
    ("user", "username"): Editor("text", _name_field("username"), audits_itself=True,
                                 help="Must be free and follow the sign-up rules."),
    ("user", "first_name"): Editor("text", _name_field("first_name"), audits_itself=True),
    ("user", "last_name"): Editor("text", _name_field("last_name"), audits_itself=True),
    ("artistprofile", "verified"): Editor("bool", _set_verified, audits_itself=True,
                                          help="The badge tells listeners the profile really is that artist."),
    ("genre", "description"): Editor("text", _genre_description, help="Shown on the genre's page."),
}

#: The model behind each editable table, to read the row before and after an edit.
MODELS: dict[str, type] = {"user": User, "artistprofile": ArtistProfile, "genre": Genre}


def editable_fields(table: str) -> dict[str, Editor]:
    """The editable columns of ``table`` by name (empty: the table is read-only)."""
    return {column: editor for (name, column), editor in EDITORS.items() if name == table}


def apply_edit(session: Session, *, admin: User, table: str, row_id: int, column: str, value: Any,
               read: Callable[[], dict[str, Any]]) -> None:
    """Change one field through its service; ``read`` returns the row's visible values.

    Raises ``Invalid`` for a field that cannot be edited, and whatever the service raises
    (nothing is changed or logged then).
    """
    editor = EDITORS.get((table, column))
    if editor is None:
        raise Invalid(f"The field {column[:60]!r} of {table[:60]!r} cannot be edited here.")
    before = read().get(column)
    if editor.audits_itself:
        editor.apply(session, admin, row_id, value)
        return
    entry = audit.record(
        session, actor=admin, action=f"data.{table}.{column}"[:64], target_type=table, target_id=row_id,
        before={column: before}, after={column: value}, summary=f"Edited {column} of {table} {row_id}",
    )
    try:
        editor.apply(session, admin, row_id, value)
    except Exception:
        session.rollback()
        raise
    after = read().get(column)
    if after == before:
        # Nothing changed (the value was normalised back to what it was): no entry.
        session.delete(entry)
        session.commit()
        return
    if after != value:
        # The service normalised the value (trimmed spaces...): log what was stored.
        session.delete(entry)
        audit.record(
            session, actor=admin, action=f"data.{table}.{column}"[:64], target_type=table, target_id=row_id,
            before={column: before}, after={column: after}, summary=f"Edited {column} of {table} {row_id}",
        )
        session.commit()
