"""The bounded name a request is counted under in the metrics: its route template.

A metric label made from raw paths (``/api/v1/tracks/123``, ``/track/42-night-run``) would
grow one time series per id, until Prometheus (and this process's memory) gives up. So a
path is counted under the template it matched (``/api/v1/tracks/{track_id}``,
``/track/[track_ref]``), and under a fixed word when it matched none:

- API routes: every route of the routers in ``api.routers.ROUTERS`` (read on first use, so
  a plugin's routers count too; Subsonic's ``/rest`` too), plus the docs; an unknown
  ``/api`` path is ``/api/other``.
- Pages: ``routes.ALL_ROUTES``, with ``[param]`` segments matching one path segment.
- Reflex's own endpoints (``/_event``, ``/_upload``, ``/ping``, ``/_health``) and the
  metrics endpoint; a path whose last segment has a file extension is ``static``.
- Anything else is ``other``.

The number of label values is therefore at most the number of routes plus a handful.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable

from spoticlone import routes

OTHER = "other"
STATIC = "static"
API_OTHER = f"{routes.API_PREFIX}/other"
METRICS_PATH = "/metrics"
#: Reflex's endpoints, matched by prefix: everything below them shares their name.
REFLEX_PREFIXES = ("/_event", "/_upload", "/ping", "/_health", "/_all_routes")
API_DOCS = (f"{routes.API_PREFIX}/docs", f"{routes.API_PREFIX}/redoc", f"{routes.API_PREFIX}/openapi.json",
            f"{routes.API_PREFIX}/docs/oauth2-redirect")
_PAGE_PARAM = re.compile(r"\[[^/\]]+\]")
_EXTENSION = re.compile(r"\.[A-Za-z0-9]{1,8}$")


def page_pattern(route: str) -> re.Pattern[str]:
    """``/track/[track_ref]`` as a regex that matches ``/track/42-night-run`` (one segment)."""
    parts = _PAGE_PARAM.split(route)
    return re.compile("^" + "[^/]+".join(re.escape(part) for part in parts) + "$")


@functools.lru_cache(maxsize=1)
def _page_table() -> tuple[tuple[re.Pattern[str], str], ...]:
    return tuple((page_pattern(route), route) for route in routes.ALL_ROUTES)


def _api_routes() -> Iterable[tuple[re.Pattern[str], str]]:
    from spoticlone.api.routers import ROUTERS

    for _name, router in ROUTERS.items():
        for route in router.routes:
            regex = getattr(route, "path_regex", None)
            template = getattr(route, "path", None)
            if regex is not None and isinstance(template, str):
                yield regex, template


class RouteLabels:
    """Maps a path to its template; the API table is read once, on the first API path."""

    def __init__(self) -> None:
        self._api: tuple[tuple[re.Pattern[str], str], ...] | None = None

    def _api_table(self) -> tuple[tuple[re.Pattern[str], str], ...]:
        if self._api is None:
            self._api = tuple(_api_routes())
        return self._api

    def label(self, path: str) -> str:
        """The route template ``path`` matches, or a fixed word (never the raw path)."""
        if path == METRICS_PATH:
            return METRICS_PATH
        if path == routes.API_PREFIX or path.startswith(routes.API_PREFIX + "/"):
            return self._api_label(path)
        for prefix in REFLEX_PREFIXES:
            if path == prefix or path.startswith(prefix + "/"):
                return prefix
        page = path.rstrip("/") or "/"
        for pattern, template in _page_table():
            if pattern.match(page):
                return template
        for regex, template in self._api_table():  # routers outside /api (Subsonic's /rest)
            if regex.match(path):
                return template
        if _EXTENSION.search(page.rsplit("/", 1)[-1]):
            return STATIC
        return OTHER

    def _api_label(self, path: str) -> str:
        if path in API_DOCS:
            return path
        for regex, template in self._api_table():
            if regex.match(path):
                return template
        return API_OTHER
