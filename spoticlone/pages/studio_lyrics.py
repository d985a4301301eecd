"""``/studio/lyrics/<track id>``: the lyrics sync editor of one of the artist's songs.

Private: ``AuthState.require_account`` sends strangers to sign in first; the song loads
only for its artist (or an administrator), anyone else sees "not found". The editor is
built in ``components/lyrics_editor.py``.
"""

from __future__ import annotations

import reflex as rx

from spoticlone import routes
from spoticlone.components.common import loading_block
from spoticlone.components.lyrics_editor import editor
from spoticlone.components.template import page
from spoticlone.state.auth.signed_in import AuthState
from spoticlone.state.studio.lyrics import LyricsEditorState as S


def _not_found() -> rx.Component:
    return rx.el.div(
        rx.icon("mic-vocal", size=40),
        rx.el.p("That song does not exist, or it is not one of yours."),
        rx.link("Go home", href=routes.HOME, class_name="sc-btn sc-btn-secondary"),
        class_name="sc-empty",
        data_testid="lyrics-editor-not-found",
    )


@page(
    routes.STUDIO_LYRICS_ROUTE,
    title="Lyrics editor",
    description="Sync your song's lyrics line by line.",
    on_load=[AuthState.require_account, S.load],
    dynamic_title=S.page_title,
)
def studio_lyrics_page() -> rx.Component:
    return rx.cond(
        AuthState.signed_in & S.loaded,
        editor(),
        rx.cond(S.not_found, _not_found(), loading_block("420px")),
    )
