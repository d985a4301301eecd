"""The FastAPI application that Reflex mounts itself under.

``spoticlone.py`` mounts Reflex's app (at ``""``) under this one, which makes it the
outer one: its routes are tried first and Reflex gets every other path. A final
catch-all keeps unknown ``/api/...`` paths from falling through to the frontend,
which would answer them with an HTML page and status 200.

CORS is intentionally *not* added here: Reflex's top-level app wraps everything in a
``CORSMiddleware`` built from ``rxconfig.cors_allowed_origins`` (``spoticlone.py``
removes the inner copies Reflex would also add, which doubled ``Vary: Origin``). An
inner middleware could not take away headers the outer one adds, so the only
effective setting is rxconfig's, which must be ``[get_settings().public_origin]``;
``cors_options`` documents that contract and tests exercise it.
"""

from __future__ import annotations

from typing import Any

from fastapi import FastAPI, Request
from starlette.routing import Match, Mount

from spoticlone import routes
from spoticlone.api.docs import OAUTH2_REDIRECT_URL, install_docs
from spoticlone.api.error_schema import install_error_schema
from spoticlone.api.errors import error_response, install_error_handlers
from spoticlone.api.routers import ROUTERS, media, search, subsonic
from spoticlone.api.routers.accounts import (
    app_passwords,
    deletion as deletion_routes,
    exports as export_routes,
    legal as legal_routes,
    me,
)
from spoticlone.api.routers.admin import (
    archive as archive_routes,
    audit as audit_routes,
    backups,
    data as data_browser_routes,
    health,
    plugins as admin_plugins,
    users,
)
from spoticlone.api.routers.auth import google, sign_in, two_step
from spoticlone.api.routers.catalog import browse, lyrics
from spoticlone.api.routers.discovery import discovery, editorial as editorial_routes, radio as radio_routes
from spoticlone.api.routers.insight import dashboard as insight_dashboard, me as insight_me
from spoticlone.api.routers.library import (
    collection,
    playlists,
    smart_playlists as smart_playlist_routes,
    social,
)
from spoticlone.api.routers.listening import playback, plays, streaming
from spoticlone.api.routers.moderation import reports as moderation_routes
from spoticlone.api.routers.notifications import (
    inbox as notification_routes,
    unsubscribe as unsubscribe_routes,
)
from spoticlone.api.routers.studio import (
    analytics as studio_analytics,
    lyrics as studio_lyrics,
    profile as studio_profile,
    releases as studio_releases,
    uploads as studio_uploads,
)
from spoticlone.api.routers.support import admin as support_admin_routes, requests as support_routes
from spoticlone.api.version import API_VERSION
from spoticlone.api.write_guard import install_write_guard
from spoticlone.config import Settings, get_settings
from spoticlone.plugins.activation import include_plugin_routers, load_plugins

DESCRIPTION = """\
Spoticlone's public REST API: browse the catalog (genres, artists, albums, tracks)
and fetch cover art. Every list is paginated with `page` and `page_size`; every
error is JSON `{"detail": "...", "code": "..."}`: test `code`, show `detail`.
"""

OPENAPI_TAGS = [
    {"name": "health", "description": "Liveness and readiness."},
    {"name": "genres", "description": "Genres with published music."},
    {"name": "artists", "description": "Artist profiles."},
    {"name": "albums", "description": "Albums, EPs and singles."},
    {"name": "tracks", "description": "Published tracks."},
    {"name": "media", "description": "Cover art and artist images."},
    {"name": "search", "description": "Search songs, artists, albums, genres and lyrics."},
    {"name": "auth", "description": "Sign-up, verification, sign-in, tokens and password resets."},
    {"name": "me", "description": "The signed-in account: profile, pictures, security."},
    {"name": "admin", "description": "Administration: roles and suspensions."},
    {"name": "library", "description": "Liked songs, saved albums and the library overview."},
    {"name": "playlists", "description": "Playlists: create, edit, songs, collaborators, follow, browse."},
    {"name": "smart playlists", "description": "Rule-based playlists, evaluated live; Navidrome .nsp files."},
    {"name": "follows", "description": "Following artists and listeners; the Home feed."},
    {"name": "ratings", "description": "1-5 star ratings of songs and albums."},
    {"name": "charts", "description": "Top songs, albums and artists."},
    {"name": "legal", "description": "Terms, Privacy and Licences: versions and acceptance."},
    {"name": "editorial", "description": "Playlists featured on Home and Browse, curated by administrators."},
    {"name": "radio", "description": "Radio stations from a track, album, artist, genre, playlist or your taste."},
    {"name": "stats", "description": "Your own listening stats, year in review, its card and share link."},
    {"name": "moderation", "description": "Reports of content, takedowns and counter-notices."},
    {"name": "support", "description": "The Help page, contacting support, and the admins' support inbox."},
    {"name": "notifications", "description": "Your notifications, their preferences, one-click unsubscribe."},
]

