"""Editorial playlists: public playlists that administrators feature on Home and Browse.

A feature puts a playlist on a shelf at a position for a period (``starts_at`` until
``ends_at``, open-ended when None; an instant equal to ``ends_at`` is already past it). Only
administrators curate (``require_admin``): features are shown to everyone, so they are the
site's voice, and the admin role is the one the site already trusts with every account.

What listeners see is decided when they ask, never stored: a feature shows only inside its
period and only while its playlist is public, so a playlist that goes private disappears
from every shelf at once (and comes back if made public again within the period); deleting
a playlist deletes its features. Positions on a shelf stay 0..n-1, so "up" and "down" are
swaps with a neighbour and two shelves never interleave.
"""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import bindparam, or_
from sqlmodel import Session, col, select

from spoticlone.models import EditorialFeature, Playlist, PlaylistVisibility, User
from spoticlone.models.common import saved_id
from spoticlone.services.admin import audit
from spoticlone.services.core.actor import Actor, require_admin
from spoticlone.services.core.clock import SYSTEM_CLOCK, Clock
from spoticlone.services.core.dto import DTO
from spoticlone.services.core.errors import Conflict, Invalid, NotFound
from spoticlone.services.core.quick_reads import quick_read
from spoticlone.services.library.dto import PlaylistOut
from spoticlone.services.library.playlists.views import playlist_dtos

#: The shelf a feature goes on when none is named; Home titles it "Featured playlists".
DEFAULT_SHELF = "Featured"
MAX_SHELF = 60
MAX_BLURB = 280
#: A shelf is a row of cards, not a catalogue: past this, remove one first.
MAX_PER_SHELF = 30
#: Dates outside these years are typing mistakes (and keep every database's datetime happy).
FIRST_YEAR, LAST_YEAR = 2000, 2200
NO_SUCH_FEATURE = "That featured playlist does not exist."


class FeatureOut(DTO):
    """A live feature as Home and Browse show it."""

    id: int
    shelf: str
    position: int
    blurb: str
    starts_at: datetime
    ends_at: datetime | None
    playlist: PlaylistOut


class EditorialShelf(DTO):
    """One shelf of live features, in order."""

    name: str
    features: list[FeatureOut]


class AdminFeature(DTO):
    """A feature as the editorial admin page lists it, live or not."""

    id: int
    shelf: str
    position: int
    blurb: str
    starts_at: datetime
    ends_at: datetime | None
    playlist_id: int
    playlist_name: str
    playlist_url: str
    playlist_public: bool
    #: "live", "scheduled" (starts later), "ended" or "hidden" (the playlist is private now).
    status: str


def _shelf_order(name: str) -> tuple[int, str]:
    return (0 if name == DEFAULT_SHELF else 1, name.casefold())


def _aware(when: datetime | None, field: str) -> datetime | None:
    """``when`` in UTC; a naive value is taken as UTC (what the API documents)."""
    if when is None:
        return None
    if not isinstance(when, datetime):
        raise Invalid(f"{field}: give a date and time.")
    if not FIRST_YEAR <= when.year <= LAST_YEAR:
        raise Invalid(f"{field}: pick a date between {FIRST_YEAR} and {LAST_YEAR}.")
    return when.replace(tzinfo=UTC) if when.tzinfo is None else when.astimezone(UTC)


def _check_period(starts_at: datetime, ends_at: datetime | None) -> None:
    if ends_at is not None and ends_at <= starts_at:
        raise Invalid("ends_at: the end must come after the start.")


def _clean_shelf(shelf: str | None) -> str:
    name = " ".join((shelf or "").split()) or DEFAULT_SHELF
    if len(name) > MAX_SHELF:
        raise Invalid(f"shelf: at most {MAX_SHELF} characters.")
    return name


def _clean_blurb(blurb: str | None) -> str:
    text = " ".join((blurb or "").split())
    if len(text) > MAX_BLURB:
        raise Invalid(f"blurb: at most {MAX_BLURB} characters.")
    return text


def _status(feature: EditorialFeature, playlist: Playlist, now: datetime) -> str:
    if playlist.visibility != PlaylistVisibility.PUBLIC:
        return "hidden"
    if _aware(feature.starts_at, "starts_at") > now:  # type: ignore[operator]
        return "scheduled"
    ends = _aware(feature.ends_at, "ends_at")
    return "ended" if ends is not None and ends <= now else "live"


def _shelf_rows(session: Session, shelf: str) -> list[EditorialFeature]:
    return list(session.exec(select(EditorialFeature).where(EditorialFeature.shelf == shelf)
                             .order_by(col(EditorialFeature.position), col(EditorialFeature.id))).all())


