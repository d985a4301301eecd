"""The shared catalog read cache: every change is seen at once, nobody's data reaches another."""

from __future__ import annotations

import pytest
from sqlalchemy import text, update
from sqlmodel import Session, col, select

from spoticlone.db import create_schema, make_engine
from spoticlone.models import Album, ArtistProfile, Track, TrackStatus
from spoticlone.services.catalog import browse, home, read_cache, views
from spoticlone.services.core.errors import NotFound
from spoticlone.services.library import collection
from tests.factories import make_album, make_genre, make_track, make_user


@pytest.fixture
def album(session):
    album = make_album(session, title="First Light")
    for number in (1, 2):
        make_track(session, title=f"Song {number}", artist_id=album.artist_id, album_id=album.id,
                   track_number=number)
    return album


def _fresh(session: Session, fn, **kwargs):
    """What ``fn`` answers without the cache (an in-memory-like read: the cache is skipped)."""
    saved = read_cache.cache_key_of
    try:
        read_cache.cache_key_of = lambda _session: None  # type: ignore[assignment]
        views.cache_key_of = read_cache.cache_key_of  # type: ignore[attr-defined]
        return fn(session, **kwargs)
    finally:
        read_cache.cache_key_of = saved
        views.cache_key_of = saved  # type: ignore[attr-defined]


def test_album_page_is_shared_until_the_catalog_changes(session, album):
    first = browse.get_album(session, album_id=album.id)
    assert browse.get_album(session, album_id=album.id) is first  # served from the cache

    album.title = "Last Light"
    session.add(album)
    session.commit()
    assert browse.get_album(session, album_id=album.id).album.title == "Last Light"


def test_hiding_taking_down_and_deleting_tracks_show_at_once(session, album):
    tracks = session.exec(select(Track).where(Track.album_id == album.id).order_by(col(Track.id))).all()
    assert len(browse.get_album(session, album_id=album.id).tracks) == 2

    tracks[0].status = TrackStatus.HIDDEN
    session.add(tracks[0])
    session.commit()
    assert [t.title for t in browse.get_album(session, album_id=album.id).tracks] == ["Song 2"]

    # A bulk statement (no ORM object involved) counts as well.
    session.execute(update(Track).where(col(Track.id) == tracks[1].id).values(status=TrackStatus.WITHDRAWN))
    session.commit()
    with pytest.raises(NotFound):
        browse.get_album(session, album_id=album.id)

    session.execute(update(Track).where(col(Track.album_id) == album.id).values(status=TrackStatus.PUBLISHED))
    session.commit()
    assert len(browse.get_album(session, album_id=album.id).tracks) == 2
    session.delete(session.get(Track, tracks[0].id))
    session.commit()
    assert [t.title for t in browse.get_album(session, album_id=album.id).tracks] == ["Song 2"]


def test_a_write_from_another_connection_is_seen(session, engine, album):
    browse.get_album(session, album_id=album.id)
    with engine.begin() as conn:  # raw SQL on its own connection, as a script or another service would
        conn.execute(text("UPDATE album SET title = 'Raw' WHERE id = :id"), {"id": album.id})
    with Session(engine) as request:  # a new request (this session's identity map still holds the old row)
        assert browse.get_album(request, album_id=album.id).album.title == "Raw"


def test_uncommitted_edits_are_read_around_the_cache(session, engine, album):
    before = browse.get_album(session, album_id=album.id)
    album.title = "Draft title"
    session.add(album)
    session.flush()
    assert browse.get_album(session, album_id=album.id).album.title == "Draft title"
    with Session(engine) as other:  # another request does not see the uncommitted title
        assert browse.get_album(other, album_id=album.id).album.title == before.album.title
    session.rollback()
    assert browse.get_album(session, album_id=album.id).album.title == before.album.title


def test_home_feed_shows_a_new_release_and_an_artist_rename_at_once(session, album):
    feed = home.home_feed(session, shelf_size=8)
    assert home.home_feed(session, shelf_size=8) is feed
    assert [a.title for a in feed.new_releases] == ["First Light"]

    newer = make_album(session, title="Second Wind", release_date=album.release_date.replace(year=2025))
    make_track(session, artist_id=newer.artist_id, album_id=newer.id)  # published by the factory
    assert [a.title for a in home.home_feed(session, shelf_size=8).new_releases] == ["Second Wind", "First Light"]

    artist = session.get(ArtistProfile, album.artist_id)
    artist.stage_name = "Renamed"
    session.add(artist)
    session.commit()
    feed = home.home_feed(session, shelf_size=8)
    assert {t.artist.name for t in feed.popular_tracks if t.album_id == album.id} == {"Renamed"}


def test_genre_list_shows_a_genre_once_it_has_published_music(session, album):
    assert browse.list_genres(session).items == []
    assert browse.list_genres(session) is browse.list_genres(session)
    jazz = make_genre(session, name="Jazz")
    track = make_track(session, artist_id=album.artist_id, genre_id=jazz.id, status=TrackStatus.DRAFT)
    assert browse.list_genres(session).items == []
    track.status = TrackStatus.PUBLISHED
    session.add(track)
    session.commit()
    assert [(g.name, g.track_count) for g in browse.list_genres(session).items] == [("Jazz", 1)]


