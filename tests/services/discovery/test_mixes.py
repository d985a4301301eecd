"""Made-for-you mixes: daily mixes named by taste, Discover Weekly stable for a week, Release Radar."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest
from sqlmodel import select

from spoticlone.models import ArtistFollow, PlayEvent, Playlist, PlaylistTrack, TrackLike, TrackStatus
from spoticlone.services.core.errors import NotFound, PermissionDenied
from spoticlone.services.discovery import mixes, preferences
from tests.factories import make_album, make_artist, make_genre, make_track, make_user

MONDAY = date(2026, 11, 30)


@pytest.fixture
def catalog(session, settings):
    """Three genres, two artists each, six tracks per artist with a spread of play counts."""
    genres = [make_genre(session, name=name) for name in ("Dream Pop", "Techno", "Folk")]
    tracks = {}
    for g, genre in enumerate(genres):
        for a in range(2):
            artist = make_artist(session, stage_name=f"{genre.name} Artist {a}")
            album = make_album(session, artist_id=artist.id, genre_id=genre.id, cover_key=f"covers/{g}{a}.jpg",
                               release_date=date(2025, 1 + g, 1 + a))
            tracks[(g, a)] = [make_track(session, artist_id=artist.id, genre_id=genre.id, album_id=album.id,
                                         play_count=10 * g + i, release_date=date(2025, 1 + g, 1 + a))
                              for i in range(6)]
    return genres, tracks


def _play(session, user, track, times=1):
    for i in range(times):
        session.add(PlayEvent(user_id=user.id, track_id=track.id, completed=True, counted=True,
                              ms_played=180_000, started_at=datetime.now(UTC) - timedelta(hours=i + 1)))
    session.commit()


def test_a_listener_with_no_history_gets_popular_picks(session, catalog):
    listener = make_user(session)
    found = mixes.my_mixes(session, actor=listener, today=MONDAY)
    titles = [m.title for m in found]
    assert titles[:3] == ["Folk Mix", "Techno Mix", "Dream Pop Mix"]  # most played genres first
    assert titles[-2:] == ["Discover Weekly", "Release Radar"]
    assert all(m.track_count > 0 for m in found)
    assert "Popular" in found[0].description


def test_daily_mixes_follow_the_listeners_taste_and_are_named_by_it(session, catalog):
    genres, tracks = catalog
    listener = make_user(session)
    for track in tracks[(1, 0)][:4]:
        _play(session, listener, track, times=3)
    session.add(TrackLike(user_id=listener.id, track_id=tracks[(0, 1)][0].id))
    session.commit()
    found = mixes.my_mixes(session, actor=listener, today=MONDAY)
    daily = [m for m in found if m.kind == "daily"]
    assert MIN <= len(daily) <= 6
    assert daily[0].title == "Techno Mix" and daily[0].id == f"daily-genre-{genres[1].id}"
    assert "Techno Artist 0 and more" in [m.title for m in daily]
    detail = mixes.get_mix(session, actor=listener, mix_id=daily[0].id, today=MONDAY)
    assert {t.genre.id for t in detail.tracks} == {genres[1].id}
    assert len(detail.tracks) == daily[0].track_count <= mixes.MIX_SIZE
    assert len(detail.mix.covers) <= 4 and detail.mix.covers[0].startswith("/api/v1/media/covers/")


MIN = mixes.MIN_DAILY


def test_a_listener_with_one_taste_still_gets_three_daily_mixes(session, catalog):
    genres, _ = catalog
    listener = make_user(session)
    preferences.set_taste_picks(session, actor=listener, genre_ids=[genres[0].id])
    daily = [m.title for m in mixes.my_mixes(session, actor=listener, today=MONDAY) if m.kind == "daily"]
    assert daily == ["Dream Pop Mix", "Folk Mix", "Techno Mix"]


def test_home_picks_show_no_artist_more_than_twice(session, catalog):
    picks = mixes.home_picks(session, actor=make_user(session), limit=6)
    artists = [p.track.artist.id for p in picks]
    assert len(picks) == 6 and max(artists.count(a) for a in artists) == 2


def test_discover_weekly_holds_only_unplayed_tracks_and_stays_for_the_week(session, catalog):
    _, tracks = catalog
    listener = make_user(session)
    heard = tracks[(2, 0)][:3]
    for track in heard:
        _play(session, listener, track)
    first = mixes.get_mix(session, actor=listener, mix_id="discover-weekly", today=MONDAY)
    assert 0 < len(first.tracks) <= mixes.WEEKLY_SIZE
    assert not {t.id for t in first.tracks} & {t.id for t in heard}
    _play(session, listener, first.tracks[0], times=5)  # new history does not reshuffle the week
    later = mixes.get_mix(session, actor=listener, mix_id="discover-weekly", today=MONDAY + timedelta(days=6))
    assert [t.id for t in later.tracks] == [t.id for t in first.tracks]
    next_week = mixes.get_mix(session, actor=listener, mix_id="discover-weekly", today=MONDAY + timedelta(days=7))
    assert first.tracks[0].id not in {t.id for t in next_week.tracks}


@pytest.mark.parametrize("cold", [False, True])
def test_discover_weekly_keeps_tracks_played_since_and_does_not_call_them_unheard(session, catalog, cold):
    """Played from the mix, a track stays all week (leaving it out would shrink the mix as it is
    listened to), so the words must not claim the listener has not heard it."""
    _, tracks = catalog
    listener = make_user(session)
    if not cold:
        _play(session, listener, tracks[(2, 0)][0])
    first = mixes.get_mix(session, actor=listener, mix_id="discover-weekly", today=MONDAY)
    assert ("Popular" in first.mix.description) is cold
    _play(session, listener, first.tracks[0])
    again = mixes.get_mix(session, actor=listener, mix_id="discover-weekly", today=MONDAY + timedelta(days=1))
    assert [t.id for t in again.tracks] == [t.id for t in first.tracks]
    for words in (first.mix.description, again.mix.description):
        assert "had not heard before" in words and "have not heard" not in words


def test_not_interested_and_taken_down_tracks_leave_a_mix_at_once(session, catalog):
    _, tracks = catalog
    listener = make_user(session)
    weekly = mixes.get_mix(session, actor=listener, mix_id="discover-weekly", today=MONDAY)
    hidden, gone = weekly.tracks[0], weekly.tracks[1]
    preferences.mark_not_interested(session, actor=listener, track_id=hidden.id)
    row = session.get(type(tracks[(0, 0)][0]), gone.id)
    row.status = TrackStatus.DRAFT
    session.commit()
    again = {t.id for t in mixes.get_mix(session, actor=listener, mix_id="discover-weekly", today=MONDAY).tracks}
    assert hidden.id not in again and gone.id not in again
    preferences.mark_not_interested(session, actor=listener, artist_id=hidden.artist.id)
    for mix in mixes.my_mixes(session, actor=listener, today=MONDAY):
        detail = mixes.get_mix(session, actor=listener, mix_id=mix.id, today=MONDAY)
        assert hidden.artist.id not in {t.artist.id for t in detail.tracks}


def test_release_radar_puts_followed_artists_newest_releases_first(session, catalog):
    _, tracks = catalog
    listener = make_user(session)
    followed = tracks[(0, 1)]
    session.add(ArtistFollow(user_id=listener.id, artist_id=followed[0].artist_id))
    session.commit()
    radar = mixes.get_mix(session, actor=listener, mix_id="release-radar", today=MONDAY)
    assert radar.tracks[0].artist.id == followed[0].artist_id
    assert radar.mix.title == "Release Radar"


def test_no_artist_more_than_twice_in_ten_when_the_catalog_allows(session, catalog):
    listener = make_user(session)
    weekly = mixes.get_mix(session, actor=listener, mix_id="discover-weekly", today=MONDAY)
    ids = [t.artist.id for t in weekly.tracks]
    for start in range(0, max(1, len(ids) - 9)):
        window = ids[start:start + 10]
        assert max(window.count(a) for a in set(window)) <= 2


@pytest.mark.parametrize("mix_id", ["", "daily", "daily-genre-0", "daily-genre-x", "daily-mood-1",
                                    "daily-genre-99999", "daily-artist-99999", "daily-genre-99999999999999999",
                                    "../etc", "DISCOVER-WEEKLY"])
def test_unknown_mix_ids_are_not_found(session, catalog, mix_id):
    with pytest.raises(NotFound):
        mixes.get_mix(session, actor=make_user(session), mix_id=mix_id)


def test_mixes_are_for_signed_in_listeners_only(session, catalog):
    with pytest.raises(PermissionDenied):
        mixes.my_mixes(session, actor=None)


def test_saving_a_mix_makes_a_private_playlist_owned_by_the_listener(session, catalog):
    listener = make_user(session)
    weekly = mixes.get_mix(session, actor=listener, mix_id="discover-weekly", today=MONDAY)
    playlist_id = mixes.save_mix(session, actor=listener, mix_id="discover-weekly", today=MONDAY).id
    playlist = session.get(Playlist, playlist_id)
    assert playlist.owner_id == listener.id and playlist.name == "Discover Weekly"
    assert playlist.visibility.value == "private"
    items = session.exec(select(PlaylistTrack).where(PlaylistTrack.playlist_id == playlist_id)
                         .order_by(PlaylistTrack.position)).all()
    assert [i.track_id for i in items] == [t.id for t in weekly.tracks]