def _renumber(rows: list[EditorialFeature]) -> None:
    for position, row in enumerate(rows):
        row.position = position


def _public_playlist(session: Session, playlist_id: int) -> Playlist:
    playlist = session.get(Playlist, playlist_id)
    if playlist is None:
        raise NotFound("That playlist does not exist.")
    if playlist.visibility != PlaylistVisibility.PUBLIC:
        raise Invalid("Only public playlists can be featured. Ask the owner to make it public first.")
    return playlist


def _load(session: Session, feature_id: int) -> EditorialFeature:
    feature = session.get(EditorialFeature, feature_id)
    if feature is None:
        raise NotFound(NO_SUCH_FEATURE)
    return feature


def _place_on(session: Session, feature: EditorialFeature, shelf: str) -> None:
    """Put ``feature`` last on ``shelf``, refusing a duplicate or a full shelf."""
    rows = [r for r in _shelf_rows(session, shelf) if r.id != feature.id]
    if any(r.playlist_id == feature.playlist_id for r in rows):
        raise Conflict(f"That playlist is already on the \u201c{shelf}\u201d shelf.")
    if len(rows) >= MAX_PER_SHELF:
        raise Invalid(f"The \u201c{shelf}\u201d shelf is full ({MAX_PER_SHELF}). Remove one first.")
    feature.shelf, feature.position = shelf, len(rows)


#: ``live_shelves``' read: Home asks on every visit (a hot read, docs/architecture.md).
_LIVE = (
    select(EditorialFeature, Playlist).join(Playlist, col(Playlist.id) == EditorialFeature.playlist_id)
    .where(Playlist.visibility == PlaylistVisibility.PUBLIC, col(EditorialFeature.starts_at) <= bindparam("now"),
           or_(col(EditorialFeature.ends_at).is_(None), col(EditorialFeature.ends_at) > bindparam("now")))
    .order_by(col(EditorialFeature.shelf), col(EditorialFeature.position), col(EditorialFeature.id))
)
_LIVE_ON_SHELF = _LIVE.where(col(EditorialFeature.shelf) == bindparam("shelf"))


@quick_read
def live_shelves(session: Session, *, actor: Actor, shelf: str | None = None,
                 clock: Clock = SYSTEM_CLOCK) -> list[EditorialShelf]:
    """The live features, grouped by shelf ("Featured" first, then by name), each in order."""
    if shelf is None:
        rows = session.exec(_LIVE, params={"now": clock.now()}).all()
    else:
        rows = session.exec(_LIVE_ON_SHELF, params={"now": clock.now(), "shelf": _clean_shelf(shelf)}).all()
    views = {p.id: p for p in playlist_dtos(session, actor=actor, playlists=[p for _, p in rows])}
    shelves: dict[str, list[FeatureOut]] = {}
    for feature, playlist in rows:
        shelves.setdefault(feature.shelf, []).append(FeatureOut(
            id=saved_id(feature), shelf=feature.shelf, position=feature.position, blurb=feature.blurb,
            starts_at=feature.starts_at, ends_at=feature.ends_at, playlist=views[saved_id(playlist)]))
    return [EditorialShelf(name=name, features=shelves[name]) for name in sorted(shelves, key=_shelf_order)]


def list_features(session: Session, *, actor: Actor, clock: Clock = SYSTEM_CLOCK) -> list[AdminFeature]:
    """Every feature, live or not, shelf by shelf in order (administrators only)."""
    require_admin(actor)
    now = clock.now()
    rows = session.exec(
        select(EditorialFeature, Playlist).join(Playlist, col(Playlist.id) == EditorialFeature.playlist_id)
        .order_by(col(EditorialFeature.position), col(EditorialFeature.id))
    ).all()
    rows = sorted(rows, key=lambda r: _shelf_order(r[0].shelf))
    return [AdminFeature(
        id=saved_id(f), shelf=f.shelf, position=f.position, blurb=f.blurb, starts_at=f.starts_at,
        ends_at=f.ends_at, playlist_id=saved_id(p), playlist_name=p.name,
        playlist_url=f"/playlist/{p.id}-{p.slug}", playlist_public=p.visibility == PlaylistVisibility.PUBLIC,
        status=_status(f, p, now),
    ) for f, p in rows]