def test_track_dtos_follow_play_counts_without_a_catalog_change(session, album):
    track = session.exec(select(Track).where(Track.album_id == album.id)).first()
    assert views.track_dtos(session, [track])[0].play_count == 0
    generation = read_cache.generation(read_cache.cache_key_of(session)[0])
    # A counted play: ``report_progress``'s statement, which starts no new generation...
    session.execute(update(Track).where(col(Track.id) == track.id)
                    .values(play_count=col(Track.play_count) + 1))
    session.commit()
    assert read_cache.generation(read_cache.cache_key_of(session)[0]) == generation
    session.refresh(track)
    # ... yet the DTO of the new row is built again, not taken from the old one.
    assert views.track_dtos(session, [track])[0].play_count == 1
    assert browse.get_album(session, album_id=album.id).tracks == _fresh(
        session, browse.get_album, album_id=album.id).tracks


def test_a_like_by_someone_else_never_reaches_another_listener(session, album):
    ann, bob = make_user(session), make_user(session)
    track = session.exec(select(Track).where(Track.album_id == album.id)).first()
    assert collection.liked_songs(session, actor=bob).items == []
    browse.get_album(session, album_id=album.id)  # the track's DTO is now shared

    collection.like_track(session, actor=ann, track_id=track.id)
    assert [t.id for t in collection.liked_songs(session, actor=ann).items] == [track.id]
    assert collection.liked_songs(session, actor=bob).items == []
    assert collection.liked_ids(session, actor=bob, track_ids=[track.id]) == set()
    # What is shared holds no listener's data at all.
    shared = browse.get_album(session, album_id=album.id)
    assert shared == _fresh(session, browse.get_album, album_id=album.id)
    assert not {"liked", "saved", "is_liked", "is_saved"} & set(shared.tracks[0].model_dump())


def test_each_database_has_its_own_entries(tmp_path, session, album):
    browse.get_album(session, album_id=album.id)
    other_engine = make_engine(f"sqlite:///{tmp_path / 'other.db'}")
    create_schema(other_engine)
    try:
        with Session(other_engine) as other:
            same_id = make_album(other, title="Elsewhere")
            make_track(other, artist_id=same_id.artist_id, album_id=same_id.id)
            assert same_id.id == album.id  # the same id in another database
            assert browse.get_album(other, album_id=same_id.id).album.title == "Elsewhere"
        assert browse.get_album(session, album_id=album.id).album.title == "First Light"
    finally:
        other_engine.dispose()


def test_another_worker_sees_a_change_within_the_ttl(session, album, monkeypatch):
    """Another worker process commits without this one knowing: its entries end with the TTL."""
    first = browse.get_album(session, album_id=album.id)
    with monkeypatch.context() as elsewhere:
        elsewhere.setattr(read_cache, "invalidate", lambda db: None)  # a commit this process does not see
        session.execute(update(Album).where(col(Album.id) == album.id).values(title="Edited elsewhere"))
        session.commit()
    assert browse.get_album(session, album_id=album.id) is first  # still within the TTL
    now = read_cache.time.monotonic()
    monkeypatch.setattr(read_cache.time, "monotonic", lambda: now + read_cache.TTL + 0.1)
    assert browse.get_album(session, album_id=album.id).album.title == "Edited elsewhere"


@pytest.mark.parametrize("statement, writes", [
    ("SELECT * FROM track", False),
    ("UPDATE track SET play_count=(track.play_count + ?) WHERE track.id = ?", False),
    ("UPDATE track SET play_count=? WHERE track.id = ?", False),
    ("UPDATE track SET title=?, play_count=? WHERE track.id = ?", True),
    ('UPDATE "album" SET title=? WHERE album.id = ?', True),
    ("INSERT INTO trackfeaturedartist (track_id, artist_id) VALUES (?, ?)", True),
    ("INSERT OR IGNORE INTO genre (name) VALUES (?)", True),
    ("DELETE FROM artistprofile WHERE artistprofile.id = ?", True),
    ("INSERT INTO playevent (track_id) VALUES (?)", False),
    ("UPDATE ratelimitcounter SET count=count + 1", False),
    ("INSERT INTO pluginstate (name, enabled) VALUES (?, ?)", True),
    ("UPDATE pluginstate SET enabled=? WHERE pluginstate.name = ?", True),
    ("UPDATE pluginstate SET settings_json=?, enabled=? WHERE pluginstate.name = ?", True),
    ("UPDATE pluginstate SET last_error=?, error_at=? WHERE pluginstate.name = ?", False),
    ("INSERT INTO moderationhold (target_type, target_id, active) VALUES (?, ?, ?)", True),
    ("UPDATE moderationhold SET counter_notice=?, counter_notice_at=? WHERE moderationhold.id = ?", True),
])
def test_which_statements_change_the_catalog(statement, writes):
    assert read_cache._writes_catalog(statement) is writes
