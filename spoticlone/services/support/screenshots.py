"""A support request's optional screenshot: checked, re-encoded, kept private.

The picture goes through the same pipeline as every other picture upload
(``media.picture_uploads``: size cap and throttle; ``media.images``: content check, pixel
limit, decoding in a sandboxed child, metadata stripped), so a hostile file is refused with
a clear message before anything is saved. The clean JPEG is stored in the database next to
the request rather than in the public media folders: only the listener who filed the request
and administrators may see it, and it goes when the request goes.
"""

from __future__ import annotations

from sqlmodel import Session

from spoticlone.models import SupportRequest, SupportScreenshot
from spoticlone.models.common import saved_id
from spoticlone.services.core.actor import Actor, is_admin, require_user
from spoticlone.services.core.errors import Invalid, NotFound
from spoticlone.services.media.images import reencode_image
from spoticlone.services.media.picture_uploads import check_size, count_upload

#: A screenshot is read, not printed: 1600 px on the long side keeps text legible.
MAX_SIDE = 1600
NOT_FOUND = "There is no such screenshot."


def clean(session: Session, *, actor: Actor, data: bytes, client_ip: str | None = None) -> bytes:
    """``data`` as a clean JPEG, or ``ImageRejected``/``PictureTooBig``/``RateLimited``.

    Counts against the actor's picture-upload budget. Blocking (a child process decodes
    the picture): call it off the event loop.
    """
    user = require_user(actor)
    if not isinstance(data, bytes | bytearray):
        raise Invalid("Send the screenshot as a file.")
    check_size(len(data))
    count_upload(session, user_id=saved_id(user), client_ip=client_ip)
    return reencode_image(bytes(data), max_side=MAX_SIDE)


def attach(session: Session, *, request: SupportRequest, jpeg: bytes) -> None:
    """Keep ``jpeg`` (already cleaned) with ``request`` in the caller's transaction."""
    session.add(SupportScreenshot(request_id=saved_id(request), data=jpeg))
    request.has_screenshot = True


def screenshot(session: Session, *, actor: Actor, request_id: int) -> bytes:
    """The JPEG attached to a request: for the listener who filed it and for administrators."""
    user = require_user(actor)
    request = session.get(SupportRequest, request_id)
    if request is None or (request.user_id != user.id and not is_admin(user)):
        raise NotFound(NOT_FOUND)
    row = session.get(SupportScreenshot, request_id)
    if row is None:
        raise NotFound(NOT_FOUND)
    return row.data
