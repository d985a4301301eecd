"""What every picture upload (profile picture, profile cover, playlist cover) must respect.

One size cap, one "too big" message, one bounded reader and one throttle, used alike by
the REST API and the browser UI, so the two cannot drift apart. The reader stops
consuming the body as soon as the cap is passed: neither Reflex's upload endpoint
nor a raw request body has a size limit of its own.

The throttle counts every attempt that reaches the decoder, successful or not: what
it protects is the CPU and memory that decoding costs, which a rejected picture uses
just as well. It is kept per account and per client address (several accounts
behind one address share the larger address budget).
"""

from __future__ import annotations

import logging
from collections.abc import AsyncIterable, AsyncIterator
from datetime import timedelta

from sqlmodel import Session

from spoticlone.services.core import clock as core_clock, ratelimit
from spoticlone.services.core.errors import RateLimited, TooLarge
from spoticlone.services.media.images import ImageRejected

log = logging.getLogger(__name__)

#: Largest picture accepted, in bytes (a camera JPEG is 2-8 MB).
MAX_PICTURE_BYTES = 10 * 1024 * 1024
TOO_BIG = f"This picture is too big. Please use one under {MAX_PICTURE_BYTES // (1024 * 1024)} MB."
#: What a page says when the browser refuses a picked file before sending it (type or size).
NOT_A_PICTURE = ("That file can't be used. Choose a JPEG, PNG or WebP picture "
                 f"under {MAX_PICTURE_BYTES // (1024 * 1024)} MB.")

#: Uploads per account and per client address; generous for someone choosing a
#: picture, tight for a script that wants to keep the decoders busy.
PER_ACCOUNT = (30, timedelta(hours=1))
PER_ADDRESS = (100, timedelta(hours=1))
ACTION = "picture_upload"


class PictureTooBig(TooLarge, ImageRejected):
    """The upload is over ``MAX_PICTURE_BYTES`` (413 over HTTP); the message is ``TOO_BIG``."""

    def __init__(self, message: str = TOO_BIG):
        super().__init__(message)


def check_size(size: int, limit: int = MAX_PICTURE_BYTES) -> None:
    """Raise ``PictureTooBig`` if ``size`` (bytes received or declared) is over ``limit``."""
    if size > limit:
        raise PictureTooBig()


async def bounded(chunks: AsyncIterable[bytes], limit: int = MAX_PICTURE_BYTES) -> AsyncIterator[bytes]:
    """Pass ``chunks`` through, raising ``PictureTooBig`` once they add up past ``limit``.

    The chunk that crosses the limit is not yielded and nothing after it is read, so
    the rest of an oversized body never reaches memory.
    """
    received = 0
    async for chunk in chunks:
        received += len(chunk)
        if received > limit:
            raise PictureTooBig()
        yield chunk


async def read_picture(chunks: AsyncIterable[bytes], limit: int = MAX_PICTURE_BYTES) -> bytes:
    """The whole picture from ``chunks`` (a request body, an upload's chunks), at most ``limit`` bytes."""
    data = bytearray()
    async for chunk in bounded(chunks, limit):
        data += chunk
    return bytes(data)


def count_upload(
    session: Session, *, user_id: int, client_ip: str | None, clock: core_clock.Clock = core_clock.SYSTEM_CLOCK
) -> None:
    """Count one picture upload for the account and (when known) the address.

    Raises ``RateLimited`` when either has used its budget. Commits the session (the
    limiter does, so a refused attempt stays counted even if the caller rolls back).
    """
    keys = [(ratelimit.account_key(ACTION, f"user:{user_id}"), PER_ACCOUNT)]
    if client_ip:
        keys.append((ratelimit.address_key(ACTION, client_ip), PER_ADDRESS))
    try:
        ratelimit.count_all(session, keys, clock=clock)
    except RateLimited as exc:
        minutes = max(1, -(-exc.retry_after // 60))
        log.info("picture uploads throttled for user %s", user_id)
        raise RateLimited(
            f"You have uploaded a lot of pictures. Please try again in {minutes} "
            f"minute{'s' if minutes != 1 else ''}.",
            retry_after=exc.retry_after,
        ) from None
