"""Pictures sent as ``multipart/form-data``, read under a cap (profile, artist, support screenshot).

Every route that takes a picture reads it the same way: a declared length over the cap is
refused (413) before a byte is read, the body stream is cut at the cap while it is parsed,
and the picture part itself may not pass ``MAX_PICTURE_BYTES``. A body that is not multipart
or cannot be parsed is a 400 with a sentence saying what to send.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import HTTPException, Request
from starlette.datastructures import FormData, UploadFile
from starlette.formparsers import MultiPartException, MultiPartParser

from spoticlone.services.media import images, picture_uploads

#: Multipart framing (boundaries, part headers) on top of the picture itself.
ENVELOPE_BYTES = 64 * 1024

#: ``openapi_extra`` of a route that takes a picture as the form field ``file``.
PICTURE_FORM_BODY = {"requestBody": {"required": True, "content": {"multipart/form-data": {"schema": {
    "type": "object", "required": ["file"],
    "properties": {"file": {"type": "string", "format": "binary",
                            "description": f"A {images.FORMATS_IN_WORDS} image."}},
}}}}}
#: ``openapi_extra`` of a route that takes the picture's bytes as the whole body (covers).
RAW_PICTURE_BODY = {"requestBody": {"content": {"image/*": {"schema": {"type": "string", "format": "binary"}}},
                                    "required": True}}


@asynccontextmanager
async def capped_form(request: Request, *, limit: int, max_fields: int, what: str, how: str,
                      max_part_size: int = 1024 * 1024) -> AsyncIterator[FormData]:
    """The parsed form of a body of at most ``limit`` bytes, closed (its files freed) on exit.

    ``what`` names the body in the refusal of an unreadable one ("The upload"), ``how`` says
    how to send it ("a field named `file`").
    """
    declared = request.headers.get("content-length", "")
    if declared.isdigit():
        picture_uploads.check_size(int(declared), limit)  # refuse before reading a byte
    if not request.headers.get("content-type", "").startswith("multipart/form-data"):
        raise HTTPException(400, f"Send {how}.")
    parser = MultiPartParser(request.headers, picture_uploads.bounded(request.stream(), limit), max_files=1,
                             max_fields=max_fields, max_part_size=max_part_size)
    try:
        form = await parser.parse()
    except MultiPartException as exc:
        raise HTTPException(400, f"{what} could not be read: {exc.message}") from None
    try:
        yield form
    finally:
        await form.close()


async def picture_bytes(upload: UploadFile) -> bytes:
    """The picture part's bytes; ``PictureTooBig`` (413) past ``MAX_PICTURE_BYTES``."""
    data = await upload.read(picture_uploads.MAX_PICTURE_BYTES + 1)
    picture_uploads.check_size(len(data))
    return data


async def read_picture(request: Request) -> bytes:
    """The ``file`` part of a picture upload (a profile, artist or header picture)."""
    async with capped_form(request, limit=picture_uploads.MAX_PICTURE_BYTES + ENVELOPE_BYTES, max_fields=4,
                           what="The upload",
                           how="the picture as multipart/form-data in a field named `file`") as form:
        upload = form.get("file")
        if not isinstance(upload, UploadFile):
            raise HTTPException(400, "Send the picture in a multipart field named `file`.")
        return await picture_bytes(upload)
