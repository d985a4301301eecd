"""The 1–5 star control for tracks and albums, and a read-only average for artists.

Five real buttons, so Tab reaches each star and Enter or Space rates; each says what
it does ("Rate 4 stars") and the chosen one is ``aria-pressed``. Stars up to the
listener's own rating are lit; hovering lights the stars up to the pointer (CSS).
Signed-out visitors may press them too: ``RatingState`` sends them to sign in.
"""

from __future__ import annotations

from typing import Any

import reflex as rx

from spoticlone.state.library.social import RatingState


def _star(n: int, state: Any) -> rx.Component:
    label = f"Rate {n} star" + ("" if n == 1 else "s")
    return rx.el.button(
        rx.icon("star", size=22),
        type="button",
        class_name=rx.cond(state.mine >= n, "sc-star sc-on", "sc-star"),
        aria_label=label,
        title=label,
        aria_pressed=rx.cond(state.mine == n, "true", "false"),
        on_click=state.rate(n),
        data_testid=f"star-{n}",
    )


def star_rating(state: Any = RatingState) -> rx.Component:
    """The listener's stars, the average and count, and "Remove rating" once rated."""
    return rx.el.div(
        rx.el.div(*[_star(n, state) for n in range(1, 6)], class_name="sc-stars", role="group",
                  aria_label="Your rating"),
        rx.el.span(
            rx.icon("star", size=14, class_name="sc-rating-icon"),
            state.summary_text,
            class_name="sc-rating-summary",
            data_testid="rating-summary",
        ),
        rx.cond(
            state.mine > 0,
            rx.el.button("Remove rating", type="button", on_click=state.remove, class_name="sc-text-btn",
                         data_testid="rating-remove"),
            rx.fragment(),
        ),
        rx.cond(state.error != "", rx.el.span(state.error, class_name="sc-hint", role="alert"), rx.fragment()),
        class_name="sc-rating",
        data_testid="rating",
    )


def average_badge(average_text: Any, count: Any) -> rx.Component:
    """A read-only "★ 4.2 (31)" for an artist's aggregated rating; nothing when unrated."""
    return rx.cond(
        count > 0,
        rx.el.span(
            rx.icon("star", size=14, class_name="sc-rating-icon"),
            average_text,
            rx.el.span(" (", count.to_string(), ")", class_name="sc-muted"),
            class_name="sc-rating-summary",
            title="Average of every rating on this artist's songs and albums",
            data_testid="artist-rating",
        ),
        rx.fragment(),
    )
