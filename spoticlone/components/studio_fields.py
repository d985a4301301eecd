"""Small form parts shared by the studio's lists and its album builder.

Inputs are uncontrolled and keyed on ``StudioState.form_version``, so a reload shows what
was saved without fighting the user's typing.
"""

from __future__ import annotations

from typing import Any

import reflex as rx

from spoticlone.state.studio.releases import StudioState as S


def badge(status: Any, label: Any) -> rx.Component:
    """A release's or song's state as a coloured pill (draft, scheduled, published, unpublished)."""
    return rx.el.span(label, class_name="sc-st-badge sc-st-is-" + status.to(str), data_testid="status-badge")


def select_field(name: str, label: str, options: Any, value: Any, *, blank: str | None = None) -> rx.Component:
    return rx.el.div(
        rx.el.label(label, html_for=f"sc-st-{name}"),
        rx.el.select(
            rx.el.option(blank, value="") if blank else rx.fragment(),
            rx.foreach(options, lambda o: rx.el.option(o["name"], value=o["id"])),
            id=f"sc-st-{name}", name=name, default_value=value, key=S.form_version.to_string(),
            class_name="sc-input",
        ),
        class_name="sc-st-field",
    )


def kind_field(value: Any) -> rx.Component:
    return rx.el.div(
        rx.el.label("Kind", html_for="sc-st-kind"),
        rx.el.select(
            rx.foreach(S.kind_options, lambda o: rx.el.option(o[1], value=o[0])),
            id="sc-st-kind", name="kind", default_value=value, key=S.form_version.to_string(), class_name="sc-input",
        ),
        class_name="sc-st-field",
    )


def input_field(name: str, label: str, value: Any, *, type: str = "text", wide: bool = False,
                **props: Any) -> rx.Component:
    return rx.el.div(
        rx.el.label(label, html_for=f"sc-st-{name}"),
        rx.el.input(id=f"sc-st-{name}", name=name, type=type, default_value=value,
                    key=S.form_version.to_string(), class_name="sc-input", **props),
        class_name="sc-st-field sc-st-wide" if wide else "sc-st-field",
    )
