"""The public origin share links are built from, the share marker, and the share sheet's outcome.

Pages compile once and must not read settings, so the origin (``SPOTICLONE_PUBLIC_URL``)
reaches the share menu as a state var: a link copied from a page served behind a proxy
still names the address listeners use, not whatever host the browser happened to hit.

Every shared link carries ``?ref=share`` (``SHARE_PARAM``/``SHARE_VALUE``). A page opened
from such a link keeps the marker in its address for the rest of that visit, and every
event the page sends carries its address, so a play started there is recorded with the
source "share" (``play_source``) and artist analytics show it as "Share link". Links
without the marker work exactly as before; the marker is only a hint about where a
listener came from, never a permission.
"""

from __future__ import annotations

from typing import Any

import reflex as rx

from spoticlone.config import get_settings
from spoticlone.models.common import PlaySource

COPIED = "Link copied"
SHARE_PARAM = "ref"
SHARE_VALUE = "share"


def opened_from_share(router: Any) -> bool:
    """True when the page that sent this event was opened from a share link."""
    try:
        return str(router.url.query_parameters.get(SHARE_PARAM, "")) == SHARE_VALUE
    except AttributeError:  # an event without page data (tests, background tasks)
        return False


def play_source(router: Any, source: str) -> str:
    """The source to record for a play started now: "share" on a shared page, else ``source``."""
    return PlaySource.SHARE.value if opened_from_share(router) else source


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
