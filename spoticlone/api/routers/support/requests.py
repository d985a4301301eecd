"""The Help page (public) and a listener's own support requests: list, file, read, reply.

Another listener's request id answers 404 like an id that never existed. A request with a
screenshot is sent as multipart/form-data to ``/support/requests/form``; the picture is read
with a byte cap while it streams in, then checked and re-encoded by the service, and nothing
is saved when any part is refused.
"""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import Response
from pydantic import BaseModel, Field
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import UploadFile

from spoticlone.api.auth_deps import CurrentActor
from spoticlone.api.deps import SessionDep
from spoticlone.api.params import PageParam, PageSizeParam, id_path
from spoticlone.api.picture_form import ENVELOPE_BYTES, capped_form, picture_bytes
from spoticlone.api.routers.auth.common import client_ip
from spoticlone.services.core.actor import Actor
from spoticlone.services.core.dto import Page
from spoticlone.services.media import picture_uploads
from spoticlone.services.support import help_articles, requests, rules, screenshots
from spoticlone.services.support.help_articles import HelpSection
from spoticlone.services.support.requests import RequestDetail, RequestSummary

router = APIRouter(prefix="/api/v1", tags=["support"])

RequestId = id_path("The support request's id.")
#: Multipart framing and the text fields on top of the screenshot itself.
#: A body longer than this is refused by the schema (422); between it and the service's limit
#: the service refuses it with a sentence (413), so the listener learns the real limit.
SCHEMA_TEXT = rules.MAX_MESSAGE * 4
AUTH = {401: {"description": "Not signed in."}}
WRITE_ERRORS = {
    **AUTH,
    413: {"description": f"The message is over {rules.MAX_MESSAGE:,} characters, or the screenshot over "
                         f"{picture_uploads.MAX_PICTURE_BYTES // (1024 * 1024)} MB."},
    422: {"description": "A field is missing or wrong, or the screenshot is not a usable picture."},
    429: {"description": "Too many requests or replies from this account; see `Retry-After`."},
}
MINE = {**AUTH, 404: {"description": "No such request among yours."}}


class RequestIn(BaseModel):
    category: str = Field(description=f"One of: {', '.join(rules.CATEGORIES)}.", max_length=20)
    subject: str = Field(max_length=rules.MAX_SUBJECT)
    message: str = Field(max_length=SCHEMA_TEXT, description=f"Plain text, up to {rules.MAX_MESSAGE:,} characters.")
    attach_context: bool = Field(default=True, description="Record the context fields below (false: none is kept).")
    context_page: str = Field(default="", max_length=2000, description="The page the listener came from.")
    context_track: str = Field(default="", max_length=2000, description="The song playing, as text.")
    user_agent: str = Field(default="", max_length=2000, description="The browser or app.")


class ReplyIn(BaseModel):
    body: str = Field(max_length=SCHEMA_TEXT, description=f"Plain text, up to {rules.MAX_MESSAGE:,} characters.")


@router.get("/help", response_model=list[HelpSection], summary="The Help page's answers")
def read_help(session: SessionDep):
    """Every answer, grouped by section in page order. Bodies are Markdown (raw HTML is shown as text)."""
    return help_articles.help_page(session)


@router.get("/support/requests", response_model=Page[RequestSummary], summary="My support requests",
            responses=AUTH)
def list_mine(session: SessionDep, actor: CurrentActor, page: PageParam = 1, page_size: PageSizeParam = 20):
    """Your requests, most recently active first."""
    return requests.my_requests(session, actor=actor, page=page, page_size=page_size)


@router.post("/support/requests", response_model=RequestDetail, status_code=201, summary="Contact support",
             responses=WRITE_ERRORS)
def create(body: RequestIn, request: Request, session: SessionDep, actor: CurrentActor):
    """File a request without a screenshot (use `/support/requests/form` to attach one)."""
    return requests.create_request(session, actor=actor, client_ip=client_ip(request), **body.model_dump())


