"""The settings list of "not interested" items, and hiding a track's artist from its row."""

from __future__ import annotations

import pytest

from spoticlone.models import TrackStatus
from spoticlone.services.core.errors import NotFound, PermissionDenied
from spoticlone.services.discovery import hidden, preferences
from tests.factories import make_artist, make_track, make_user


def test_hidden_items_name_tracks_and_artists_newest_first(session):
    ana, ben = make_user(session), make_user(session)
    artist = make_artist(session, stage_name="Hollow Pines")
    song = make_track(session, title="Drift", artist_id=artist.id)
    other = make_artist(session, stage_name="Nova Drive")
    preferences.mark_not_interested(session, actor=ana, track_id=song.id)
    preferences.mark_not_interested(session, actor=ana, artist_id=other.id)
    items = hidden.hidden_items(session, actor=ana)
    assert {(i.kind, i.name, i.artist_name) for i in items} == {
        ("track", "Drift", "Hollow Pines"), ("artist", "Nova Drive", "Nova Drive")}
    assert next(i for i in items if i.kind == "track").url.startswith(f"/track/{song.id}-")
    assert hidden.hidden_items(session, actor=ben) == []
    with pytest.raises(PermissionDenied):
        hidden.hidden_items(session, actor=None)


def test_hide_artist_of_track_hides_the_main_artist(session):
    ana = make_user(session)
    artist = make_artist(session)
    song = make_track(session, artist_id=artist.id)
    assert hidden.hide_artist_of_track(session, actor=ana, track_id=song.id).artist_id == artist.id
    assert preferences.my_preferences(session, actor=ana).hidden_artist_ids == [artist.id]
    draft = make_track(session, artist_id=make_artist(session).id, status=TrackStatus.DRAFT)
    with pytest.raises(NotFound):
        hidden.hide_artist_of_track(session, actor=ana, track_id=draft.id)
    with pytest.raises(NotFound):
        hidden.hide_artist_of_track(session, actor=ana, track_id=10**9)
    with pytest.raises(PermissionDenied):
        hidden.hide_artist_of_track(session, actor=None, track_id=song.id)
