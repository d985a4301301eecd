"""The banner a listener sees after signing in cancelled their account deletion.

It sits in the shell, so it shows on whichever page the sign-in lands on. It asks the
server only for signed-in visitors, once per page, and the notice is used up when shown.
"""

from __future__ import annotations

import reflex as rx

from spoticlone.state.accounts.deletion import DeletionNoticeState
from spoticlone.state.auth.signed_in import AuthState

_BANNER = {"display": "flex", "align_items": "center", "gap": "12px", "padding": "12px 16px",
           "margin": "0 0 16px", "border_radius": "8px", "background": "#1f3b2a", "color": "var(--sc-text)",
           "border": "1px solid #2f6f47"}
_CLOSE = {"margin_left": "auto", "background": "transparent", "border": "none", "color": "inherit",
          "cursor": "pointer", "padding": "4px", "display": "flex"}


def deletion_notice() -> rx.Component:
    banner = rx.el.div(
        rx.icon("circle-check", size=20),
        rx.el.span(DeletionNoticeState.message),
        rx.el.button(rx.icon("x", size=18), type="button", on_click=DeletionNoticeState.dismiss,
                     aria_label="Dismiss", style=_CLOSE),
        role="status",
        id="deletion-cancelled",
        style=_BANNER,
    )
    return rx.cond(
        AuthState.signed_in,
        rx.el.div(rx.cond(DeletionNoticeState.message != "", banner, rx.fragment()),
                  on_mount=DeletionNoticeState.check),
        rx.fragment(),
    )
