"""Onboarding: pick a few genres and artists so a new listener's mixes start warm (skippable)."""

from __future__ import annotations

import reflex as rx

from spoticlone import routes
from spoticlone.components.common import loading_block, page_title
from spoticlone.components.discovery import taste_chips
from spoticlone.components.template import page
from spoticlone.state.discovery.tastes import TastePickerState


def _footer() -> rx.Component:
    return rx.el.div(
        rx.el.button("Done", type="button", class_name="sc-btn sc-btn-primary", on_click=TastePickerState.save,
                     disabled=TastePickerState.picked_count == 0, data_testid="tastes-done"),
        rx.link("Skip for now", href=routes.HOME, class_name="sc-link", data_testid="tastes-skip"),
        rx.el.span(TastePickerState.picked_count.to_string() + " picked", style={"color": "var(--sc-muted)"}),
        style={"display": "flex", "alignItems": "center", "gap": "20px", "flexWrap": "wrap", "marginTop": "8px"},
    )


@page(
    routes.WELCOME_TASTES,
    title="Pick your tastes",
    description="Pick a few genres and artists you like.",
    on_load=TastePickerState.load,
)
def welcome_tastes_page() -> rx.Component:
    return rx.fragment(
        page_title("What do you like?"),
        rx.el.p("Pick a few genres and artists. Your mixes and recommendations start from them, "
                "and change as you listen.", style={"color": "var(--sc-muted)", "margin": "-8px 0 24px"}),
        rx.cond(TastePickerState.error != "",
                rx.el.p(TastePickerState.error, class_name="sc-form-error", role="alert"), rx.fragment()),
        rx.cond(TastePickerState.loaded, rx.fragment(taste_chips(), _footer()), loading_block("320px")),
    )
