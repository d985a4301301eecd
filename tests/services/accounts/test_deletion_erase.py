"""Erasing an account: no personal data left anywhere, every aggregate unchanged, files gone."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from sqlmodel import select

from spoticlone.models import (
    AccountDeletion,
    ArtistProfile,
    DeletionStatus,
    PlayEvent,
    Playlist,
    PlaylistTrack,
    Track,
    User,
)
from spoticlone.services.accounts import deletion, deletion_erase
from spoticlone.services.core.clock import FakeClock
from spoticlone.services.listening import charts
from spoticlone.services.studio import rollups
from tests import factories
from tests.deletion_support import PASSWORD, aggregates, everything, personal_data_found, play


def _request_and_wait(session, user, *, keep_releases=True):
    clock = FakeClock(datetime.now(UTC))
    deletion.request_deletion(session, actor=user, password=PASSWORD, keep_releases=keep_releases, clock=clock)
    clock.advance(timedelta(days=14, minutes=1))
    return clock


def test_after_the_grace_period_no_personal_data_is_left_and_aggregates_add_up(session, store):
    data = everything(session, store)
    before = aggregates(session)
    chart_before = charts.chart(session, kind="tracks", period="all").entries
    assert personal_data_found(session, data.needles)  # the scan does find them while the account lives
    clock = _request_and_wait(session, data.user)

    assert deletion_erase.erase_due(session, store=store, clock=clock) == 1

    assert personal_data_found(session, data.needles) == []
    assert aggregates(session) == before
    chart_after = charts.chart(session, kind="tracks", period="all").entries
    assert [(e.track.id, e.plays) for e in chart_after] == [(e.track.id, e.plays) for e in chart_before]
    for key in data.picture_keys:
        assert not store.exists(key)
    assert session.get(User, data.user.id) is None
    row = session.exec(select(AccountDeletion)).one()
    assert (row.status, row.user_id) == (DeletionStatus.ERASED.value, None)


def test_a_rebuild_of_the_rollups_after_an_erasure_gives_the_same_figures(session, store):
    data = everything(session, store)
    before = aggregates(session)
    clock = _request_and_wait(session, data.user)
    deletion_erase.erase_due(session, store=store, clock=clock)

    rollups.rebuild_rollups(session)
    charts.rebuild_daily(session)

    assert aggregates(session) == before


def test_plays_stay_anonymous_and_cannot_be_claimed(session, store):
    data = everything(session, store, artist=False)
    clock = _request_and_wait(session, data.user)
    deletion_erase.erase_due(session, store=store, clock=clock)

    kept = session.exec(select(PlayEvent).where(PlayEvent.user_id.is_(None),  # type: ignore[union-attr]
                                                PlayEvent.anonymous_session.startswith("erased:"))).all()
    assert len(kept) == 1 and kept[0].counted


def test_an_artist_who_keeps_releases_leaves_them_under_the_stage_name(session, store):
    data = everything(session, store)
    clock = _request_and_wait(session, data.user, keep_releases=True)
    deletion_erase.erase_due(session, store=store, clock=clock)

    profile = session.get(ArtistProfile, data.artist_id)
    assert profile is not None and profile.user_id is None and profile.stage_name == "Velvet Static"
    track = session.get(Track, data.own_track.id)
    assert track is not None and store.exists(track.audio_key)


def test_an_artist_who_removes_releases_takes_them_and_their_files_away(session, store):
    data = everything(session, store)
    audio = data.own_track.audio_key
    other_before = session.get(Track, data.other_track.id).play_count
    clock = _request_and_wait(session, data.user, keep_releases=False)
    deletion_erase.erase_due(session, store=store, clock=clock)

    assert session.get(ArtistProfile, data.artist_id) is None
    assert session.get(Track, data.own_track.id) is None
    assert not store.exists(audio)
    # The friend's playlist keeps the row, now unavailable, with its snapshot.
    row = session.exec(select(PlaylistTrack).where(PlaylistTrack.playlist_id == data.friends_playlist_id,
                                                   PlaylistTrack.position == 1)).one()
    assert row.track_id is None and row.track_title == "Undertow" and row.added_by_id is None
    assert session.get(Track, data.other_track.id).play_count == other_before


def test_own_playlists_go_and_additions_to_friends_playlists_stay(session, store):
    data = everything(session, store, artist=False)
    clock = _request_and_wait(session, data.user)
    deletion_erase.erase_due(session, store=store, clock=clock)

    assert session.get(Playlist, data.own_playlist_id) is None
    friends = session.exec(select(PlaylistTrack).where(PlaylistTrack.playlist_id == data.friends_playlist_id)).all()
    assert len(friends) == 2
    assert session.get(Playlist, data.friends_playlist_id).owner_id == data.other.id


def test_nothing_is_erased_before_the_due_date_or_after_a_cancel(session, store):
    user = factories.make_account(session)
    clock = FakeClock(datetime.now(UTC))
    deletion.request_deletion(session, actor=user, password=PASSWORD, clock=clock)
    clock.advance(timedelta(days=13))
    assert deletion_erase.erase_due(session, store=store, clock=clock) == 0
    deletion.cancel_deletion(session, actor=session.get(User, user.id), clock=clock)
    clock.advance(timedelta(days=2))
    assert deletion_erase.erase_due(session, store=store, clock=clock) == 0
    assert session.get(User, user.id) is not None


def test_the_hourly_job_erases_due_accounts(session, store, monkeypatch):
    from spoticlone.jobs import deletion_tasks

    user = factories.make_account(session)
    past = FakeClock(datetime.now(UTC) - timedelta(days=15))
    deletion.request_deletion(session, actor=user, password=PASSWORD, clock=past)
    monkeypatch.setattr("spoticlone.integrations.media_store.default_store", lambda: store)

    assert deletion_tasks.hourly_account_erasure.call_local() == 1
    session.expunge_all()
    assert session.get(User, user.id) is None


def test_an_erased_listener_no_longer_counts_as_a_play_owner(session, store):
    """Plays of others on the same track keep counting after the erasure."""
    data = everything(session, store, artist=False)
    clock = _request_and_wait(session, data.user)
    deletion_erase.erase_due(session, store=store, clock=clock)
    before = session.get(Track, data.other_track.id).play_count
    play(session, data.other_track, user_id=data.other.id)
    session.expire_all()
    assert session.get(Track, data.other_track.id).play_count == before + 1
