"""The signed-in account's security over REST: password, email address and sessions.

Included by ``routers.auth`` (prefix ``/api/v1/auth``, tag "auth"). Every route needs
a caller (bearer token, or the session cookie with a same-origin ``Origin``); the
services check the current password and that a session belongs to the caller.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime

from fastapi import APIRouter, Response
from pydantic import BaseModel, ConfigDict, Field

from spoticlone.api.auth_deps import CallerDep, CurrentActor
from spoticlone.api.deps import SessionDep
from spoticlone.api.params import id_path
from spoticlone.api.routers.auth.common import mailed, run
from spoticlone.services.accounts import email_change, mail, password_reset
from spoticlone.services.auth import devices

router = APIRouter()

SIGN_IN_NEEDED = {401: {"description": "No valid bearer token or session cookie."}}


class _In(BaseModel):
    model_config = ConfigDict(extra="forbid")


class PasswordChangeIn(_In):
    current_password: str = Field(min_length=1, max_length=1024)
    new_password: str = Field(min_length=1, max_length=1024)


class EmailChangeIn(_In):
    new_email: str = Field(min_length=3, max_length=320)
    current_password: str = Field(min_length=1, max_length=1024)


class EmailConfirmIn(_In):
    request_id: str = Field(min_length=1, max_length=64)
    code: str = Field(min_length=1, max_length=16)


class CodeSent(BaseModel):
    request_id: str
    message: str


class Message(BaseModel):
    message: str


class SessionOut(BaseModel):
    id: int
    device: str = Field(description='A short label such as "Firefox on Linux" or an API client name.')
    kind: str = Field(description='"browser" (cookie) or "api" (a REST client).')
    ip: str
    created_at: datetime
    last_seen_at: datetime
    current: bool = Field(description="The session this request came through.")


class SessionsEnded(BaseModel):
    ended: int = Field(description="How many sessions were signed out, this one included.")


@router.post("/password/change", response_model=Message, summary="Change your password",
             responses={**SIGN_IN_NEEDED, 422: {"description": "Wrong current password or a weak new one."}})
async def change_password(body: PasswordChangeIn, caller: CallerDep, actor: CurrentActor, session: SessionDep):
    """Needs the current password. Keeps this session; every other session and API client is signed out."""
    await run(password_reset.change_password, session, actor=actor, current_password=body.current_password,
               new_password=body.new_password, keep_token=caller.cookie_token, keep_session_id=caller.session_id)
    return Message(message="Your password was changed. Your other sessions were signed out.")


@router.post("/email/change", response_model=CodeSent, summary="Start changing your email address",
             responses={**SIGN_IN_NEEDED, 422: {"description": "Wrong current password or not an email address."}})
async def change_email(body: EmailChangeIn, actor: CurrentActor, session: SessionDep):
    """Mails a code to the *new* address; nothing changes until `/email/confirm`.

    An address that belongs to another account gets the same answer (its owner is told
    instead), so this route does not reveal who has an account.
    """
    issued = await run(email_change.request_email_change, session, actor=actor,
                        new_email=body.new_email, current_password=body.current_password)
    sent = await mailed(mail.send_email_change_step(issued, actor.username))
    message = f"We emailed a code to {issued.email}." if sent else "We could not send the email. Try again in a minute."
    return CodeSent(request_id=issued.request_id, message=message)


@router.post("/email/confirm", response_model=Message, summary="Confirm the new email address",
             responses={**SIGN_IN_NEEDED, 422: {"description": "Wrong, used or expired code."}})
async def confirm_email(body: EmailConfirmIn, actor: CurrentActor, session: SessionDep):
    changed = await run(email_change.confirm_email_change, session, actor=actor,
                         request_id=body.request_id, code=body.code)
    return Message(message=f"Your email address is now {changed.new_email}.")


@router.get("/sessions", response_model=list[SessionOut], summary="Where you are signed in",
            responses=SIGN_IN_NEEDED)
def list_sessions(caller: CallerDep, actor: CurrentActor, session: SessionDep):
    """Live browser sessions and API clients, most recently used first; `current` marks this one."""
    sessions = devices.list_sessions(
        session, actor=actor, current_token=caller.cookie_token
    )
    if caller.session_id is not None:  # a bearer caller is recognised by the token's session id
        sessions = [replace(s, current=s.id == caller.session_id) for s in sessions]
    return [SessionOut(**vars(s)) for s in sessions]


@router.post("/sessions/revoke-all", response_model=SessionsEnded, summary="Sign out everywhere",
             responses=SIGN_IN_NEEDED)
def revoke_all(actor: CurrentActor, session: SessionDep):
    """Signs out every browser and API client of the account, *this one included* (the
    same as "Sign out everywhere" on the security settings page): sign in again afterwards."""
    ended = devices.revoke_everywhere(session, actor=actor)
    return SessionsEnded(ended=ended)


@router.delete("/sessions/{session_id}", status_code=204, response_class=Response,
               summary="Sign one session out",
               responses={**SIGN_IN_NEEDED, 404: {"description": "Not yours, unknown or already ended."}})
def revoke_one(session_id: id_path("The session's id, from `GET /sessions`."), caller: CallerDep, actor: CurrentActor,
               session: SessionDep):
    """Ends one of your sessions (another account's id is answered like an unknown one)."""
    devices.revoke_own_session(
        session, actor=actor, session_id=session_id,
        current_token=caller.cookie_token,
    )
    return Response(status_code=204)
