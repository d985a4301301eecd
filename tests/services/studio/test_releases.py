"""Drafts and releases: building a release, editing it, publishing, scheduling, unpublishing, deleting."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest
from sqlmodel import select

from spoticlone.models import Album, AlbumKind, ChartDaily, Role, Track, TrackStatus
from spoticlone.services.catalog import browse
from spoticlone.services.core.clock import FakeClock
from spoticlone.services.core.errors import Conflict, Invalid, NotFound, PermissionDenied
from spoticlone.services.listening import charts
from spoticlone.services.search import engine as search
from spoticlone.services.studio import licences, publishing, releases
from tests import factories

START = datetime(2026, 3, 1, 12, 0, tzinfo=UTC)


@pytest.fixture
def studio(session):
    """An artist with an account and three drafts (two from one tagged album), a listener, an admin."""
    user = factories.make_user(session, role=Role.ARTIST)
    artist = factories.make_artist(session, stage_name="Vela Kite", user_id=user.id)
    tag_album = factories.make_album(session, title="From Tags", artist_id=artist.id, cover_key="covers/aa/tag.jpg")
    drafts = [
        factories.make_track(session, title=f"Comet Song {n}", artist_id=artist.id, status=TrackStatus.DRAFT,
                             album_id=tag_album.id if n < 3 else None)
        for n in (1, 2, 3)
    ]
    listener = factories.make_user(session)
    admin = factories.make_user(session, role=Role.ADMIN)
    return dict(user=user, artist=artist, drafts=drafts, tag_album=tag_album, listener=listener, admin=admin)


def _release(session, studio, **overrides):
    fields = dict(title="Comet Tails", kind="ep", track_ids=[t.id for t in reversed(studio["drafts"])])
    fields.update(overrides)
    return releases.create_release(session, actor=studio["user"], **fields)


def _statuses(session, album_id):
    return {t.status for t in session.exec(select(Track).where(Track.album_id == album_id))}


def test_a_release_groups_drafts_in_the_order_given_and_drops_the_empty_tag_album(session, studio):
    genre = factories.make_genre(session, name="Dream Pop")
    release = _release(session, studio, genre_id=genre.id, release_date=date(2026, 5, 1))
    assert [t.title for t in release.tracks] == ["Comet Song 3", "Comet Song 2", "Comet Song 1"]
    assert [t.track_number for t in release.tracks] == [1, 2, 3]
    assert (release.status, release.kind, release.genre_name, release.track_count) == ("draft", "ep", "Dream Pop", 3)
    assert release.cover_url and "tag.jpg" in release.cover_url
    assert session.get(Album, studio["tag_album"].id) is None
    assert {t.genre_id for t in session.exec(select(Track).where(Track.album_id == release.id))} == {genre.id}


@pytest.mark.parametrize("overrides, error", [
    (dict(title="  "), Invalid),
    (dict(title="x" * 301), Invalid),
    (dict(kind="mixtape"), Invalid),
    (dict(track_ids=[]), Invalid),
    (dict(genre_id=999_999), Invalid),
    (dict(release_date=date(1066, 10, 14)), Invalid),
])
def test_bad_release_input_is_refused_and_changes_nothing(session, studio, overrides, error):
    albums_before = len(session.exec(select(Album)).all())
    with pytest.raises(error) as refused:
        _release(session, studio, **overrides)
    assert refused.value.message
    assert len(session.exec(select(Album)).all()) == albums_before
    assert all(session.get(Track, t.id).album_id == t.album_id for t in studio["drafts"])


def test_only_my_own_drafts_go_into_a_release(session, studio):
    stranger = factories.make_track(session, status=TrackStatus.DRAFT)
    published = factories.make_track(session, artist_id=studio["artist"].id)
    with pytest.raises(NotFound):
        _release(session, studio, track_ids=[studio["drafts"][0].id, stranger.id])
    with pytest.raises(Conflict, match="Only drafts"):
        _release(session, studio, track_ids=[published.id])
    with pytest.raises(Invalid, match="once"):
        _release(session, studio, track_ids=[studio["drafts"][0].id] * 2)
    with pytest.raises(PermissionDenied):
        releases.create_release(session, actor=studio["listener"], title="Mine", track_ids=[stranger.id])


def test_drafts_and_releases_are_listed_for_the_artist_and_admins_only(session, studio):
    release = _release(session, studio, track_ids=[studio["drafts"][0].id])
    drafts = {t.id: t for t in releases.list_drafts(session, actor=studio["user"]).items}
    assert set(drafts) == {t.id for t in studio["drafts"]}
    assert drafts[studio["drafts"][0].id].album_title == "Comet Tails"
    assert drafts[studio["drafts"][2].id].album_title is None
    mine = releases.list_releases(session, actor=studio["user"])
    assert {(r.id, r.status, r.track_count) for r in mine.items} == {
        (release.id, "draft", 1), (studio["tag_album"].id, "draft", 1)}
    as_admin = releases.list_releases(session, actor=studio["admin"], artist_id=studio["artist"].id)
    assert {r.id for r in as_admin.items} == {r.id for r in mine.items}
    with pytest.raises(PermissionDenied):
        releases.list_drafts(session, actor=studio["listener"])
    with pytest.raises(NotFound):
        releases.list_drafts(session, actor=studio["listener"], artist_id=studio["artist"].id)
    with pytest.raises(PermissionDenied):
        releases.list_releases(session, actor=None)


def test_track_details_are_edited_and_an_isrc_is_normalised(session, studio):
    track = studio["drafts"][0]
    edited = publishing.update_track(session, actor=studio["user"], track_id=track.id, title=" Comet ",
                                     explicit=True, isrc="us-rc1-76-07839", licence="cc by-sa 4.0",
                                     lyrics="line one\r\nline two")
    assert (edited.title, edited.explicit, edited.isrc) == ("Comet", True, "USRC17607839")
    assert (edited.licence, edited.licence_url) == ("CC BY-SA 4.0", "https://creativecommons.org/licenses/by-sa/4.0/")
    assert edited.lyrics == "line one\nline two"
    cleared = publishing.update_track(session, actor=studio["user"], track_id=track.id, isrc="")
    assert cleared.isrc is None and cleared.title == "Comet"


@pytest.mark.parametrize("changes", [
    dict(isrc="USRC1760783"), dict(isrc="US-RC1-76-0783X"), dict(licence="GPL"), dict(title=""),
    dict(lyrics="x" * 20_001), dict(explicit="yes"),
])
def test_bad_track_details_are_refused_and_change_nothing(session, studio, changes):
    track = studio["drafts"][0]
    with pytest.raises(Invalid):
        publishing.update_track(session, actor=studio["user"], track_id=track.id, **{"title": "New", **changes})
    session.expire_all()
    assert session.get(Track, track.id).title == track.title


def test_every_licence_has_its_official_link():
    names = [licence.name for licence in licences.licence_choices()]
    assert names[0] == "All rights reserved" and len(names) == 8
    for licence in licences.licence_choices()[1:]:
        assert licence.url.startswith("https://creativecommons.org/")
    assert licences.licence_url("CC0 1.0") == "https://creativecommons.org/publicdomain/zero/1.0/"


def test_release_metadata_and_order_are_edited(session, studio):
    release = _release(session, studio)
    changed = publishing.update_release(session, actor=studio["user"], album_id=release.id, title="Tails",
                                        kind=AlbumKind.ALBUM, release_date=None)
    assert (changed.title, changed.kind, changed.release_date) == ("Tails", "album", None)
    order = [t.id for t in release.tracks][::-1]
    assert [t.id for t in publishing.reorder_tracks(
        session, actor=studio["user"], album_id=release.id, track_ids=order).tracks] == order
    with pytest.raises(Invalid, match="every song"):
        publishing.reorder_tracks(session, actor=studio["user"], album_id=release.id, track_ids=order[:2])


def test_publishing_needs_the_rights_affirmation(session, studio):
    release = _release(session, studio)
    with pytest.raises(Invalid, match="rights"):
        publishing.publish_release(session, actor=studio["user"], album_id=release.id, affirm_rights=False)
    assert _statuses(session, release.id) == {TrackStatus.DRAFT}
    published = publishing.publish_release(session, actor=studio["user"], album_id=release.id,
                                           affirm_rights=True, clock=FakeClock(START))
    assert published.status == "published" and published.rights_affirmed_at is not None
    assert published.release_date == START.date()
    assert session.get(Album, release.id).rights_affirmed_by_id == studio["user"].id
    assert browse.get_album(session, album_id=release.id).album.title == "Comet Tails"
    with pytest.raises(Conflict):
        publishing.publish_release(session, actor=studio["user"], album_id=release.id, affirm_rights=True)


@pytest.mark.parametrize("publish_at, message", [
    (START - timedelta(minutes=1), "passed"),
    (START + timedelta(days=366), "one year"),
    (datetime(2026, 4, 1, 9, 0), "time zone"),
])
def test_a_bad_schedule_is_refused(session, studio, publish_at, message):
    release = _release(session, studio)
    with pytest.raises(Invalid, match=message):
        publishing.publish_release(session, actor=studio["user"], album_id=release.id, affirm_rights=True,
                                   publish_at=publish_at, clock=FakeClock(START))
    assert _statuses(session, release.id) == {TrackStatus.DRAFT}
    assert session.get(Album, release.id).release_at is None


def _listener_sees(session, release_id: int, song: str, release_title: str = "Orbit") -> dict[str, bool]:
    """What a listener finds of a release: its album page, its songs in lists, it or its song in search."""
    found_song = search.search(session, query=song)
    found_release = search.search(session, query=release_title)
    try:
        browse.get_album(session, album_id=release_id)
        album = True
    except NotFound:
        album = False
    listed = browse.list_tracks(session, page_size=100).items
    return {"album": album, "tracks": any(t.album_id == release_id for t in listed),
            "search": any(t.title == song for t in found_song.tracks)
            or any(a.id == release_id for a in found_release.albums)}


def test_a_scheduled_release_appears_when_its_time_comes_and_not_before(session, studio):
    clock = FakeClock(START)
    release = _release(session, studio, track_ids=[studio["drafts"][2].id], title="Orbit")
    scheduled = publishing.publish_release(session, actor=studio["user"], album_id=release.id,
                                           affirm_rights=True, publish_at=START + timedelta(hours=2), clock=clock)
    assert scheduled.status == "scheduled" and scheduled.release_at == START + timedelta(hours=2)
    assert _listener_sees(session, release.id, "Comet Song 3") == {"album": False, "tracks": False, "search": False}
    clock.advance(hours=1)
    assert publishing.publish_due_releases(session, clock=clock) == 0
    assert _statuses(session, release.id) == {TrackStatus.SCHEDULED}
    clock.advance(hours=1)
    assert publishing.publish_due_releases(session, clock=clock) == 1
    assert publishing.publish_due_releases(session, clock=clock) == 0
    assert _statuses(session, release.id) == {TrackStatus.PUBLISHED}
    assert session.get(Album, release.id).release_at is None
    assert _listener_sees(session, release.id, "Comet Song 3") == {"album": True, "tracks": True, "search": True}


def test_the_periodic_job_publishes_due_releases(session, studio):
    from spoticlone.jobs import tasks

    release = _release(session, studio)
    publishing.publish_release(session, actor=studio["user"], album_id=release.id, affirm_rights=True,
                               publish_at=datetime.now(UTC) + timedelta(minutes=5))
    assert tasks.publish_scheduled_releases.call_local() == 0
    album = session.get(Album, release.id)
    album.release_at = datetime.now(UTC) - timedelta(seconds=1)
    session.add(album)
    session.commit()
    assert tasks.publish_scheduled_releases.call_local() == 3
    session.expire_all()
    assert _statuses(session, release.id) == {TrackStatus.PUBLISHED}


def _charted(session, release) -> tuple[bool, bool]:
    tracks = charts.chart(session, kind="tracks", period="all").entries
    albums = charts.chart(session, kind="albums", period="all").entries
    return (any(e.track.id in {t.id for t in release.tracks} for e in tracks),
            any(e.album.id == release.id for e in albums))


def test_unpublishing_hides_a_release_and_an_admin_may_do_it(session, studio):
    release = _release(session, studio, title="Orbit")
    publishing.publish_release(session, actor=studio["user"], album_id=release.id, affirm_rights=True)
    session.add(ChartDaily(day=date(2026, 3, 1), track_id=release.tracks[0].id, plays=40))
    session.commit()
    assert _charted(session, release) == (True, True)
    down = publishing.unpublish_release(session, actor=studio["admin"], album_id=release.id)
    assert down.status == "unpublished"
    assert _charted(session, release) == (False, False)
    assert _listener_sees(session, release.id, "Comet Song 3") == {"album": False, "tracks": False, "search": False}
    with pytest.raises(Conflict):
        publishing.unpublish_release(session, actor=studio["user"], album_id=release.id)
    again = publishing.publish_release(session, actor=studio["user"], album_id=release.id, affirm_rights=True)
    assert again.status == "published"


def test_unpublishing_a_scheduled_release_cancels_it(session, studio):
    release = _release(session, studio)
    publishing.publish_release(session, actor=studio["user"], album_id=release.id, affirm_rights=True,
                               publish_at=START + timedelta(days=1), clock=FakeClock(START))
    cancelled = publishing.unpublish_release(session, actor=studio["user"], album_id=release.id)
    assert (cancelled.status, cancelled.release_at) == ("draft", None)
    assert publishing.publish_due_releases(session, clock=FakeClock(START + timedelta(days=2))) == 0


def test_deleting_a_published_release_asks_to_unpublish_first(session, studio, store):
    release = _release(session, studio)
    publishing.publish_release(session, actor=studio["user"], album_id=release.id, affirm_rights=True)
    with pytest.raises(Conflict, match="unpublish it first"):
        publishing.delete_release(session, actor=studio["user"], album_id=release.id, store=store)
    with pytest.raises(Conflict, match="unpublish it first"):
        publishing.delete_track(session, actor=studio["user"], track_id=release.tracks[0].id, store=store)
    assert _statuses(session, release.id) == {TrackStatus.PUBLISHED}


def test_deleting_a_release_removes_its_rows_and_files_but_not_shared_ones(session, studio, store):
    audio = [store.put_bytes("audio", "mp3", b"ID3 audio %d" % n) for n in range(2)]
    shared_cover = store.put_bytes("covers", "jpg", b"\xff\xd8 cover")
    artist_id = studio["artist"].id
    tracks = [factories.make_track(session, artist_id=artist_id, status=TrackStatus.DRAFT, audio_key=key,
                                   cover_key=shared_cover) for key in audio]
    other = factories.make_track(session, artist_id=artist_id, cover_key=shared_cover)
    release = releases.create_release(session, actor=studio["user"], title="Gone", track_ids=[t.id for t in tracks])
    publishing.delete_release(session, actor=studio["user"], album_id=release.id, store=store)
    assert session.get(Album, release.id) is None
    assert all(session.get(Track, t.id) is None for t in tracks)
    assert not any(store.exists(key) for key in audio)
    assert store.exists(shared_cover) and session.get(Track, other.id) is not None


def test_deleting_one_unpublished_track_removes_its_file(session, studio, store):
    key = store.put_bytes("audio", "mp3", b"ID3 single")
    track = factories.make_track(session, artist_id=studio["artist"].id, status=TrackStatus.WITHDRAWN, audio_key=key)
    publishing.delete_track(session, actor=studio["user"], track_id=track.id, store=store)
    assert session.get(Track, track.id) is None and not store.exists(key)


def test_only_the_artist_edits_publishes_and_deletes_while_an_admin_reads(session, studio, store):
    release = _release(session, studio)
    assert releases.get_release(session, actor=studio["admin"], album_id=release.id).id == release.id
    for call in (
        lambda: publishing.update_release(session, actor=studio["admin"], album_id=release.id, title="Mine"),
        lambda: publishing.publish_release(session, actor=studio["admin"], album_id=release.id, affirm_rights=True),
        lambda: publishing.delete_release(session, actor=studio["admin"], album_id=release.id, store=store),
    ):
        with pytest.raises(PermissionDenied, match="Only the artist"):
            call()
    assert releases.get_release(session, actor=studio["user"], album_id=release.id).title == "Comet Tails"
