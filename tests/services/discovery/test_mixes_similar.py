""""Similar tracks" and "Fans also like": the genre fallback before training, hiding, bad input."""

from __future__ import annotations

import pytest

from spoticlone.models import PlayEvent, TrackStatus
from spoticlone.services.core.errors import Invalid, NotFound
from spoticlone.services.discovery import preferences, similar
from tests.factories import make_artist, make_genre, make_track, make_user


@pytest.fixture
def world(session, settings):
    pop, jazz = make_genre(session, name="Pop"), make_genre(session, name="Jazz")
    artists = [make_artist(session) for _ in range(4)]
    pop_tracks = [make_track(session, artist_id=artists[i % 2].id, genre_id=pop.id, play_count=i) for i in range(6)]
    jazz_tracks = [make_track(session, artist_id=artists[2 + i % 2].id, genre_id=jazz.id) for i in range(4)]
    return artists, pop_tracks, jazz_tracks


def test_similar_tracks_stay_in_the_genre_and_skip_the_track_itself(session, world):
    _, pop, _ = world
    found = similar.similar_tracks(session, actor=None, track_id=pop[0].id, limit=10)
    assert pop[0].id not in {t.id for t in found}
    assert {t.id for t in found} == {t.id for t in pop[1:]}
    assert found[0].id == pop[-1].id  # most played first


def test_not_interested_hides_from_similar_tracks(session, world):
    _, pop, _ = world
    listener = make_user(session)
    preferences.mark_not_interested(session, actor=listener, track_id=pop[5].id)
    preferences.mark_not_interested(session, actor=listener, artist_id=pop[2].artist_id)
    found = similar.similar_tracks(session, actor=listener, track_id=pop[1].id)
    assert pop[5].id not in {t.id for t in found}
    assert pop[2].artist_id not in {t.artist.id for t in found}
    assert pop[5].id in {t.id for t in similar.similar_tracks(session, actor=None, track_id=pop[1].id)}


def test_fans_also_like_names_other_artists_of_the_genre(session, world):
    artists, _, _ = world
    found = similar.fans_also_like(session, actor=None, artist_id=artists[0].id)
    assert [a.id for a in found][:1] == [artists[1].id]  # the genre-mate first, then what everyone plays
    assert artists[0].id not in {a.id for a in found}


def test_fans_also_like_falls_back_to_what_the_same_listeners_play(session, world):
    _, _, jazz = world
    loner = make_artist(session)
    own = make_track(session, artist_id=loner.id)  # no genre: nothing to share
    for _ in range(2):
        fan = make_user(session)
        for track in (own, jazz[1]):
            session.add(PlayEvent(user_id=fan.id, track_id=track.id, completed=True, counted=True))
    session.commit()
    assert [a.id for a in similar.fans_also_like(session, actor=None, artist_id=loner.id)][:1] == [jazz[1].artist_id]


def test_bad_input_is_refused(session, world):
    _, pop, _ = world
    pop[0].status = TrackStatus.DRAFT
    session.commit()
    with pytest.raises(NotFound):
        similar.similar_tracks(session, actor=None, track_id=pop[0].id)
    with pytest.raises(NotFound):
        similar.fans_also_like(session, actor=None, artist_id=99999)
    with pytest.raises(Invalid):
        similar.similar_tracks(session, actor=None, track_id=pop[1].id, limit=500)
