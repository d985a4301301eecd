"""Track: cover, title, artist, album, genre, duration, audio format, licence (linked) and lyrics."""

from __future__ import annotations

import reflex as rx

from spoticlone import routes
from spoticlone.components.common import cover_image, entity_view, fact, section
from spoticlone.components.discovery import similar_tracks
from spoticlone.components.radio import start_radio_button
from spoticlone.components.report_dialog import hidden_notice, report_button
from spoticlone.components.share import share_menu
from spoticlone.components.signup_prompt import signup_prompt
from spoticlone.components.stars import star_rating
from spoticlone.components.template import page
from spoticlone.components.tracks import explicit_badge, play_action
from spoticlone.state.catalog.track import TrackState
from spoticlone.state.library.social import RatingState
from spoticlone.state.listening.queue import QueueState
from spoticlone.state.moderation.notice import HiddenNoticeState

track = TrackState.track


def _header() -> rx.Component:
    return rx.el.div(
        rx.el.div(
            cover_image(track["cover_url"], track["title"].to(str) + " cover", icon="music"),
            class_name="sc-hero-cover",
        ),
        rx.el.div(
            rx.el.span("Song", class_name="sc-hero-kind"),
            rx.el.h1(track["title"], class_name="sc-hero-title"),
            rx.el.div(
                rx.cond(track["explicit"], explicit_badge(), rx.fragment()),
                rx.link(track["artist_name"], href=track["artist_url"].to(str), class_name="sc-link"),
                rx.cond(
                    track["album_url"],
                    rx.fragment(
                        rx.el.span(class_name="sc-dot"),
                        rx.link(track["album_title"], href=track["album_url"].to(str), class_name="sc-link"),
                    ),
                    rx.fragment(),
                ),
                rx.el.span(class_name="sc-dot"),
                rx.el.span(track["duration"]),
                class_name="sc-hero-meta",
            ),
            class_name="sc-hero-text",
        ),
        class_name="sc-hero",
    )


def _licence() -> rx.Component:
    """The track's licence, linked to its official text when it has one (Creative Commons)."""
    return rx.cond(
        track["licence_url"],
        rx.el.a(track["licence"], href=track["licence_url"].to(str), target="_blank",
                rel="license noopener noreferrer", class_name="sc-link", data_testid="track-licence"),
        rx.el.span(track["licence"], data_testid="track-licence"),
    )


def _facts() -> rx.Component:
    return rx.el.div(
        fact("Duration", track["duration"]),
        fact("Quality", TrackState.quality),
        rx.cond(
            track["genre_name"],
            fact("Genre", rx.link(track["genre_name"], href=track["genre_url"].to(str), class_name="sc-link")),
            rx.fragment(),
        ),
        fact("Plays", track["play_count"].to_string()),
        fact("Licence", _licence()),
        class_name="sc-facts",
    )


def _content() -> rx.Component:
    return rx.fragment(
        _header(),
        signup_prompt("Sign up to like this song and add it to your playlists"),
        play_action(QueueState.play_context("track", track["id"].to_string()), "Play",
                    share_menu(track["url"], track["title"].to(str) + " by " + track["artist_name"].to(str)),
                    start_radio_button("track", track["id"].to_string()),
                    star_rating(),
                    report_button("track", track["id"].to(int), track["title"].to(str))),
        section("About this track", _facts()),
        rx.cond(
            track["lyrics"].to(str) != "",
            section("Lyrics", rx.el.p(track["lyrics"], class_name="sc-lyrics")),
            rx.fragment(),
        ),
        similar_tracks(track["id"].to_string()),
    )


@page(
    routes.TRACK_ROUTE,
    title="Track",
    description="Listen to this track on Spoticlone.",
    on_load=[TrackState.load, RatingState.load_track, HiddenNoticeState.load_track],
    dynamic_title=TrackState.page_title,
)
def track_page() -> rx.Component:
    return rx.cond(HiddenNoticeState.hidden, hidden_notice(), entity_view(TrackState, "track", _content))
