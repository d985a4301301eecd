"""Pages in the second half of a list are read backwards (``browse._window``): same rows.

Every order, with ties and missing release dates, on SQLite and on PostgreSQL: reading the
list page by page must give exactly the list read as one page.
"""

from __future__ import annotations

from datetime import date

import pytest

from spoticlone.services.catalog import browse
from tests.factories import make_album, make_artist, make_track


def _catalog(session) -> None:
    artist = make_artist(session)
    for n in range(7):
        album = make_album(session, title=f"Same {n % 3}", slug=f"same-{n}", artist_id=artist.id,
                           release_date=None if n % 4 == 0 else date(2020, 1 + n % 2, 1))
        for k in range(2):
            make_track(session, title=f"Song {(n + k) % 4}", slug=f"song-{n}-{k}", artist_id=artist.id,
                       album_id=album.id,
                       play_count=(n * k) % 3, release_date=None if n % 3 == 0 else date(2021, 1, 1 + k))


def _pages(fn, session, order: str, size: int) -> tuple[list[int], list[int]]:
    whole = fn(session, page_size=50, order=order)
    paged: list[int] = []
    for page in range(1, -(-whole.total // size) + 1):
        paged += [item.id for item in fn(session, page=page, page_size=size, order=order).items]
    return [item.id for item in whole.items], paged


@pytest.mark.parametrize("order", list(browse.TRACK_ORDERS))
@pytest.mark.parametrize("size", [3, 4])
def test_track_pages_match_the_whole_list(session, order, size):
    _catalog(session)
    whole, paged = _pages(browse.list_tracks, session, order, size)
    assert len(whole) == 14 and paged == whole


@pytest.mark.parametrize("order", list(browse.ALBUM_ORDERS))
def test_album_pages_match_the_whole_list(session, order):
    _catalog(session)
    whole, paged = _pages(browse.list_albums, session, order, 2)
    assert len(whole) == 7 and paged == whole


def test_window_reads_the_second_half_backwards():
    assert browse._window(0, 10, 100) == (False, 0, 10)
    assert browse._window(50, 10, 100) == (False, 50, 10)
    assert browse._window(90, 10, 100) == (True, 0, 10)
    assert browse._window(95, 10, 100) == (True, 0, 5)  # the last, short page
    assert browse._window(120, 10, 100) == (False, 120, 10)  # past the end: empty, as before


@pytest.mark.postgres
@pytest.mark.parametrize("order", list(browse.TRACK_ORDERS))
def test_track_pages_match_on_postgres(pg_engine, order):
    from sqlmodel import Session

    with Session(pg_engine, expire_on_commit=False) as session:
        _catalog(session)
        whole, paged = _pages(browse.list_tracks, session, order, 3)
        albums_whole, albums_paged = _pages(browse.list_albums, session, "newest", 2)
        session.rollback()
    assert paged == whole and albums_paged == albums_whole
