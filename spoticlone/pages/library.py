"""Your Library (``/library``): Liked Songs, playlists, saved albums and followed artists.

``/library?view=liked`` is the Liked Songs list (play all, the normal track table).
A private page: ``AuthState.require_account`` sends visitors to sign in first.
"""

from __future__ import annotations

from typing import Any

import reflex as rx

from spoticlone import routes
from spoticlone.components.common import cover_image, empty_state, loading_block, page_title
from spoticlone.components.library_sidebar import LIKED_URL, liked_tile
from spoticlone.components.smart_rules import smart_shelf
from spoticlone.components.template import page
from spoticlone.components.tracks import play_action, track_table
from spoticlone.state.auth.signed_in import AuthState
from spoticlone.state.library.page import SORTS, LibraryPageState
from spoticlone.state.library.sidebar import SidebarLibraryState
from spoticlone.state.listening.queue import QueueState

S = LibraryPageState
CHIPS = (("all", "All"), ("playlist", "Playlists"), ("album", "Albums"), ("artist", "Artists"))


def _chip(kind: str, label: str) -> rx.Component:
    on = S.kind == kind
    return rx.el.button(
        label, type="button", on_click=S.choose_kind(kind), aria_pressed=rx.cond(on, "true", "false"),
        class_name=rx.cond(on, "sc-chip sc-chip-on", "sc-chip"), data_testid=f"library-chip-{kind}",
    )


def _toolbar() -> rx.Component:
    return rx.el.div(
        rx.el.div(*[_chip(*c) for c in CHIPS], class_name="sc-chips", role="group", aria_label="Show"),
        rx.el.div(
            rx.el.label(
                rx.icon("search", size=16),
                rx.el.input(
                    type="search", placeholder="Search in Your Library", default_value=S.text,
                    on_change=S.filter_text.debounce(250), aria_label="Search in Your Library",
                    class_name="sc-lib-filter-input", max_length=100, data_testid="library-filter",
                ),
                class_name="sc-lib-filter",
            ),
            rx.el.label(
                rx.el.span("Sort by", class_name="sc-visually-hidden"),
                rx.el.select(
                    *[rx.el.option(label, value=value) for value, label in SORTS.items()],
                    value=S.sort, on_change=S.choose_sort, class_name="sc-lib-sort", data_testid="library-sort",
                ),
                class_name="sc-lib-sort-wrap",
            ),
            class_name="sc-lib-tools-right",
        ),
        class_name="sc-lib-toolbar",
    )


def _liked_card() -> rx.Component:
    return rx.link(
        rx.el.div(
            rx.el.p("Songs you like, all in one place.", class_name="sc-liked-card-blurb"),
            rx.el.div(
                rx.el.div("Liked Songs", class_name="sc-liked-card-title"),
                rx.el.div(S.liked_count.to_string(), rx.cond(S.liked_count == 1, " liked song", " liked songs"),
                          class_name="sc-liked-card-count"),
            ),
            class_name="sc-liked-card-text",
        ),
        rx.el.div(rx.icon("play", size=22, fill="currentColor"), class_name="sc-play-hint"),
        href=LIKED_URL, class_name="sc-liked-card", underline="none", data_testid="library-liked",
    )


def _item_card(item: Any) -> rx.Component:
    return rx.link(
        rx.el.div(
            cover_image(item["image_url"], item["title"].to(str), icon="music"),
            class_name="sc-card-cover",
        ),
        rx.el.div(item["title"], class_name="sc-card-title"),
        rx.el.div(
            rx.cond(item["badge"] != "", rx.el.span(item["badge"], class_name="sc-lib-badge"), rx.fragment()),
            item["subtitle"],
            class_name="sc-card-subtitle",
        ),
        href=item["url"].to(str),
        class_name=rx.cond(item["round"], "sc-card sc-card-round", "sc-card"),
        underline="none",
        data_testid="library-item",
    )


def _empty() -> rx.Component:
    return rx.cond(
        S.nothing_saved,
        rx.el.div(
            rx.icon("library", size=48),
            rx.el.h2("Your library is empty", class_name="sc-lib-empty-title"),
            rx.el.p("Tap the heart on a song, save an album or follow an artist, and it shows up here."),
            rx.link("Browse music", href=routes.BROWSE, class_name="sc-pill", underline="none"),
            class_name="sc-empty",
        ),
        rx.cond(
            S.text != "",
            empty_state("Nothing in your library matches that search.", icon="search"),
            rx.match(
                S.kind,
                ("playlist", empty_state("No playlists yet. Create one with the + button.", icon="list-music")),
                ("album", empty_state("No saved albums yet. Save one from an album page.", icon="disc-3")),
                ("artist", empty_state("You don't follow any artists yet.", icon="mic-vocal")),
                empty_state("Nothing here yet."),
            ),
        ),
    )


