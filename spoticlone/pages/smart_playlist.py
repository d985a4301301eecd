"""A smart playlist (``/smart/<id>``): its rules in words, play, edit, export, and its songs.

The songs are whatever the rules select at the moment the page opens (published songs
only, ordered and limited as saved). Private ones are the not-found view for anyone but
their owner (and admins); an owner sees Edit and Delete.
"""

from __future__ import annotations

import reflex as rx

from spoticlone import routes
from spoticlone.components.common import empty_state, entity_view
from spoticlone.components.template import page
from spoticlone.components.tracks import track_table
from spoticlone.state.library.smart_playlist import SmartPlaylistState as S
from spoticlone.state.listening.queue import QueueState

sp = S.playlist
COVER = {"display": "flex", "alignItems": "center", "justifyContent": "center",
         "background": "linear-gradient(135deg, #2d46b9, #8400e7)"}


def _header() -> rx.Component:
    return rx.el.div(
        rx.el.div(rx.icon("sparkles", size=64), class_name="sc-hero-cover", style=COVER),
        rx.el.div(
            rx.el.span(rx.cond(sp["public"], "Public smart playlist", "Smart playlist"), class_name="sc-hero-kind"),
            rx.el.h1(sp["name"], class_name="sc-hero-title", data_testid="smart-title"),
            rx.cond(sp["description"] != "", rx.el.p(sp["description"], class_name="sc-pl-desc"), rx.fragment()),
            rx.el.div(
                rx.link(sp["owner_name"], href=sp["owner_url"].to(str), underline="none",
                        style={"fontWeight": "700", "color": "inherit"}),
                rx.el.span(class_name="sc-dot"),
                rx.el.span(S.songs_text, data_testid="smart-songs"),
                rx.el.span(class_name="sc-dot"),
                rx.el.span(sp["summary"]),
                class_name="sc-hero-meta", style={"flexWrap": "wrap"},
            ),
            class_name="sc-hero-text",
        ),
        class_name="sc-hero",
    )


def _actions() -> rx.Component:
    ids = S.tracks.pluck("id")
    return rx.el.div(
        rx.el.button(rx.icon("play", size=24, fill="currentColor"), type="button", class_name="sc-big-play",
                     aria_label="Play smart playlist", title="Play", disabled=S.tracks.length() == 0,
                     on_click=QueueState.play_list(ids, 0, "library", "smart"), data_testid="play-context"),
        rx.cond(sp["can_edit"], rx.link(rx.icon("pencil", size=16), "Edit rules", href=sp["edit_url"].to(str),
                                        class_name="sc-btn sc-btn-secondary sc-btn-small", underline="none",
                                        data_testid="smart-edit"), rx.fragment()),
        rx.el.a(rx.icon("download", size=16), "Export .nsp", href=sp["export_url"].to(str), download=True,
                reload_document=True, class_name="sc-btn sc-btn-secondary sc-btn-small", data_testid="smart-export"),
        rx.cond(sp["can_delete"], rx.el.button(rx.icon("trash-2", size=16), "Delete", type="button",
                                               class_name="sc-btn sc-btn-secondary sc-btn-small",
                                               on_click=S.delete, data_testid="smart-delete"), rx.fragment()),
        class_name="sc-actions sc-pl-actions", style={"flexWrap": "wrap"},
    )


def _content() -> rx.Component:
    return rx.fragment(
        _header(),
        _actions(),
        rx.cond(S.error != "", rx.el.p(S.error, class_name="sc-form-error", role="alert"), rx.fragment()),
        rx.cond(S.tracks.length() > 0, track_table(S.tracks, source="library", source_id="smart"),
                empty_state("No songs match these rules right now. Edit the rules or check back later.",
                            icon="sparkles")),
    )


@page(routes.SMART_ROUTE, title="Smart playlist", description="A smart playlist on Spoticlone.",
      on_load=S.load, dynamic_title=S.page_title)
def smart_playlist_page() -> rx.Component:
    return entity_view(S, "smart playlist", _content)
