"""The smart playlist builder: ``/smart/new`` and ``/smart/edit/<id>``.

Rules on top with the live "N songs match" count kept in view, then sort and limit, then
name and save. Signed-out visitors are sent to sign in; someone else's playlist is the
not-found view.
"""

from __future__ import annotations

import reflex as rx

from spoticlone import routes
from spoticlone.components.common import loading_block, not_found_view, page_title
from spoticlone.components.smart_rules import import_button, live_count, name_and_save, rule_rows, settings
from spoticlone.components.template import page
from spoticlone.state.library.smart_builder import SmartBuilderState as B

WRAP = {"maxWidth": "900px"}


def _builder(heading: str, *, importing: bool) -> rx.Component:
    return rx.cond(
        B.not_found,
        not_found_view("smart playlist"),
        rx.cond(
            B.loaded,
            rx.el.div(
                rx.el.div(
                    page_title(heading),
                    import_button() if importing else rx.fragment(),
                    style={"display": "flex", "alignItems": "center", "justifyContent": "space-between",
                           "gap": "12px", "flexWrap": "wrap"},
                ),
                rx.el.p("Pick what goes in; the playlist refreshes itself every time it is opened.",
                        class_name="sc-hint", style={"marginBottom": "16px"}),
                live_count(),
                rule_rows(),
                settings(),
                name_and_save(),
                style=WRAP, data_testid="smart-builder",
            ),
            loading_block("360px"),
        ),
    )


@page(routes.SMART_NEW, title="New smart playlist",
      description="Build a playlist from rules that keeps itself up to date.", on_load=B.load_new,
      dynamic_title=B.page_title)
def smart_new_page() -> rx.Component:
    return _builder("New smart playlist", importing=True)


@page(routes.SMART_EDIT_ROUTE, title="Edit smart playlist", description="Edit a smart playlist's rules.",
      on_load=B.load_edit, dynamic_title=B.page_title)
def smart_edit_page() -> rx.Component:
    return _builder("Edit smart playlist", importing=False)
