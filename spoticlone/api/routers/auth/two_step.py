"""Two-step sign-in settings of the signed-in account over HTTP (``/api/v1/me/two-step``).

Thin on purpose: every rule (throttling, password or code re-checks, replay, what is
stored encrypted) lives in ``services.auth.totp``. Routes are plain ``def`` so FastAPI runs
them in its thread pool: checking a password hashes with Argon2 and must not block
the event loop.
"""

from __future__ import annotations

from fastapi import APIRouter
from pydantic import BaseModel, ConfigDict, Field

from spoticlone.api.auth_deps import CurrentActor
from spoticlone.api.deps import SessionDep
from spoticlone.services.auth import totp
from spoticlone.services.core.actor import Actor

router = APIRouter(prefix="/api/v1/me/two-step", tags=["me"])

COMMON = {
    401: {"description": "Not signed in."},
    403: {"description": "The account is suspended."},
}
REAUTH = {
    **COMMON,
    409: {"description": "Two-step sign-in is not on."},
    422: {"description": "Wrong password or code."},
    429: {"description": "Too many wrong attempts; see `Retry-After`."},
}


class TwoStepStatusOut(BaseModel):
    enabled: bool = Field(description="Sign-in asks for an authenticator code.")
    recovery_codes_left: int = Field(description="Unused recovery codes (0 while off).")
    has_password: bool = Field(
        description="False for Google-only accounts, which confirm changes with a code instead of a password."
    )
    pending: bool = Field(description="A set-up was started but not confirmed yet.")


class EnrolmentOut(BaseModel):
    secret: str = Field(description="Base32 secret, for typing into the app by hand.")
    otpauth_uri: str = Field(description="`otpauth://totp/...` URI (what the QR code holds).")
    qr_svg_data_uri: str = Field(description="The QR code as an SVG `data:` URI.")


class CodeIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    code: str = Field(min_length=1, max_length=64, description="The 6-digit code the app shows now.")


class ReauthIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    password: str | None = Field(None, max_length=1024, description="The account password.")
    code: str | None = Field(
        None, max_length=64,
        description="Accounts without a password (Google sign-up): a current code or a recovery code.",
    )


class RecoveryCodesOut(BaseModel):
    recovery_codes: list[str] = Field(
        description="One-time codes for when the phone is lost. Shown only now: store them safely."
    )


def _status(session, actor: Actor) -> TwoStepStatusOut:
    s = totp.status(session, actor=actor)
    return TwoStepStatusOut(
        enabled=s.enabled, recovery_codes_left=s.recovery_codes_left, has_password=s.has_password, pending=s.pending
    )


@router.get("", response_model=TwoStepStatusOut, summary="Two-step sign-in status", responses=COMMON)
def get_status(session: SessionDep, actor: CurrentActor):
    """Whether sign-in asks for an authenticator code, and how many recovery codes are left."""
    return _status(session, actor)


@router.post(
    "/enrol", response_model=EnrolmentOut, summary="Start setting up an authenticator app",
    responses={**COMMON, 409: {"description": "Two-step sign-in is already on."}},
)
def enrol(session: SessionDep, actor: CurrentActor):
    """A new secret to scan (QR code) or type. Nothing changes for sign-in until it is confirmed.

    Calling it again replaces the unconfirmed secret.
    """
    e = totp.begin_enrolment(session, actor=actor)
    return EnrolmentOut(secret=e.secret_base32, otpauth_uri=e.otpauth_uri, qr_svg_data_uri=e.qr_svg_data_uri)


@router.post(
    "/confirm", response_model=RecoveryCodesOut, summary="Confirm the app and turn two-step on",
    responses={**COMMON, 409: {"description": "Already on."}, 422: {"description": "Wrong code or no set-up."},
               429: {"description": "Too many wrong codes."}},
)
def confirm(session: SessionDep, actor: CurrentActor, body: CodeIn):
    """Turns two-step sign-in on when the code matches and returns 10 recovery codes, once."""
    codes = totp.confirm_enrolment(session, actor=actor, code=body.code)
    return RecoveryCodesOut(recovery_codes=codes)


@router.post("/disable", response_model=TwoStepStatusOut, summary="Turn two-step sign-in off", responses=REAUTH)
def disable(session: SessionDep, actor: CurrentActor, body: ReauthIn):
    """Needs the password (or, for Google-only accounts, a current code); forgets the secret and codes."""
    totp.disable(session, actor=actor, password=body.password, code=body.code)
    return _status(session, actor)


@router.post(
    "/recovery-codes", response_model=RecoveryCodesOut, summary="Make new recovery codes", responses=REAUTH
)
def regenerate(session: SessionDep, actor: CurrentActor, body: ReauthIn):
    """Replaces every recovery code (the old ones stop working) and returns the new ones, once."""
    codes = totp.regenerate_recovery_codes(session, actor=actor, password=body.password, code=body.code)
    return RecoveryCodesOut(recovery_codes=codes)
