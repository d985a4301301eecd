"""The administrators' side of the support desk: the inbox, canned answers and the Help page editor.

Administrators only (the services refuse anyone else with 403). Status changes and
assignments are audit-logged by the services; a reply emits ``support_replied``, which the
notifications feature turns into a bell entry and an email.
"""

from __future__ import annotations

from typing import Literal

from fastapi import APIRouter, Response
from pydantic import BaseModel, Field

from spoticlone.api.auth_deps import CurrentActor
from spoticlone.api.deps import SessionDep
from spoticlone.api.params import BodyId, BodyPosition, PageParam, PageSizeParam, id_path
from spoticlone.api.routers.support.requests import SCHEMA_TEXT, screenshot_response
from spoticlone.services.core.dto import Page
from spoticlone.services.support import canned, help_articles, inbox, rules, screenshots
from spoticlone.services.support.canned import CannedView
from spoticlone.services.support.help_articles import ArticleView
from spoticlone.services.support.inbox import AdminRef, InboxCounts
from spoticlone.services.support.requests import RequestDetail, RequestSummary

router = APIRouter(prefix="/api/v1/admin", tags=["admin", "support"])

RequestId = id_path("The support request's id.")
CannedId = id_path("The canned answer's id.")
ArticleId = id_path("The help article's id.")
REFUSED = {401: {"description": "Not signed in."}, 403: {"description": "Not an administrator."}}
ONE = {**REFUSED, 404: {"description": "No such request."}}
StatusFilter = Literal["open", "waiting", "closed", "all"]


class AssignIn(BaseModel):
    assignee_id: BodyId | None = Field(description="An active administrator's user id; null for nobody.")


class StatusIn(BaseModel):
    status: Literal["open", "waiting", "closed"]


class StaffReplyIn(BaseModel):
    body: str = Field(max_length=SCHEMA_TEXT, description=f"Plain text, up to {rules.MAX_MESSAGE:,} characters.")
    close: bool = Field(default=False, description="Close the request with this answer (otherwise: waiting).")


class CannedIn(BaseModel):
    title: str = Field(max_length=rules.MAX_CANNED_TITLE)
    body: str = Field(max_length=SCHEMA_TEXT)


class ArticleIn(BaseModel):
    section: str = Field(max_length=rules.MAX_ARTICLE_SECTION)
    title: str = Field(max_length=rules.MAX_ARTICLE_TITLE)
    body: str = Field(max_length=rules.MAX_ARTICLE_BODY, description="Markdown; raw HTML is shown as text.")
    position: BodyPosition | None = Field(default=None, le=1_000_000, description="Smaller comes first.")


@router.get("/support/requests", response_model=Page[RequestSummary], summary="The support inbox",
            responses=REFUSED)
def list_inbox(session: SessionDep, actor: CurrentActor, status: StatusFilter = "open",
               assigned: Literal["me", "nobody", "anyone"] = "anyone", page: PageParam = 1,
               page_size: PageSizeParam = 20):
    """Requests by status and assignee, most recently active first."""
    return inbox.list_inbox(session, actor=actor, status=None if status == "all" else status, assigned=assigned,
                            page=page, page_size=page_size)


@router.get("/support/counts", response_model=InboxCounts, summary="Requests per status", responses=REFUSED)
def counts(session: SessionDep, actor: CurrentActor):
    return inbox.counts(session, actor=actor)


@router.get("/support/admins", response_model=list[AdminRef], summary="Who requests can be assigned to",
            responses=REFUSED)
def admins(session: SessionDep, actor: CurrentActor):
    return inbox.admins(session, actor=actor)


@router.get("/support/requests/{request_id}", response_model=RequestDetail, summary="One request",
            responses=ONE)
def read_request(request_id: RequestId, session: SessionDep, actor: CurrentActor):
    """The request, the context the listener attached and the conversation."""
    return inbox.staff_request(session, actor=actor, request_id=request_id)


