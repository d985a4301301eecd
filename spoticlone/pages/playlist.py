"""A playlist: cover, name, owner, badges, play, follow, share, and its songs.

Readable by whoever the playlist service lets read it: a private playlist (or an
unknown id) gets the same not-found view as any other missing page. The owner gets
the edit and delete dialogs (``components.playlist_dialogs``); the owner and invited
collaborators can reorder and remove songs; anonymous visitors see a public playlist
with a prompt to sign up. Songs deleted or taken down by their artist stay as greyed-out
"Unavailable" rows (``components.playlist_rows``); counts and length cover playable songs.
"""

from __future__ import annotations

import reflex as rx

from spoticlone import routes
from spoticlone.components.common import cover_image, empty_state, entity_view, pagination
from spoticlone.components.playlist_dialogs import delete_dialog, edit_dialog
from spoticlone.components.playlist_rows import playlist_table
from spoticlone.components.radio import start_radio_button
from spoticlone.components.report_dialog import hidden_notice, report_button
from spoticlone.components.share import share_menu
from spoticlone.components.signup_prompt import signup_prompt
from spoticlone.components.template import page
from spoticlone.state.library.playlist import PlaylistState
from spoticlone.state.library.playlist_edit import PlaylistEditState
from spoticlone.state.moderation.notice import HiddenNoticeState

pl = PlaylistState.playlist
IS_OWNER = pl["can_edit_details"].to(bool)
HAS_SONGS = pl["track_count"].to(int) > 0


def _badge(text: str, icon: str, test_id: str) -> rx.Component:
    return rx.el.span(rx.icon(icon, size=12), text, class_name="sc-pl-badge", data_testid=test_id)


def _header() -> rx.Component:
    return rx.el.div(
        rx.el.div(cover_image(pl["cover_url"], pl["name"].to(str) + " cover", icon="list-music"),
                  class_name="sc-hero-cover", data_testid="playlist-cover"),
        rx.el.div(
            rx.el.div(
                rx.el.span("Playlist", class_name="sc-hero-kind"),
                rx.cond(pl["visibility"] == "public", _badge("Public", "globe", "badge-public"),
                        _badge("Private", "lock", "badge-private")),
                rx.cond(pl["collaborative"], _badge("Collaborative", "users", "badge-collaborative"), rx.fragment()),
                class_name="sc-pl-kinds",
            ),
            rx.el.h1(pl["name"], class_name="sc-hero-title", data_testid="playlist-title"),
            rx.cond(pl["description"], rx.el.p(pl["description"], class_name="sc-pl-desc",
                                                data_testid="playlist-description"), rx.fragment()),
            rx.el.div(
                rx.link(pl["owner_name"], href=pl["owner_url"].to(str), class_name="sc-link sc-pl-owner",
                        data_testid="playlist-owner"),
                rx.el.span(class_name="sc-dot"),
                rx.el.span(pl["followers_text"], data_testid="playlist-followers"),
                rx.el.span(class_name="sc-dot"),
                rx.el.span(pl["songs_text"], ", ", pl["length_text"], data_testid="playlist-songs"),
                rx.cond(pl["unavailable_text"], rx.fragment(
                    rx.el.span(class_name="sc-dot"),
                    rx.el.span(pl["unavailable_text"], data_testid="playlist-unavailable"),
                ), rx.fragment()),
                class_name="sc-hero-meta",
            ),
            class_name="sc-hero-text",
        ),
        class_name="sc-hero",
    )


def _follow_button() -> rx.Component:
    """Others' public playlists only (the service refuses the rest)."""
    return rx.cond(
        ~IS_OWNER & (pl["visibility"] == "public"),
        rx.cond(
            pl["is_following"],
            rx.el.button(rx.icon("circle-check", size=18), "Following", type="button",
                         class_name="sc-btn sc-btn-secondary sc-btn-small", on_click=PlaylistState.unfollow,
                         aria_pressed="true", data_testid="playlist-unfollow"),
            rx.el.button(rx.icon("circle-plus", size=18), "Follow", type="button",
                         class_name="sc-btn sc-btn-secondary sc-btn-small", on_click=PlaylistState.follow,
                         aria_pressed="false", data_testid="playlist-follow"),
        ),
        rx.fragment(),
    )


