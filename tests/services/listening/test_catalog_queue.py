"""Catalog reads for the player: restoring a saved queue and what "play" on a page queues."""

from __future__ import annotations

import pytest

from spoticlone.models import TrackStatus
from spoticlone.services.catalog import browse
from spoticlone.services.core.errors import Invalid, NotFound
from tests.factories import make_album, make_artist, make_genre, make_track


def test_tracks_by_ids_keeps_the_order_and_skips_missing_and_drafts(session):
    a, b, c = (make_track(session, title=t) for t in ("A", "B", "C"))
    draft = make_track(session, title="Draft", status=TrackStatus.DRAFT)
    ids = [c.id, 999_999, a.id, draft.id, b.id, a.id]
    assert [t.title for t in browse.tracks_by_ids(session, ids=ids)] == ["C", "A", "B", "A"]
    assert browse.tracks_by_ids(session, ids=[]) == []


def test_tracks_by_ids_ignores_non_integers_and_caps_the_list(session):
    track = make_track(session)
    assert [t.id for t in browse.tracks_by_ids(session, ids=["1", None, True, 2.0, track.id])] == [
        track.id
    ]
    many = [track.id] * (browse.MAX_QUEUE_IDS + 50)
    assert len(browse.tracks_by_ids(session, ids=many)) == browse.MAX_QUEUE_IDS


def test_queue_for_an_album_plays_it_in_album_order(session):
    album = make_album(session)
    for n in (3, 1, 2):
        make_track(session, title=f"T{n}", album_id=album.id, artist_id=album.artist_id, track_number=n)
    make_track(session, title="Hidden", album_id=album.id, artist_id=album.artist_id,
               track_number=4, status=TrackStatus.DRAFT)
    queued = browse.queue_for(session, kind="album", ref=str(album.id))
    assert [t.title for t in queued] == ["T1", "T2", "T3"]


def test_queue_for_an_artist_plays_their_top_tracks(session):
    artist = make_artist(session)
    for n in range(12):
        make_track(session, title=f"T{n}", artist_id=artist.id, play_count=n)
    make_track(session, title="Other artist", play_count=1000)
    queued = browse.queue_for(session, kind="artist", ref=artist.slug)
    assert [t.title for t in queued] == [f"T{n}" for n in range(11, 1, -1)]


def test_queue_for_a_genre_plays_its_most_played_tracks_capped(session):
    genre = make_genre(session, name="Drone")
    for n in range(105):
        make_track(session, title=f"G{n}", genre_id=genre.id, play_count=n)
    queued = browse.queue_for(session, kind="genre", ref=genre.slug)
    assert len(queued) == 100
    assert queued[0].title == "G104" and queued[-1].title == "G5"


def test_queue_for_a_single_track(session):
    track = make_track(session, title="Solo")
    assert [t.title for t in browse.queue_for(session, kind="track", ref=str(track.id))] == ["Solo"]


@pytest.mark.parametrize(
    ("kind", "ref"),
    [("album", "999999"), ("track", "999999"), ("artist", "nobody"), ("genre", "no-such-genre")],
)
def test_queue_for_nothing_is_not_found(session, kind, ref):
    with pytest.raises(NotFound):
        browse.queue_for(session, kind=kind, ref=ref)


def test_queue_for_drafts_is_not_found(session):
    draft = make_track(session, status=TrackStatus.DRAFT)
    with pytest.raises(NotFound):
        browse.queue_for(session, kind="track", ref=str(draft.id))


@pytest.mark.parametrize(
    ("kind", "ref"),
    [("playlist", "1"), ("album", "one"), ("track", "-1"), ("track", "١"), ("album", "9" * 40)],
)
def test_queue_for_bad_input_is_invalid(session, kind, ref):
    with pytest.raises(Invalid):
        browse.queue_for(session, kind=kind, ref=ref)
