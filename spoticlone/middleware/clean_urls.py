"""Serve static pages at their own URL, without the trailing-slash redirect.

The production build writes each static page as ``<route>/index.html`` and Starlette's
``StaticFiles`` answers ``/signin`` with a redirect to ``/signin/``. That extra hop
changes the address listeners see and share, and it puts a different path into every
"come back here after signing in" link than the one the app builds
(``routes.SETTINGS``...). This ASGI middleware rewrites the request path of a known
static page to its folder form *inside* the server, so ``/signin`` is answered directly.
Dynamic routes and files are left alone.
"""

from __future__ import annotations

from starlette.types import ASGIApp, Receive, Scope, Send

from spoticlone import routes

#: Page routes without parameters (the home page needs no rewrite).
STATIC_PAGES = frozenset(r for r in routes.ALL_ROUTES if "[" not in r and r != routes.HOME)


class CleanUrlsMiddleware:
    def __init__(self, app: ASGIApp):
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http" and scope.get("method") in ("GET", "HEAD"):
            path = scope.get("path", "")
            if path in STATIC_PAGES:
                scope = {**scope, "path": path + "/", "raw_path": (path + "/").encode()}
        await self.app(scope, receive, send)


def clean_urls_middleware(app: ASGIApp) -> ASGIApp:
    """Wrap ``app``; usable directly as a Reflex ``api_transformer`` callable."""
    return CleanUrlsMiddleware(app)