def _overview() -> rx.Component:
    return rx.fragment(
        rx.el.div(
            page_title("Your Library"),
            rx.el.button(rx.icon("plus", size=18), "Create playlist", type="button",
                         on_click=SidebarLibraryState.create_playlist, class_name="sc-lib-create"),
            class_name="sc-lib-header",
        ),
        _toolbar(),
        rx.cond(S.error != "", rx.el.p(S.error, class_name="sc-lib-error", role="alert"), rx.fragment()),
        rx.cond(
            S.loaded,
            rx.cond(
                S.nothing_saved | ((S.items.length() == 0) & ~S.show_liked_tile),
                _empty(),
                rx.el.div(
                    rx.cond(S.show_liked_tile, _liked_card(), rx.fragment()),
                    rx.foreach(S.items, _item_card),
                    class_name="sc-grid sc-lib-grid",
                    data_testid="library-grid",
                ),
            ),
            loading_block("320px"),
        ),
        rx.cond(
            S.total > S.items.length(),
            rx.el.p("Showing ", S.items.length().to_string(), " of ", S.total.to_string(),
                    ". Narrow it down with the search box.", class_name="sc-hint sc-lib-more"),
            rx.fragment(),
        ),
        smart_shelf(),
    )


def _liked_pager() -> rx.Component:
    base = LIKED_URL + "&page="
    return rx.cond(
        S.liked_pages > 1,
        rx.el.nav(
            rx.link("Previous", href=base + (S.liked_page - 1).to_string(), class_name="sc-pager-btn",
                    aria_disabled=rx.cond(S.liked_page <= 1, "true", "false")),
            rx.el.span("Page ", S.liked_page.to_string(), " of ", S.liked_pages.to_string(),
                       class_name="sc-pager-label"),
            rx.link("Next", href=base + (S.liked_page + 1).to_string(), class_name="sc-pager-btn",
                    aria_disabled=rx.cond(S.liked_page >= S.liked_pages, "true", "false")),
            class_name="sc-pager", aria_label="Pagination",
        ),
        rx.fragment(),
    )


def _liked_view() -> rx.Component:
    ids = S.liked_tracks.pluck("id")
    return rx.fragment(
        rx.link(rx.icon("chevron-left", size=16), "Your Library", href=routes.LIBRARY, class_name="sc-lib-back",
                underline="none"),
        rx.el.div(
            liked_tile(72, "sc-hero-cover sc-liked-tile"),
            rx.el.div(
                rx.el.span("Playlist", class_name="sc-hero-kind"),
                rx.el.h1("Liked Songs", class_name="sc-hero-title"),
                rx.el.div(
                    rx.el.strong(AuthState.display_name),
                    rx.el.span(class_name="sc-dot"),
                    rx.el.span(S.liked_count.to_string(), rx.cond(S.liked_count == 1, " song", " songs")),
                    class_name="sc-hero-meta",
                ),
                class_name="sc-hero-text",
            ),
            class_name="sc-hero sc-liked-hero",
        ),
        rx.cond(
            S.liked_tracks.length() > 0,
            rx.fragment(
                play_action(QueueState.play_list(ids, 0, "library", "liked"), "Play Liked Songs"),
                track_table(S.liked_tracks, source="library", source_id="liked"),
                _liked_pager(),
            ),
            rx.cond(
                S.loaded,
                rx.el.div(
                    rx.icon("heart", size=48),
                    rx.el.h2("Songs you like will appear here", class_name="sc-lib-empty-title"),
                    rx.el.p("Save songs by tapping the heart icon."),
                    rx.link("Find songs", href=routes.BROWSE, class_name="sc-pill", underline="none"),
                    class_name="sc-empty",
                ),
                loading_block("320px"),
            ),
        ),
    )


@page(routes.LIBRARY, title="Your Library",
      description="Liked songs, saved albums, followed artists and your playlists.",
      on_load=[AuthState.require_account, LibraryPageState.load])
def library_page() -> rx.Component:
    return rx.cond(
        AuthState.signed_in,
        rx.el.div(rx.cond(S.view == "liked", _liked_view(), _overview()), class_name="sc-library"),
        loading_block("360px"),
    )