#: The core's routers by name, in the order they are matched (a new core router is added
#: here; the catch-all for unknown ``/api`` paths comes after every registered router).
CORE_ROUTERS = (
    ("health", health.router), ("catalog", browse.router), ("media", media.router),
    ("streaming", streaming.router), ("playback", playback.router), ("lyrics", lyrics.router),
    ("plays", plays.router),
    ("search", search.router), ("auth", sign_in.router), ("google", google.router), ("me", me.router),
    ("two-step", two_step.router), ("admin", users.router), ("library", collection.router),
    ("app-passwords", app_passwords.router), ("subsonic", subsonic.router),
    ("admin-backups", backups.router),
    ("admin-plugins", admin_plugins.router),
    ("admin-data", data_browser_routes.router), ("admin-audit", audit_routes.router),
    ("playlists", playlists.router), ("social", social.router),
    ("studio-lyrics", studio_lyrics.router),
    ("studio-analytics", studio_analytics.router),
    ("studio-uploads", studio_uploads.router),
    ("studio-releases", studio_releases.router),
    ("studio-profile", studio_profile.router),
    ("discovery", discovery.router),
    ("account-deletion", deletion_routes.router),
    ("editorial", editorial_routes.router),
    ("radio", radio_routes.router),
    ("legal", legal_routes.router), ("archive", archive_routes.router),
    ("smart-playlists", smart_playlist_routes.router),
    ("data-exports", export_routes.router),
    ("admin-analytics", insight_dashboard.router),
    ("insight-me", insight_me.router),
    ("moderation", moderation_routes.router),
    ("support", support_routes.router), ("support-admin", support_admin_routes.router),
    ("notifications", notification_routes.router), ("notifications-unsubscribe", unsubscribe_routes.router),
)
for _name, _router in CORE_ROUTERS:
    ROUTERS.register(_name, _router)

_ANY_METHOD = ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"]


def cors_options(settings: Settings | None = None) -> dict[str, Any]:
    """The CORS policy the app runs with, as ``CORSMiddleware`` keyword arguments.

    Mirrors what Reflex's ``App._add_cors`` builds from rxconfig, with the origin
    pinned to the configured public origin instead of Reflex's ``"*"``.
    """
    settings = settings or get_settings()
    return {
        "allow_origins": [settings.public_origin],
        "allow_credentials": True,
        "allow_methods": ["*"],
        "allow_headers": ["*"],
    }


async def _unknown_api_path(request: Request):
    """Answer JSON for any ``/api`` path no router claimed (instead of the SPA's HTML).

    Starlette prefers a full match (this route) over a method-only mismatch on a real
    route, so the 405 that FastAPI would give for a wrong method is rebuilt here.
    """
    # Mounts are skipped: Reflex mounts itself at "" and would match every path.
    routes = [r for r in request.app.router.routes
              if not isinstance(r, Mount) and getattr(r, "endpoint", None) is not _unknown_api_path]

    def matches(method: str) -> bool:
        probe = {"type": "http", "path": request.url.path, "root_path": "",
                 "method": method, "headers": []}
        return any(route.matches(probe)[0] == Match.FULL for route in routes)

    allowed = [m for m in _ANY_METHOD if m != request.method and matches(m)]
    if allowed:
        return error_response(405, "Method Not Allowed", {"Allow": ", ".join(allowed)})
    return error_response(404, f"No API endpoint at {request.url.path}.")


def create_api() -> FastAPI:
    """Build the API app: routers, error handlers, docs under ``/api``."""
    app = FastAPI(
        title="Spoticlone API",
        version=API_VERSION,
        description=DESCRIPTION,
        # FastAPI's own docs pages load their code from a CDN: ``install_docs`` serves
        # self-hosted ones at the same URLs instead.
        docs_url=None,
        redoc_url=None,
        openapi_url=f"{routes.API_PREFIX}/openapi.json",
        # FastAPI's default (/docs/oauth2-redirect) would shadow a frontend path.
        swagger_ui_oauth2_redirect_url=OAUTH2_REDIRECT_URL,
        openapi_tags=OPENAPI_TAGS,
    )
    install_error_handlers(app)
    install_error_schema(app)
    install_write_guard(app)
    load_plugins()  # built-in plugins (charts) join ROUTERS; enabled plugins' pages and sidebar
    for _name, router in ROUTERS.items():
        app.include_router(router)
    include_plugin_routers(app)  # enabled plugins, under /api/plugins/<name>, switched live
    install_docs(app)
    for path in (routes.API_PREFIX, f"{routes.API_PREFIX}/{{path:path}}"):
        app.add_api_route(
            path, _unknown_api_path, methods=_ANY_METHOD, include_in_schema=False
        )
    return app