def _more_menu() -> rx.Component:
    return rx.menu.root(
        rx.menu.trigger(
            rx.el.button(rx.icon("ellipsis", size=22), type="button", class_name="sc-icon-btn",
                         aria_label="More options for this playlist", title="More options",
                         data_testid="playlist-more"),
        ),
        rx.menu.content(
            rx.cond(IS_OWNER, rx.menu.item(rx.icon("pencil", size=16), "Edit details",
                                           on_select=PlaylistEditState.open_edit), rx.fragment()),
            rx.menu.item(rx.icon("copy", size=16), "Duplicate", on_select=PlaylistState.duplicate,
                         data_testid="playlist-duplicate"),
            rx.cond(pl["can_delete"], rx.menu.item(rx.icon("trash-2", size=16), "Delete", color="red",
                                                   on_select=PlaylistEditState.ask_delete,
                                                   data_testid="playlist-delete"), rx.fragment()),
            size="1",
        ),
    )


def _actions() -> rx.Component:
    return rx.el.div(
        rx.el.button(rx.icon("play", size=24, fill="currentColor"), type="button", class_name="sc-big-play",
                     aria_label="Play playlist", title="Play playlist", on_click=PlaylistState.play_all,
                     disabled=~HAS_SONGS, data_testid="play-context"),
        _follow_button(),
        rx.cond(IS_OWNER, rx.el.button(rx.icon("pencil", size=16), "Edit", type="button",
                                       class_name="sc-btn sc-btn-secondary sc-btn-small",
                                       on_click=PlaylistEditState.open_edit, data_testid="playlist-edit"),
                rx.fragment()),
        rx.cond(pl["visibility"] == "public", share_menu(pl["url"], pl["name"]), rx.fragment()),
        rx.cond(HAS_SONGS, start_radio_button("playlist", pl["id"].to_string()), rx.fragment()),
        rx.cond(IS_OWNER, rx.fragment(), report_button("playlist", pl["id"].to(int), pl["name"].to(str))),
        _more_menu(),
        class_name="sc-actions sc-pl-actions",
    )


def _messages() -> rx.Component:
    error = rx.cond(PlaylistState.error != "", PlaylistState.error, PlaylistEditState.error)
    return rx.cond(
        (PlaylistState.error != "") | ((PlaylistEditState.error != "") & ~PlaylistEditState.edit_open),
        rx.el.p(error, class_name="sc-form-error", role="alert", data_testid="playlist-error"),
        rx.fragment(),
    )


def _songs() -> rx.Component:
    return rx.cond(
        PlaylistState.items.length() > 0,
        rx.fragment(
            playlist_table(),
            pagination(PlaylistState.page, PlaylistState.pages, pl["url"].to(str)),
        ),
        empty_state(rx.cond(pl["can_edit_tracks"], "No songs yet. Add some from any song's \u201c\u2026\u201d menu.",
                            "This playlist has no songs yet."), icon="list-music"),
    )


def _content() -> rx.Component:
    return rx.fragment(
        _header(),
        signup_prompt("Sign up to save this playlist", "Follow playlists, like songs and make your own. It's free."),
        _actions(), _messages(), _songs(), edit_dialog(), delete_dialog(),
    )


@page(
    routes.PLAYLIST_ROUTE,
    title="Playlist",
    description="A playlist on Spoticlone.",
    on_load=[PlaylistState.load, HiddenNoticeState.load_playlist],
    dynamic_title=PlaylistState.page_title,
)
def playlist_page() -> rx.Component:
    return rx.cond(HiddenNoticeState.hidden, hidden_notice(), entity_view(PlaylistState, "playlist", _content))
