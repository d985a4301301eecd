"""A hidden track is gone from every listener view, and comes back on restore exactly as before."""

from __future__ import annotations

import pytest
from sqlmodel import select

from spoticlone.models import AuditEntry, ModerationReport, Role, Track, TrackStatus
from spoticlone.services.catalog import browse
from spoticlone.services.core.errors import Conflict, NotFound, PermissionDenied
from spoticlone.services.discovery import radio, similar
from spoticlone.services.library.playlists import tracks as playlist_tracks
from spoticlone.services.moderation import counter_notice, holds, queue, reports
from spoticlone.services.search import engine as search
from spoticlone.services.studio import publishing
from tests import factories
from tests.sql_log import statements_run


@pytest.fixture
def world(session):
    owner = factories.make_user(session, username="nova", email="nova@example.test", role=Role.ARTIST)
    artist = factories.make_artist(session, stage_name="Nova Drive", user_id=owner.id)
    genre = factories.make_genre(session, name="Synthwave")
    album = factories.make_album(session, title="Night Run", artist_id=artist.id, genre_id=genre.id)
    songs = [factories.make_track(session, title=title, artist_id=artist.id, album_id=album.id, genre_id=genre.id,
                                  track_number=n, play_count=10 * n)
             for n, title in enumerate(("Neon Harbour", "Chrome Tide", "Velvet Static"), start=1)]
    admin = factories.make_user(session, username="root", email="root@example.test", role=Role.ADMIN)
    listener = factories.make_user(session, username="ann", email="ann@example.test")
    playlist = factories.make_playlist(session, owner=listener, tracks=songs, name="Drive mix")
    return dict(owner=owner, artist=artist, genre=genre, album=album, songs=songs, admin=admin,
                listener=listener, playlist=playlist)


def _report(session, world, track, **extra):
    fields = dict(actor=world["listener"], target_type="track", target_id=track.id, reason="copyright",
                  statement="This is my song, uploaded without my permission.", client_ip="10.0.0.1")
    fields.update(extra)
    return reports.file_report(session, **fields)


def _visible_everywhere(session, world, track) -> dict[str, bool]:
    found = search.search(session, query="Neon Harbour")
    album = browse.get_album(session, album_id=world["album"].id)
    artist = browse.get_artist(session, slug=world["artist"].slug)
    station = radio.start_station(session, actor=world["listener"], kind="artist", ref=str(world["artist"].id),
                                  size=10)
    others = similar.similar_tracks(session, actor=world["listener"], track_id=world["songs"][1].id)
    try:
        browse.get_track(session, track_id=track.id)
        page = True
    except NotFound:
        page = False
    return dict(
        search=track.id in [t.id for t in found.tracks],
        album=track.id in [t.id for t in album.tracks],
        artist=track.id in [t.id for t in artist.top_tracks],
        radio=track.id in [t.id for t in station.tracks],
        similar=track.id in [t.id for t in others],
        page=page,
    )


def test_a_hidden_track_disappears_and_restore_brings_it_back_as_it_was(session, world):
    track = world["songs"][0]
    assert all(_visible_everywhere(session, world, track).values())
    _report(session, world, track)
    queue.hide(session, actor=world["admin"], target_type="track", target_id=track.id)

    assert not any(_visible_everywhere(session, world, track).values())
    detail = playlist_tracks.playlist_detail(session, actor=world["listener"], playlist_id=world["playlist"].id)
    first = detail.items[0]
    assert (first.position, first.available, first.track, first.title) == (0, False, None, "Neon Harbour")
    assert [i.available for i in detail.items] == [False, True, True]

    queue.restore(session, actor=world["admin"], target_type="track", target_id=track.id)
    session.refresh(track)
    assert track.status == TrackStatus.PUBLISHED
    assert all(_visible_everywhere(session, world, track).values())
    detail = playlist_tracks.playlist_detail(session, actor=world["listener"], playlist_id=world["playlist"].id)
    assert [(i.position, i.available, i.track.id if i.track else None) for i in detail.items] == [
        (n, True, s.id) for n, s in enumerate(world["songs"])]


def test_restore_gives_back_each_tracks_own_status(session, world):
    scheduled = world["songs"][2]
    scheduled.status = TrackStatus.SCHEDULED
    session.add(scheduled)
    session.commit()
    queue.hide(session, actor=world["admin"], target_type="album", target_id=world["album"].id)
    assert {session.get(Track, s.id).status for s in world["songs"]} == {TrackStatus.HIDDEN}
    with pytest.raises(NotFound):
        browse.get_album(session, album_id=world["album"].id)
    queue.restore(session, actor=world["admin"], target_type="album", target_id=world["album"].id)
    assert [session.get(Track, s.id).status for s in world["songs"]] == [
        TrackStatus.PUBLISHED, TrackStatus.PUBLISHED, TrackStatus.SCHEDULED]


def test_a_track_hidden_on_its_own_stays_hidden_under_its_album(session, world):
    track = world["songs"][0]
    queue.hide(session, actor=world["admin"], target_type="track", target_id=track.id)
    queue.hide(session, actor=world["admin"], target_type="album", target_id=world["album"].id)
    queue.restore(session, actor=world["admin"], target_type="track", target_id=track.id)
    assert session.get(Track, track.id).status == TrackStatus.HIDDEN
    queue.restore(session, actor=world["admin"], target_type="album", target_id=world["album"].id)
    assert session.get(Track, track.id).status == TrackStatus.PUBLISHED


