"""A playlist page's state as a visitor would open it, shared by the playlist state tests."""

from __future__ import annotations

from spoticlone import routes
from spoticlone.services.auth.sessions import create_session
from spoticlone.state.library.playlist import PlaylistState
from spoticlone.testing.driver import call
from tests.state.conftest import make_state


def load(state):
    call(PlaylistState.load, state)
    return state


def on_page(session, state_cls, playlist_id: int | str, user=None):
    token = create_session(session, user_id=user.id) if user else None
    ref = f"{playlist_id}-mix"
    return make_state(state_cls, routes.PLAYLIST_ROUTE, f"/playlist/{ref}", {"playlist_ref": ref},
                      session_token=token)
