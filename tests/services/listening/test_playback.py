"""Playback settings (quality, normalisation) and the normalisation gain of a track."""

from __future__ import annotations

import pytest

from spoticlone.models import ListenerSettings, Role, TrackLoudness, TrackStatus
from spoticlone.services.core.errors import Invalid, NotFound, PermissionDenied
from spoticlone.services.listening import playback
from spoticlone.services.listening.playback import PlaybackSettings
from tests.factories import make_artist, make_track, make_user


def test_anonymous_listeners_and_new_accounts_get_the_defaults(session):
    assert playback.get_settings(session, actor=None) == PlaybackSettings(
        streaming_quality="normal", normalise_volume=True)
    assert playback.get_settings(session, actor=make_user(session)) == PlaybackSettings()


def test_a_listener_changes_one_setting_at_a_time(session):
    user = make_user(session)
    changed = playback.update_settings(session, actor=user, streaming_quality="high")
    assert changed == PlaybackSettings(streaming_quality="high", normalise_volume=True)
    changed = playback.update_settings(session, actor=user, normalise_volume=False)
    assert changed == PlaybackSettings(streaming_quality="high", normalise_volume=False)
    assert playback.get_settings(session, actor=user) == changed
    # Another listener's settings are their own.
    assert playback.get_settings(session, actor=make_user(session)) == PlaybackSettings()


@pytest.mark.parametrize("changes", [
    {"streaming_quality": "ultra"}, {"streaming_quality": ""}, {"streaming_quality": "LOW"},
    {"normalise_volume": "yes"}, {"normalise_volume": 1},
])
def test_bad_values_are_refused_and_change_nothing(session, changes):
    user = make_user(session)
    playback.update_settings(session, actor=user, streaming_quality="low")
    with pytest.raises(Invalid):
        playback.update_settings(session, actor=user, **changes)
    assert playback.get_settings(session, actor=user).streaming_quality == "low"


def test_anonymous_listeners_cannot_save_settings(session):
    with pytest.raises(PermissionDenied):
        playback.update_settings(session, actor=None, streaming_quality="high")
    assert session.get(ListenerSettings, 1) is None


@pytest.mark.parametrize(("lufs", "peak", "gain"), [
    (-8.0, -0.1, -6.0),     # a loud master is turned down
    (-14.0, -1.0, 0.0),     # at the target already
    (-20.0, -10.0, 6.0),    # quiet with headroom: up to the target
    (-20.0, -3.0, 2.0),     # quiet, but a boost may lift the peak only to -1 dBTP
    (-20.0, 0.5, 0.0),      # peak already over the ceiling: no boost, no cut
    (-18.5, -6.25, 4.5),    # a quiet master with room to spare: the whole 4.5 dB
    (-18.5, -4.25, 3.25),   # the same master with less headroom: exactly up to -1 dBTP
    (-20.0, -3.0051, 2.0),  # a boost is rounded down, never over the ceiling (2.01 would be)
    (-16.0, -1.0, 0.0),     # quiet, but its peak is at the ceiling already: unchanged
    (-11.37, -0.3, -2.63),  # a cut ignores the peak
    (-14.004, -9.0, 0.0),   # within 0.01 dB of the target
    (-60.0, -40.0, 12.0),   # very quiet: the boost is capped
    (-70.0, None, None),    # silence: nothing to go by
    (None, None, None),     # not measured
])
def test_the_gain_heads_for_minus_14_lufs_without_clipping(lufs, peak, gain):
    assert playback.normalisation_gain(lufs, peak) == gain
    if gain is not None and gain > 0:
        assert peak + gain <= playback.PEAK_CEILING_DBTP


def test_a_track_normalisation_follows_the_streaming_rules(session):
    owner = make_user(session, role=Role.ARTIST)
    artist = make_artist(session, user_id=owner.id)
    published = make_track(session, artist_id=artist.id)
    draft = make_track(session, artist_id=artist.id, status=TrackStatus.DRAFT)
    session.add(TrackLoudness(track_id=published.id, integrated_lufs=-9.5, true_peak_dbtp=-0.2))
    session.add(TrackLoudness(track_id=draft.id, integrated_lufs=-20.0, true_peak_dbtp=-12.0))
    session.commit()
    seen = playback.track_normalisation(session, actor=None, track_id=published.id)
    assert (seen.integrated_lufs, seen.true_peak_dbtp, seen.gain_db) == (-9.5, -0.2, -4.5)
    assert playback.track_normalisation(session, actor=owner, track_id=draft.id).gain_db == 6.0
    for stranger in (None, make_user(session)):
        with pytest.raises(NotFound):
            playback.track_normalisation(session, actor=stranger, track_id=draft.id)
    with pytest.raises(NotFound):
        playback.track_normalisation(session, actor=None, track_id=10**9)
    unmeasured = make_track(session)
    assert playback.track_normalisation(session, actor=None, track_id=unmeasured.id).gain_db is None
