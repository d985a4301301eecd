"""Sign in with Google: OpenID Connect authorization code flow with PKCE, state and nonce.

``GET start`` sends the browser to Google; ``GET callback`` receives the code,
exchanges it (with the PKCE verifier) and lets authlib verify the ID token: its
signature against Google's published keys, ``iss``, ``aud`` (our client id), ``exp``
and the ``nonce`` we sent. Only then do the claims reach
``services.auth.google``, which decides who the person is.

``state``, ``nonce`` and the PKCE verifier must come back to the same browser that
started, or anyone could finish a sign-in they did not begin (login CSRF). authlib's
Starlette client keeps them in ``request.session``; instead of a site-wide
SessionMiddleware, these two routes load that dict from their own short-lived,
signed cookie (``FlowCookie``): HttpOnly, SameSite=Lax (it must come back on
Google's top-level redirect), Secure on HTTPS, scoped to the Google routes, ten
minutes, cleared by the callback. When Google is not configured both routes are 404.
"""

from __future__ import annotations

import functools
import logging
from typing import Any
from urllib.parse import urlencode

from authlib.integrations.base_client import OAuthError
from authlib.integrations.starlette_client import OAuth
from fastapi import APIRouter, HTTPException, Query, Request
from fastapi.responses import RedirectResponse
from itsdangerous import BadSignature, URLSafeTimedSerializer
from starlette.concurrency import run_in_threadpool

from spoticlone import routes
from spoticlone.api.routers.auth.common import client_ip
from spoticlone.api.session_cookie import set_session_cookie
from spoticlone.config import Settings, get_settings
from spoticlone.db import run_in_session
from spoticlone.services.auth import google, login
from spoticlone.services.auth.sessions import create_session
from spoticlone.services.core.errors import DomainError

log = logging.getLogger(__name__)

router = APIRouter(tags=["auth"])

FLOW_COOKIE = "spoticlone_google_flow"
FLOW_MAX_AGE_S = 600
_FLOW_PATH = routes.GOOGLE_CALLBACK.rsplit("/", 1)[0]  # both Google routes, nothing else
CANCELLED = "You cancelled signing in with Google."
RESTART = "That Google sign-in could not be finished (it took too long or began in another browser). Try again."
UNAVAILABLE = "Google sign-in is not available right now. Try again in a moment or use your password."


class FlowCookie:
    """The signed, short-lived cookie that holds authlib's per-browser flow data."""

    def __init__(self, settings: Settings):
        self._serializer = URLSafeTimedSerializer(settings.secret, salt="spoticlone.google-flow")
        self._secure = settings.cookie_secure

    def load(self, request: Request) -> dict[str, Any]:
        raw = request.cookies.get(FLOW_COOKIE)
        if not raw:
            return {}
        try:
            data = self._serializer.loads(raw, max_age=FLOW_MAX_AGE_S)
        except BadSignature:  # includes SignatureExpired
            return {}
        return data if isinstance(data, dict) else {}

    def save(self, response, data: dict[str, Any]) -> None:
        response.set_cookie(
            FLOW_COOKIE, self._serializer.dumps(data), max_age=FLOW_MAX_AGE_S, path=_FLOW_PATH,
            httponly=True, samesite="lax", secure=self._secure,
        )

    def clear(self, response) -> None:
        response.delete_cookie(FLOW_COOKIE, path=_FLOW_PATH, httponly=True, samesite="lax", secure=self._secure)


@functools.lru_cache(maxsize=4)
def _client(client_id: str, client_secret: str, discovery_url: str):
    """One authlib client per configuration, so discovery and keys are fetched once."""
    oauth = OAuth()
    return oauth.register(
        name="google",
        client_id=client_id,
        client_secret=client_secret,
        server_metadata_url=discovery_url,
        client_kwargs={"scope": "openid email profile", "code_challenge_method": "S256"},
    )


def google_client(settings: Settings):
    if not settings.google_enabled:
        raise HTTPException(404, "Google sign-in is not configured on this server.")
    return _client(
        settings.google_client_id, settings.google_client_secret.get_secret_value(), settings.google_discovery_url
    )


def _to(path: str, **params: str) -> RedirectResponse:
    query = urlencode({k: v for k, v in params.items() if v})
    return RedirectResponse(f"{path}?{query}" if query else path, status_code=303)


def _sign_in_error(message: str, next_path: str, flow: FlowCookie) -> RedirectResponse:
    response = _to(routes.SIGN_IN, error=message, next=next_path if next_path != routes.HOME else "")
    flow.clear(response)
    return response


