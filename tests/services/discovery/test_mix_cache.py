"""Home's made-for-you answers are kept per listener, and anything they read makes them miss.

Each check compares the kept answer with one built afresh (the cache cleared), right after a
write in the same process: what a listener sees must be what an uncached build shows.
"""

from __future__ import annotations

import time
from datetime import date, timedelta

import pytest
from sqlmodel import select

from spoticlone.models import NotInterested, PlayEvent, Rating, Track, TrackLike, TrackStatus
from spoticlone.services.discovery import mix_cache, mixes, preferences
from spoticlone.services.library import collection, follows
from spoticlone.services.listening.plays import start_play
from tests.factories import make_album, make_artist, make_genre, make_track, make_user

MONDAY = date(2026, 11, 30)


@pytest.fixture
def catalog(session, settings):
    """Four genres, two artists each, four tracks per artist."""
    tracks = {}
    for g, name in enumerate(("Dream Pop", "Techno", "Folk", "Jazz")):
        genre = make_genre(session, name=name)
        for a in range(2):
            artist = make_artist(session, stage_name=f"{name} Artist {a}")
            album = make_album(session, artist_id=artist.id, genre_id=genre.id, cover_key=f"covers/{g}{a}.jpg",
                               release_date=date(2025, 1 + g, 1 + a))
            tracks[(g, a)] = [make_track(session, artist_id=artist.id, genre_id=genre.id, album_id=album.id,
                                         play_count=10 * g + i, release_date=date(2025, 1 + g, 1 + a))
                              for i in range(4)]
    return tracks


@pytest.fixture
def builds(monkeypatch):
    """How many times the mixes were really built."""
    count = {"mixes": 0, "picks": 0}
    build_mixes, build_picks = mixes._build_mixes, mixes._build_picks

    def counted_mixes(*args, **kwargs):
        count["mixes"] += 1
        return build_mixes(*args, **kwargs)

    def counted_picks(*args, **kwargs):
        count["picks"] += 1
        return build_picks(*args, **kwargs)

    monkeypatch.setattr(mixes, "_build_mixes", counted_mixes)
    monkeypatch.setattr(mixes, "_build_picks", counted_picks)
    return count


def _shelf(session, user, today=MONDAY):
    return (mixes.my_mixes(session, actor=user, today=today), mixes.home_picks(session, actor=user, limit=6),
            mixes.needs_taste_picks(session, actor=user))


def _uncached(session, user, today=MONDAY):
    mix_cache.clear_mix_cache()
    return _shelf(session, user, today)


def test_a_repeat_visit_is_not_rebuilt_and_shows_the_same(session, catalog, builds):
    listener = make_user(session)
    collection.like_track(session, actor=listener, track_id=catalog[(1, 0)][0].id)
    _shelf(session, listener)  # the week's first build stores Discover Weekly: that visit misses once more
    first = _shelf(session, listener)
    settled = builds["mixes"]
    again = _shelf(session, listener)
    assert builds["mixes"] == settled and again == first
    assert again == _uncached(session, listener)


@pytest.mark.parametrize("action", ["like", "unlike", "play", "follow", "unfollow", "not_interested",
                                    "not_interested_artist", "taste_pick", "rating"])
def test_the_listeners_own_action_shows_on_their_next_visit(session, catalog, action):
    listener = make_user(session)
    liked = catalog[(0, 0)][0]
    collection.like_track(session, actor=listener, track_id=liked.id)
    follows.follow_artist(session, actor=listener, artist_id=catalog[(3, 1)][0].artist_id)
    _shelf(session, listener)
    before = _shelf(session, listener)
    target = catalog[(2, 1)][1]
    if action == "like":
        collection.like_track(session, actor=listener, track_id=target.id)
    elif action == "unlike":
        collection.unlike_track(session, actor=listener, track_id=liked.id)
    elif action == "play":
        for track in catalog[(2, 1)]:
            start_play(session, track_id=track.id, source="album", user_id=listener.id)
    elif action == "follow":
        follows.follow_artist(session, actor=listener, artist_id=target.artist_id)
    elif action == "unfollow":
        follows.unfollow_artist(session, actor=listener, artist_id=catalog[(3, 1)][0].artist_id)
    elif action == "not_interested":
        hidden = next(p.track.id for p in before[1])
        preferences.mark_not_interested(session, actor=listener, track_id=hidden)
    elif action == "not_interested_artist":
        preferences.mark_not_interested(session, actor=listener, artist_id=catalog[(3, 1)][0].artist_id)
    elif action == "taste_pick":
        preferences.set_taste_picks(session, actor=listener, genre_ids=[catalog[(2, 0)][0].genre_id])
    else:
        session.add(Rating(user_id=listener.id, track_id=target.id, stars=5))
        session.commit()
    after = _shelf(session, listener)
    assert after == _uncached(session, listener)
    if action != "rating":  # a rating only moves the engine's picks, and no engine is trained here
        assert after != before


