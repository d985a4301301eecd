"""``/studio/upload``: send many audio files at once and follow each until it is a draft.

Private: ``AuthState.require_account`` sends strangers to sign in first; an account
without an artist profile is told how to become one. The files go from the browser to
the resumable upload API, ``/api/v1/studio/uploads/sessions`` (``assets/studio_upload.js``); the parts are built in
``components/studio_upload.py``.
"""

from __future__ import annotations

import reflex as rx

from spoticlone import routes
from spoticlone.components.common import loading_block
from spoticlone.components.studio_upload import not_artist, uploader
from spoticlone.components.template import page
from spoticlone.state.auth.signed_in import AuthState
from spoticlone.state.studio.uploads import StudioUploadState as S


@page(
    routes.STUDIO_UPLOAD,
    title="Upload music",
    description="Upload your songs: each file becomes a draft in your studio.",
    on_load=[AuthState.require_account, S.load],
    dynamic_title=S.page_title,
)
def studio_upload_page() -> rx.Component:
    return rx.cond(
        AuthState.signed_in & S.loaded,
        rx.cond(S.not_artist != "", not_artist(), uploader()),
        loading_block("420px"),
    )
