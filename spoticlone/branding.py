"""Words every front end shows the same way: the site name, page titles, album kinds.

Framework-free, so the pages, the states and the server-side Open Graph middleware
(``middleware/page_meta``) share one copy and a browser tab title matches the link preview.
"""

from __future__ import annotations

SITE_NAME = "Spoticlone"

#: How an album's ``kind`` reads in the UI and in link previews.
KIND_LABELS = {"album": "Album", "single": "Single", "ep": "EP"}


def kind_label(kind: str | None) -> str:
    """``"single"`` -> ``"Single"``; anything unknown reads as a plain album."""
    return KIND_LABELS.get(kind or "", "Album")


def page_title(name: str | None) -> str:
    """``"Name | Spoticlone"``: the same shape the server-side Open Graph middleware uses."""
    return f"{name} | {SITE_NAME}" if name else SITE_NAME
