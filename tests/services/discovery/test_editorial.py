"""Editorial features: periods, order on a shelf, public playlists only, administrators only."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from sqlmodel import select

from spoticlone.models import EditorialFeature, PlaylistVisibility, Role
from spoticlone.services.core.clock import FakeClock
from spoticlone.services.core.errors import Conflict, Invalid, NotFound, PermissionDenied
from spoticlone.services.discovery import editorial
from tests.factories import make_playlist, make_track, make_user

T0 = datetime(2026, 12, 1, 12, 0, tzinfo=UTC)


@pytest.fixture
def clock():
    return FakeClock(T0)


@pytest.fixture
def admin(session):
    return make_user(session, role=Role.ADMIN)


def _public(session, name="Mix"):
    owner = make_user(session)
    return make_playlist(session, owner=owner, name=name, tracks=[make_track(session)],
                         visibility=PlaylistVisibility.PUBLIC)


def _names(session, clock, shelf=None):
    return [[f.playlist.name for f in s.features]
            for s in editorial.live_shelves(session, actor=None, shelf=shelf, clock=clock)]


def test_a_feature_shows_only_inside_its_period(session, admin, clock):
    playlist = _public(session, "Winter")
    editorial.add_feature(session, actor=admin, playlist_id=playlist.id, starts_at=T0 + timedelta(hours=1),
                          ends_at=T0 + timedelta(days=2), blurb="  Cold   nights ", clock=clock)
    assert _names(session, clock) == []
    clock.advance(hours=1)  # the start instant is inside
    shelves = editorial.live_shelves(session, actor=None, clock=clock)
    assert [s.name for s in shelves] == ["Featured"]
    assert shelves[0].features[0].blurb == "Cold nights"
    clock.advance(days=2, hours=-1, seconds=-1)
    assert _names(session, clock) == [["Winter"]]
    clock.advance(seconds=1)  # the end instant is past it
    assert _names(session, clock) == []
    assert editorial.list_features(session, actor=admin, clock=clock)[0].status == "ended"


def test_an_open_ended_feature_and_a_naive_start_taken_as_utc(session, admin, clock):
    playlist = _public(session)
    editorial.add_feature(session, actor=admin, playlist_id=playlist.id, starts_at=datetime(2026, 12, 1, 12, 0),
                          clock=clock)
    clock.advance(days=3650)
    assert _names(session, clock) == [["Mix"]]


def test_features_keep_their_order_and_move_up_and_down(session, admin, clock):
    a, b, c = (_public(session, n) for n in "ABC")
    for p in (a, b, c):
        editorial.add_feature(session, actor=admin, playlist_id=p.id, starts_at=T0, clock=clock)
    assert _names(session, clock) == [["A", "B", "C"]]
    rows = editorial.list_features(session, actor=admin, clock=clock)
    editorial.move_feature(session, actor=admin, feature_id=rows[2].id, offset=-1, clock=clock)
    assert _names(session, clock) == [["A", "C", "B"]]
    editorial.move_feature(session, actor=admin, feature_id=rows[0].id, offset=-1, clock=clock)  # already first
    after = editorial.move_feature(session, actor=admin, feature_id=rows[0].id, offset=1, clock=clock)
    assert [(f.playlist_name, f.position) for f in after] == [("C", 0), ("A", 1), ("B", 2)]
    editorial.remove_feature(session, actor=admin, feature_id=rows[0].id, clock=clock)
    assert [f.position for f in editorial.list_features(session, actor=admin, clock=clock)] == [0, 1]
    with pytest.raises(Invalid):
        editorial.move_feature(session, actor=admin, feature_id=rows[1].id, offset=5, clock=clock)


def test_shelves_group_features_featured_first(session, admin, clock):
    a, b, c = (_public(session, n) for n in "ABC")
    editorial.add_feature(session, actor=admin, playlist_id=a.id, starts_at=T0, shelf="Focus", clock=clock)
    editorial.add_feature(session, actor=admin, playlist_id=b.id, starts_at=T0, clock=clock)
    editorial.add_feature(session, actor=admin, playlist_id=c.id, starts_at=T0, shelf="  Focus ", clock=clock)
    shelves = editorial.live_shelves(session, actor=None, clock=clock)
    assert [(s.name, [f.playlist.name for f in s.features]) for s in shelves] == [
        ("Featured", ["B"]), ("Focus", ["A", "C"])]
    assert _names(session, clock, shelf="Focus") == [["A", "C"]]
    rows = editorial.list_features(session, actor=admin, clock=clock)
    moved = next(r for r in rows if r.playlist_name == "A")
    editorial.update_feature(session, actor=admin, feature_id=moved.id, starts_at=T0, shelf="Featured",
                             blurb="Moved", clock=clock)
    assert _names(session, clock) == [["B", "A"], ["C"]]
    assert editorial.shelf_names(session, actor=admin) == ["Featured", "Focus"]


def test_private_and_deleted_playlists_are_not_shown(session, admin, clock):
    shown, hidden, gone = (_public(session, n) for n in ("Shown", "Hidden", "Gone"))
    for p in (shown, hidden, gone):
        editorial.add_feature(session, actor=admin, playlist_id=p.id, starts_at=T0, clock=clock)
    hidden.visibility = PlaylistVisibility.PRIVATE
    session.add(hidden)
    session.delete(gone)
    session.commit()
    assert _names(session, clock) == [["Shown"]]
    statuses = {f.playlist_name: f.status for f in editorial.list_features(session, actor=admin, clock=clock)}
    assert statuses == {"Shown": "live", "Hidden": "hidden"}
    hidden.visibility = PlaylistVisibility.PUBLIC  # public again within its period: back on the shelf
    session.add(hidden)
    session.commit()
    assert _names(session, clock) == [["Shown", "Hidden"]]


def test_only_public_playlists_can_be_featured_once_per_shelf(session, admin, clock):
    private = make_playlist(session, owner=make_user(session))
    with pytest.raises(Invalid, match="public"):
        editorial.add_feature(session, actor=admin, playlist_id=private.id, starts_at=T0, clock=clock)
    with pytest.raises(NotFound):
        editorial.add_feature(session, actor=admin, playlist_id=10**9, starts_at=T0, clock=clock)
    playlist = _public(session)
    editorial.add_feature(session, actor=admin, playlist_id=playlist.id, starts_at=T0, clock=clock)
    with pytest.raises(Conflict):
        editorial.add_feature(session, actor=admin, playlist_id=playlist.id, starts_at=T0, clock=clock)
    editorial.add_feature(session, actor=admin, playlist_id=playlist.id, starts_at=T0, shelf="Other", clock=clock)


@pytest.mark.parametrize("kwargs, message", [
    ({"ends_at": T0}, "after the start"),
    ({"ends_at": T0 - timedelta(days=1)}, "after the start"),
    ({"blurb": "x" * 281}, "280"),
    ({"shelf": "y" * 61}, "60"),
    ({"starts_at": datetime(1970, 1, 1, tzinfo=UTC)}, "between"),
])
def test_bad_input_is_refused_and_changes_nothing(session, admin, clock, kwargs, message):
    playlist = _public(session)
    args = {"starts_at": T0, **kwargs}
    with pytest.raises(Invalid, match=message):
        editorial.add_feature(session, actor=admin, playlist_id=playlist.id, clock=clock, **args)
    assert session.exec(select(EditorialFeature)).all() == []


def test_non_admins_are_refused(session, admin, clock):
    playlist = _public(session)
    editorial.add_feature(session, actor=admin, playlist_id=playlist.id, starts_at=T0, clock=clock)
    feature_id = editorial.list_features(session, actor=admin, clock=clock)[0].id
    for actor in (None, make_user(session), make_user(session, role=Role.ARTIST),
                  make_user(session, role=Role.ADMIN, suspended=True)):
        with pytest.raises(PermissionDenied):
            editorial.list_features(session, actor=actor, clock=clock)
        with pytest.raises(PermissionDenied):
            editorial.add_feature(session, actor=actor, playlist_id=playlist.id, starts_at=T0, shelf="X")
        with pytest.raises(PermissionDenied):
            editorial.update_feature(session, actor=actor, feature_id=feature_id, starts_at=T0)
        with pytest.raises(PermissionDenied):
            editorial.move_feature(session, actor=actor, feature_id=feature_id, offset=1)
        with pytest.raises(PermissionDenied):
            editorial.remove_feature(session, actor=actor, feature_id=feature_id)
    assert len(editorial.list_features(session, actor=admin, clock=clock)) == 1


def test_unknown_features_are_not_found(session, admin, clock):
    with pytest.raises(NotFound):
        editorial.remove_feature(session, actor=admin, feature_id=123, clock=clock)
    with pytest.raises(NotFound):
        editorial.update_feature(session, actor=admin, feature_id=123, starts_at=T0, clock=clock)


@pytest.mark.postgres
def test_live_shelves_keep_their_periods_and_shelves_on_postgres(pg_session):
    """The live read is built once with the time and shelf as bound parameters (``_LIVE``)."""
    clock = FakeClock(T0)
    admin = make_user(pg_session, role=Role.ADMIN)
    winter, summer = _public(pg_session, "Winter"), _public(pg_session, "Summer")
    editorial.add_feature(pg_session, actor=admin, playlist_id=winter.id, starts_at=T0 + timedelta(hours=1),
                          ends_at=T0 + timedelta(days=2), clock=clock)
    editorial.add_feature(pg_session, actor=admin, playlist_id=summer.id, starts_at=T0, shelf="Seasons", clock=clock)
    assert _names(pg_session, clock) == [["Summer"]]
    clock.advance(hours=1)
    assert _names(pg_session, clock) == [["Winter"], ["Summer"]]
    assert _names(pg_session, clock, shelf="Seasons") == [["Summer"]]
    clock.advance(days=2)
    assert _names(pg_session, clock) == [["Summer"]]
