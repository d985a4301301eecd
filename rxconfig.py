"""Reflex configuration, derived from Spoticlone's own settings (``SPOTICLONE_*``).

The database URL, CORS origin and Redis URL come from ``spoticlone.config`` so there
is one source of truth; ``REFLEX_*`` variables still override any field here.
"""

import reflex as rx

from spoticlone.config import get_settings

_settings = get_settings()
# SQLite needs its folder before Reflex's own engine (used by `reflex db`) connects.
_settings.data_dir.mkdir(parents=True, exist_ok=True)

config = rx.Config(
    app_name="spoticlone",
    db_url=_settings.resolved_database_url,
    redis_url=_settings.redis_url,
    # Reflex defaults to "*" with credentials: any site could call /api as the user.
    cors_allowed_origins=[_settings.public_origin],
    frontend_port=_settings.port,
    backend_port=_settings.port,
    backend_host=_settings.host,
    telemetry_enabled=False,
    show_built_with_reflex=False,
    plugins=[
        # The app theme lives on the plugin: rx.App(theme=...) is deprecated in 0.10.
        rx.plugins.RadixThemesPlugin(
            theme=rx.theme(appearance="dark", accent_color="green", gray_color="slate", radius="medium")
        ),
        rx.plugins.SitemapPlugin(),
    ],
)
