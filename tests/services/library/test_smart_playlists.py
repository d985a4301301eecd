"""Smart playlists: each field and operator selects exactly the expected tracks, groups nest,
wrong rules name their field, and the playlist rules (privacy, ownership) hold."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest

from spoticlone.models import PlayEvent, Rating, TrackLike, TrackLoudness, TrackStatus
from spoticlone.models.common import Role
from spoticlone.services.core.clock import FakeClock
from spoticlone.services.core.errors import Invalid, NotFound, PermissionDenied
from spoticlone.services.library import smart_playlists as smart
from tests import factories

NOW = datetime(2026, 6, 15, 12, 0, tzinfo=UTC)


@pytest.fixture
def lib(session):
    """Five published tracks with distinct values in every field, plus a draft and a withdrawn one."""
    owner = factories.make_user(session)
    rock, jazz = factories.make_genre(session, name="Rock"), factories.make_genre(session, name="Jazz")
    nova = factories.make_artist(session, stage_name="Nova Drive")
    luna = factories.make_artist(session, stage_name="Luna_Park 100%")
    night = factories.make_album(session, title="Night Run", artist_id=nova.id, release_date=date(1985, 3, 1))
    day = factories.make_album(session, title="Day Trip", artist_id=luna.id, release_date=date(2020, 7, 1))

    def track(title, **kw):
        return factories.make_track(session, title=title, **kw)

    t = {
        "a": track("Alpha", artist_id=nova.id, album_id=night.id, genre_id=rock.id, duration_ms=120_000,
                   created_at=NOW - timedelta(days=400)),
        "b": track("Bravo", artist_id=nova.id, album_id=night.id, genre_id=rock.id, duration_ms=240_000,
                   created_at=NOW - timedelta(days=20), release_date=date(1990, 5, 5)),
        "c": track("Charlie", artist_id=luna.id, album_id=day.id, genre_id=jazz.id, duration_ms=300_500,
                   created_at=NOW - timedelta(days=3)),
        "d": track("Delta Night", artist_id=luna.id, album_id=day.id, genre_id=None, duration_ms=60_000,
                   created_at=datetime(2026, 1, 10, 8, 0, tzinfo=UTC)),
        "e": track("Echo", artist_id=luna.id, album_id=None, genre_id=jazz.id, duration_ms=200_000,
                   created_at=NOW - timedelta(days=1)),
        "draft": track("Draft Rock", artist_id=nova.id, genre_id=rock.id, status=TrackStatus.DRAFT),
        "gone": track("Gone Rock", artist_id=nova.id, genre_id=rock.id, status=TrackStatus.WITHDRAWN),
    }
    other = factories.make_user(session)
    for key, plays in (("a", 5), ("b", 1), ("c", 12)):
        for n in range(plays):
            session.add(PlayEvent(user_id=owner.id, track_id=t[key].id, counted=True,
                                  started_at=NOW - timedelta(days=2 if key == "c" else 60, minutes=n)))
    session.add(PlayEvent(user_id=owner.id, track_id=t["d"].id, counted=False, started_at=NOW))
    for _ in range(50):  # someone else's plays, likes and ratings never count for the owner
        session.add(PlayEvent(user_id=other.id, track_id=t["e"].id, counted=True, started_at=NOW))
    session.add_all([
        TrackLike(user_id=owner.id, track_id=t["b"].id), TrackLike(user_id=owner.id, track_id=t["d"].id),
        TrackLike(user_id=other.id, track_id=t["e"].id),
        Rating(user_id=owner.id, track_id=t["a"].id, stars=5), Rating(user_id=owner.id, track_id=t["c"].id, stars=3),
        Rating(user_id=other.id, track_id=t["e"].id, stars=5),
        TrackLoudness(track_id=t["a"].id, integrated_lufs=-8.0),
        TrackLoudness(track_id=t["b"].id, integrated_lufs=-14.0),
        TrackLoudness(track_id=t["c"].id, integrated_lufs=-20.5),
    ])
    session.commit()
    return owner, other, t


def _names(session, owner, rules, *, sort="title", order="asc", limit=100, match="all"):
    created = smart.create_smart_playlist(session, actor=owner, name="Test", sort=sort, order=order, limit=limit,
                                          rules={"match": match, "rules": rules})
    detail = smart.smart_playlist_detail(session, actor=owner, smart_id=created.id, clock=FakeClock(NOW))
    return [track.title for track in detail.tracks]


def r(field, operator, value):
    return {"field": field, "operator": operator, "value": value}


CASES = [
    (r("title", "is", "alpha"), ["Alpha"]),
    (r("title", "isNot", "Alpha"), ["Bravo", "Charlie", "Delta Night", "Echo"]),
    (r("title", "contains", "night"), ["Delta Night"]),
    (r("title", "notContains", "a"), ["Echo"]),
    (r("title", "startsWith", "ch"), ["Charlie"]),
    (r("title", "endsWith", "O"), ["Bravo", "Echo"]),
    (r("genre", "is", "Rock"), ["Alpha", "Bravo"]),
    (r("genre", "isNot", "Rock"), ["Charlie", "Delta Night", "Echo"]),
    (r("artist", "contains", "_park 100%"), ["Charlie", "Delta Night", "Echo"]),
    (r("artist", "contains", "%"), ["Charlie", "Delta Night", "Echo"]),
    (r("album", "is", "Night Run"), ["Alpha", "Bravo"]),
    (r("album", "notContains", "Trip"), ["Alpha", "Bravo", "Echo"]),
    (r("year", "is", 1985), ["Alpha"]),
    (r("year", "gt", 1985), ["Bravo", "Charlie", "Delta Night"]),
    (r("year", "lt", 1990), ["Alpha"]),
    (r("year", "inTheRange", [1986, 2020]), ["Bravo", "Charlie", "Delta Night"]),
    (r("dateAdded", "inTheLast", 7), ["Charlie", "Echo"]),
    (r("dateAdded", "notInTheLast", 30), ["Alpha", "Delta Night"]),
    (r("dateAdded", "is", "2026-01-10"), ["Delta Night"]),
    (r("dateAdded", "before", "2026-01-10"), ["Alpha"]),
    (r("dateAdded", "after", "2026-06-01"), ["Charlie", "Echo"]),
    (r("dateAdded", "inTheRange", ["2026-01-01", "2026-05-31"]), ["Bravo", "Delta Night"]),
    (r("playCount", "gt", 1), ["Alpha", "Charlie"]),
    (r("playCount", "is", 0), ["Delta Night", "Echo"]),
    (r("playCount", "inTheRange", [1, 5]), ["Alpha", "Bravo"]),
    (r("lastPlayed", "inTheLast", 7), ["Charlie"]),
    (r("lastPlayed", "notInTheLast", 7), ["Alpha", "Bravo", "Delta Night", "Echo"]),
    (r("lastPlayed", "before", "2026-05-01"), ["Alpha", "Bravo"]),
    (r("loved", "is", True), ["Bravo", "Delta Night"]),
    (r("loved", "isNot", True), ["Alpha", "Charlie", "Echo"]),
    (r("rating", "is", 5), ["Alpha"]),
    (r("rating", "lt", 1), ["Bravo", "Delta Night", "Echo"]),
    (r("rating", "isNot", 0), ["Alpha", "Charlie"]),
    (r("duration", "gt", 200), ["Bravo", "Charlie"]),
    (r("duration", "is", 300), ["Charlie"]),
    (r("duration", "inTheRange", [60, 120]), ["Alpha", "Delta Night"]),
    (r("loudness", "gt", -15), ["Alpha", "Bravo"]),
    (r("loudness", "is", -14), ["Bravo"]),
    (r("loudness", "lt", -20), ["Charlie"]),
]


@pytest.mark.parametrize("rule, expected", CASES, ids=[f"{c[0]['field']}-{c[0]['operator']}-{i}"
                                                      for i, c in enumerate(CASES)])
def test_each_field_and_operator_selects_exactly(session, lib, rule, expected):
    owner, _, _ = lib
    assert _names(session, owner, [rule]) == expected


def test_nested_groups_all_and_any(session, lib):
    owner, _, _ = lib
    rules = [r("genre", "is", "Jazz"), {"match": "any", "rules": [r("loved", "is", True), r("rating", "gt", 2)]}]
    assert _names(session, owner, rules) == ["Charlie"]
    assert _names(session, owner, [r("title", "is", "Alpha"), r("title", "is", "Echo")], match="any") == [
        "Alpha", "Echo"]
    deep = [{"match": "any", "rules": [{"match": "all", "rules": [r("genre", "is", "Rock"), r("loved", "is", True)]},
                                       r("title", "startsWith", "E")]}]
    assert _names(session, owner, deep) == ["Bravo", "Echo"]


def test_sort_order_and_limit(session, lib):
    owner, _, _ = lib
    everything = [r("duration", "gt", 0)]
    assert _names(session, owner, everything, sort="duration", order="desc", limit=3) == ["Charlie", "Bravo", "Echo"]
    assert _names(session, owner, everything, sort="playCount", order="desc", limit=2) == ["Charlie", "Alpha"]
    assert _names(session, owner, everything, sort="lastPlayed", order="desc") == [
        "Charlie", "Alpha", "Bravo", "Delta Night", "Echo"]
    assert sorted(_names(session, owner, everything, sort="random")) == [
        "Alpha", "Bravo", "Charlie", "Delta Night", "Echo"]


def test_drafts_and_withdrawn_never_match_and_preview_counts(session, lib):
    owner, _, _ = lib
    rules = {"match": "all", "rules": [r("title", "endsWith", "rock")]}
    assert smart.preview_smart_playlist(session, actor=owner, rules=rules).matching == 0
    rock = {"match": "all", "rules": [r("genre", "is", "rock")]}
    preview = smart.preview_smart_playlist(session, actor=owner, rules=rock, limit=1)
    assert (preview.matching, preview.count) == (2, 1)


def test_personal_fields_are_the_owners_even_for_other_viewers(session, lib):
    owner, other, _ = lib
    made = smart.create_smart_playlist(session, actor=owner, name="Loved", public=True,
                                       rules={"match": "all", "rules": [r("loved", "is", True)]})
    seen = smart.smart_playlist_detail(session, actor=other, smart_id=made.id)
    assert [t.title for t in seen.tracks] == ["Bravo", "Delta Night"]
    assert not seen.playlist.can_edit and not seen.playlist.can_delete


@pytest.mark.parametrize("rules, field", [
    ({"match": "all", "rules": [r("bpm", "is", 120)]}, "rules[0].field"),
    ({"match": "all", "rules": [r("genre", "gt", "Rock")]}, "rules[0].operator"),
    ({"match": "all", "rules": [r("year", "is", "nineteen")]}, "rules[0].value"),
    ({"match": "all", "rules": [r("rating", "is", 9)]}, "rules[0].value"),
    ({"match": "all", "rules": [r("title", "is", "   ")]}, "rules[0].value"),
    ({"match": "all", "rules": [r("dateAdded", "before", "2026-13-01")]}, "rules[0].value"),
    ({"match": "all", "rules": [r("dateAdded", "inTheLast", 0)]}, "rules[0].value"),
    ({"match": "all", "rules": [r("year", "inTheRange", [2000])]}, "rules[0].value"),
    ({"match": "all", "rules": [r("year", "inTheRange", [2000, 1990])]}, "rules[0].value"),
    ({"match": "all", "rules": [r("loved", "is", "maybe")]}, "rules[0].value"),
    ({"match": "all", "rules": [r("title", "is", "x"), {"match": "any", "rules": [r("duration", "lt", -1)]}]},
     "rules[1].rules[0].value"),
    ({"match": "both", "rules": [r("title", "is", "x")]}, "match"),
    ({"match": "all", "rules": []}, "rules"),
    ({"match": "all", "rules": [r("loudness", "is", float("nan"))]}, "rules[0].value"),
])
def test_wrong_rules_are_refused_naming_the_field(session, lib, rules, field):
    owner, _, _ = lib
    with pytest.raises(Invalid) as refused:
        smart.create_smart_playlist(session, actor=owner, name="Bad", rules=rules)
    assert str(refused.value).startswith(field + ":"), str(refused.value)


@pytest.mark.parametrize("kw, field", [({"limit": 0}, "limit"), ({"limit": 1001}, "limit"),
                                       ({"sort": "bpm"}, "sort"), ({"order": "up"}, "order")])
def test_sort_and_limit_are_bounded(session, lib, kw, field):
    owner, _, _ = lib
    with pytest.raises(Invalid, match=f"^{field}:"):
        smart.create_smart_playlist(session, actor=owner, name="Bad", rules={"rules": [r("title", "is", "x")]}, **kw)


def test_other_peoples_ids_and_privacy(session, lib):
    owner, other, _ = lib
    admin = factories.make_user(session, role=Role.ADMIN)
    rules = {"match": "all", "rules": [r("title", "contains", "a")]}
    mine = smart.create_smart_playlist(session, actor=owner, name="Mine", rules=rules)
    for reader in (other, None):
        with pytest.raises(NotFound):
            smart.smart_playlist_detail(session, actor=reader, smart_id=mine.id)
        with pytest.raises(NotFound):
            smart.export_smart_playlist(session, actor=reader, smart_id=mine.id)
    with pytest.raises(NotFound):
        smart.update_smart_playlist(session, actor=other, smart_id=mine.id, name="Hijack", rules=rules)
    with pytest.raises(NotFound):
        smart.delete_smart_playlist(session, actor=other, smart_id=mine.id)
    for bad in (0, -1, 2**70, True, "1"):
        with pytest.raises(NotFound):
            smart.smart_playlist_detail(session, actor=owner, smart_id=bad)
    assert smart.smart_playlist_detail(session, actor=admin, smart_id=mine.id).playlist.can_delete
    with pytest.raises(PermissionDenied):
        smart.update_smart_playlist(session, actor=admin, smart_id=mine.id, name="Mod", rules=rules)
    smart.update_smart_playlist(session, actor=owner, smart_id=mine.id, name="Open", rules=rules, public=True)
    assert smart.smart_playlist_detail(session, actor=None, smart_id=mine.id).playlist.name == "Open"
    with pytest.raises(PermissionDenied):
        smart.update_smart_playlist(session, actor=other, smart_id=mine.id, name="Hijack", rules=rules)
    with pytest.raises(PermissionDenied):
        smart.create_smart_playlist(session, actor=None, name="Anon", rules=rules)
    assert [p.name for p in smart.my_smart_playlists(session, actor=other)] == []
    smart.delete_smart_playlist(session, actor=admin, smart_id=mine.id)
    assert smart.my_smart_playlists(session, actor=owner) == []


def test_a_failed_update_changes_nothing(session, lib):
    owner, _, _ = lib
    rules = {"match": "all", "rules": [r("title", "contains", "a")]}
    made = smart.create_smart_playlist(session, actor=owner, name="Keep", rules=rules)
    with pytest.raises(Invalid):
        smart.update_smart_playlist(session, actor=owner, smart_id=made.id, name="New",
                                    rules={"match": "all", "rules": [r("year", "is", "x")]})
    with pytest.raises(Invalid):
        smart.update_smart_playlist(session, actor=owner, smart_id=made.id, name="New", rules=rules,
                                    description="x" * 5000)
    session.expire_all()
    again = smart.smart_playlist_detail(session, actor=owner, smart_id=made.id)
    assert again.playlist.name == "Keep" and again.playlist.rules == rules
