"""REST sign-up, verification, sign-in, tokens and password resets (``/api/v1/auth``).

Thin on purpose: every rule (validation, throttles, code bookkeeping, messages that
reveal nothing) lives in ``services.accounts.signup``, ``services.auth.login`` and
``services.auth.api_sessions``. Routes that mail a code are ``async`` and run the blocking
service (password hashing, database) in the thread pool, then ``await`` the mailer,
so neither stalls the event loop that also carries every listener's websocket.

Account routes (password and email change, sessions) are in ``auth_account`` and the
browser cookie routes in ``auth_browser``; both are included in this router.
"""

from __future__ import annotations

from datetime import date
from typing import Annotated, Literal

from fastapi import APIRouter, BackgroundTasks, HTTPException, Request, Response
from pydantic import BaseModel, ConfigDict, Field

from spoticlone.api.auth_deps import OptionalCaller
from spoticlone.api.deps import SessionDep
from spoticlone.api.routers.accounts import security
from spoticlone.api.routers.auth import browser
from spoticlone.api.routers.auth.common import MAIL_FAILED, client_ip, mailed, run, user_agent
from spoticlone.services.accounts import (
    mail as accounts_mail,
    password_reset as accounts_password_reset,
    resend,
    signup,
)
from spoticlone.services.auth import api_sessions, login

router = APIRouter(prefix="/api/v1/auth", tags=["auth"])

Email = Annotated[str, Field(min_length=3, max_length=320, examples=["ann@example.com"])]
Password = Annotated[str, Field(min_length=1, max_length=1024)]
RequestId = Annotated[str, Field(min_length=1, max_length=64, description="From the step that sent the code.")]
Code = Annotated[str, Field(min_length=1, max_length=16, description="The 6-digit code from the email.")]

THROTTLED = {429: {"description": "Too many attempts; `Retry-After` says when to try again."}}


class _In(BaseModel):
    model_config = ConfigDict(extra="forbid")


class RegisterIn(_In):
    email: Email
    username: str = Field(min_length=1, max_length=64, examples=["ann_listens"])
    password: Password
    date_of_birth: date = Field(description="You must be at least 13.")


class CodeSent(BaseModel):
    request_id: str = Field(description="Send it back with the code.")
    message: str


class VerifyIn(_In):
    request_id: RequestId
    code: Code


class RequestIdIn(_In):
    request_id: RequestId


class Message(BaseModel):
    message: str


class LoginIn(_In):
    email: Email
    password: Password


class TokenOut(BaseModel):
    access_token: str = Field(description="JWT for `Authorization: Bearer ...`.")
    token_type: Literal["bearer"] = "bearer"
    expires_in: int = Field(description="Seconds until the access token expires.")
    refresh_token: str = Field(description="Trade it for a new pair at `/token/refresh` (single use).")


class MfaRequired(BaseModel):
    mfa_required: Literal[True] = True
    mfa_ticket: str = Field(description="Send it to `/login/mfa` with the authenticator code (5 minutes).")


class EmailCodeRequired(BaseModel):
    email_code_required: Literal[True] = True
    request_id: str = Field(description="Send it to `/login/email-code` with the code from the email.")
    message: str


class LoginEmailCodeIn(_In):
    request_id: RequestId
    code: Code


class LoginMfaIn(_In):
    mfa_ticket: str = Field(min_length=1, max_length=200)
    code: str = Field(min_length=1, max_length=32, description="Authenticator code or a recovery code.")


class RefreshIn(_In):
    refresh_token: str = Field(min_length=1, max_length=200)


class LogoutIn(_In):
    refresh_token: str | None = Field(None, max_length=200)


class ResetIn(_In):
    email: Email


class ResetConfirmIn(_In):
    request_id: RequestId
    code: Code
    new_password: Password


def token_out(pair: api_sessions.TokenPair) -> TokenOut:
    return TokenOut(access_token=pair.access_token, expires_in=pair.expires_in, refresh_token=pair.refresh_token)


@router.post("/register", response_model=CodeSent, status_code=201, summary="Create an account",
             responses={409: {"description": "Username taken."}, **THROTTLED})
async def register(body: RegisterIn, request: Request, session: SessionDep):
    """Create an unverified account and email a 6-digit code to confirm the address.

    An address that already has an account gets the same answer (its owner is emailed
    a notice instead of a code), so this route does not tell who has an account.
    """
    result = await run(
        resend.sign_up, session, email=body.email, username=body.username, password=body.password,
        date_of_birth=body.date_of_birth, client_ip=client_ip(request),
    )
    sent = await accounts_mail.deliver(accounts_mail.verification_mail(result))
    message = f"We emailed a code to {result.email}. Enter it to finish signing up." if sent else MAIL_FAILED
    return CodeSent(request_id=result.request_id, message=message)


@router.post("/verify", response_model=Message, summary="Confirm an email address",
             responses={422: {"description": "Wrong, used, expired or locked code."}})
async def verify(body: VerifyIn, session: SessionDep):
    """Mark the account verified when the code matches; then sign in with `/login`."""
    await run(signup.verify_email, session, request_id=body.request_id, code=body.code)
    return Message(message="Your email address is confirmed. You can sign in now.")


@router.post("/verify/resend", response_model=CodeSent, summary="Send a new verification code",
             responses={404: {"description": "Unknown sign-up."}, **THROTTLED})