def test_a_deletion_and_a_new_row_that_reuses_its_id_still_miss(session, catalog):
    listener = make_user(session)
    first, second = catalog[(0, 0)][0], catalog[(3, 0)][0]
    collection.like_track(session, actor=listener, track_id=first.id)
    _shelf(session, listener)
    before = _shelf(session, listener)
    (old,) = session.exec(select(TrackLike.id).where(TrackLike.user_id == listener.id)).all()
    collection.unlike_track(session, actor=listener, track_id=first.id)
    collection.like_track(session, actor=listener, track_id=second.id)
    (new,) = session.exec(select(TrackLike.id).where(TrackLike.user_id == listener.id)).all()
    assert new == old  # same count, same highest id: only the checksum tells them apart
    after = _shelf(session, listener)
    assert after != before and after == _uncached(session, listener)


def test_one_listeners_mixes_never_reach_another(session, catalog):
    me, other = make_user(session), make_user(session)
    for track in catalog[(0, 0)]:
        collection.like_track(session, actor=me, track_id=track.id)
    for track in catalog[(3, 1)]:
        collection.like_track(session, actor=other, track_id=track.id)
    mine = _shelf(session, me)
    theirs = _shelf(session, other)
    assert mine[0] != theirs[0]
    assert theirs == _uncached(session, other)
    assert _shelf(session, me) == _uncached(session, me)


def test_a_catalog_change_misses(session, catalog):
    listener = make_user(session)
    collection.like_track(session, actor=listener, track_id=catalog[(1, 0)][0].id)
    _shelf(session, listener)
    before = _shelf(session, listener)
    for track in session.exec(select(Track).where(Track.artist_id == catalog[(1, 0)][0].artist_id)).all():
        track.status = TrackStatus.WITHDRAWN
        session.add(track)
    session.commit()
    after = _shelf(session, listener)
    assert after != before and after == _uncached(session, listener)


def test_a_new_day_and_a_new_week_miss(session, catalog, builds):
    listener = make_user(session)
    _shelf(session, listener)
    _shelf(session, listener)
    settled = builds["mixes"]
    _shelf(session, listener, MONDAY + timedelta(days=1))
    assert builds["mixes"] == settled + 1
    next_week = _shelf(session, listener, MONDAY + timedelta(days=7))
    assert next_week == _uncached(session, listener, MONDAY + timedelta(days=7))


def test_a_retrained_engine_misses(session, catalog, builds, monkeypatch):
    listener = make_user(session)
    _shelf(session, listener)
    _shelf(session, listener)
    settled = builds["mixes"]
    monkeypatch.setattr(mix_cache, "_engine_version", lambda: 12345.0)
    _shelf(session, listener)
    assert builds["mixes"] == settled + 1


def test_an_entry_expires(session, catalog, builds, monkeypatch):
    monkeypatch.setattr(mix_cache, "TTL", -1.0)
    listener = make_user(session)
    _shelf(session, listener)
    _shelf(session, listener)
    settled = builds["mixes"]
    _shelf(session, listener)
    _shelf(session, listener)
    assert builds["mixes"] == settled + 2


def test_the_cache_keeps_at_most_max_entries(session, catalog, monkeypatch):
    monkeypatch.setattr(mix_cache, "MAX_ENTRIES", 4)
    for _ in range(5):
        _shelf(session, make_user(session))
    assert mix_cache.mix_cache_size() == 4


def test_hidden_rows_are_part_of_the_version(session, catalog):
    listener = make_user(session)
    before = mix_cache.listener_version(session, listener.id)
    session.add(NotInterested(user_id=listener.id, artist_id=catalog[(0, 0)][0].artist_id))
    session.commit()
    assert mix_cache.listener_version(session, listener.id) != before


def test_shared_popular_tracks_follow_catalog_writes_and_never_share_an_exclusion(session, catalog):
    from spoticlone.services.discovery import mix_popular

    genre = catalog[(2, 0)][0].genre_id
    top = mix_popular.popular_fill(session, genre_id=genre, limit=3)
    mine = mix_popular.popular_fill(session, genre_id=genre, exclude=[top[0].id], limit=3)
    assert top[0].id not in [t.id for t in mine]
    assert mix_popular.popular_fill(session, genre_id=genre, limit=3) == top
    withdrawn = session.get(Track, top[0].id)
    withdrawn.status = TrackStatus.WITHDRAWN
    session.add(withdrawn)
    session.commit()
    assert top[0].id not in [t.id for t in mix_popular.popular_fill(session, genre_id=genre, limit=3)]


def test_the_version_query_runs_on_postgresql(pg_session, settings):
    listener = make_user(pg_session)
    genre = make_genre(pg_session, name="Ambient")
    artist = make_artist(pg_session, stage_name="Drift")
    track = make_track(pg_session, artist_id=artist.id, genre_id=genre.id)
    before = mix_cache.listener_version(pg_session, listener.id)
    collection.like_track(pg_session, actor=listener, track_id=track.id)
    pg_session.add(Rating(user_id=listener.id, track_id=track.id, stars=4))
    pg_session.commit()
    after = mix_cache.listener_version(pg_session, listener.id)
    assert after != before and len(after) == 7
    start_play(pg_session, track_id=track.id, source="search", user_id=listener.id)
    played = mix_cache.listener_version(pg_session, listener.id)
    assert played != after and ("1", "1") in played  # plays are counted, and only counted


