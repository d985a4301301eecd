"""Handing a file to nginx once the app has decided who may have it (scale-out mode).

With ``SPOTICLONE_NGINX_MEDIA_LOCATION`` set, the stream routes (web player and Subsonic)
check access as always, then answer with ``X-Accel-Redirect`` to nginx's internal location
for the media folder (``deploy/nginx/spoticlone.conf.template``): nginx sends the bytes with
sendfile and answers ranges and conditionals itself, so Python never reads audio.
"""

from __future__ import annotations

from urllib.parse import quote

from fastapi.responses import Response

from spoticlone.config import get_settings


def nginx_location() -> str | None:
    """The internal location to hand files to, or None when Python serves them."""
    return get_settings().nginx_media_location


def handed_to_nginx(location: str, key: str, mime_type: str, headers: dict[str, str]) -> Response:
    """The empty answer that makes nginx send the media file ``key`` itself.

    nginx keeps ``Content-Type``, ``Cache-Control`` and ``Content-Disposition`` from this
    answer and drops unknown headers on an internal redirect, so its config re-adds
    ``X-Stream-Quality`` from ``$upstream_http_x_stream_quality``. It makes its own
    ``ETag``/``Last-Modified`` for the file and answers conditionals against those.
    """
    handed = {name: value for name, value in headers.items() if name not in ("ETag", "Last-Modified")}
    handed["Content-Type"] = mime_type
    handed["X-Accel-Redirect"] = location + quote(key)
    return Response(status_code=200, headers=handed)


#: Set by nginx's ``auth_request`` subrequest (never by a browser: nginx overwrites it on the
#: way in). The stream route then only says yes or no and which file, and nginx, which caches
#: that answer for a few seconds per track, cookie and token, sends the bytes and every
#: following range request of the song without asking Python again.
ACCESS_CHECK_HEADER = "x-spoticlone-access-check"


def access_granted(key: str, mime_type: str, quality: str) -> Response:
    """The yes to nginx's access check: the media key to serve and what to call it."""
    return Response(status_code=200, headers={
        "X-Media-Key": key, "X-Media-Type": mime_type, "X-Stream-Quality": quality,
        "Cache-Control": "private, no-store",
    })
