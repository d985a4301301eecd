"""How a plugin page's sign-in or role requirement shows: the core decides, not the plugin.

A page that ``requires`` an account gets ``AuthState.require_account`` first in its
``on_load`` (signed-out visitors go to sign in and come back); a role requirement shows
a plain refusal to other accounts. Neither hides data by itself: the plugin's state
handlers act for the signed-in actor, so a refused listener never receives any.
"""

from __future__ import annotations

from collections.abc import Callable

import reflex as rx

from spoticlone.components.common import loading_block
from spoticlone.state.auth.signed_in import AuthState

REFUSAL = {
    "artist": "This page is for artists. Ask an administrator to make your account an artist account.",
    "admin": "Only administrators can see this page.",
}


def _allowed(requires: str) -> rx.Var:
    if requires == "admin":
        return AuthState.role == "admin"
    if requires == "artist":
        return (AuthState.role == "artist") | (AuthState.role == "admin")
    return AuthState.signed_in


def guarded_component(component: Callable[[], rx.Component], requires: str | None) -> Callable[[], rx.Component]:
    """``component`` shown only to the accounts ``requires`` names (all visitors if None)."""
    if requires is None:
        return component

    def render() -> rx.Component:
        return rx.cond(
            AuthState.signed_in,
            rx.cond(
                _allowed(requires),
                component(),
                rx.callout(REFUSAL.get(requires, REFUSAL["admin"]), icon="lock", color_scheme="gray",
                           size="3", max_width="560px", data_testid="plugin-page-refused"),
            ),
            loading_block("320px"),
        )

    render.__name__ = getattr(component, "__name__", "plugin_page")
    return render
