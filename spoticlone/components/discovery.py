"""Discovery's building blocks: mix cards with a cover mosaic, Home's "Made for you" shelf,
the mix page's header, rows with "Not interested", taste chips, "Fans also like" and
"Similar tracks".

Layout is inline (``MOSAIC`` and friends) so the blocks carry their own look wherever they
are inserted; the rest reuses the shared card, hero and track-row classes.
"""

from __future__ import annotations

from typing import Any

import reflex as rx

from spoticlone import routes
from spoticlone.components.cards import artist_grid
from spoticlone.components.common import cover_image
from spoticlone.components.like_button import liked_loader
from spoticlone.components.tracks import track_row, track_table
from spoticlone.state.discovery.mixes import MadeForYouState, MixState
from spoticlone.state.discovery.similar import FansAlsoLikeState, SimilarTracksState
from spoticlone.state.discovery.tastes import TastePickerState

MOSAIC = {"display": "grid", "gridTemplateColumns": "1fr 1fr", "gridTemplateRows": "1fr 1fr",
          "width": "100%", "height": "100%"}
KIND_COLOURS = {"weekly": "#8400e7", "radar": "#e13300", "daily": "#1e3264"}
BADGE = {"position": "absolute", "left": "8px", "bottom": "8px", "padding": "2px 8px", "borderRadius": "4px",
         "fontSize": "12px", "fontWeight": "800", "color": "#fff", "maxWidth": "calc(100% - 16px)",
         "overflow": "hidden", "textOverflow": "ellipsis", "whiteSpace": "nowrap",
         "boxShadow": "0 2px 8px rgba(0,0,0,.5)"}
#: The picker's chips wrap on every screen (the shared chip row scrolls sideways on phones).
CHIPS = {"margin": "12px 0 28px", "flexWrap": "wrap", "overflowX": "visible"}
CLAMP = {"whiteSpace": "normal", "display": "-webkit-box", "WebkitLineClamp": "2", "WebkitBoxOrient": "vertical"}


def mix_cover(mix: Any, *, badge: bool = True) -> rx.Component:
    """Four album covers in a square (one cover when the mix has fewer), with the mix's name on it."""
    covers = mix["covers"].to(list[str])
    colour = rx.match(mix["kind"], *KIND_COLOURS.items(), "#1e3264")
    art = rx.cond(
        covers.length() >= 4,
        rx.el.div(rx.foreach(covers, lambda src: rx.el.img(src=src, alt="", loading="lazy", style={
            "width": "100%", "height": "100%", "objectFit": "cover"})), style=MOSAIC),
        cover_image(rx.cond(covers.length() > 0, covers[0], ""), mix["title"].to(str), icon="sparkles"),
    )
    return rx.fragment(
        art,
        rx.el.span(mix["title"], style={**BADGE, "background": colour}) if badge else rx.fragment(),
    )


def mix_card(mix: Any) -> rx.Component:
    return rx.link(
        rx.el.div(
            mix_cover(mix),
            rx.el.div(rx.icon("play", size=20, fill="currentColor"), class_name="sc-play-hint"),
            class_name="sc-card-cover",
        ),
        rx.el.div(mix["title"], class_name="sc-card-title"),
        rx.el.div(mix["description"], class_name="sc-card-subtitle", style=CLAMP),
        href=mix["url"],
        class_name="sc-card",
        data_testid="mix-card",
        underline="none",
    )


def _tastes_banner() -> rx.Component:
    return rx.el.div(
        rx.el.div(
            rx.el.strong("Tell us what you like"),
            rx.el.span("Pick a few genres and artists and your mixes will follow your taste.",
                       style={"color": "var(--sc-muted)"}),
            style={"display": "flex", "flexDirection": "column", "gap": "4px"},
        ),
        rx.link("Pick your tastes", href=routes.WELCOME_TASTES, class_name="sc-btn sc-btn-primary sc-btn-small",
                data_testid="pick-tastes", underline="none"),
        style={"display": "flex", "alignItems": "center", "justifyContent": "space-between", "gap": "16px",
               "flexWrap": "wrap", "padding": "16px 20px", "borderRadius": "8px", "marginBottom": "24px",
               "background": "linear-gradient(90deg, #1e3264, #8400e7)"},
        data_testid="tastes-banner",
    )


def made_for_you() -> rx.Component:
    """Home's personal block: the taste picker prompt, the mix shelf and a few picks."""
    return rx.fragment(
        rx.cond(MadeForYouState.needs_tastes, _tastes_banner(), rx.fragment()),
        rx.cond(
            MadeForYouState.mixes.length() > 0,
            rx.el.section(
                rx.el.div(rx.el.h2("Made for you", class_name="sc-section-title"), class_name="sc-section-header"),
                rx.el.div(rx.foreach(MadeForYouState.mixes, mix_card), class_name="sc-grid sc-shelf"),
                class_name="sc-section", data_testid="made-for-you",
            ),
            rx.fragment(),
        ),
        rx.cond(
            MadeForYouState.picks.length() > 0,
            rx.el.section(
                rx.el.div(rx.el.h2(MadeForYouState.picks_title, class_name="sc-section-title"),
                          class_name="sc-section-header"),
                track_table(MadeForYouState.picks, header=False),
                class_name="sc-section", data_testid="discover-row",
            ),
            rx.fragment(),
        ),
    )


