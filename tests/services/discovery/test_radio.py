"""Radio: every seed kind, no repeats, steering by skips and likes, privacy, hiding, drafts, bounds."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from sqlmodel import select

from spoticlone.models import PlayEvent, PlaylistVisibility, RadioStation, TrackLike, TrackStatus
from spoticlone.services.core.errors import Invalid, NotFound, PermissionDenied
from spoticlone.services.discovery import preferences, radio, radio_steering, recommendations
from spoticlone.services.discovery.radio_strategies import RADIO_STRATEGIES, Seed
from spoticlone.services.listening.queue import PlayQueue
from tests.factories import make_album, make_artist, make_genre, make_playlist, make_track, make_user

T0 = datetime.now(UTC) - timedelta(days=3)


@pytest.fixture
def world(session, settings):
    """Two genres, each four artists of eight tracks, with listeners who keep to one genre."""
    genres, tracks = [make_genre(session, name=n) for n in ("Dream Pop", "Hard Bop")], []
    for g, genre in enumerate(genres):
        for _ in range(4):
            artist = make_artist(session)
            album = make_album(session, artist_id=artist.id)
            tracks += [make_track(session, artist_id=artist.id, genre_id=genre.id, album_id=album.id,
                                  track_number=i + 1, play_count=(i * 7 + g) % 11) for i in range(8)]
    for g in range(2):
        for n in range(10):
            fan = make_user(session)
            for i, track in enumerate(tracks[g * 32:(g + 1) * 32]):
                if (i + n) % 3:
                    session.add(PlayEvent(user_id=fan.id, track_id=track.id, completed=True, counted=True,
                                          ms_played=180_000, started_at=T0 + timedelta(minutes=i)))
    session.commit()
    return {"genres": genres, "tracks": tracks, "me": make_user(session), "other": make_user(session)}


def _ids(batch):
    return [t.id for t in batch.tracks]


@pytest.mark.parametrize("trained", [False, True])
def test_ten_batches_never_repeat_a_track(session, world, trained):
    if trained:
        recommendations.train_engine(session)
    artist = world["tracks"][0]
    start = radio.start_station(session, actor=world["me"], kind="artist", ref=str(artist.artist_id), size=6)
    heard = _ids(start)
    assert start.station.label.startswith("Radio: ") and start.station.url.startswith("/radio/artist/")
    assert start.tracks[0].artist.id == artist.artist_id  # the artist's own top track opens the station
    for _ in range(9):
        heard += _ids(radio.next_batch(session, actor=world["me"], station_id=start.station.id, size=6))
    assert len(heard) == len(set(heard)) == 60
    exhausted = radio.next_batch(session, actor=world["me"], station_id=start.station.id, size=6)
    assert len(set(heard + _ids(exhausted))) == len(heard) + len(exhausted.tracks)


def test_a_track_station_starts_with_the_track_and_stays_near_it(session, world):
    recommendations.train_engine(session)
    seed = world["tracks"][3]
    batch = radio.start_station(session, actor=world["me"], kind="track", ref=f"{seed.id}-any-slug")
    assert _ids(batch)[0] == seed.id and len(batch.tracks) == radio.BATCH
    same_genre = sum(1 for t in batch.tracks if t.genre and t.genre.id == seed.genre_id)
    assert same_genre >= 8
    artists = [t.artist.id for t in batch.tracks]
    assert max(artists.count(a) for a in artists) <= 2  # no artist more than twice in ten


@pytest.mark.parametrize("trained", [False, True])
def test_skips_push_an_artist_down_and_likes_pull_one_up(session, world, trained):
    if trained:
        recommendations.train_engine(session)
    me, genre = world["me"], world["genres"][0]

    def station(action=None, pick=1):
        start = radio.start_station(session, actor=me, kind="genre", ref=genre.slug, size=8)
        artist = start.tracks[pick].artist.id
        if action:
            for track in start.tracks:
                if track.artist.id == artist:
                    radio.station_feedback(session, actor=me, station_id=start.station.id, track_id=track.id,
                                           action=action)
        following = radio.next_batch(session, actor=me, station_id=start.station.id, size=12).tracks
        return sum(1 for t in following if t.artist.id == artist), start.station.id

    plain, _ = station()
    after_skips, skipped_station = station("skip")
    assert after_skips < plain
    plain_other, _ = station(pick=2)
    after_likes, _ = station("like", pick=2)
    assert after_likes >= plain_other
    state = radio.get_station(session, actor=me, station_id=skipped_station)
    assert state.skipped >= 1 and state.served == 20


def test_a_batch_scores_a_shortlist_never_the_whole_catalog(session, world, monkeypatch):
    """Steering asks each generator about candidates only (``shortlist.Query``): a full
    ``score(row)`` over the catalog was most of a batch's cost at 100k tracks.
    """
    from spoticlone.services.discovery import store

    recommendations.train_engine(session)
    engine = store.load_engine()

    def whole_catalog(row):
        raise AssertionError("radio scored the whole catalog")

    for generator in engine.generators.values():
        monkeypatch.setattr(generator, "score", whole_catalog)
    tracks = world["tracks"]
    liked, skipped, banned = tracks[1], tracks[9], tracks[17]
    steering = radio_steering.Steering(liked=(liked.id,), skipped=(skipped.id,),
                                       liked_artists={liked.artist_id: 1}, skipped_artists={skipped.artist_id: 1})
    picks = radio_steering.steer(engine, [(tracks[0].id, 1.0)], steering, hidden_tracks={tracks[2].id},
                                 hidden_artists={banned.artist_id}, n=6)
    assert len(picks) == 6 and tracks[2].id not in picks
    assert not {t.id for t in tracks if t.artist_id == banned.artist_id} & set(picks)


def test_the_players_own_skips_and_likes_count(session, world):
    me = world["me"]
    start = radio.start_station(session, actor=me, kind="genre", ref=world["genres"][0].slug, size=8)
    skipped, liked = start.tracks[0], start.tracks[1]
    session.add(PlayEvent(user_id=me.id, track_id=skipped.id, source="radio", source_id=str(start.station.id),
                          skipped=True, ms_played=2_000))
    session.add(TrackLike(user_id=me.id, track_id=liked.id))
    session.commit()
    row = session.get(RadioStation, start.station.id)
    steering = radio._steering(session, row, [t.id for t in start.tracks])
    assert skipped.id in steering.skipped and liked.id in steering.liked
    assert steering.artist_factor(skipped.artist.id) < 1 < steering.artist_factor(liked.artist.id) or (
        skipped.artist.id == liked.artist.id)


def test_every_seed_kind_starts(session, world):
    me, track = world["me"], world["tracks"][9]
    mine = make_playlist(session, owner=me, tracks=world["tracks"][:5])
    for kind, ref in (("track", str(track.id)), ("album", str(track.album_id)), ("artist", str(track.artist_id)),
                      ("genre", world["genres"][1].slug),
                      ("playlist", str(mine.id)), ("my", "me")):
        batch = radio.start_station(session, actor=me, kind=kind, ref=ref)
        assert batch.tracks, kind
        assert batch.station.kind == kind and batch.station.title
    assert radio.start_station(session, actor=me, kind="album", ref=str(track.album_id)).tracks[0].track_number == 1


def test_my_radio_for_a_listener_with_no_history_plays_popular_tracks(session, world):
    newcomer = make_user(session)
    batch = radio.start_station(session, actor=newcomer, kind="my", ref="me")
    assert len(batch.tracks) == radio.BATCH
    assert batch.tracks[0].play_count == max(t.play_count for t in world["tracks"])
    assert batch.station.label == "Radio: Your taste"


def test_someone_elses_private_playlist_never_seeds_a_station(session, world):
    secret = make_playlist(session, owner=world["other"], tracks=world["tracks"][:4],
                           visibility=PlaylistVisibility.PRIVATE)
    with pytest.raises(NotFound):
        radio.start_station(session, actor=world["me"], kind="playlist", ref=str(secret.id))
    assert radio.start_station(session, actor=world["other"], kind="playlist", ref=str(secret.id)).tracks
    shared = make_playlist(session, owner=world["other"], tracks=world["tracks"][:4],
                           visibility=PlaylistVisibility.PUBLIC)
    assert radio.start_station(session, actor=world["me"], kind="playlist", ref=str(shared.id)).tracks


def test_stations_are_their_listeners_own(session, world):
    mine = radio.start_station(session, actor=world["me"], kind="genre", ref=world["genres"][0].slug)
    for call in (lambda: radio.next_batch(session, actor=world["other"], station_id=mine.station.id),
                 lambda: radio.get_station(session, actor=world["other"], station_id=mine.station.id),
                 lambda: radio.station_feedback(session, actor=world["other"], station_id=mine.station.id,
                                                track_id=mine.tracks[0].id, action="like"),
                 lambda: radio.next_batch(session, actor=world["me"], station_id=2**63)):
        with pytest.raises(NotFound):
            call()
    with pytest.raises(PermissionDenied):
        radio.start_station(session, actor=None, kind="genre", ref=world["genres"][0].slug)


@pytest.mark.parametrize("trained", [False, True])
def test_not_interested_and_drafts_never_appear(session, world, trained):
    me, tracks = world["me"], world["tracks"]
    banned_artist = tracks[8].artist_id
    preferences.mark_not_interested(session, actor=me, artist_id=banned_artist)
    preferences.mark_not_interested(session, actor=me, track_id=tracks[17].id)
    if trained:
        recommendations.train_engine(session)
    tracks[20].status = TrackStatus.DRAFT  # withdrawn after training
    tracks[21].status = TrackStatus.DRAFT
    session.commit()
    start = radio.start_station(session, actor=me, kind="genre", ref=world["genres"][0].slug, size=25)
    heard = start.tracks + radio.next_batch(session, actor=me, station_id=start.station.id, size=25).tracks
    assert heard and banned_artist not in {t.artist.id for t in heard}
    assert not {tracks[17].id, tracks[20].id, tracks[21].id} & {t.id for t in heard}
    with pytest.raises(NotFound):
        radio.start_station(session, actor=me, kind="track", ref=str(tracks[20].id))


def test_bad_input_is_refused_and_changes_nothing(session, world):
    me = world["me"]
    for kind, ref in (("mood", "x"), ("track", "abc"), ("track", "99999999"), ("artist", "no-such"),
                      ("genre", "no-such"), ("playlist", "123456"), ("my", "someone-else")):
        with pytest.raises(NotFound):
            radio.start_station(session, actor=me, kind=kind, ref=ref)
    with pytest.raises(Invalid):
        radio.start_station(session, actor=me, kind="genre", ref=world["genres"][0].slug, size=500)
    assert len(session.exec(select(RadioStation)).all()) == 0
    start = radio.start_station(session, actor=me, kind="genre", ref=world["genres"][0].slug)
    with pytest.raises(Invalid):
        radio.next_batch(session, actor=me, station_id=start.station.id, size=0)
    with pytest.raises(Invalid):
        radio.station_feedback(session, actor=me, station_id=start.station.id, track_id=start.tracks[0].id,
                               action="love")
    with pytest.raises(NotFound):
        radio.station_feedback(session, actor=me, station_id=start.station.id, track_id=world["tracks"][-1].id,
                               action="skip")


def test_a_listener_keeps_only_their_newest_stations(session, world):
    for _ in range(radio.KEEP_STATIONS + 3):
        radio.start_station(session, actor=world["me"], kind="genre", ref=world["genres"][1].slug, size=1)
    assert len(session.exec(select(RadioStation)).all()) == radio.KEEP_STATIONS


def test_a_plugin_registers_its_own_strategy(session, world):
    def loudest(session, listener, ref):
        return Seed(kind="loudest", ref="all", title="Loud", tracks=((world["tracks"][0].id, 1.0),))

    RADIO_STRATEGIES.register("loudest", loudest)
    try:
        batch = radio.start_station(session, actor=world["me"], kind="loudest", ref="all")
        assert batch.station.label == "Radio: Loud" and batch.tracks
    finally:
        RADIO_STRATEGIES.unregister("loudest")


def test_the_player_queue_refills_only_for_its_own_listener(session, world):
    start = radio.start_station(session, actor=world["me"], kind="genre", ref=world["genres"][0].slug, size=3)
    queue = PlayQueue.start([t.id for t in start.tracks], source="radio", source_id=str(start.station.id))
    kept = radio.keep_playing(session, actor=world["me"], queue=queue)
    assert kept.label == start.station.label and len(kept.queue.track_ids) == 3 + radio.BATCH
    assert len(set(kept.queue.track_ids)) == len(kept.queue.track_ids)
    full = radio.keep_playing(session, actor=world["me"], queue=kept.queue)
    assert full.queue == kept.queue  # enough left: no refill
    for actor in (world["other"], None):
        assert radio.keep_playing(session, actor=actor, queue=queue) == radio.RadioQueue(queue, "")
    album = PlayQueue.start([world["tracks"][0].id], source="album", source_id="1")
    assert radio.keep_playing(session, actor=world["me"], queue=album).label == ""
