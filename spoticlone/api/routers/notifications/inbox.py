"""The signed-in listener's notifications (``/api/v1/notifications``) and preferences
(``/api/v1/me/notification-preferences``).

Importing this module also connects the mail outbox to the job queue (``jobs.notification_tasks``),
so a notification mailed from a request goes out from the worker right after the commit.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query
from pydantic import BaseModel, Field

from spoticlone.api.auth_deps import CurrentActor
from spoticlone.api.deps import SessionDep
from spoticlone.api.params import IdPath, PageParam, PageSizeParam
from spoticlone.jobs import notification_tasks  # noqa: F401  - installs the send-after-commit dispatcher
from spoticlone.services.core.dto import Page
from spoticlone.services.notifications import inbox, preferences
from spoticlone.services.notifications.inbox import NotificationOut
from spoticlone.services.notifications.preferences import PreferenceChange, PreferenceOut

router = APIRouter(tags=["notifications"])

UNAUTHORIZED = {401: {"description": "Not signed in."}}


class UnreadCount(BaseModel):
    """Unread notifications, counted up to 100 (show "99+" beyond 99)."""

    unread: int


class MarkedRead(BaseModel):
    marked: int


class PreferencesIn(BaseModel):
    """Changes to apply; kinds not listed keep their current switches."""

    preferences: list[PreferenceChange] = Field(max_length=20)


@router.get("/api/v1/notifications", response_model=Page[NotificationOut], summary="Your notifications",
            responses=UNAUTHORIZED)
def list_notifications(session: SessionDep, actor: CurrentActor, page: PageParam = 1,
                       page_size: PageSizeParam = 20,
                       unread: Annotated[bool, Query(description="Only unread ones.")] = False):
    """Newest first: new releases of artists you follow, new followers, playlist follows,
    collaboration invitations and support replies. `link` is a path on this site."""
    return inbox.list_notifications(session, actor=actor, page=page, page_size=page_size, unread_only=unread)


@router.get("/api/v1/notifications/unread-count", response_model=UnreadCount, summary="Your unread count",
            responses=UNAUTHORIZED)
def unread_count(session: SessionDep, actor: CurrentActor) -> UnreadCount:
    """What the bell shows."""
    return UnreadCount(unread=inbox.unread_count(session, actor=actor))


@router.post("/api/v1/notifications/read-all", response_model=MarkedRead, summary="Mark all read",
             responses=UNAUTHORIZED)
def mark_all_read(session: SessionDep, actor: CurrentActor) -> MarkedRead:
    """Mark every unread notification read; `marked` says how many changed."""
    return MarkedRead(marked=inbox.mark_all_read(session, actor=actor))


@router.post("/api/v1/notifications/{notification_id}/read", response_model=NotificationOut, summary="Mark one read",
             responses={**UNAUTHORIZED, 404: {"description": "Not one of your notifications."}})
def mark_read(notification_id: IdPath, session: SessionDep, actor: CurrentActor):
    """Idempotent."""
    return inbox.mark_read(session, actor=actor, notification_id=notification_id)


@router.get("/api/v1/me/notification-preferences", response_model=list[PreferenceOut],
            summary="Your notification preferences", responses=UNAUTHORIZED)
def get_preferences(session: SessionDep, actor: CurrentActor):
    """For each kind: whether it shows in the app (`in_app`) and is emailed (`email`).
    The weekly digest is email only (`has_in_app` false)."""
    return preferences.list_preferences(session, actor=actor)


@router.put("/api/v1/me/notification-preferences", response_model=list[PreferenceOut],
            summary="Change your notification preferences",
            responses={**UNAUTHORIZED, 422: {"description": "An unknown kind, or in-app for an email-only kind."}})
def put_preferences(body: PreferencesIn, session: SessionDep, actor: CurrentActor):
    """All or nothing; returns every kind after the change."""
    return preferences.update_preferences(session, actor=actor, changes=body.preferences)