def mix_header() -> rx.Component:
    mix = MixState.mix
    return rx.el.div(
        rx.el.div(mix_cover(mix, badge=False), class_name="sc-hero-cover", data_testid="mix-cover",
                  style={"position": "relative"}),
        rx.el.div(
            rx.el.span("Made for you", class_name="sc-hero-kind"),
            rx.el.h1(mix["title"], class_name="sc-hero-title", data_testid="mix-title"),
            rx.el.p(mix["description"], class_name="sc-pl-desc"),
            rx.el.div(rx.el.span("Spoticlone"), rx.el.span(class_name="sc-dot"),
                      rx.el.span(mix["track_count"].to_string() + " songs"), class_name="sc-hero-meta"),
            class_name="sc-hero-text",
        ),
        class_name="sc-hero",
    )


def mix_actions() -> rx.Component:
    return rx.el.div(
        rx.el.button(rx.icon("play", size=24, fill="currentColor"), type="button", class_name="sc-big-play",
                     aria_label="Play mix", title="Play mix", disabled=MixState.tracks.length() == 0,
                     on_click=_play_from(0), data_testid="play-context"),
        rx.el.button(rx.icon("list-plus", size=16), "Save as playlist", type="button",
                     class_name="sc-btn sc-btn-secondary sc-btn-small", on_click=MixState.save,
                     data_testid="mix-save"),
        class_name="sc-actions sc-pl-actions",
    )


def _play_from(index: Any) -> Any:
    from spoticlone.state.listening.queue import QueueState

    return QueueState.play_list(MixState.tracks.pluck("id"), index, "track", "")


def mix_messages() -> rx.Component:
    return rx.fragment(
        rx.cond(MixState.error != "", rx.el.p(MixState.error, class_name="sc-form-error", role="alert"),
                rx.fragment()),
        rx.cond(MixState.notice != "", rx.el.p(
            MixState.notice, " ",
            rx.cond(MixState.saved_url != "", rx.link("Open it", href=MixState.saved_url, class_name="sc-link"),
                    rx.fragment()),
            role="status", data_testid="mix-notice", style={"color": "var(--sc-muted)", "margin": "0 0 12px"},
        ), rx.fragment()),
    )


def _mix_row(track: Any, index: Any) -> rx.Component:
    hide = rx.el.button(rx.icon("eye-off", size=16), type="button", class_name="sc-icon-btn",
                        aria_label="Not interested in " + track["title"].to(str), title="Not interested",
                        on_click=MixState.not_interested(track["id"].to(int)), data_testid="not-interested")
    return rx.el.div(
        rx.el.div(track_row(track, index, tracks=MixState.tracks), style={"flex": "1", "minWidth": "0"}),
        hide,
        style={"display": "flex", "alignItems": "center", "gap": "4px"},
    )


def mix_tracks() -> rx.Component:
    return rx.el.div(
        liked_loader(MixState.tracks.pluck("id")),
        rx.foreach(MixState.tracks, _mix_row),
        class_name="sc-tracks", role="table", data_testid="track-table",
    )


def taste_chip(item: Any, selected: Any, on_click: Any, *, round_: bool) -> rx.Component:
    """A choice with its picture (artists) or a colour dot (genres), lit when picked."""
    picture = rx.cond(
        item["image_url"] if round_ else False,
        rx.el.img(src=item["image_url"].to(str), alt="", style={"width": "28px", "height": "28px",
                                                                   "borderRadius": "50%", "objectFit": "cover"}),
        rx.icon("mic-vocal" if round_ else "disc-3", size=18),
    )
    return rx.el.button(
        picture, item["name"],
        type="button", on_click=on_click, aria_pressed=selected,
        class_name=rx.cond(selected, "sc-chip sc-chip-on", "sc-chip"),
        style={"display": "inline-flex", "alignItems": "center", "gap": "8px", "whiteSpace": "nowrap",
               "flex": "none"},
        data_testid="taste-chip",
    )


def taste_chips() -> rx.Component:
    return rx.fragment(
        rx.el.h2("Genres", class_name="sc-section-title"),
        rx.el.div(rx.foreach(TastePickerState.genres, lambda g: taste_chip(
            g, TastePickerState.genre_ids.contains(g["id"]), TastePickerState.toggle_genre(g["id"].to(int)),
            round_=False)), class_name="sc-chips", style=CHIPS),
        rx.el.h2("Artists", class_name="sc-section-title"),
        rx.el.div(rx.foreach(TastePickerState.artists, lambda a: taste_chip(
            a, TastePickerState.artist_ids.contains(a["id"]), TastePickerState.toggle_artist(a["id"].to(int)),
            round_=True)), class_name="sc-chips", style=CHIPS),
    )


def fans_also_like(artist_slug: Any) -> rx.Component:
    """"Fans also like" for the artist page (reloads when the artist changes)."""
    return rx.el.div(
        rx.cond(
            FansAlsoLikeState.artists.length() > 0,
            rx.el.section(
                rx.el.div(rx.el.h2("Fans also like", class_name="sc-section-title"), class_name="sc-section-header"),
                artist_grid(FansAlsoLikeState.artists, shelf=True),
                class_name="sc-section", data_testid="fans-also-like",
            ),
            rx.fragment(),
        ),
        key=artist_slug, on_mount=FansAlsoLikeState.load,
    )


def similar_tracks(track_ref: Any) -> rx.Component:
    """"Similar tracks" for the track page (reloads when the track changes)."""
    return rx.el.div(
        rx.cond(
            SimilarTracksState.tracks.length() > 0,
            rx.el.section(
                rx.el.div(rx.el.h2("Similar tracks", class_name="sc-section-title"), class_name="sc-section-header"),
                track_table(SimilarTracksState.tracks, header=False),
                class_name="sc-section", data_testid="similar-tracks",
            ),
            rx.fragment(),
        ),
        key=track_ref, on_mount=SimilarTracksState.load,
    )
