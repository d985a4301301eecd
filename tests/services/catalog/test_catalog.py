"""Catalog read service: the behaviour the browse UI and the REST API rely on."""

from __future__ import annotations

import pytest

from spoticlone.models import TrackStatus
from spoticlone.services.catalog import browse
from spoticlone.services.core.errors import Invalid, NotFound
from tests.factories import make_album, make_artist, make_genre, make_track


def test_list_albums_filters_by_genre_and_paginates(session):
    pop, jazz = make_genre(session, name="Pop"), make_genre(session, name="Jazz")
    artist = make_artist(session)
    for n in range(5):
        album = make_album(session, title=f"Pop {n}", artist_id=artist.id, genre_id=pop.id)
        make_track(session, artist_id=artist.id, album_id=album.id, genre_id=pop.id)
    other = make_album(session, title="Blue", artist_id=artist.id, genre_id=jazz.id)
    make_track(session, artist_id=artist.id, album_id=other.id, genre_id=jazz.id)

    first = browse.list_albums(session, genre_slug="pop", page_size=2)
    last = browse.list_albums(session, genre_slug="pop", page=3, page_size=2)
    assert (first.total, first.pages, len(first.items)) == (5, 3, 2)
    assert len(last.items) == 1 and not last.has_next
    assert all(a.genre.slug == "pop" for a in first.items + last.items)


def test_album_without_published_tracks_is_hidden(session):
    album = make_album(session)
    make_track(session, artist_id=album.artist_id, album_id=album.id, status=TrackStatus.DRAFT)
    with pytest.raises(NotFound):
        browse.get_album(session, album_id=album.id)
    assert browse.list_albums(session).total == 0


def test_album_detail_orders_tracks_and_sums_duration(session):
    album = make_album(session)
    for number in (2, 1):
        make_track(session, title=f"T{number}", artist_id=album.artist_id, album_id=album.id,
                   track_number=number, duration_ms=60_000)
    detail = browse.get_album(session, album_id=album.id)
    assert [t.title for t in detail.tracks] == ["T1", "T2"]
    assert (detail.album.track_count, detail.album.duration_ms) == (2, 120_000)


def test_list_genres_most_tracks_first(session):
    big, small = make_genre(session, name="Big"), make_genre(session, name="Small")
    make_genre(session, name="Empty")
    for _ in range(3):
        make_track(session, genre_id=big.id)
    make_track(session, genre_id=small.id)
    page = browse.list_genres(session)
    assert [(g.name, g.track_count) for g in page.items] == [("Big", 3), ("Small", 1)]


def test_paging_arguments_are_validated(session):
    with pytest.raises(Invalid):
        browse.list_genres(session, page=0)
    with pytest.raises(Invalid):
        browse.list_tracks(session, page_size=browse.MAX_PAGE_SIZE + 1)
