"""Smart playlists: create, edit, delete, list, preview, open (evaluated live) and ``.nsp`` files.

A smart playlist is its own table, not a kind of ``Playlist``: it has no rows to add, remove
or reorder, so collaborators and covers have no meaning. It shares the playlist rules of
who sees what: the **owner** does everything; an **admin** reads and may delete
(moderation) but edits nothing; **anybody else** reads it only when it is public. A private
one is ``NotFound`` to them (its existence is not revealed). Opening one evaluates its rules
now, always with the owner's plays, likes and ratings.
"""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any

from pydantic import Field
from sqlmodel import Session, col, select

from spoticlone import routes
from spoticlone.models import SmartPlaylist, User
from spoticlone.models.common import saved_id
from spoticlone.services.catalog.dto import TrackOut
from spoticlone.services.catalog.views import published_track_dtos
from spoticlone.services.core.actor import is_admin, require_user
from spoticlone.services.core.clock import SYSTEM_CLOCK, Clock
from spoticlone.services.core.dto import DTO
from spoticlone.services.core.errors import Invalid, NotFound, PermissionDenied
from spoticlone.services.library.dto import UserRef, user_ref
from spoticlone.services.library.playlists.manage import clean_description, clean_name
from spoticlone.services.library.smart_nsp import export_nsp, parse_nsp
from spoticlone.services.library.smart_query import count_query, track_ids_query
from spoticlone.services.library.smart_rules import Criteria, group_json, parse_criteria, parse_group

NOT_FOUND = "That smart playlist does not exist."
#: A listener's own list shows at most this many (far more than anyone builds by hand).
MAX_OWNED = 200


class SmartPlaylistOut(DTO):
    """A smart playlist's settings and what the viewer may do with it."""

    id: int
    name: str
    description: str
    url: str
    edit_url: str
    public: bool
    owner: UserRef
    rules: dict[str, Any] = Field(description="{\"match\": \"all\"|\"any\", \"rules\": [rule or group, ...]}")
    sort: str
    order: str
    limit: int
    created_at: datetime
    updated_at: datetime
    can_edit: bool = False
    can_delete: bool = False


class SmartPreviewOut(DTO):
    """How many published tracks match now, and how many the playlist will hold (≤ limit)."""

    matching: int
    count: int


class SmartPlaylistDetail(DTO):
    """A smart playlist with its tracks as of now."""

    playlist: SmartPlaylistOut
    tracks: list[TrackOut]
    matching: int


def _criteria_of(row: SmartPlaylist) -> Criteria:
    """The stored rules, checked again (an old row never reaches SQL unchecked)."""
    return parse_criteria(json.loads(row.rules), sort=row.sort_field, order=row.sort_order, limit=row.limit)


def _out(session: Session, row: SmartPlaylist, actor: User | None) -> SmartPlaylistOut:
    owner = session.get(User, row.owner_id)
    assert owner is not None  # the row is deleted with its owner (ON DELETE CASCADE)
    mine = actor is not None and actor.id == row.owner_id
    smart_id = saved_id(row)
    return SmartPlaylistOut(
        id=smart_id, name=row.name, description=row.description, url=routes.smart_playlist_url(smart_id),
        edit_url=routes.smart_edit_url(smart_id), public=row.public, owner=user_ref(owner),
        rules=json.loads(row.rules), sort=row.sort_field, order=row.sort_order, limit=row.limit,
        created_at=row.created_at, updated_at=row.updated_at, can_edit=mine, can_delete=mine or is_admin(actor),
    )


def _readable(session: Session, actor: User | None, smart_id: int) -> SmartPlaylist:
    valid = isinstance(smart_id, int) and not isinstance(smart_id, bool) and 0 < smart_id < 2**63
    row = session.get(SmartPlaylist, smart_id) if valid else None
    if row is None:
        raise NotFound(NOT_FOUND)
    owner = actor is not None and actor.id == row.owner_id
    if not (row.public or owner or is_admin(actor)):
        raise NotFound(NOT_FOUND)
    return row


def _owned(session: Session, actor: User | None, smart_id: int) -> SmartPlaylist:
    user = require_user(actor)
    row = _readable(session, user, smart_id)
    if row.owner_id != user.id:
        raise PermissionDenied("Only the smart playlist's owner can change it.")
    return row


def _checked(rules: Any, sort: Any, order: Any, limit: Any) -> Criteria:
    return parse_criteria(rules, sort=sort, order=order, limit=limit)


def _apply(row: SmartPlaylist, criteria: Criteria, *, name: Any, description: Any, public: Any) -> None:
    if not isinstance(public, bool):
        raise Invalid("public: must be true or false.")
    clean, described = clean_name(name), clean_description(description)
    row.name, row.description = clean, described
    row.rules = json.dumps(group_json(criteria.root), separators=(",", ":"))
    row.sort_field, row.sort_order, row.limit = criteria.sort, criteria.order, criteria.limit
    row.public = public