async def resend_verification(body: RequestIdIn, session: SessionDep):
    """A new code (and a new `request_id`); one a minute, ten a day."""
    result = await run(resend.new_code_for_request, session, request_id=body.request_id)
    # No code: the sign-up used an address that has an account; answer the same, mail nothing.
    sent = await accounts_mail.deliver(accounts_mail.verification_mail(result))
    return CodeSent(request_id=result.request_id, message="We emailed you a new code." if sent else MAIL_FAILED)


@router.post("/login", response_model=TokenOut | MfaRequired | EmailCodeRequired, summary="Sign in",
             responses={422: {"description": "Email or password is incorrect."},
                        403: {"description": "Suspended or not yet verified."}, **THROTTLED})
async def login_route(body: LoginIn, request: Request, session: SessionDep, background: BackgroundTasks):
    """Tokens for a correct email and password, or an MFA ticket when the account has an authenticator app.

    429 means *this client* tried too often. An account that had too many failed
    sign-ins from everywhere answers every attempt with `email_code_required`
    instead: if the password was right a code was emailed; finish with `/login/email-code`.
    """
    step = await run(login.start_login, session, email=body.email, password=body.password,
                     client_ip=client_ip(request))
    if step.needs_email_code:
        return _email_code_step(step.email_code, background)
    return await _signed_in(step, request, session)


@router.post("/login/email-code", response_model=TokenOut | MfaRequired,
             summary="Finish signing in with an emailed code",
             responses={422: {"description": "Wrong, used, expired or locked code."},
                        403: {"description": "Suspended account."}})
async def login_email_code(body: LoginEmailCodeIn, request: Request, session: SessionDep):
    """The code mailed after `email_code_required`; five tries per code. Then tokens, or the MFA step."""
    step = await run(login.finish_email_code, session, request_id=body.request_id, code=body.code)
    return await _signed_in(step, request, session)


def _email_code_step(mail, background: BackgroundTasks) -> EmailCodeRequired:
    # The mail goes out after the response, so its timing does not tell whether the
    # password was right (a code is mailed only then).
    if mail.code:
        background.add_task(mailed, accounts_mail.send_sign_in_code(mail.email, mail.username, mail.code))
    return EmailCodeRequired(request_id=mail.request_id, message=login.EMAIL_CODE_STEP)


async def _signed_in(step: login.LoginStep, request: Request, session) -> TokenOut | MfaRequired:
    if step.needs_code:
        return MfaRequired(mfa_ticket=step.mfa_ticket)
    pair = await run(api_sessions.start_api_session, session, user_id=step.user_id,
                     user_agent=user_agent(request), ip=client_ip(request) or "")
    return token_out(pair)


@router.post("/login/mfa", response_model=TokenOut, summary="Finish signing in with an authenticator code",
             responses={422: {"description": "Wrong code or expired ticket."}, **THROTTLED})
async def login_mfa(body: LoginMfaIn, request: Request, session: SessionDep):
    """Five tries per ticket; recovery codes work too (each once)."""
    user_id = await run(login.finish_login, session, mfa_ticket=body.mfa_ticket, code=body.code,
                        client_ip=client_ip(request))
    pair = await run(api_sessions.start_api_session, session, user_id=user_id,
                     user_agent=user_agent(request), ip=client_ip(request) or "")
    return token_out(pair)


@router.post("/token/refresh", response_model=TokenOut, summary="Get a new token pair",
             responses={422: {"description": "Invalid, used or expired refresh token."}})
def refresh(body: RefreshIn, session: SessionDep):
    """Rotates the refresh token: the one you sent stops working, keep the new one."""
    return token_out(api_sessions.refresh_tokens(session, refresh_token=body.refresh_token))


@router.post("/logout", status_code=204, response_class=Response, summary="End this API session",
             responses={401: {"description": "Neither a bearer token nor a refresh token was sent."}})
def logout(caller: OptionalCaller, session: SessionDep, body: LogoutIn | None = None):
    """Sign out with the bearer token or the refresh token; both stop working at once."""
    refresh_token = body.refresh_token if body else None
    if refresh_token:
        api_sessions.end_api_session(session, refresh_token=refresh_token)
    elif caller is not None and caller.via == "bearer":
        api_sessions.end_api_session(session, user_id=caller.user_id, session_id=caller.session_id)
    else:
        raise HTTPException(401, "Send the bearer token or the refresh token of the session to end.")
    return Response(status_code=204)


@router.post("/password/reset", response_model=CodeSent, summary="Ask for a password reset code",
             responses=THROTTLED)
async def password_reset(body: ResetIn, request: Request, session: SessionDep, background: BackgroundTasks):
    """Answers the same whether or not the email has an account; a code is mailed if it does.

    The email goes out after the response (a background task), so the response time
    does not tell a stranger whether the address has an account either.
    """
    result = await run(resend.forgot_password, session, email=body.email, client_ip=client_ip(request))
    background.add_task(accounts_mail.deliver, accounts_mail.reset_mail(result))
    return CodeSent(
        request_id=result.request_id,
        message="If that email has an account, we sent it a code. It is valid for 10 minutes.",
    )


@router.post("/password/reset/confirm", response_model=Message, summary="Set a new password with the code",
             responses={422: {"description": "Wrong code or a password that breaks the rules."}})
async def password_reset_confirm(body: ResetConfirmIn, session: SessionDep):
    """Sets the new password and signs out every session and API client."""
    await run(accounts_password_reset.reset_password, session, request_id=body.request_id, code=body.code,
              new_password=body.new_password)
    return Message(message="Your password was changed. Sign in with the new one.")


router.include_router(security.router)
router.include_router(browser.router)
