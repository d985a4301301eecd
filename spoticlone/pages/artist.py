"""Artist: big header with image and verified badge, links, bio, top tracks, discography.

An administrator sees a button to give or take back the verified badge; the artist (or an
administrator) sees a link to edit the profile. Bio and link names are plain text; links
leave with ``rel="noopener noreferrer nofollow"``.
"""

from __future__ import annotations

import reflex as rx

from spoticlone import routes
from spoticlone.components.cards import album_grid
from spoticlone.components.common import cover_image, empty_state, entity_view, section
from spoticlone.components.discovery import fans_also_like
from spoticlone.components.follow import follow_button
from spoticlone.components.profile_parts import outbound_links
from spoticlone.components.radio import start_radio_button
from spoticlone.components.share import share_menu
from spoticlone.components.signup_prompt import signup_prompt
from spoticlone.components.stars import average_badge
from spoticlone.components.template import page
from spoticlone.components.tracks import play_action, track_table
from spoticlone.state.catalog.artist import ArtistState
from spoticlone.state.library.social import ArtistSocialState
from spoticlone.state.listening.queue import QueueState

artist = ArtistState.artist


def _header() -> rx.Component:
    return rx.el.div(
        rx.el.div(
            cover_image(artist["image_url"], artist["name"].to(str), icon="mic-vocal"),
            class_name="sc-hero-cover sc-hero-round",
        ),
        rx.el.div(
            rx.cond(
                artist["verified"],
                rx.el.span(rx.icon("badge-check", size=22), "Verified artist", class_name="sc-verified"),
                rx.el.span("Artist", class_name="sc-hero-kind"),
            ),
            rx.el.h1(artist["name"], class_name="sc-hero-title"),
            rx.el.div(
                rx.el.span(artist["album_count"].to_string(), " releases"),
                rx.el.span(class_name="sc-dot"),
                rx.el.span(artist["track_count"].to_string(), " tracks"),
                rx.el.span(class_name="sc-dot"),
                rx.el.span(ArtistSocialState.followers_text, data_testid="artist-followers"),
                rx.cond(
                    ArtistSocialState.rank > 0,
                    rx.link(ArtistSocialState.rank_text, href=routes.CHARTS + "?kind=artists&period=week",
                            class_name="sc-rank-badge", data_testid="artist-rank"),
                    rx.fragment(),
                ),
                average_badge(ArtistSocialState.rating_text, ArtistSocialState.rating_count),
                class_name="sc-hero-meta",
            ),
            rx.cond(ArtistState.links.length() > 0, outbound_links(ArtistState.links), rx.fragment()),
            class_name="sc-hero-text",
        ),
        class_name="sc-hero",
    )


def _social() -> list[rx.Component]:
    """Follow and share, next to the play button."""
    return [
        # Your own artist page has nothing to follow (the service refuses it too).
        rx.cond(ArtistSocialState.is_self, rx.fragment(),
                follow_button(ArtistSocialState.following, ArtistSocialState.toggle_follow, name=artist["name"])),
        share_menu(artist["url"], artist["name"].to(str) + " on Spoticlone"),
        rx.cond(ArtistSocialState.error != "", rx.el.span(ArtistSocialState.error, class_name="sc-hint"),
                rx.fragment()),
        *_manage(),
    ]


def _manage() -> list[rx.Component]:
    """The administrator's badge button and the artist's own edit link (shown only to them)."""
    return [
        rx.cond(
            ArtistState.can_verify,
            rx.cond(
                artist["verified"],
                rx.el.button(rx.icon("badge-x", size=16), "Remove verified badge", type="button",
                             on_click=ArtistState.toggle_verified, class_name="sc-btn sc-btn-secondary sc-btn-small",
                             data_testid="toggle-verified"),
                rx.el.button(rx.icon("badge-check", size=16), "Mark as verified", type="button",
                             on_click=ArtistState.toggle_verified, class_name="sc-btn sc-btn-secondary sc-btn-small",
                             data_testid="toggle-verified"),
            ),
            rx.fragment(),
        ),
        rx.cond(
            ArtistState.can_edit,
            rx.link(rx.icon("pencil", size=16), "Edit profile", href=routes.STUDIO_PROFILE,
                    class_name="sc-btn sc-btn-secondary sc-btn-small", data_testid="edit-artist-profile"),
            rx.fragment(),
        ),
        rx.cond(ArtistState.error != "", rx.el.span(ArtistState.error, class_name="sc-hint", role="alert"),
                rx.fragment()),
    ]


def _content() -> rx.Component:
    return rx.fragment(
        _header(),
        signup_prompt("Sign up to follow this artist and hear their new releases first"),
        rx.cond(
            ArtistState.top_tracks.length() > 0,
            play_action(QueueState.play_context("artist", artist["slug"].to(str)), "Play top tracks",
                        start_radio_button("artist", artist["slug"].to(str)), *_social()),
            rx.el.div(*_social(), class_name="sc-actions"),
        ),
        section(
            "Popular",
            rx.cond(
                ArtistState.top_tracks.length() > 0,
                track_table(ArtistState.top_tracks, header=False, source="artist",
                            source_id=artist["slug"].to(str)),
                empty_state("No tracks yet."),
            ),
        ),
        rx.cond(
            ArtistState.albums.length() > 0,
            section("Discography", album_grid(ArtistState.albums)),
            rx.fragment(),
        ),
        fans_also_like(artist["slug"].to(str)),
        rx.cond(
            artist["bio"].to(str) != "",
            section("About", rx.el.p(artist["bio"], class_name="sc-prose", style={"white_space": "pre-line"},
                                     data_testid="artist-bio")),
            rx.fragment(),
        ),
    )


@page(
    routes.ARTIST_ROUTE,
    title="Artist",
    description="Top tracks and discography on Spoticlone.",
    on_load=[ArtistState.load, ArtistSocialState.load],
    dynamic_title=ArtistState.page_title,
)
def artist_page() -> rx.Component:
    return entity_view(ArtistState, "artist", _content)
