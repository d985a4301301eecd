"""Small building blocks shared by every page: images, headers, pagination, empty states.

Everything here renders user-supplied text (titles, bios, lyrics) through plain text
components, which escape it; never through ``rx.markdown`` or ``rx.html``.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import reflex as rx

from spoticlone import routes


def cover_image(src: Any, alt: Any, *, icon: str = "disc-3", class_name: str = "") -> rx.Component:
    """An image from the media API, or a neutral placeholder when there is none.

    ``src`` is a relative ``/api/v1/media/<key>`` URL: in the single-port production
    build the page and the API share an origin, so no backend prefix is needed.
    """
    return rx.cond(
        src,
        rx.el.img(src=src, alt=alt, loading="lazy", decoding="async", class_name=class_name),
        rx.el.div(rx.icon(icon, size=40), class_name="sc-placeholder", role="img", aria_label=alt),
    )


def section(title: str, *children: rx.Component, see_all: str | Any | None = None,
            title_href: str | Any | None = None) -> rx.Component:
    """A titled block of a page with an optional "Show all" link to the full list."""
    heading = rx.el.h2(title, class_name="sc-section-title")
    return rx.el.section(
        rx.el.div(
            rx.link(heading, href=title_href) if title_href is not None else heading,
            rx.link("Show all", href=see_all, class_name="sc-see-all")
            if see_all is not None
            else rx.fragment(),
            class_name="sc-section-header",
        ),
        *children,
        class_name="sc-section",
    )


def page_title(text: Any) -> rx.Component:
    return rx.el.h1(text, class_name="sc-page-title")


def pagination(page: Any, pages: Any, base_url: Any) -> rx.Component:
    """Prev/next links and "Page X of Y"; the page number travels in ``?page=N``.

    Links (not buttons) so each page has a shareable URL and the route's ``on_load``
    reloads the right slice from the server.
    """
    prev_href = base_url + "?page=" + (page - 1).to_string()
    next_href = base_url + "?page=" + (page + 1).to_string()
    return rx.cond(
        pages > 1,
        rx.el.nav(
            rx.link(
                "Previous",
                href=prev_href,
                class_name="sc-pager-btn",
                aria_disabled=rx.cond(page <= 1, "true", "false"),
            ),
            rx.el.span("Page ", page.to_string(), " of ", pages.to_string(), class_name="sc-pager-label"),
            rx.link(
                "Next",
                href=next_href,
                class_name="sc-pager-btn",
                aria_disabled=rx.cond(page >= pages, "true", "false"),
            ),
            class_name="sc-pager",
            aria_label="Pagination",
        ),
        rx.fragment(),
    )


def empty_state(message: str, *, icon: str = "music-2") -> rx.Component:
    return rx.el.div(
        rx.icon(icon, size=48),
        rx.el.p(message),
        class_name="sc-empty",
    )


def not_found_view(what: str = "page") -> rx.Component:
    """The friendly dead end shown for unknown routes and unknown or malformed refs."""
    return rx.el.div(
        rx.icon("circle-alert", size=56),
        rx.el.h1("Page not found"),
        rx.el.p(f"We can't seem to find the {what} you are looking for."),
        rx.link("Home", href=routes.HOME, class_name="sc-pill"),
        class_name="sc-notfound",
        data_testid="not-found",
    )


def loading_block(height: str = "240px") -> rx.Component:
    return rx.el.div(class_name="sc-skeleton", style={"height": height, "width": "100%"})


def entity_view(state, what: str, content: Callable[[], rx.Component]) -> rx.Component:
    """An entity page body: not-found view, loading skeleton, or the content.

    ``state`` is an entity page state with ``not_found`` and ``ready`` vars; the
    skeleton keeps the previous entity from flashing while the next one loads.
    """
    return rx.cond(
        state.not_found,
        not_found_view(what),
        rx.cond(state.ready, content(), loading_block("360px")),
    )


def fact(label: str, value: Any) -> rx.Component:
    return rx.el.div(
        rx.el.div(label, class_name="sc-fact-label"),
        rx.el.div(value, class_name="sc-fact-value"),
        class_name="sc-fact",
    )
