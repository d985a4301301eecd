"""Matching a batch's albums at once gives every file what matching them one after the other gives."""

from __future__ import annotations

from datetime import date

from sqlalchemy import event

from spoticlone.models import Album, AlbumKind
from spoticlone.services.media import matching
from spoticlone.services.media.matching import AlbumWanted
from tests.factories import make_album, make_artist, make_genre

#: (title, release date, kind) per file; ``None`` is a file without an album.
FILES = [
    ("Night Drive", None, AlbumKind.ALBUM),
    ("Old Favourite", date(2020, 5, 1), AlbumKind.ALBUM),  # exists, without a date: the file fills it in
    None,
    ("night drive!", date(2021, 1, 1), AlbumKind.EP),  # same slug as the first: the same album
    ("Taken Slug", None, AlbumKind.SINGLE),  # another title with this slug: that album
    ("Ночь", None, AlbumKind.ALBUM),  # no ASCII letters: matched by title in the database
    ("Night Drive", None, AlbumKind.ALBUM),
]


def _setup(session, name):
    artist = make_artist(session, stage_name=name)
    make_album(session, artist_id=artist.id, title="Old Favourite", release_date=None)
    make_album(session, artist_id=artist.id, title="Taken", slug="taken-slug-x")
    make_album(session, artist_id=artist.id, title="Something Else", slug="taken-slug")
    return artist.id


def _wanted(artist_id, genre_id):
    return [None if f is None else AlbumWanted(f[0], artist_id, genre_id, f[1], f[2]) for f in FILES]


def _shape(results):
    """What each file got, independent of the artist: the album's values, whether it was new,
    and which earlier file's album it is."""
    first: dict[int, int] = {}
    shape = []
    for n, (album, created) in enumerate(results):
        if album is None:
            shape.append(None)
            continue
        same = first.setdefault(id(album), n)
        shape.append((album.title, album.slug, album.release_date, album.kind, album.genre_id, created, same))
    return shape


def test_a_batch_matches_albums_as_one_file_at_a_time_does(session):
    genre = make_genre(session, name="Synthwave")
    one_by_one, at_once = _setup(session, "One By One"), _setup(session, "At Once")
    single = [None if w is None else matching.match_album(session, w.title, w.artist_id, w.genre_id,
                                                           release_date=w.release_date, kind=w.kind)
              for w in _wanted(one_by_one, genre.id)]
    single = [(None, False) if s is None else s for s in single]
    batch = matching.match_albums(session, _wanted(at_once, genre.id))
    session.commit()
    assert _shape(batch) == _shape(single)
    assert [created for _, created in batch] == [True, False, False, False, False, True, False]
    assert batch[4][0].title == "Something Else" and batch[1][0].release_date == date(2020, 5, 1)


def test_new_albums_are_inserted_together_and_matched_again_without_queries(session):
    genre = make_genre(session)
    artist = make_artist(session)
    statements = []

    def count(conn, cursor, statement, *args):
        statements.append(statement)

    wanted = [AlbumWanted(f"Album {n % 20}", artist.id, genre.id, None, AlbumKind.ALBUM) for n in range(100)]
    event.listen(session.get_bind(), "before_cursor_execute", count)
    try:
        first = matching.match_albums(session, wanted)
        reads_and_writes = len(statements)
        again = matching.match_albums(session, wanted)
    finally:
        event.remove(session.get_bind(), "before_cursor_execute", count)
    assert sum(created for _, created in first) == 20 and not any(created for _, created in again)
    assert reads_and_writes <= 3  # one read of the artist's albums, one insert (SQLite may split it)
    assert len(statements) == reads_and_writes  # all remembered the second time
    assert [album.id for album, _ in again] == [album.id for album, _ in first]
    assert session.get(Album, first[0][0].id).slug == "album-0"
