"""Reports and takedowns over HTTP: anyone reports, admins decide, owners answer.

``POST /api/v1/reports`` takes anonymous reports (with a contact address). The review queue
and its decisions are for administrators. The owner of hidden content reads its notice and
sends a counter-notice. Emails go out through the job queue after each decision.
"""

from __future__ import annotations

from typing import Literal

from fastapi import APIRouter, Request, Response
from pydantic import BaseModel, Field

from spoticlone.api.auth_deps import CurrentActor, OptionalActor
from spoticlone.api.deps import SessionDep
from spoticlone.api.params import BodyId, id_path
from spoticlone.api.routers.auth.common import client_ip
from spoticlone.config import get_settings
from spoticlone.jobs.moderation_tasks import notify
from spoticlone.services.core.errors import NotFound
from spoticlone.services.moderation import counter_notice, queue, reports
from spoticlone.services.moderation.counter_notice import HiddenNotice, OwnHold
from spoticlone.services.moderation.queue import QueueItem
from spoticlone.services.moderation.reports import ReportOut

router = APIRouter(prefix="/api/v1", tags=["moderation"])

Kind = Literal["track", "album", "playlist", "profile"]
TargetId = id_path("The reported item's id (a user's id for a profile).")
ADMIN_ONLY = {401: {"description": "Not signed in."}, 403: {"description": "Not an administrator."}}


class ReportIn(BaseModel):
    target_type: Kind = Field(description="What is reported.")
    target_id: BodyId = Field(description="Its id (a user's id for a profile).")
    reason: Literal["copyright", "abuse", "other"]
    statement: str = Field(min_length=1, max_length=reports.MAX_STATEMENT,
                           description="What is wrong, in your words (for copyright: which work, and your right).")
    contact_email: str | None = Field(default=None, max_length=254,
                                      description="Where we answer; required when not signed in.")


class CounterNoticeIn(BaseModel):
    target_type: Kind
    target_id: BodyId
    statement: str = Field(min_length=1, max_length=counter_notice.MAX_STATEMENT,
                           description="Why the hidden item should be restored.")


@router.post("/reports", response_model=ReportOut, status_code=201, summary="Report content",
             responses={404: {"description": "Nothing you can see by that id."},
                        429: {"description": "Too many reports from your address; `Retry-After` says when."}})
def file_report(body: ReportIn, request: Request, session: SessionDep, actor: OptionalActor):
    """Report a song, release, playlist or profile to the administrators (no account needed: give
    `contact_email` then). You get an acknowledgement and, later, the decision by email."""
    return reports.file_report(session, actor=actor, target_type=body.target_type, target_id=body.target_id,
                               reason=body.reason, statement=body.statement, contact_email=body.contact_email,
                               client_ip=client_ip(request), notify=notify)


@router.get("/reports/notices/{target_type}/{target_id}", response_model=HiddenNotice,
            summary="The notice shown instead of hidden content",
            responses={404: {"description": "The item is not hidden."}})
def read_notice(target_type: Kind, target_id: TargetId, session: SessionDep, actor: OptionalActor):
    """What listeners see in place of a hidden item; `is_owner` says whether you may counter-notice."""
    notice = counter_notice.notice_for(session, actor=actor, target_type=target_type, target_id=target_id)
    if notice is None:
        raise NotFound("This is not hidden.")
    return notice


@router.post("/reports/counter-notices", response_model=HiddenNotice, status_code=201,
             summary="Object to a takedown (owners)",
             responses={401: {"description": "Not signed in."}, 403: {"description": "Not the owner."},
                        404: {"description": "Not hidden."}, 409: {"description": "Already sent."}})
def send_counter_notice(body: CounterNoticeIn, session: SessionDep, actor: CurrentActor):
    """The owner of a hidden item explains why it should come back; administrators review it."""
    return counter_notice.file_counter_notice(session, actor=actor, target_type=body.target_type,
                                              target_id=body.target_id, statement=body.statement,
                                              origin=get_settings().public_origin, notify=notify)


@router.get("/me/hidden", response_model=list[OwnHold], summary="My hidden content",
            responses={401: {"description": "Not signed in."}})
def my_hidden(session: SessionDep, actor: CurrentActor):
    """Your items that administrators hid after a report, and whether you sent a counter-notice."""
    return counter_notice.my_hidden(session, actor=actor)


@router.get("/admin/reports", response_model=list[QueueItem], summary="The review queue", tags=["admin"],
            responses=ADMIN_ONLY)
def review_queue(session: SessionDep, actor: CurrentActor):
    """Reported items with their open reports, oldest first; then hidden items with a counter-notice."""
    return queue.review_queue(session, actor=actor)


@router.post("/admin/reports/{target_type}/{target_id}/hide", status_code=204, summary="Hide reported content",
             tags=["admin"], responses={**ADMIN_ONLY, 409: {"description": "Already hidden."}})
def hide(target_type: Kind, target_id: TargetId, session: SessionDep, actor: CurrentActor):
    """Make the item unavailable everywhere (a notice shows instead); reporters and owner are emailed."""
    queue.hide(session, actor=actor, target_type=target_type, target_id=target_id,
               origin=get_settings().public_origin, notify=notify)
    return Response(status_code=204)


@router.post("/admin/reports/{target_type}/{target_id}/dismiss", status_code=204, summary="Dismiss reports",
             tags=["admin"], responses={**ADMIN_ONLY, 409: {"description": "No open reports."}})
def dismiss(target_type: Kind, target_id: TargetId, session: SessionDep, actor: CurrentActor):
    """Close the item's open reports and leave it available; reporters are emailed."""
    queue.dismiss(session, actor=actor, target_type=target_type, target_id=target_id, notify=notify)
    return Response(status_code=204)


@router.post("/admin/reports/{target_type}/{target_id}/restore", status_code=204, summary="Restore hidden content",
             tags=["admin"], responses={**ADMIN_ONLY, 409: {"description": "Not hidden."}})
def restore(target_type: Kind, target_id: TargetId, session: SessionDep, actor: CurrentActor):
    """Bring the item back exactly as it was (usually after a counter-notice); owner and reporters are emailed."""
    queue.restore(session, actor=actor, target_type=target_type, target_id=target_id, notify=notify)
    return Response(status_code=204)
