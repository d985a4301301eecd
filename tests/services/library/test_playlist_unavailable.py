"""Playlist entries outlive their songs: a deleted or withdrawn song stays as an unavailable row.

Every reader of playlist entries is covered: the page (detail), counts and length, the play
queue, browsing public playlists, the follow feed, duplicating and the automatic cover.
"""

from __future__ import annotations

import pytest
from sqlmodel import Session, select

from spoticlone.models import Album, Playlist, PlaylistTrack, Track, TrackStatus
from spoticlone.services.core.errors import Invalid, NotFound, PermissionDenied
from spoticlone.services.library import follows
from spoticlone.services.library.playlists import browse, manage, tracks
from tests import factories, images


@pytest.fixture
def owner(session):
    return factories.make_user(session, username="owner")


@pytest.fixture
def other(session):
    return factories.make_user(session, username="other")


@pytest.fixture
def songs(session):
    artist = factories.make_artist(session, stage_name="Nova Drive")
    return [factories.make_track(session, artist_id=artist.id, title=f"Song {i}", duration_ms=100_000 * (i + 1))
            for i in range(4)]


def _playlist(session, owner, songs, store, **kw):
    playlist = manage.create_playlist(session, actor=owner, name="Mix", **kw)
    tracks.add_tracks(session, actor=owner, playlist_id=playlist.id, track_ids=[s.id for s in songs], store=store)
    return playlist.id


def _delete(session: Session, track: Track) -> None:
    session.delete(session.get(Track, track.id))
    session.commit()
    session.expire_all()


def _set_status(session: Session, track: Track, status: TrackStatus) -> None:
    row = session.get(Track, track.id)
    row.status = status
    session.add(row)
    session.commit()
    session.expire_all()


def test_adding_a_song_keeps_a_snapshot_of_it(session, owner, songs, store):
    pid = _playlist(session, owner, songs[:2], store)
    rows = session.exec(select(PlaylistTrack).where(PlaylistTrack.playlist_id == pid)
                        .order_by(PlaylistTrack.position)).all()
    assert [(r.track_title, r.artist_name, r.duration_ms) for r in rows] == [
        ("Song 0", "Nova Drive", 100_000), ("Song 1", "Nova Drive", 200_000)]


def test_a_deleted_song_stays_as_an_unavailable_row(session, owner, songs, store):
    pid = _playlist(session, owner, songs[:3], store)
    _delete(session, songs[1])

    detail = tracks.playlist_detail(session, actor=owner, playlist_id=pid)
    assert detail.total == 3 and [i.available for i in detail.items] == [True, False, True]
    gone = detail.items[1]
    assert (gone.track, gone.title, gone.artist_name, gone.duration_ms) == (None, "Song 1", "Nova Drive", 200_000)
    assert detail.items[0].track.id == songs[0].id and detail.items[0].title == "Song 0"
    # Counts and length say what can be played.
    playlist = detail.playlist
    assert (playlist.track_count, playlist.duration_ms, playlist.unavailable_count) == (2, 400_000, 1)
    assert tracks.queue_track_ids(session, actor=owner, playlist_id=pid) == [songs[0].id, songs[2].id]


def test_a_withdrawn_song_is_unavailable_until_republished(session, owner, other, songs, store):
    pid = _playlist(session, owner, songs[:2], store, visibility="public")
    _set_status(session, songs[0], TrackStatus.WITHDRAWN)
    detail = tracks.playlist_detail(session, actor=other, playlist_id=pid)
    assert [(i.available, i.title) for i in detail.items] == [(False, "Song 0"), (True, "Song 1")]
    assert detail.items[0].track is None  # nothing of the hidden song leaks (no stream URL)
    assert tracks.queue_track_ids(session, actor=other, playlist_id=pid) == [songs[1].id]

    _set_status(session, songs[0], TrackStatus.PUBLISHED)
    detail = tracks.playlist_detail(session, actor=other, playlist_id=pid)
    assert [i.available for i in detail.items] == [True, True] and detail.playlist.unavailable_count == 0
    assert tracks.queue_track_ids(session, actor=other, playlist_id=pid) == [songs[0].id, songs[1].id]