async def _read_form(request: Request) -> dict[str, object]:
    """The multipart fields, the screenshot (if any) as bytes; 413 past the cap while reading."""
    async with capped_form(request, limit=picture_uploads.MAX_PICTURE_BYTES + ENVELOPE_BYTES + SCHEMA_TEXT * 4,
                           max_fields=10, max_part_size=SCHEMA_TEXT * 4, what="The request",
                           how="the request as multipart/form-data (the screenshot in a field named `screenshot`)"
                           ) as form:
        fields: dict[str, object] = {k: v for k, v in form.items() if isinstance(v, str)}
        upload = form.get("screenshot")
        if isinstance(upload, UploadFile):
            fields["screenshot"] = await picture_bytes(upload) or None
        return fields


def _create_from_form(session, actor: Actor, fields: dict[str, object], ip: str | None) -> RequestDetail:
    body = RequestIn.model_validate({k: v for k, v in fields.items() if k != "screenshot"})
    shot = fields.get("screenshot")
    return requests.create_request(session, actor=actor, client_ip=ip,
                                   screenshot=shot if isinstance(shot, bytes) else None, **body.model_dump())


@router.post(
    "/support/requests/form", response_model=RequestDetail, status_code=201,
    summary="Contact support with a screenshot", responses={**WRITE_ERRORS, 400: {"description": "Not multipart."}},
    openapi_extra={"requestBody": {"required": True, "content": {"multipart/form-data": {"schema": {
        "type": "object", "required": ["category", "subject", "message"],
        "properties": {
            "category": {"type": "string", "enum": list(rules.CATEGORIES)},
            "subject": {"type": "string", "maxLength": rules.MAX_SUBJECT},
            "message": {"type": "string"},
            "attach_context": {"type": "boolean", "default": True},
            "context_page": {"type": "string"}, "context_track": {"type": "string"},
            "user_agent": {"type": "string"},
            "screenshot": {"type": "string", "format": "binary", "description": "PNG, JPEG or WebP."},
        }}}}}},
)
async def create_with_screenshot(request: Request, session: SessionDep, actor: CurrentActor):
    """The same as `POST /support/requests`, with an optional `screenshot` file part.

    The screenshot is checked by its content, re-encoded as JPEG without metadata and kept
    private to you and the administrators.
    """
    fields = await _read_form(request)
    return await run_in_threadpool(_create_from_form, session, actor, fields, client_ip(request))


@router.get("/support/requests/{request_id}", response_model=RequestDetail, summary="One of my requests",
            responses=MINE)
def read_mine(request_id: RequestId, session: SessionDep, actor: CurrentActor):
    """The request, the context you attached and the whole conversation."""
    return requests.my_request(session, actor=actor, request_id=request_id)


@router.post("/support/requests/{request_id}/replies", response_model=RequestDetail, summary="Reply to support",
             responses={**MINE, **WRITE_ERRORS})
def reply(request_id: RequestId, body: ReplyIn, session: SessionDep, actor: CurrentActor):
    """Add your message; the request is open again (support's turn), even if it was closed."""
    return requests.reply(session, actor=actor, request_id=request_id, body=body.body)


def screenshot_response(data: bytes) -> Response:
    """A private picture: never cached by shared caches, never sniffed as something else."""
    return Response(data, media_type="image/jpeg", headers={
        "Cache-Control": "private, no-store", "X-Content-Type-Options": "nosniff",
        "Content-Security-Policy": "default-src 'none'; sandbox",
    })


@router.get("/support/requests/{request_id}/screenshot", summary="The screenshot of one of my requests",
            response_class=Response, responses={**MINE, 200: {"content": {"image/jpeg": {}}}})
def read_screenshot(request_id: RequestId, session: SessionDep, actor: CurrentActor):
    """The JPEG you attached (re-encoded, without metadata)."""
    return screenshot_response(screenshots.screenshot(session, actor=actor, request_id=request_id))

