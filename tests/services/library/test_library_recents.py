"""``saved_album_ids`` (the album page's save button) and the "played" (Recents) library sort."""

from __future__ import annotations

from datetime import timedelta

import pytest

from spoticlone.models import PlayEvent, PlaySource
from spoticlone.models.common import utcnow
from spoticlone.services.core.errors import Invalid
from spoticlone.services.library import collection, follows
from tests.factories import make_account, make_album, make_artist, make_playlist, make_track


@pytest.fixture
def me(session):
    return make_account(session, username="rae")


def test_saved_album_ids_answers_for_a_list(session, me):
    albums = [make_album(session) for _ in range(3)]
    for album in albums:
        make_track(session, album_id=album.id, artist_id=album.artist_id)
    collection.save_album(session, actor=me, album_id=albums[1].id)
    asked = [a.id for a in albums]
    assert collection.saved_album_ids(session, actor=me, album_ids=asked) == {albums[1].id}
    assert collection.saved_album_ids(session, actor=None, album_ids=asked) == set()
    other = make_account(session, username="other")
    assert collection.saved_album_ids(session, actor=other, album_ids=asked) == set()
    with pytest.raises(Invalid):
        collection.saved_album_ids(session, actor=me, album_ids=list(range(1, 202)))


def _play(session, user, track, *, minutes: int, source=PlaySource.ALBUM, source_id=None):
    session.add(PlayEvent(user_id=user.id, track_id=track.id, source=source, source_id=source_id,
                          started_at=utcnow() + timedelta(minutes=minutes)))
    session.commit()


def test_played_sort_uses_the_listeners_own_plays(session, me):
    artist = make_artist(session, stage_name="Quiet Harbour")
    album = make_album(session, title="Tides", artist_id=artist.id)
    song = make_track(session, album_id=album.id, artist_id=artist.id)
    collection.save_album(session, actor=me, album_id=album.id)
    follows.follow_artist(session, actor=me, artist_id=make_artist(session, stage_name="Other").id)
    elsewhere = make_track(session)  # on no saved album, by no followed artist
    mix = make_playlist(session, owner=me, name="Mix", tracks=[song, elsewhere])

    def order():
        return [i.title for i in collection.library_overview(session, actor=me, sort="played").items]

    assert order()[0] == "Mix"  # nothing played: the newest addition leads
    _play(session, me, song, minutes=5)
    assert order()[0] == "Tides"
    _play(session, me, elsewhere, minutes=10, source=PlaySource.PLAYLIST, source_id=str(mix.id))
    assert order()[0] == "Mix"
    # Somebody else's listening does not reorder my library.
    stranger = make_account(session, username="stranger")
    _play(session, stranger, song, minutes=60)
    assert order()[0] == "Mix"
    with pytest.raises(Invalid):
        collection.library_overview(session, actor=me, sort="loudest")