@pytest.mark.parametrize("status", [TrackStatus.DRAFT, TrackStatus.SCHEDULED])
def test_a_draft_or_scheduled_song_is_never_shown(session, owner, songs, store, status):
    pid = _playlist(session, owner, songs[:2], store)
    _set_status(session, songs[0], status)
    detail = tracks.playlist_detail(session, actor=owner, playlist_id=pid)
    assert [i.track.id for i in detail.items] == [songs[1].id] and detail.total == 1
    assert (detail.playlist.track_count, detail.playlist.unavailable_count) == (1, 0)
    assert all(i.title != "Song 0" for i in detail.items)


def test_play_from_an_entry_skips_unavailable_ones_and_refuses_them(session, owner, songs, store):
    pid = _playlist(session, owner, songs, store)
    _delete(session, songs[0])
    _set_status(session, songs[2], TrackStatus.WITHDRAWN)
    items = tracks.playlist_detail(session, actor=owner, playlist_id=pid).items
    ids, start = tracks.play_from(session, actor=owner, playlist_id=pid, item_id=items[3].item_id)
    assert ids == [songs[1].id, songs[3].id] and ids[start] == songs[3].id
    assert tracks.play_from(session, actor=owner, playlist_id=pid) == (ids, 0)
    for unavailable in (items[0], items[2]):
        with pytest.raises(Invalid, match="no longer available"):
            tracks.play_from(session, actor=owner, playlist_id=pid, item_id=unavailable.item_id)
    with pytest.raises(NotFound):
        tracks.play_from(session, actor=owner, playlist_id=pid, item_id=999_999)


def test_private_playlist_play_is_not_found_for_others(session, owner, other, songs, store):
    pid = _playlist(session, owner, songs[:1], store)
    for actor in (None, other):
        with pytest.raises(NotFound):
            tracks.play_from(session, actor=actor, playlist_id=pid)


def test_only_editors_remove_an_unavailable_row(session, owner, other, songs, store):
    pid = _playlist(session, owner, songs[:3], store, visibility="public")
    _delete(session, songs[0])
    gone = tracks.playlist_detail(session, actor=owner, playlist_id=pid).items[0]
    for stranger in (None, other):
        with pytest.raises(PermissionDenied):
            tracks.remove_item(session, actor=stranger, playlist_id=pid, item_id=gone.item_id, store=store)
    # An invited collaborator may.
    manage.update_playlist(session, actor=owner, playlist_id=pid, collaborative=True)
    manage.add_collaborator(session, actor=owner, playlist_id=pid, username="other")
    detail = tracks.remove_item(session, actor=other, playlist_id=pid, item_id=gone.item_id, store=store)
    assert [(i.position, i.track.id) for i in detail.items] == [(0, songs[1].id), (1, songs[2].id)]
    assert detail.playlist.unavailable_count == 0


def test_unavailable_rows_can_be_moved(session, owner, songs, store):
    pid = _playlist(session, owner, songs[:3], store)
    _delete(session, songs[2])
    items = tracks.playlist_detail(session, actor=owner, playlist_id=pid).items
    detail = tracks.move_item(session, actor=owner, playlist_id=pid, item_id=items[2].item_id, to_position=0,
                              store=store)
    assert [i.title for i in detail.items] == ["Song 2", "Song 0", "Song 1"]
    assert [i.available for i in detail.items] == [False, True, True]


