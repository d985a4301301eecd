"""The Reflex app: theme, global styles, the REST API, app-level wraps and every page.

The Radix theme (dark, green accent) is configured on ``RadixThemesPlugin`` in
``rxconfig.py``, because ``rx.App(theme=...)`` is deprecated in Reflex 0.10.
"""

from __future__ import annotations

from collections.abc import Callable

import reflex as rx
import sqlmodel

import spoticlone.models  # noqa: F401  - every table must be on SQLModel.metadata
import spoticlone.pages  # noqa: F401  - importing the pages registers them with the template
from spoticlone.api.app import create_api
from spoticlone.api.clean_urls import clean_urls_middleware
from spoticlone.api.security_headers import security_headers_middleware
from spoticlone.api.social_meta import social_meta_middleware
from spoticlone.components.player_bar import player_bar
from spoticlone.components.template import register_pages
from spoticlone.db import session_scope
from spoticlone.services import accounts_cleanup

# Our tables are plain ``sqlmodel.SQLModel`` classes, not ``rx.Model``. Reflex's Alembic
# tooling (``reflex db makemigrations``) reads ``ModelRegistry.get_metadata()``; the shared
# ``SQLModel.metadata`` holds all 17 tables once ``spoticlone.models`` is imported. Reflex
# 0.10 already registers ``rx.Model``, whose metadata *is* that object; registering a second
# model with the same metadata makes Reflex copy every table twice (SAWarnings), so the base
# class is registered only when nothing else provides it (``rx.Model`` is gone in 1.0).
if not any(
    model.metadata is sqlmodel.SQLModel.metadata
    for model in rx.ModelRegistry.get_models(include_empty=True)
):
    rx.ModelRegistry.register(sqlmodel.SQLModel)

# Components that must outlive page navigation are app wraps, not part of the per-page
# layout (which remounts on every route change and would stop the music). The player bar
# (with the one <audio> element and its queue/lyrics panels) is one; while a track is
# loaded it sets the CSS variable ``--sc-player-height`` so pages leave room for it.
APP_WRAPS: dict[tuple[int, str], Callable[[bool], rx.Component | None]] = {
    (3, "PlayerBar"): lambda stateful: rx.fragment(player_bar()),
}

GLOBAL_STYLE = {
    "font_family": "Inter, 'Helvetica Neue', Helvetica, Arial, system-ui, sans-serif",
    "background_color": "#121212",
    "color": "#ffffff",
}

app = rx.App(
    style=GLOBAL_STYLE,
    stylesheets=["/spoticlone.css"],
    head_components=[
        rx.el.meta(name="theme-color", content="#121212"),
        rx.el.link(rel="icon", href="/favicon.ico"),
        # Player glue (time display, seek, lyrics highlight, keys, MediaSession): it owns
        # the per-frame work so playback never waits on the websocket.
        rx.el.script(src="/player.js", defer=True),
    ],
    html_lang="en",
    extra_app_wraps=APP_WRAPS,
    # Last = outermost: security headers see every response, after social_meta's rewrite.
    api_transformer=[
        create_api(), social_meta_middleware, clean_urls_middleware, security_headers_middleware,
    ],
)


async def _account_cleanup() -> None:
    """Hourly: forget expired codes, used tickets, ended sessions, old throttle counters."""
    await accounts_cleanup.run_periodically(session_scope)


app.register_lifespan_task(_account_cleanup)
register_pages(app)
