"""Browser picture uploads use the same cap, message and throttle as the REST API."""

from __future__ import annotations

import dataclasses

from spoticlone import routes
from spoticlone.models import Playlist, User
from spoticlone.services.auth.sessions import create_session
from spoticlone.services.media import picture_uploads
from spoticlone.state.accounts import profile
from spoticlone.state.accounts.profile import ProfileSettingsState
from spoticlone.state.library import playlist_edit
from spoticlone.state.library.playlist_edit import PlaylistEditState
from spoticlone.testing.driver import run
from tests import factories, images
from tests.state.conftest import make_state
from tests.state.uploads import Chunks

ADDRESS = "203.0.113.9"


def _from_address(state, client_ip: str):
    """``state`` as if its websocket came from ``client_ip`` (Reflex's ``router.session``)."""
    root = state
    while root.parent_state is not None:
        root = root.parent_state
    root.router = dataclasses.replace(
        root.router, session=dataclasses.replace(root.router.session, client_ip=client_ip)
    )
    return state


def test_one_too_big_message_everywhere():
    assert profile.TOO_BIG == playlist_edit.TOO_BIG == picture_uploads.TOO_BIG


def test_profile_upload_is_throttled_per_client_address(session, store):
    for n in range(picture_uploads.PER_ADDRESS[0]):
        picture_uploads.count_upload(session, user_id=70_000 + n, client_ip=ADDRESS)
    user = factories.make_user(session)
    state = make_state(ProfileSettingsState, routes.SETTINGS, routes.SETTINGS,
                       session_token=create_session(session, user_id=user.id))
    run(ProfileSettingsState.upload_avatar, _from_address(state, ADDRESS), Chunks(images.png()))
    assert "uploaded a lot of pictures" in state.picture_error and state.uploading == ""
    session.expire_all()
    assert session.get(User, user.id).avatar_key is None
    run(ProfileSettingsState.upload_avatar, _from_address(state, "198.51.100.4"), Chunks(images.png()))
    assert state.picture_error == ""
    session.expire_all()
    assert session.get(User, user.id).avatar_key


def test_playlist_cover_upload_is_throttled_per_account(session, store):
    owner = factories.make_user(session)
    playlist = factories.make_playlist(session, owner=owner, name="Night mix")
    for _ in range(picture_uploads.PER_ACCOUNT[0]):
        picture_uploads.count_upload(session, user_id=owner.id, client_ip=None)
    ref = f"{playlist.id}-night-mix"
    state = make_state(PlaylistEditState, routes.PLAYLIST_ROUTE, f"/playlist/{ref}", {"playlist_ref": ref},
                       session_token=create_session(session, user_id=owner.id))
    run(PlaylistEditState.upload_cover, _from_address(state, ADDRESS), Chunks(images.png()))
    assert "uploaded a lot of pictures" in state.error and not state.uploading
    session.expire_all()
    assert session.get(Playlist, playlist.id).cover_kind != "custom"