@router.get("/support/requests/{request_id}/screenshot", summary="A request's screenshot",
            response_class=Response, responses={**ONE, 200: {"content": {"image/jpeg": {}}}})
def read_screenshot(request_id: RequestId, session: SessionDep, actor: CurrentActor):
    return screenshot_response(screenshots.screenshot(session, actor=actor, request_id=request_id))


@router.put("/support/requests/{request_id}/assignee", response_model=RequestDetail, summary="Assign a request",
            responses=ONE)
def assign(request_id: RequestId, body: AssignIn, session: SessionDep, actor: CurrentActor):
    """Hand the request to an administrator (or to nobody); written to the audit log."""
    return inbox.assign(session, actor=actor, request_id=request_id, assignee_id=body.assignee_id)


@router.put("/support/requests/{request_id}/status", response_model=RequestDetail, summary="Change a status",
            responses=ONE)
def set_status(request_id: RequestId, body: StatusIn, session: SessionDep, actor: CurrentActor):
    """Open, waiting (for the listener) or closed; written to the audit log."""
    return inbox.set_status(session, actor=actor, request_id=request_id, status=body.status)


@router.post("/support/requests/{request_id}/replies", response_model=RequestDetail, summary="Answer a request",
             responses={**ONE, 413: {"description": f"Over {rules.MAX_MESSAGE:,} characters."}})
def reply(request_id: RequestId, body: StaffReplyIn, session: SessionDep, actor: CurrentActor):
    """The listener sees the answer in the app (and is notified); the request becomes waiting or closed."""
    return inbox.staff_reply(session, actor=actor, request_id=request_id, body=body.body, close=body.close)


@router.get("/support/canned", response_model=list[CannedView], summary="Canned answers", responses=REFUSED)
def list_canned(session: SessionDep, actor: CurrentActor):
    return canned.list_canned(session, actor=actor)


@router.post("/support/canned", response_model=CannedView, status_code=201, summary="Add a canned answer",
             responses=REFUSED)
def create_canned(body: CannedIn, session: SessionDep, actor: CurrentActor):
    return canned.create_canned(session, actor=actor, title=body.title, body=body.body)


@router.put("/support/canned/{canned_id}", response_model=CannedView, summary="Edit a canned answer",
            responses=REFUSED)
def update_canned(canned_id: CannedId, body: CannedIn, session: SessionDep, actor: CurrentActor):
    return canned.update_canned(session, actor=actor, canned_id=canned_id, title=body.title, body=body.body)


@router.delete("/support/canned/{canned_id}", status_code=204, summary="Delete a canned answer",
               responses=REFUSED)
def delete_canned(canned_id: CannedId, session: SessionDep, actor: CurrentActor):
    canned.delete_canned(session, actor=actor, canned_id=canned_id)
    return Response(status_code=204)


@router.get("/help", response_model=list[ArticleView], summary="Help answers for the editor", responses=REFUSED)
def list_articles(session: SessionDep, actor: CurrentActor):
    return help_articles.list_articles(session, actor=actor)


@router.post("/help", response_model=ArticleView, status_code=201, summary="Add a help answer", responses=REFUSED)
def create_article(body: ArticleIn, session: SessionDep, actor: CurrentActor):
    return help_articles.create_article(session, actor=actor, section=body.section, title=body.title,
                                        body=body.body, position=body.position)


@router.put("/help/{article_id}", response_model=ArticleView, summary="Edit a help answer", responses=REFUSED)
def update_article(article_id: ArticleId, body: ArticleIn, session: SessionDep, actor: CurrentActor):
    return help_articles.update_article(session, actor=actor, article_id=article_id, section=body.section,
                                        title=body.title, body=body.body, position=body.position)


@router.delete("/help/{article_id}", status_code=204, summary="Delete a help answer", responses=REFUSED)
def delete_article(article_id: ArticleId, session: SessionDep, actor: CurrentActor):
    help_articles.delete_article(session, actor=actor, article_id=article_id)
    return Response(status_code=204)