def test_the_artist_cannot_republish_a_hidden_release(session, world):
    queue.hide(session, actor=world["admin"], target_type="album", target_id=world["album"].id)
    with pytest.raises(Conflict):
        publishing.publish_release(session, actor=world["owner"], album_id=world["album"].id, affirm_rights=True)
    assert {session.get(Track, s.id).status for s in world["songs"]} == {TrackStatus.HIDDEN}


def test_only_admins_moderate(session, world):
    track = world["songs"][0]
    _report(session, world, track)
    for actor in (None, world["listener"], world["owner"]):
        for step in (queue.hide, queue.dismiss, queue.restore):
            with pytest.raises(PermissionDenied):
                step(session, actor=actor, target_type="track", target_id=track.id)
        with pytest.raises(PermissionDenied):
            queue.review_queue(session, actor=actor)
    assert session.get(Track, track.id).status == TrackStatus.PUBLISHED


def test_queue_groups_reports_by_target_and_dismiss_closes_them(session, world):
    first, second = world["songs"][:2]
    _report(session, world, first)
    _report(session, world, first, actor=None, contact_email="Rights@Label.example", reason="abuse",
            client_ip="10.0.0.2")
    _report(session, world, second, reason="other")
    items = queue.review_queue(session, actor=world["admin"])
    assert [(i.target_id, len(i.reports)) for i in items] == [(first.id, 2), (second.id, 1)]
    assert [r.reporter for r in items[0].reports] == ["ann", "Anonymous"]
    assert items[0].reports[1].contact_email == "rights@label.example"
    queue.dismiss(session, actor=world["admin"], target_type="track", target_id=second.id)
    assert [i.target_id for i in queue.review_queue(session, actor=world["admin"])] == [first.id]
    with pytest.raises(Conflict):
        queue.dismiss(session, actor=world["admin"], target_type="track", target_id=second.id)
    statuses = {r.target_id: r.status for r in session.exec(select(ModerationReport))}
    assert statuses[second.id] == "dismissed" and statuses[first.id] == "open"


def test_counter_notice_by_the_owner_only_then_restore(session, world):
    track = world["songs"][0]
    _report(session, world, track)
    queue.hide(session, actor=world["admin"], target_type="track", target_id=track.id)
    notice = counter_notice.notice_for(session, actor=None, target_type="track", target_id=track.id)
    assert notice is not None and notice.message == "This song is unavailable following a report."
    assert not notice.is_owner
    assert counter_notice.notice_for(session, actor=world["owner"], target_type="track",
                                     target_id=track.id).is_owner
    with pytest.raises(PermissionDenied):
        counter_notice.file_counter_notice(session, actor=world["listener"], target_type="track",
                                           target_id=track.id, statement="I own this song, here is why." * 2)
    sent = counter_notice.file_counter_notice(session, actor=world["owner"], target_type="track",
                                              target_id=track.id, statement="I wrote and recorded it myself.")
    assert sent.counter_notice_sent
    with pytest.raises(Conflict):
        counter_notice.file_counter_notice(session, actor=world["owner"], target_type="track",
                                           target_id=track.id, statement="I wrote and recorded it myself.")
    [item] = queue.review_queue(session, actor=world["admin"])
    assert item.hidden and item.counter_notice == "I wrote and recorded it myself."
    queue.restore(session, actor=world["admin"], target_type="track", target_id=track.id)
    assert counter_notice.notice_for(session, actor=None, target_type="track", target_id=track.id) is None
    assert queue.review_queue(session, actor=world["admin"]) == []
    actions = [e.action for e in session.exec(select(AuditEntry).order_by(AuditEntry.id))]
    assert actions == ["report.filed", "track.hide", "track.counter_notice", "track.restore"]


def test_whether_a_page_is_hidden_is_read_once_and_a_hide_or_restore_shows_at_once(session, world):
    """Every album and track page asks: no query once known, and a moderation write is seen next."""
    album_id = world["album"].id
    session.commit()
    with statements_run(session.get_bind()) as statements:
        for _ in range(3):
            assert counter_notice.notice_for(session, actor=None, target_type="album", target_id=album_id) is None
    assert len([s for s in statements if "moderationhold" in s]) == 1
    queue.hide(session, actor=world["admin"], target_type="album", target_id=album_id)
    session.commit()
    notice = counter_notice.notice_for(session, actor=world["owner"], target_type="album", target_id=album_id)
    assert notice is not None and notice.is_owner and not notice.counter_notice_sent
    counter_notice.file_counter_notice(session, actor=world["owner"], target_type="album", target_id=album_id,
                                       statement="These are my own recordings, all of them.")
    session.commit()
    assert counter_notice.notice_for(session, actor=world["owner"], target_type="album",
                                     target_id=album_id).counter_notice_sent
    queue.restore(session, actor=world["admin"], target_type="album", target_id=album_id)
    session.commit()
    assert counter_notice.notice_for(session, actor=None, target_type="album", target_id=album_id) is None


def test_hiding_twice_or_restoring_what_is_not_hidden_is_refused(session, world):
    track = world["songs"][0]
    with pytest.raises(Conflict):
        queue.restore(session, actor=world["admin"], target_type="track", target_id=track.id)
    queue.hide(session, actor=world["admin"], target_type="track", target_id=track.id)
    with pytest.raises(Conflict):
        queue.hide(session, actor=world["admin"], target_type="track", target_id=track.id)
    assert holds.is_hidden(session, "track", track.id)
