"""The Follow / Following button used on artist and profile pages.

An outlined pill that turns into "Following" once pressed, like Spotify's. The
handler decides what a press means (sign in first, follow, or unfollow).
"""

from __future__ import annotations

from typing import Any

import reflex as rx


def follow_button(following: Any, on_click: Any, *, name: Any = "", test_id: str = "follow-button") -> rx.Component:
    """``following`` is a bool Var; ``name`` goes into the accessible label."""
    return rx.el.button(
        rx.cond(following, "Following", "Follow"),
        type="button",
        class_name=rx.cond(following, "sc-follow-btn sc-following", "sc-follow-btn"),
        aria_pressed=rx.cond(following, "true", "false"),
        aria_label=rx.cond(following, "Following ", "Follow ") + rx.Var.create(name).to(str),
        title=rx.cond(following, "Stop following", "Follow"),
        on_click=on_click,
        data_testid=test_id,
    )