def test_a_row_added_before_snapshots_falls_back_to_the_song(session, owner, songs):
    """Rows made without a snapshot (older code, the factories) still show a title."""
    pid = factories.make_playlist(session, owner=owner, tracks=songs[:2]).id
    _set_status(session, songs[0], TrackStatus.WITHDRAWN)
    _delete(session, songs[1])
    items = tracks.playlist_detail(session, actor=owner, playlist_id=pid).items
    assert [(i.available, i.title, i.duration_ms) for i in items] == [
        (False, "Song 0", 100_000), (False, "Unavailable song", 0)]


def test_browse_lists_only_playlists_with_something_playable(session, owner, songs, store):
    keep = _playlist(session, owner, songs[:2], store, visibility="public")
    dead = _playlist(session, owner, songs[2:3], store, visibility="public")
    _delete(session, songs[2])
    _set_status(session, songs[0], TrackStatus.WITHDRAWN)
    listed = browse.browse_playlists(session, actor=None, order="newest").items
    assert [(p.id, p.track_count, p.unavailable_count) for p in listed] == [(keep, 1, 1)]
    assert dead not in {p.id for p in listed}
    # Still reachable by its link, showing the unavailable row.
    assert tracks.playlist_detail(session, actor=None, playlist_id=dead).items[0].available is False


def test_followed_playlists_and_the_feed_count_playable_songs(session, owner, other, songs, store):
    pid = _playlist(session, owner, songs[:3], store, visibility="public")
    _delete(session, songs[0])
    followed = manage.follow_playlist(session, actor=other, playlist_id=pid)
    assert (followed.track_count, followed.unavailable_count) == (2, 1)
    follows.follow_user(session, actor=other, username="owner")
    feed = follows.home_feed(session, actor=other).items
    entry = next(f.playlist for f in feed if f.playlist is not None)
    assert (entry.id, entry.track_count, entry.unavailable_count) == (pid, 2, 1)


def test_duplicating_copies_only_playable_songs_with_snapshots(session, owner, other, songs, store):
    pid = _playlist(session, owner, songs[:3], store, visibility="public")
    _delete(session, songs[1])
    copy = manage.duplicate_playlist(session, actor=other, playlist_id=pid, store=store)
    rows = session.exec(select(PlaylistTrack).where(PlaylistTrack.playlist_id == copy.id)
                        .order_by(PlaylistTrack.position)).all()
    assert [(r.position, r.track_id, r.track_title) for r in rows] == [
        (0, songs[0].id, "Song 0"), (1, songs[2].id, "Song 2")]


def test_the_automatic_cover_forgets_an_unavailable_song(session, owner, store):
    artist = factories.make_artist(session)
    covers = [store.put_bytes("covers", "png", images.png()) for _ in range(2)]
    albums = [factories.make_album(session, artist_id=artist.id, cover_key=key) for key in covers]
    first, second = (factories.make_track(session, artist_id=artist.id, album_id=a.id) for a in albums)
    pid = _playlist(session, owner, [first, second], store)
    assert session.get(Playlist, pid).cover_key == covers[0]
    _set_status(session, first, TrackStatus.WITHDRAWN)
    gone = tracks.playlist_detail(session, actor=owner, playlist_id=pid).items[0]
    # The next edit rebuilds the cover from the playable songs only (here: removing the row).
    tracks.remove_item(session, actor=owner, playlist_id=pid, item_id=gone.item_id, store=store)
    session.expire_all()
    assert session.get(Playlist, pid).cover_key == covers[1]
    assert session.get(Album, albums[0].id) is not None


@pytest.mark.postgres
def test_deleting_a_song_keeps_the_row_on_postgres(pg_session, store):
    owner = factories.make_user(pg_session)
    song = factories.make_track(pg_session, title="Kept")
    pid = _playlist(pg_session, owner, [song], store)
    _delete(pg_session, song)
    row = pg_session.exec(select(PlaylistTrack).where(PlaylistTrack.playlist_id == pid)).one()
    assert (row.track_id, row.track_title) == (None, "Kept")
    assert tracks.playlist_detail(pg_session, actor=owner, playlist_id=pid).items[0].available is False
