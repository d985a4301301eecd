"""Album: cover, kind, artist, year, track count, total length and the tracklist."""

from __future__ import annotations

import reflex as rx

from spoticlone import routes
from spoticlone.components.common import cover_image, entity_view, section
from spoticlone.components.like_button import save_album_button
from spoticlone.components.radio import start_radio_button
from spoticlone.components.report_dialog import hidden_notice, report_button
from spoticlone.components.share import share_menu
from spoticlone.components.signup_prompt import signup_prompt
from spoticlone.components.stars import star_rating
from spoticlone.components.template import page
from spoticlone.components.tracks import play_action, track_table
from spoticlone.state.catalog.album import AlbumState
from spoticlone.state.library.likes import LikeState
from spoticlone.state.library.social import RatingState
from spoticlone.state.listening.queue import QueueState
from spoticlone.state.moderation.notice import HiddenNoticeState

album = AlbumState.album


def _header() -> rx.Component:
    return rx.el.div(
        rx.el.div(
            cover_image(album["cover_url"], album["title"].to(str) + " cover"),
            class_name="sc-hero-cover",
            data_testid="album-cover",
        ),
        rx.el.div(
            rx.el.span(album["kind_label"], class_name="sc-hero-kind"),
            rx.el.h1(album["title"], class_name="sc-hero-title", data_testid="album-title"),
            rx.el.div(
                rx.link(album["artist_name"], href=album["artist_url"].to(str), class_name="sc-link"),
                rx.cond(
                    album["year"],
                    rx.fragment(rx.el.span(class_name="sc-dot"), rx.el.span(album["year"].to_string())),
                    rx.fragment(),
                ),
                rx.el.span(class_name="sc-dot"),
                rx.el.span(album["track_count"].to_string(), " songs, ", AlbumState.total_length),
                class_name="sc-hero-meta",
            ),
            class_name="sc-hero-text",
        ),
        class_name="sc-hero",
    )


def _content() -> rx.Component:
    return rx.fragment(
        _header(),
        signup_prompt("Sign up to save this album to Your Library"),
        play_action(QueueState.play_context("album", album["id"].to_string()), "Play album", save_album_button(),
                    share_menu(album["url"], album["title"].to(str) + " by " + album["artist_name"].to(str)),
                    start_radio_button("album", album["id"].to_string()),
                    star_rating(),
                    report_button("album", album["id"].to(int), album["title"].to(str))),
        track_table(AlbumState.tracks, numbering="album", show_cover=False, show_album=False,
                    source="album", source_id=album["id"].to_string()),
        rx.cond(
            album["genre_name"],
            section(
                "More in this genre",
                rx.link(album["genre_name"], href=album["genre_url"].to(str), class_name="sc-pill"),
            ),
            rx.fragment(),
        ),
    )


@page(
    routes.ALBUM_ROUTE,
    title="Album",
    description="Listen to this album on Spoticlone.",
    on_load=[AlbumState.load, LikeState.load_album_saved, RatingState.load_album, HiddenNoticeState.load_album],
    dynamic_title=AlbumState.page_title,
)
def album_page() -> rx.Component:
    return rx.cond(HiddenNoticeState.hidden, hidden_notice(), entity_view(AlbumState, "album", _content))
