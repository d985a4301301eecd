"""A file the browser refuses before sending it gets one clear sentence, which stays.

Every picture picker says the same sentence; the upload zone then calls its drop handler with
no file at all, which must leave that sentence (and everything else) as it is.
"""

from __future__ import annotations

import pytest

from spoticlone import routes
from spoticlone.services.auth.sessions import create_session
from spoticlone.services.media.picture_uploads import NOT_A_PICTURE
from spoticlone.state.accounts.profile import ProfileSettingsState
from spoticlone.state.library.playlist_edit import PlaylistEditState
from spoticlone.state.library.smart_playlist import SmartLibraryState
from spoticlone.state.studio.covers import CoverState
from spoticlone.state.studio.lyrics import LyricsEditorState
from spoticlone.state.studio.profile import ArtistProfileState
from spoticlone.state.support.requests import NewRequestState
from spoticlone.testing.driver import run
from tests.factories import make_user
from tests.state.conftest import make_state
from tests.state.uploads import NoFile

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


@pytest.mark.parametrize("state_cls, rejected, drop, error_var, busy_var", [
    (ProfileSettingsState, "picture_rejected", "upload_avatar", "picture_error", "uploading"),
    (ProfileSettingsState, "picture_rejected", "upload_cover", "picture_error", "uploading"),
    (ArtistProfileState, "picture_rejected", "upload_image", "picture_error", "uploading"),
    (PlaylistEditState, "cover_rejected", "upload_cover", "error", "uploading"),
    (CoverState, "rejected", "upload", "error", "uploading"),
    (NewRequestState, "screenshot_rejected", "upload_screenshot", "error", "uploading"),
    (LyricsEditorState, "lrc_rejected", "import_lrc", "error", "importing"),
    (SmartLibraryState, "import_rejected", "import_nsp", "error", "importing"),
])
def test_the_empty_upload_after_a_refusal_leaves_its_sentence(session, state_cls, rejected, drop, error_var,
                                                               busy_var):
    token = create_session(session, user_id=make_user(session).id)  # signed in: the handlers get past that
    state = make_state(state_cls, routes.HOME, "/", session_token=token)
    run(getattr(state_cls, rejected), state, REFUSED)
    said = getattr(state, error_var)
    assert said.startswith("That file can't be used") or said.startswith("Choose an .lrc file")
    run(getattr(state_cls, drop), state, NoFile())
    assert getattr(state, error_var) == said and not getattr(state, busy_var)