def create_smart_playlist(session: Session, *, actor: User | None, name: Any, rules: Any, sort: Any = "title",
                          order: Any = "asc", limit: Any = 100, description: Any = "",
                          public: Any = False) -> SmartPlaylistOut:
    """A new smart playlist of the actor's, after every rule is checked."""
    user = require_user(actor)
    criteria = _checked(rules, sort, order, limit)
    row = SmartPlaylist(owner_id=saved_id(user), name="", rules="{}")
    _apply(row, criteria, name=name, description=description, public=public)
    session.add(row)
    session.flush()
    return _out(session, row, user)


def update_smart_playlist(session: Session, *, actor: User | None, smart_id: int, name: Any, rules: Any,
                          sort: Any = "title", order: Any = "asc", limit: Any = 100, description: Any = "",
                          public: Any = False, clock: Clock = SYSTEM_CLOCK) -> SmartPlaylistOut:
    """Replace a smart playlist's settings (owner only); nothing changes if any is wrong."""
    row = _owned(session, actor, smart_id)
    criteria = _checked(rules, sort, order, limit)
    _apply(row, criteria, name=name, description=description, public=public)
    row.updated_at = clock.now()
    session.add(row)
    session.flush()
    return _out(session, row, actor)


def delete_smart_playlist(session: Session, *, actor: User | None, smart_id: int) -> None:
    """Delete one (its owner, or an admin moderating)."""
    user = require_user(actor)
    row = _readable(session, user, smart_id)
    if row.owner_id != user.id and not is_admin(user):
        raise PermissionDenied("Only the smart playlist's owner can delete it.")
    session.delete(row)
    session.flush()


def my_smart_playlists(session: Session, *, actor: User | None) -> list[SmartPlaylistOut]:
    """The actor's smart playlists, most recently changed first."""
    user = require_user(actor)
    rows = session.exec(
        select(SmartPlaylist).where(SmartPlaylist.owner_id == user.id)
        .order_by(col(SmartPlaylist.updated_at).desc(), col(SmartPlaylist.id).desc()).limit(MAX_OWNED)
    ).all()
    return [_out(session, row, user) for row in rows]


def _evaluate(session: Session, criteria: Criteria, owner_id: int, clock: Clock) -> tuple[list[int], int]:
    now = clock.now()
    ids = list(session.exec(track_ids_query(criteria, owner_id=owner_id, now=now)).all())
    matching = int(session.exec(count_query(criteria, owner_id=owner_id, now=now)).one())
    return [int(i) for i in ids if i is not None], matching


def preview_smart_playlist(session: Session, *, actor: User | None, rules: Any, sort: Any = "title",
                           order: Any = "asc", limit: Any = 100, clock: Clock = SYSTEM_CLOCK) -> SmartPreviewOut:
    """How many tracks unsaved rules would give the actor now (the builder's live count)."""
    user = require_user(actor)
    criteria = _checked(rules, sort, order, limit)
    now = clock.now()
    matching = int(session.exec(count_query(criteria, owner_id=saved_id(user), now=now)).one())
    return SmartPreviewOut(matching=matching, count=min(matching, criteria.limit))


def smart_playlist_detail(session: Session, *, actor: User | None, smart_id: int,
                          clock: Clock = SYSTEM_CLOCK) -> SmartPlaylistDetail:
    """A smart playlist and the tracks its rules select now, in its order."""
    row = _readable(session, actor, smart_id)
    ids, matching = _evaluate(session, _criteria_of(row), row.owner_id, clock)
    found = published_track_dtos(session, ids)
    return SmartPlaylistDetail(playlist=_out(session, row, actor), tracks=[found[i] for i in ids if i in found],
                               matching=matching)


def check_rules(rules: Any) -> dict[str, Any]:
    """The rule tree, tidied (values trimmed and typed); ``Invalid`` names a wrong field."""
    return group_json(parse_group(rules))


def import_nsp(session: Session, *, actor: User | None, data: bytes, name: Any = "") -> SmartPlaylistOut:
    """A new smart playlist from a Navidrome ``.nsp`` file (its name unless ``name`` is given)."""
    user = require_user(actor)
    if not isinstance(data, bytes):
        raise Invalid("Choose a .nsp file to import.")
    parsed = parse_nsp(data)
    chosen = name if isinstance(name, str) and name.strip() else (parsed.name or "Imported smart playlist")
    return create_smart_playlist(
        session, actor=user, name=chosen, rules=group_json(parsed.root), sort=parsed.sort, order=parsed.order,
        limit=parsed.limit, description=parsed.comment, public=parsed.public,
    )


def export_smart_playlist(session: Session, *, actor: User | None, smart_id: int) -> dict[str, Any]:
    """The ``.nsp`` JSON of a smart playlist the actor may read."""
    row = _readable(session, actor, smart_id)
    return export_nsp(_criteria_of(row), name=row.name, comment=row.description, public=row.public)
