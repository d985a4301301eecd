"""Editorial shelves (Home, Browse), the "Not interested" menu items, and the hidden-items list.

Shelves and cards read ``EditorialShelvesState``; a shelf with nothing live is not rendered.
The blurb is plain text (never markdown or HTML).
"""

from __future__ import annotations

from typing import Any

import reflex as rx

from spoticlone.components.common import cover_image
from spoticlone.components.forms import settings_card
from spoticlone.state.discovery.editorial import EditorialShelvesState
from spoticlone.state.discovery.not_interested import NotInterestedState


def featured_card(item: Any) -> rx.Component:
    """A featured playlist: cover, name, the editors' blurb (or its owner)."""
    return rx.link(
        rx.el.div(
            cover_image(item["cover_url"], item["name"].to(str) + " cover", icon="list-music"),
            rx.el.div(rx.icon("play", size=20, fill="currentColor"), class_name="sc-play-hint"),
            class_name="sc-card-cover",
        ),
        rx.el.div(item["name"], class_name="sc-card-title"),
        rx.el.div(
            rx.cond(item["blurb"].to(str) != "", item["blurb"], "By " + item["owner_name"].to(str)),
            class_name="sc-card-subtitle",
            style={"whiteSpace": "normal", "display": "-webkit-box", "WebkitLineClamp": "2",
                   "WebkitBoxOrient": "vertical", "overflow": "hidden"},
        ),
        href=item["url"].to(str),
        class_name="sc-card",
        data_testid="featured-card",
        underline="none",
    )


def _shelf(shelf: Any) -> rx.Component:
    return rx.el.section(
        rx.el.div(rx.el.h2(shelf["title"], class_name="sc-section-title"), class_name="sc-section-header"),
        rx.el.div(rx.foreach(shelf["features"].to(list[dict[str, Any]]), featured_card),
                  class_name="sc-grid sc-shelf"),
        class_name="sc-section",
        data_testid="featured-shelf",
        aria_label=shelf["title"].to(str),
    )


def featured_shelves() -> rx.Component:
    """Every live shelf as a row of cards (nothing at all when nothing is featured)."""
    return rx.foreach(EditorialShelvesState.shelves, _shelf)


def not_interested_items(track: Any) -> rx.Component:
    """The track menu's "Not interested" entries (the track, and its artist)."""
    return rx.fragment(
        rx.menu.separator(),
        rx.menu.item(rx.icon("eye-off", size=16), "Not interested",
                     on_select=NotInterestedState.hide_track(track["id"].to(int), track["title"].to(str)),
                     data_testid="menu-not-interested"),
        rx.menu.item(rx.icon("user-x", size=16), "Not interested in " + track["artist_name"].to(str),
                     on_select=NotInterestedState.hide_artist(track["id"].to(int)),
                     data_testid="menu-not-interested-artist"),
    )


def _hidden_row(item: Any) -> rx.Component:
    kind = rx.cond(item["kind"] == "artist", "Artist", "Song \u00b7 " + item["artist_name"].to(str))
    return rx.el.li(
        rx.cond(item["kind"] == "artist", rx.icon("mic-vocal", size=18, class_name="sc-hint"),
                rx.icon("music", size=18, class_name="sc-hint")),
        rx.el.div(
            rx.link(item["name"], href=item["url"].to(str), class_name="sc-link", data_testid="hidden-name"),
            rx.el.div(kind, style={"color": "var(--sc-muted)", "fontSize": "13px"}),
            style={"flex": "1", "minWidth": "0", "overflow": "hidden", "textOverflow": "ellipsis"},
        ),
        rx.el.button(
            "Remove", type="button", class_name="sc-btn sc-btn-secondary sc-btn-small",
            aria_label="Show " + item["name"].to(str) + " in recommendations again",
            on_click=NotInterestedState.remove(item["kind"].to(str), item["id"].to(int)),
            data_testid="hidden-remove",
        ),
        style={"display": "flex", "alignItems": "center", "gap": "12px", "padding": "10px 0",
               "borderBottom": "1px solid var(--sc-border, rgba(255,255,255,0.08))"},
        data_testid="hidden-item",
    )


def hidden_list() -> rx.Component:
    """Settings: what the listener said "not interested" to, each removable."""
    return rx.el.div(settings_card(
        "Not interested",
        rx.cond(NotInterestedState.error != "",
                rx.el.p(NotInterestedState.error, class_name="sc-form-error", role="alert"), rx.fragment()),
        rx.cond(
            NotInterestedState.items.length() > 0,
            rx.el.ul(rx.foreach(NotInterestedState.items, _hidden_row),
                     style={"listStyle": "none", "padding": "0", "margin": "0"}, data_testid="hidden-list"),
            rx.el.p("Nothing hidden. Choose \u201cNot interested\u201d in a song\u2019s \u2026 menu to hide it.",
                    class_name="sc-hint", data_testid="hidden-empty"),
        ),
        description="Songs and artists you asked us not to recommend. Remove one to let it back into your "
                    "mixes and recommendations.",
    ), data_testid="hidden-section")
