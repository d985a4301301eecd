"""The public origin share links are built from, and the native share sheet's outcome.

Pages compile once and must not read settings, so the origin (``SPOTICLONE_PUBLIC_URL``)
reaches the share menu as a state var: a link copied from a page served behind a proxy
still names the address listeners use, not whatever host the browser happened to hit.
"""

from __future__ import annotations

import reflex as rx

from spoticlone.config import get_settings

COPIED = "Link copied"


class ShareState(rx.State):
    """Display only: holds no user data and makes no decisions."""

    @rx.var
    def share_base(self) -> str:
        """``SPOTICLONE_PUBLIC_URL`` without a trailing slash (it may carry a path prefix)."""
        return get_settings().public_url.rstrip("/")

    @rx.event
    def native_done(self, outcome: str):
        """The share script reports "copied" when the browser has no share sheet."""
        if outcome == "copied":
            return rx.toast(COPIED)
        return None
