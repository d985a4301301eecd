"""Who is calling the API: a bearer JWT or the browser's session cookie.

``OptionalActor`` / ``CurrentActor`` give a route the caller as a service ``Actor``
(anonymous allowed / a 401 for anonymous); the route passes it on as ``actor=`` and
the service decides what the actor may do. They are the API's only way to load the
acting account. ``CallerDep`` also says *how* the caller authenticated (which session),
for the routes that manage sessions. A bearer token wins over the cookie.

Cookie-authenticated requests with an unsafe method must come from our own origin
(``Origin`` or ``Referer``): SameSite=Lax already stops most cross-site POSTs, this
closes the rest (CSRF). Bearer requests need no such check: a browser never attaches
an ``Authorization`` header on its own.

The two schemes are declared with FastAPI's security classes so the OpenAPI spec
lists them under ``components.securitySchemes`` and on every route that uses them
(Swagger's "Authorize" button then works with a token from ``POST /auth/login``).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated, Literal
from urllib.parse import urlsplit

from fastapi import Depends, HTTPException, Request
from fastapi.security import APIKeyCookie, HTTPAuthorizationCredentials, HTTPBearer

from spoticlone.api.deps import SessionDep
from spoticlone.api.session_cookie import SESSION_COOKIE
from spoticlone.config import get_settings
from spoticlone.services.auth.sessions import user_for_token
from spoticlone.services.auth.tokens import caller_for_access_token
from spoticlone.services.core.actor import Actor, load_actor

SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
BEARER_CHALLENGE = {"WWW-Authenticate": 'Bearer realm="spoticlone"'}
INVALID_TOKEN = "The access token is invalid or has expired. Refresh it or sign in again."

bearer_scheme = HTTPBearer(
    auto_error=False,
    scheme_name="bearer",
    bearerFormat="JWT",
    description="Access token from `POST /api/v1/auth/login` (or `/token/refresh`).",
)
cookie_scheme = APIKeyCookie(
    name=SESSION_COOKIE,
    auto_error=False,
    scheme_name="session_cookie",
    description="The browser's HttpOnly session cookie; unsafe methods also need a same-origin `Origin`.",
)

BearerCredentials = Annotated[HTTPAuthorizationCredentials | None, Depends(bearer_scheme)]
SessionCookie = Annotated[str | None, Depends(cookie_scheme)]


@dataclass(frozen=True)
class Caller:
    """An authenticated caller: the user, and the session the request came through."""

    user_id: int
    via: Literal["bearer", "cookie"]
    #: The API session named by the access token (bearer callers only).
    session_id: int | None = None
    #: The raw cookie token (cookie callers only), e.g. to keep this session signed in.
    cookie_token: str | None = None


def bearer_token(request: Request) -> str | None:
    header = request.headers.get("authorization", "")
    scheme, _, value = header.partition(" ")
    if scheme.lower() != "bearer" or not value.strip():
        return None
    return value.strip()


def same_origin(request: Request) -> bool:
    """True when the request says it comes from the public origin."""
    expected = get_settings().public_origin
    origin = request.headers.get("origin")
    if origin:
        return origin == expected
    referer = request.headers.get("referer")
    if referer:
        parts = urlsplit(referer)
        return f"{parts.scheme}://{parts.netloc}" == expected
    return False


def resolve_caller(request: Request, session) -> Caller | None:
    """The caller from a bearer token or the session cookie, or None (anonymous).

    A bearer header that does not verify is a 401 (the client meant to
    authenticate), not a silent fallback to anonymous. Usable outside FastAPI's
    dependency system (the streaming route calls it in its own worker thread).
    """
    token = bearer_token(request)
    if token is not None:
        verified = caller_for_access_token(session, token)
        if verified is None:
            raise HTTPException(401, INVALID_TOKEN, BEARER_CHALLENGE)
        return Caller(user_id=verified.user_id, via="bearer", session_id=verified.session_id)
    cookie = request.cookies.get(SESSION_COOKIE)
    if not cookie:
        return None
    if request.method not in SAFE_METHODS and not same_origin(request):
        raise HTTPException(403, "Cross-site request refused.")
    user_id = user_for_token(session, token=cookie)
    return Caller(user_id=user_id, via="cookie", cookie_token=cookie) if user_id is not None else None


def resolve_user_id(request: Request, session) -> int | None:
    caller = resolve_caller(request, session)
    return caller.user_id if caller else None


def optional_caller(
    request: Request, session: SessionDep, _bearer: BearerCredentials, _cookie: SessionCookie
) -> Caller | None:
    # The two scheme parameters only declare the security schemes in OpenAPI;
    # ``resolve_caller`` reads the same headers itself.
    return resolve_caller(request, session)


def required_caller(caller: Annotated[Caller | None, Depends(optional_caller)]) -> Caller:
    if caller is None:
        raise HTTPException(401, "Sign in to do that.", BEARER_CHALLENGE)
    return caller


def optional_user_id(caller: Annotated[Caller | None, Depends(optional_caller)]) -> int | None:
    return caller.user_id if caller else None


def required_user_id(caller: Annotated[Caller, Depends(required_caller)]) -> int:
    return caller.user_id


def actor_of(session, caller: Caller | None) -> Actor:
    """The service ``Actor`` for ``caller``: the API's one place that loads the acting account.

    Plain, like ``resolve_caller``, for the streaming route's own worker thread.
    """
    return load_actor(session, caller.user_id) if caller else None


def optional_actor(session: SessionDep, caller: Annotated[Caller | None, Depends(optional_caller)]) -> Actor:
    return actor_of(session, caller)


def current_actor(session: SessionDep, caller: Annotated[Caller, Depends(required_caller)]) -> Actor:
    # Still None when the account was suspended since its token was checked: the
    # service then refuses, as it would an anonymous caller.
    return actor_of(session, caller)


OptionalCaller = Annotated[Caller | None, Depends(optional_caller)]
CallerDep = Annotated[Caller, Depends(required_caller)]
OptionalUserId = Annotated[int | None, Depends(optional_user_id)]
UserId = Annotated[int, Depends(required_user_id)]
OptionalActor = Annotated[Actor, Depends(optional_actor)]
CurrentActor = Annotated[Actor, Depends(current_actor)]