def test_only_the_first_plays_move_the_version():
    steps = [mix_cache.play_step(n) for n in range(200)]
    assert steps[:mix_cache.EXACT_PLAYS + 1] == list(range(mix_cache.EXACT_PLAYS + 1))  # each early play shows
    assert set(steps[mix_cache.EXACT_PLAYS:]) == {mix_cache.EXACT_PLAYS}


def test_a_miss_that_refreshes_the_stored_picks_is_kept_under_the_refreshed_version(session, catalog, builds):
    listener = make_user(session)
    _shelf(session, listener)
    _shelf(session, listener)  # this week's Discover Weekly is stored
    collection.like_track(session, actor=listener, track_id=catalog[(1, 0)][0].id)  # picks are now stale
    first = _shelf(session, listener)
    built = builds["mixes"]
    assert _shelf(session, listener) == first and builds["mixes"] == built  # no second build
    assert first == _uncached(session, listener)


def test_a_new_listeners_first_play_turns_their_cold_home_into_mixes_at_once(session, catalog, builds):
    listener = make_user(session)
    _shelf(session, listener)  # this week's Discover Weekly is stored
    cold = _shelf(session, listener)
    settled = builds["mixes"]
    assert _shelf(session, listener) == cold and builds["mixes"] == settled
    assert cold[2] is True  # the taste picker, and mixes of what is popular
    start_play(session, track_id=catalog[(1, 0)][0].id, source="album", user_id=listener.id)
    warm = _shelf(session, listener)
    assert warm[2] is False and warm != cold
    assert warm == _uncached(session, listener)


def test_one_more_play_of_a_listener_with_many_keeps_their_mixes_but_a_like_does_not(session, catalog, builds):
    listener = make_user(session)
    tracks = [track for shelf in catalog.values() for track in shelf]

    def plays() -> int:
        return len(session.exec(select(PlayEvent.id).where(PlayEvent.user_id == listener.id)).all())

    n = 0
    while plays() < mix_cache.EXACT_PLAYS + 3:
        start_play(session, track_id=tracks[n % len(tracks)].id, source="album", user_id=listener.id)
        n += 1
    _shelf(session, listener)
    _shelf(session, listener)
    settled = builds["mixes"]
    start_play(session, track_id=tracks[0].id, source="album", user_id=listener.id)
    _shelf(session, listener)
    assert builds["mixes"] == settled  # kept: one play among several
    collection.like_track(session, actor=listener, track_id=tracks[5].id)
    assert _shelf(session, listener) == _uncached(session, listener)
    assert builds["mixes"] > settled


def test_worker_processes_do_not_refresh_in_turn_while_the_listener_keeps_playing(session, catalog, monkeypatch):
    """Each process keeps its own entries, and one's refresh changes the version the other reads.

    A like makes both miss; the first visit after it refreshes the stored picks. The other
    process's next visit then misses too (the refresh rewrote the rows) and, though the listener
    has played since, only rebuilds: plays past the first few wait for the rows to be ``TTL`` old.
    """
    from collections import OrderedDict

    from spoticlone.services.discovery import recommendations

    listener = make_user(session)
    tracks = [track for shelf in catalog.values() for track in shelf]
    for n in range(mix_cache.EXACT_PLAYS + 3):
        start_play(session, track_id=tracks[n].id, source="album", user_id=listener.id)
    refreshes = []
    refresh = recommendations.refresh_for_user
    monkeypatch.setattr(recommendations, "refresh_for_user",
                        lambda session, *, actor: refreshes.append(1) or refresh(session, actor=actor))
    workers = (OrderedDict(), OrderedDict())

    def visit(worker):
        monkeypatch.setattr(mix_cache, "_entries", workers[worker])
        return mixes.home_shelf(session, actor=listener, today=MONDAY)

    for worker in (0, 1, 0, 1):
        visit(worker)
    collection.like_track(session, actor=listener, track_id=tracks[20].id)
    settled = len(refreshes)
    for n, worker in enumerate((0, 1, 0, 1, 0, 1)):
        start_play(session, track_id=tracks[n].id, source="album", user_id=listener.id)
        shown = visit(worker)
    assert len(refreshes) == settled + 1
    mix_cache.clear_mix_cache()
    assert shown == mixes.home_shelf(session, actor=listener, today=MONDAY)  # what an uncached build shows

    wall, clock = time.time() + mix_cache.TTL, time.monotonic() + mix_cache.TTL
    monkeypatch.setattr(time, "time", lambda: wall)
    monkeypatch.setattr(time, "monotonic", lambda: clock)  # the entries expire too
    visit(0)
    assert len(refreshes) == settled + 2  # once the rows are TTL old, the plays since count
