"""Swagger UI (``/api/docs``) and ReDoc (``/api/redoc``) served entirely by the app.

FastAPI's default pages load ``swagger-ui-dist@5`` / ``redoc@2`` (floating majors,
no integrity check) from a public CDN and ReDoc a Google font: on a machine without
internet they are blank, and everywhere else they run third-party code on our origin.
Here the same FastAPI page builders point at files shipped by the pinned
``fastapi-offline`` package (see requirements.txt), served from ``/api/docs/assets/``,
so the pages work offline and the CSP needs no outside host.

ReDoc's bundle has one outside reference of its own: the "API docs by Redocly" badge
loads ``logo-mini.svg`` from ``cdn.redoc.ly``. ``redoc_bundle`` serves the bundle with
that image dropped (the badge keeps its text link), so the page makes no request
that leaves the machine and the console shows no CSP violation.

Upgrading the UI means bumping ``fastapi-offline``; the version is part of the asset
URLs, so browsers never mix a cached old bundle with a new page.
"""

from __future__ import annotations

import re
from functools import cache
from importlib.metadata import version
from importlib.resources import files
from pathlib import Path

from fastapi import FastAPI
from fastapi.openapi.docs import (
    get_redoc_html,
    get_swagger_ui_html,
    get_swagger_ui_oauth2_redirect_html,
)
from fastapi.responses import FileResponse, HTMLResponse, Response

from spoticlone import routes
from spoticlone.api.errors import error_response

DOCS_URL = f"{routes.API_PREFIX}/docs"
REDOC_URL = f"{routes.API_PREFIX}/redoc"
OAUTH2_REDIRECT_URL = f"{routes.API_PREFIX}/docs/oauth2-redirect"
ASSETS_URL = f"{routes.API_PREFIX}/docs/assets"
ASSETS_VERSION = version("fastapi-offline")
REDOC_BUNDLE = "redoc.standalone.js"
# The only files served: a fixed allow-list, never a path taken from the client.
ASSETS = {
    "swagger-ui-bundle.js": "text/javascript; charset=utf-8",
    "swagger-ui.css": "text/css; charset=utf-8",
    REDOC_BUNDLE: "text/javascript; charset=utf-8",
    "favicon.png": "image/png",
}
# The URL carries the package version, so a year-long cache is safe.
ASSET_CACHE = "public, max-age=31536000, immutable"
# The badge's ``cond ? createElement("img", {alt: "redocly logo", ...}) : null``, minified.
_REDOC_LOGO = re.compile(
    r'[A-Za-z_$][\w$]*\?[A-Za-z_$][\w$]*\.createElement\("img",\{alt:"redocly logo",[^{}]*\}\):null'
)
# Swagger UI's online validator badge would send the spec's URL to validator.swagger.io.
SWAGGER_PARAMETERS = {"validatorUrl": None}


def assets_dir() -> Path:
    """Folder of the pinned Swagger UI / ReDoc bundles inside ``fastapi-offline``."""
    return Path(str(files("fastapi_offline") / "static"))


@cache
def redoc_bundle() -> bytes:
    """ReDoc's bundle without the badge image it would fetch from ``cdn.redoc.ly``.

    Read once per process (the file is about 1 MiB and never changes while running).
    If a newer bundle no longer matches the pattern it is served as shipped, and
    ``tests/api/test_api_docs.py`` fails on the CDN URL still in it.
    """
    text = (assets_dir() / REDOC_BUNDLE).read_text(encoding="utf-8")
    return _REDOC_LOGO.sub("null", text, count=1).encode("utf-8")


def asset_url(name: str) -> str:
    return f"{ASSETS_URL}/{name}?v={ASSETS_VERSION}"


def install_docs(app: FastAPI) -> None:
    """Add the two docs pages, Swagger's OAuth2 redirect page and their assets to ``app``.

    ``app`` must be built with ``docs_url=None, redoc_url=None`` (FastAPI's CDN pages)
    and before the API's catch-all route, which would otherwise answer these paths.
    """
    openapi_url = app.openapi_url or f"{routes.API_PREFIX}/openapi.json"

    @app.get(DOCS_URL, include_in_schema=False)
    async def swagger_ui() -> HTMLResponse:
        return get_swagger_ui_html(
            openapi_url=openapi_url,
            title=f"{app.title} - Swagger UI",
            oauth2_redirect_url=OAUTH2_REDIRECT_URL,
            swagger_js_url=asset_url("swagger-ui-bundle.js"),
            swagger_css_url=asset_url("swagger-ui.css"),
            swagger_favicon_url=asset_url("favicon.png"),
            swagger_ui_parameters={**SWAGGER_PARAMETERS, **(app.swagger_ui_parameters or {})},
        )

    @app.get(OAUTH2_REDIRECT_URL, include_in_schema=False)
    async def swagger_ui_oauth2_redirect() -> HTMLResponse:
        return get_swagger_ui_oauth2_redirect_html()

    @app.get(REDOC_URL, include_in_schema=False)
    async def redoc() -> HTMLResponse:
        return get_redoc_html(
            openapi_url=openapi_url,
            title=f"{app.title} - ReDoc",
            redoc_js_url=asset_url("redoc.standalone.js"),
            redoc_favicon_url=asset_url("favicon.png"),
            with_google_fonts=False,
        )

    @app.get(f"{ASSETS_URL}/{{name}}", include_in_schema=False)
    async def docs_asset(name: str) -> Response:
        media_type = ASSETS.get(name)
        if media_type is None:
            return error_response(404, f"No documentation asset named {name!r}.")
        if name == REDOC_BUNDLE:
            return Response(redoc_bundle(), media_type=media_type,
                            headers={"Cache-Control": ASSET_CACHE})
        return FileResponse(
            assets_dir() / name, media_type=media_type, headers={"Cache-Control": ASSET_CACHE}
        )
