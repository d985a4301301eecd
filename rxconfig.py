"""Reflex configuration, derived from Spoticlone's own settings (``SPOTICLONE_*``).

The database URL, CORS origin and Redis URL come from ``spoticlone.config`` so there
is one source of truth; ``REFLEX_*`` variables still override any field here.
"""

import os

import reflex as rx

from spoticlone import server_limits
from spoticlone.config import get_settings
from spoticlone.db import ignore_search_index_in_autogenerate

_settings = get_settings()
# SQLite needs its folder before Reflex's own engine (used by `reflex db`) connects.
_settings.data_dir.mkdir(parents=True, exist_ok=True)
# Reflex's schema check and `reflex db makemigrations` must not see the search index
# (FTS tables, not models) as tables to drop.
ignore_search_index_in_autogenerate()
# Granian as Reflex starts it never drops a client that connects and stalls.
server_limits.install(_settings)

# Chosen on purpose, never left to Reflex's default ("disk"), which pickles every
# session into .states/ and lists and stats every file on each write pass: CPU and
# latency grow with the sessions of the last hour (benchmarks/state_sessions.py).
# Without Redis there is one worker, so sessions live in its memory (lost on restart;
# a page load restores the signed-in user from the cookie). With Redis, Reflex runs
# several workers that must share state there. REFLEX_REDIS_URL also counts, as Reflex
# would use that URL.
_redis_url = os.environ.get("REFLEX_REDIS_URL") or _settings.redis_url
STATE_MANAGER_MODE = "redis" if _redis_url else "memory"

# With Redis, an event waits for its session's lock and is woken by a keyspace notification
# when the lock is released. Under load (200 simulated listeners, two workers) some wake-ups
# never arrived, and those events waited out the whole lock expiry: Reflex's 10 s default
# made 2-3% of page loads take over 10 s. At 4 s none did (README, "Session locks in Redis").
# The expiry is also the longest an event may hold the lock: our handlers take at
# most ~1.2 s on a saturated machine (long work runs on the job queue; a mail server is waited
# for at most 2.5 s, state/accounts/mail_wait.py), so 4 s leaves room.
# REFLEX_REDIS_LOCK_EXPIRATION still overrides it.
REDIS_LOCK_EXPIRATION_MS = 4000
_redis_settings = {"redis_lock_expiration": REDIS_LOCK_EXPIRATION_MS} if _redis_url else {}

# Behind nginx (scale-out mode) the browser reaches the workers through the public URL,
# not the port they listen on: the compiled frontend must open its websocket there.
_api_url = {"api_url": _settings.public_origin} if _settings.nginx_media_location else {}

config = rx.Config(
    app_name="spoticlone",
    **_api_url,
    db_url=_settings.resolved_database_url,
    redis_url=_settings.redis_url,
    state_manager_mode=STATE_MANAGER_MODE,
    **_redis_settings,
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