@router.get(
    routes.GOOGLE_START,
    summary="Start signing in with Google",
    response_class=RedirectResponse,
    status_code=302,
    responses={302: {"description": "To Google's consent screen."}, 404: {"description": "Google is not configured."}},
)
async def google_start(
    request: Request, next: str | None = Query(None, description="Site path to return to afterwards.")
):
    """Redirect the browser to Google with a fresh ``state``, ``nonce`` and PKCE challenge."""
    settings = get_settings()
    client = google_client(settings)
    flow = FlowCookie(settings)
    next_path = routes.safe_next(next)
    request.scope["session"] = {"next": next_path}
    try:
        response = await client.authorize_redirect(request, settings.public_url.rstrip("/") + routes.GOOGLE_CALLBACK)
    except Exception:  # discovery document unreachable or malformed
        log.exception("could not start google sign-in")
        return _sign_in_error(UNAVAILABLE, next_path, flow)
    flow.save(response, request.scope["session"])
    return response


async def _id_token_rules(client) -> dict[str, Any]:
    """Claims the ID token must carry: our client as audience, the discovered issuer.

    authlib checks ``iss`` by default but leaves ``aud`` to a softer ``azp`` check,
    so both are spelled out here (``exp`` and ``nonce`` are always checked).
    """
    metadata = await client.load_server_metadata()
    return {
        "iss": {"essential": True, "values": [metadata["issuer"]]},
        "aud": {"essential": True, "value": client.client_id},
        "exp": {"essential": True},
    }


def _finish(request: Request, claims: dict[str, Any], next_path: str) -> RedirectResponse:
    """Blocking part of the callback (database): runs in the thread pool."""
    return run_in_session(_finish_in, request=request, claims=claims, next_path=next_path)


def _finish_in(session, *, request: Request, claims: dict[str, Any], next_path: str) -> RedirectResponse:
    outcome = google.sign_in_with_google(
        session,
        issuer=str(claims.get("iss") or ""),
        subject=str(claims.get("sub") or ""),
        email=claims.get("email"),
        email_verified=claims.get("email_verified") is True,
        given_name=claims.get("given_name"),
        family_name=claims.get("family_name"),
    )
    if outcome.signup_ticket:
        return _to(routes.GOOGLE_SIGN_UP, ticket=outcome.signup_ticket, next=next_path)
    step = login.second_step_for(session, user_id=outcome.user_id)
    if step.needs_code:
        return _to(routes.SIGN_IN, mfa=step.mfa_ticket, next=next_path)
    token = create_session(
        session,
        user_id=outcome.user_id,
        user_agent=request.headers.get("user-agent", ""),
        ip=client_ip(request) or "",
    )
    response = RedirectResponse(next_path, status_code=303)
    set_session_cookie(response, token)
    return response


@router.get(
    routes.GOOGLE_CALLBACK,
    summary="Finish signing in with Google",
    response_class=RedirectResponse,
    status_code=303,
    responses={
        303: {"description": "Signed in (to `next`), to the authenticator step, to the Google sign-up page, "
                             "or back to the sign-in page with `?error=`."},
        404: {"description": "Google is not configured."},
    },
)
async def google_callback(request: Request):
    """Check ``state``, exchange the code with the PKCE verifier, verify the ID token, sign in.

    Every failure (cancelled at Google, wrong or missing ``state``, an ID token that
    does not verify, a refused account) ends on the sign-in page with a short reason.
    """
    settings = get_settings()
    client = google_client(settings)
    flow = FlowCookie(settings)
    data = flow.load(request)
    next_path = routes.safe_next(data.get("next"))
    request.scope["session"] = data
    try:
        token = await client.authorize_access_token(request, claims_options=await _id_token_rules(client))
    except OAuthError as exc:
        log.info("google callback refused: %s", exc.error)
        return _sign_in_error(CANCELLED if exc.error == "access_denied" else RESTART, next_path, flow)
    except Exception:  # bad ID token (signature, iss, aud, exp, nonce) or provider trouble
        log.warning("google callback failed", exc_info=True)
        return _sign_in_error(RESTART, next_path, flow)
    claims = token.get("userinfo")
    if not claims:
        log.warning("google callback without a verified ID token")
        return _sign_in_error(RESTART, next_path, flow)
    try:
        response = await run_in_threadpool(_finish, request, dict(claims), next_path)
    except DomainError as exc:
        return _sign_in_error(exc.message, next_path, flow)
    flow.clear(response)
    return response
