"""Every picture picker says the same sentence when the browser refuses a file before sending it."""

from __future__ import annotations

import pytest

from spoticlone import routes
from spoticlone.services.media.picture_uploads import NOT_A_PICTURE
from spoticlone.state.accounts.profile import ProfileSettingsState
from spoticlone.state.library.playlist_edit import PlaylistEditState
from spoticlone.state.studio.covers import CoverState
from spoticlone.state.studio.profile import ArtistProfileState
from spoticlone.state.support.requests import NewRequestState
from spoticlone.testing.driver import run
from tests.state.conftest import make_state

REFUSED = [{"file": {"path": "holiday.tiff"}, "errors": []}]


@pytest.mark.parametrize("state_cls, handler, error_var", [
    (ProfileSettingsState, "picture_rejected", "picture_error"),
    (ArtistProfileState, "picture_rejected", "picture_error"),
    (PlaylistEditState, "cover_rejected", "error"),
    (CoverState, "rejected", "error"),
    (NewRequestState, "screenshot_rejected", "error"),
])
def test_a_file_the_browser_refused_gets_the_one_sentence(session, state_cls, handler, error_var):
    state = make_state(state_cls, routes.HOME, "/")
    run(getattr(state_cls, handler), state, REFUSED)
    assert getattr(state, error_var) == NOT_A_PICTURE
    assert "JPEG, PNG or WebP" in NOT_A_PICTURE and "10 MB" in NOT_A_PICTURE
