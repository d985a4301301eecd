"""The Reflex app: theme, global styles, the REST API, app-level wraps and every page.

The Radix theme (dark, green accent) is configured on ``RadixThemesPlugin`` in
``rxconfig.py``, because ``rx.App(theme=...)`` is deprecated in Reflex 0.10.
"""

from __future__ import annotations

from collections.abc import Callable

import reflex as rx
import sqlmodel
from starlette.applications import Starlette
from starlette.middleware.cors import CORSMiddleware
from starlette.types import ASGIApp

import spoticlone.models  # every table must be on SQLModel.metadata
import spoticlone.pages  # noqa: F401  - importing the pages registers them with the template
from spoticlone.api.app import create_api
from spoticlone.components.player_bar import player_bar
from spoticlone.components.template import register_pages
from spoticlone.logs import configure_logging
from spoticlone.middleware.clean_urls import clean_urls_middleware
from spoticlone.middleware.metrics import metrics_middleware
from spoticlone.middleware.security_headers import security_headers_middleware
from spoticlone.middleware.social_meta import social_meta_middleware
from spoticlone.server_gc import tune_worker
from spoticlone.state.page_load import pages_load_in_place
from spoticlone.state.safety import backend_exception_handler

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


def _mount_under(api: Starlette) -> Callable[[ASGIApp], ASGIApp]:
    """An api_transformer that mounts Reflex's app under ``api``, as passing ``api`` would.

    Passing the Starlette app itself makes Reflex add one more CORSMiddleware to it.
    """

    def transform(reflex_app: ASGIApp) -> ASGIApp:
        api.mount("", reflex_app)
        return api

    return transform


# SPOTICLONE_LOG_FORMAT=json: every server process logs one JSON object per line.
configure_logging()

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
    # A failing handler answers with its refusal or a friendly "try again", never with
    # Reflex's generic "Contact the website administrator" (see ``state.safety``).
    backend_exception_handler=backend_exception_handler,
    # Last = outermost: security headers see every response, after social_meta's rewrite;
    # metrics time what the client waits for and see the final status.
    api_transformer=[
        _mount_under(create_api()), social_meta_middleware, clean_urls_middleware,
        security_headers_middleware, metrics_middleware,
    ],
)
# Reflex wraps its own app, every Starlette api_transformer and the top-level app in the
# same CORSMiddleware (from rxconfig): each layer appends to ``Vary``, so answers said
# ``Vary: Origin, Origin``. The top-level one covers everything; the inner ones go (the
# API is passed as a function above for the same reason).
app._api.user_middleware = [m for m in app._api.user_middleware if m.cls is not CORSMiddleware]

register_pages(app)
# A page whose loads are combined into one event loads in the event that opens it (``state.page_load``).
pages_load_in_place()
# In the worker, once the app is built and before it serves: freeze the start-up heap and
# collect cycles less often (full collections were multi-second pauses under load).
app.register_lifespan_task(tune_worker)
