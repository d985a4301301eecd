"""Public images from the media store: album covers, artist images and avatars.

Audio is deliberately not served here: streaming needs access control (drafts,
private uploads) and gets its own authorised route. Keys are random and a file is
never rewritten under the same key, so responses are cacheable forever and the key
itself is a perfect ETag.
"""

from __future__ import annotations

import mimetypes
from pathlib import PurePosixPath

from fastapi import APIRouter, Request
from fastapi.responses import FileResponse, Response

from spoticlone.api.deps import MediaStoreDep
from spoticlone.api.errors import error_response
from spoticlone.integrations.media_store import is_valid_key
from spoticlone.middleware.http_cache import etag_matches

PUBLIC_KINDS = frozenset({"covers", "images", "avatars"})
CACHE_FOREVER = "public, max-age=31536000, immutable"
# Images are user uploads served from our own origin: forbid MIME sniffing and, should
# an SVG ever be stored, stop it from running scripts if opened directly.
SECURITY_HEADERS = {
    "X-Content-Type-Options": "nosniff",
    "Content-Security-Policy": "default-src 'none'; style-src 'unsafe-inline'; sandbox",
}
_EXTRA_TYPES = {".webp": "image/webp", ".avif": "image/avif", ".svg": "image/svg+xml"}

router = APIRouter(prefix="/api/v1", tags=["media"])


def _content_type(key: str) -> str:
    suffix = PurePosixPath(key).suffix.lower()
    return _EXTRA_TYPES.get(suffix) or mimetypes.guess_type(key)[0] or "application/octet-stream"


def _etag(key: str) -> str:
    return f'"{PurePosixPath(key).stem}"'


@router.get(
    "/media/{key:path}",
    summary="Get an image",
    description=(
        "Serves a cover, artist image or avatar by its media key (as found in "
        "`cover_url`/`image_url`). Responses are immutable and cached for a year; "
        "send `If-None-Match` to get a 304. Audio keys are not served here."
    ),
    responses={
        200: {"content": {"image/*": {}}, "description": "The image."},
        304: {"description": "Not modified."},
        404: {"description": "Unknown, malformed or non-public key."},
    },
    response_class=Response,
)
def get_media(key: str, request: Request, store: MediaStoreDep):
    # Only keys the store itself could have generated reach the filesystem; the kind
    # check keeps audio (and any future private kind) off this public route. The path
    # must end with the key itself: the route's ``.*`` stops at a newline and its ``$``
    # also matches before a final one, so ``<key>%0A`` would otherwise serve ``<key>``.
    exact = request.scope["path"].endswith(f"/{key}")
    if not exact or not is_valid_key(key) or key.split("/", 1)[0] not in PUBLIC_KINDS or not store.exists(key):
        return error_response(404, "No such media.")
    etag = _etag(key)
    headers = {"Cache-Control": CACHE_FOREVER, "ETag": etag, **SECURITY_HEADERS}
    if etag_matches(request.headers.get("if-none-match"), etag):
        return Response(status_code=304, headers=headers)
    return FileResponse(store.path(key), media_type=_content_type(key), headers=headers)


# HEAD answers with the same headers (FileResponse sends no body for HEAD); it is kept
# out of the schema so the spec has one operation per path.
router.add_api_route("/media/{key:path}", get_media, methods=["HEAD"], include_in_schema=False)
