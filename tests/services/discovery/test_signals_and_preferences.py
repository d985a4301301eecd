"""Signals read from the tables with their weights, privacy, and a listener's explicit choices."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from sqlmodel import select

from spoticlone.models import (
    NotInterested,
    PlayEvent,
    PlaylistVisibility,
    Rating,
    Recommendation,
    TastePick,
    TrackLike,
    TrackStatus,
)
from spoticlone.services.core.errors import Invalid, NotFound, PermissionDenied
from spoticlone.services.discovery import preferences, signals
from tests.factories import make_artist, make_genre, make_playlist, make_track, make_user

T0 = datetime(2026, 11, 1, tzinfo=UTC)


def _play(session, user, track, *, completed=False, skipped=False, ms=200_000, counted=True, at=T0):
    session.add(PlayEvent(user_id=user.id, track_id=track.id, completed=completed, skipped=skipped,
                          ms_played=ms, counted=counted, started_at=at))
    session.commit()


def _weights(found):
    totals: dict[tuple[int, int], float] = {}
    for user_id, track_id, weight, _ in found:
        totals[(user_id, track_id)] = totals.get((user_id, track_id), 0) + weight
    return totals


def test_each_signal_carries_its_documented_weight(session):
    ana, ben = make_user(session), make_user(session)
    songs = [make_track(session) for _ in range(4)]
    _play(session, ana, songs[0], completed=True)
    _play(session, ana, songs[0], completed=True)
    _play(session, ana, songs[1], skipped=True, ms=5_000, counted=False)
    _play(session, ana, songs[2], counted=True)
    session.add(TrackLike(user_id=ana.id, track_id=songs[3].id))
    session.add(Rating(user_id=ben.id, track_id=songs[0].id, stars=1))
    session.commit()
    data, lookups = signals.load_dataset(session)
    totals = _weights(signals.collect_signals(session, lookups, listener=None))
    assert totals[(ana.id, songs[0].id)] == 2 * signals.WEIGHTS["completed"]
    assert totals[(ana.id, songs[1].id)] == signals.WEIGHTS["early_skip"]
    assert totals[(ana.id, songs[2].id)] == signals.WEIGHTS["partial"]
    assert totals[(ana.id, songs[3].id)] == signals.WEIGHTS["like"]
    assert totals[(ben.id, songs[0].id)] == -2 * signals.WEIGHTS["rating_step"]
    matrix = data.matrix()
    ana_row = matrix[list(data.user_ids).index(ana.id)].toarray().ravel()
    assert ana_row[list(data.item_ids).index(songs[1].id)] == 0  # skipped early: not a positive


def test_private_playlists_shape_only_their_owners_row(session):
    owner, other = make_user(session), make_user(session)
    secret, shared = make_track(session), make_track(session)
    make_playlist(session, owner=owner, tracks=[secret])
    make_playlist(session, owner=owner, tracks=[shared], visibility=PlaylistVisibility.PUBLIC)
    _, lookups = signals.load_dataset(session)
    everyone = _weights(signals.collect_signals(session, lookups, listener=None))
    assert (owner.id, secret.id) not in everyone
    assert everyone[(owner.id, shared.id)] == signals.WEIGHTS["playlist_add"]
    mine = _weights(signals.user_history(session, lookups, listener=owner.id))
    assert mine[(owner.id, secret.id)] == signals.WEIGHTS["playlist_add"]
    assert not signals.user_history(session, lookups, listener=other.id)


def test_drafts_and_withdrawn_tracks_are_never_items(session):
    listener = make_user(session)
    live = make_track(session)
    draft = make_track(session, status=TrackStatus.DRAFT)
    gone = make_track(session, status=TrackStatus.WITHDRAWN)
    for track in (live, draft, gone):
        _play(session, listener, track, completed=True)
    data, _ = signals.load_dataset(session)
    assert list(data.item_ids) == [live.id]
    assert len(data.ev_item) == 1


def test_taste_picks_warm_up_a_new_listener(session):
    genre = make_genre(session)
    artist = make_artist(session)
    hits = [make_track(session, artist_id=artist.id, play_count=10 - i) for i in range(7)]
    in_genre = make_track(session, genre_id=genre.id)
    newcomer = make_user(session)
    preferences.set_taste_picks(session, actor=newcomer, genre_ids=[genre.id], artist_ids=[artist.id])
    _, lookups = signals.load_dataset(session)
    mine = _weights(signals.user_history(session, lookups, listener=newcomer.id))
    assert {track for _, track in mine} == {t.id for t in hits[:signals.TOP_TRACKS]} | {in_genre.id}
    assert mine[(newcomer.id, in_genre.id)] == signals.WEIGHTS["genre_pick"]


def test_not_interested_hides_and_deletes_stored_picks_for_that_listener_only(session):
    ana, ben = make_user(session), make_user(session)
    artist = make_artist(session)
    song, other = make_track(session, artist_id=artist.id), make_track(session)
    for user in (ana, ben):
        for track in (song, other):
            session.add(Recommendation(user_id=user.id, track_id=track.id, algorithm="blend", score=1.0))
    session.commit()
    result = preferences.mark_not_interested(session, actor=ana, artist_id=artist.id)
    assert result.hidden_artist_ids == [artist.id]
    again = preferences.mark_not_interested(session, actor=ana, artist_id=artist.id)
    assert again == result
    left = {(r.user_id, r.track_id) for r in session.exec(select(Recommendation)).all()}
    assert left == {(ana.id, other.id), (ben.id, song.id), (ben.id, other.id)}
    preferences.mark_not_interested(session, actor=ana, track_id=other.id)
    assert preferences.my_preferences(session, actor=ana).hidden_track_ids == [other.id]
    assert preferences.my_preferences(session, actor=ben).hidden_track_ids == []
    undone = preferences.undo_not_interested(session, actor=ana, track_id=other.id)
    assert undone.hidden_track_ids == [] and undone.hidden_artist_ids == [artist.id]


def test_bad_not_interested_requests_change_nothing(session):
    listener = make_user(session)
    track = make_track(session)
    draft = make_track(session, status=TrackStatus.DRAFT)
    with pytest.raises(PermissionDenied):
        preferences.mark_not_interested(session, actor=None, track_id=track.id)
    with pytest.raises(Invalid):
        preferences.mark_not_interested(session, actor=listener)
    with pytest.raises(Invalid):
        preferences.mark_not_interested(session, actor=listener, track_id=track.id, artist_id=track.artist_id)
    with pytest.raises(NotFound):
        preferences.mark_not_interested(session, actor=listener, track_id=draft.id)
    with pytest.raises(NotFound):
        preferences.mark_not_interested(session, actor=listener, artist_id=10**12)
    assert session.exec(select(NotInterested)).all() == []


def test_bad_taste_picks_name_the_field_and_change_nothing(session):
    listener = make_user(session)
    genre = make_genre(session)
    preferences.set_taste_picks(session, actor=listener, genre_ids=[genre.id])
    with pytest.raises(Invalid, match="artist_ids: no artist"):
        preferences.set_taste_picks(session, actor=listener, artist_ids=[10**12])
    with pytest.raises(Invalid, match="genre_ids: pick at most"):
        preferences.set_taste_picks(session, actor=listener, genre_ids=list(range(1, 30)))
    with pytest.raises(Invalid, match="genre_ids: ids must be"):
        preferences.set_taste_picks(session, actor=listener, genre_ids=[2**70])
    with pytest.raises(PermissionDenied):
        preferences.set_taste_picks(session, actor=None, genre_ids=[genre.id])
    assert [p.genre_id for p in session.exec(select(TastePick)).all()] == [genre.id]
    assert signals.seconds(T0.replace(tzinfo=None)) == signals.seconds(T0) == signals.seconds(T0 + timedelta(0))