def add_feature(session: Session, *, actor: Actor, playlist_id: int, starts_at: datetime,
                ends_at: datetime | None = None, shelf: str | None = None, blurb: str = "",
                clock: Clock = SYSTEM_CLOCK) -> list[AdminFeature]:
    """Feature a public playlist, last on its shelf; the new list of features."""
    admin: User = require_admin(actor)
    start, end = _aware(starts_at, "starts_at"), _aware(ends_at, "ends_at")
    assert start is not None  # a datetime went in; the type checker cannot see it
    _check_period(start, end)
    name, text = _clean_shelf(shelf), _clean_blurb(blurb)
    playlist = _public_playlist(session, playlist_id)
    feature = EditorialFeature(playlist_id=saved_id(playlist), blurb=text, starts_at=start, ends_at=end,
                               created_by_id=saved_id(admin))
    _place_on(session, feature, name)
    session.add(feature)
    session.flush()
    audit.record(session, actor=admin, action="editorial.add", target_type="editorialfeature",
                 target_id=feature.id, after={"playlist_id": feature.playlist_id, "shelf": feature.shelf,
                                              "starts_at": start, "ends_at": end, "blurb": text},
                 summary=f"Featured {playlist.name} on {feature.shelf}")
    session.commit()
    return list_features(session, actor=actor, clock=clock)


def update_feature(session: Session, *, actor: Actor, feature_id: int, starts_at: datetime,
                   ends_at: datetime | None = None, shelf: str | None = None, blurb: str = "",
                   clock: Clock = SYSTEM_CLOCK) -> list[AdminFeature]:
    """Change a feature's period, blurb or shelf (a new shelf puts it last there)."""
    admin = require_admin(actor)
    start, end = _aware(starts_at, "starts_at"), _aware(ends_at, "ends_at")
    assert start is not None
    _check_period(start, end)
    name, text = _clean_shelf(shelf), _clean_blurb(blurb)
    feature = _load(session, feature_id)
    old_shelf = feature.shelf
    before = {"shelf": old_shelf, "starts_at": feature.starts_at, "ends_at": feature.ends_at, "blurb": feature.blurb}
    if name != old_shelf:
        _place_on(session, feature, name)
        session.flush()
        _renumber([r for r in _shelf_rows(session, old_shelf) if r.id != feature.id])
    feature.starts_at, feature.ends_at, feature.blurb = start, end, text
    feature.updated_at = clock.now()
    was, now = audit.changed_fields(before, {"shelf": feature.shelf, "starts_at": start, "ends_at": end,
                                             "blurb": text})
    audit.record(session, actor=admin, action="editorial.update", target_type="editorialfeature",
                 target_id=feature_id, before=was, after=now, summary="Changed a featured playlist")
    session.commit()
    return list_features(session, actor=actor, clock=clock)


def move_feature(session: Session, *, actor: Actor, feature_id: int, offset: int,
                 clock: Clock = SYSTEM_CLOCK) -> list[AdminFeature]:
    """Move a feature one place up (``offset=-1``) or down (``+1``) on its shelf; at an end, nothing moves."""
    admin = require_admin(actor)
    if isinstance(offset, bool) or offset not in (-1, 1):
        raise Invalid("offset: -1 (up) or 1 (down).")
    feature = _load(session, feature_id)
    rows = _shelf_rows(session, feature.shelf)
    index = next(i for i, r in enumerate(rows) if r.id == feature.id)
    other = index + offset
    if 0 <= other < len(rows):
        rows[index], rows[other] = rows[other], rows[index]
        _renumber(rows)
        audit.record(session, actor=admin, action="editorial.move", target_type="editorialfeature",
                     target_id=feature_id, before={"position": index}, after={"position": other},
                     summary=f"Moved a featured playlist {'up' if offset < 0 else 'down'} on {feature.shelf}")
        session.commit()
    return list_features(session, actor=actor, clock=clock)


def remove_feature(session: Session, *, actor: Actor, feature_id: int,
                   clock: Clock = SYSTEM_CLOCK) -> list[AdminFeature]:
    """Stop featuring a playlist (the playlist itself is untouched)."""
    admin = require_admin(actor)
    feature = _load(session, feature_id)
    shelf = feature.shelf
    audit.record(session, actor=admin, action="editorial.remove", target_type="editorialfeature",
                 target_id=feature_id, before={"playlist_id": feature.playlist_id, "shelf": shelf},
                 summary=f"Stopped featuring a playlist on {shelf}")
    session.delete(feature)
    session.flush()
    _renumber(_shelf_rows(session, shelf))
    session.commit()
    return list_features(session, actor=actor, clock=clock)


def shelf_names(session: Session, *, actor: Actor) -> list[str]:
    """The shelves in use ("Featured" always offered), for the admin form's suggestions."""
    require_admin(actor)
    names = set(session.exec(select(EditorialFeature.shelf).group_by(col(EditorialFeature.shelf))).all())
    return sorted(names | {DEFAULT_SHELF}, key=_shelf_order)
