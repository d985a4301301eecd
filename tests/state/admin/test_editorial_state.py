"""AdminEditorialState: admins feature, edit, reorder and remove; listeners get a message and no data."""

from __future__ import annotations

from sqlmodel import select

from spoticlone import routes
from spoticlone.models import EditorialFeature, PlaylistVisibility, Role
from spoticlone.services.auth.sessions import create_session
from spoticlone.state.admin.editorial import AdminEditorialState, playlist_id_from
from spoticlone.testing.driver import call, run
from tests.factories import make_playlist, make_track, make_user
from tests.state.conftest import make_state


def _state(session, user=None):
    token = create_session(session, user_id=user.id) if user else None
    return make_state(AdminEditorialState, routes.ADMIN_EDITORIAL, routes.ADMIN_EDITORIAL, session_token=token)


def _public(session, name):
    return make_playlist(session, owner=make_user(session), name=name, tracks=[make_track(session)],
                         visibility=PlaylistVisibility.PUBLIC)


def _fill(state, playlist="", starts="2026-01-01T10:00", ends="", shelf="Featured", blurb=""):
    run(AdminEditorialState.set_form_playlist, state, playlist)
    run(AdminEditorialState.set_form_starts, state, starts)
    run(AdminEditorialState.set_form_ends, state, ends)
    run(AdminEditorialState.set_form_shelf, state, shelf)
    run(AdminEditorialState.set_form_blurb, state, blurb)


def test_playlist_links_and_numbers_are_understood():
    assert playlist_id_from("https://music.example/playlist/12-night-drive?x=1") == 12
    assert playlist_id_from(" /playlist/7/ ") == 7
    assert playlist_id_from("42") == 42
    assert playlist_id_from("night drive") is None
    assert playlist_id_from("9" * 30) is None


def test_an_admin_features_edits_moves_and_removes(session):
    admin = make_user(session, role=Role.ADMIN)
    a, b = _public(session, "Alpha"), _public(session, "Beta")
    state = _state(session, admin)
    run(AdminEditorialState.load, state)
    assert state.allowed and state.features == [] and state.form_starts
    run(AdminEditorialState.set_zone, state, [-60, "Europe/Paris"])  # UTC+1
    _fill(state, f"/playlist/{a.id}-alpha", blurb="Start here")
    run(AdminEditorialState.save, state, {})
    assert state.error == "" and state.notice == "Playlist featured."
    stored = session.exec(select(EditorialFeature)).one()
    assert stored.starts_at.hour == 9  # 10:00 in Paris is 09:00 UTC
    assert state.features[0]["period"] == "2026-01-01 10:00 \u2192 no end"
    _fill(state, str(b.id), ends="2030-01-01T00:00")
    run(AdminEditorialState.save, state, {})
    assert [f["playlist_name"] for f in state.features] == ["Alpha", "Beta"]
    assert state.features[0]["first"] and state.features[1]["last"]
    run(AdminEditorialState.move, state, state.features[1]["id"], -1)
    assert [f["playlist_name"] for f in state.features] == ["Beta", "Alpha"] and state.notice == "Moved up."
    run(AdminEditorialState.edit, state, state.features[1]["id"])
    assert state.editing_id and state.form_blurb == "Start here" and state.form_starts == "2026-01-01T10:00"
    run(AdminEditorialState.set_form_shelf, state, "Focus")
    run(AdminEditorialState.save, state, {})
    assert [(f["shelf"], f["playlist_name"]) for f in state.features] == [("Featured", "Beta"), ("Focus", "Alpha")]
    assert state.editing_id == 0 and state.shelf_names == ["Featured", "Focus"]
    run(AdminEditorialState.remove, state, state.features[0]["id"])
    assert [f["playlist_name"] for f in state.features] == ["Alpha"]


def test_bad_input_gets_a_message_and_changes_nothing(session):
    admin = make_user(session, role=Role.ADMIN)
    private = make_playlist(session, owner=make_user(session))
    state = _state(session, admin)
    run(AdminEditorialState.load, state)
    for fill, message in (
        (dict(playlist="not a link"), "Paste a playlist link"),
        (dict(playlist=str(private.id)), "Only public playlists"),
        (dict(playlist="1", starts=""), "Start: pick a date"),
        (dict(playlist="1", starts="tomorrow"), "Start: pick a date"),
        (dict(playlist="1", starts="2026-01-02T10:00", ends="2026-01-01T10:00"), "after the start"),
    ):
        _fill(state, **fill)
        run(AdminEditorialState.save, state, {})
        assert message in state.error, (fill, state.error)
    assert state.features == [] and state.allowed
    run(AdminEditorialState.set_zone, state, [10_000, "Nowhere"])  # nonsense offset ignored
    assert state.tz_offset == 0


def test_listeners_and_strangers_get_no_data(session):
    admin = make_user(session, role=Role.ADMIN)
    playlist = _public(session, "Alpha")
    admin_state = _state(session, admin)
    run(AdminEditorialState.load, admin_state)
    _fill(admin_state, str(playlist.id))
    run(AdminEditorialState.save, admin_state, {})
    feature_id = admin_state.features[0]["id"]
    for actor in (make_user(session), None):
        state = _state(session, actor)
        run(AdminEditorialState.load, state)
        assert not state.allowed and state.features == []
        _fill(state, str(playlist.id), shelf="Other")
        call(AdminEditorialState.save, state, {})
        call(AdminEditorialState.move, state, feature_id, 1)
        call(AdminEditorialState.remove, state, feature_id)
        assert not state.allowed and state.features == []
    assert len(session.exec(select(EditorialFeature)).all()) == 1
