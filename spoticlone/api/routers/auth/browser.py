"""Browser sign-in and sign-out: the only places that set or clear the session cookie.

Included by ``routers.auth`` (prefix ``/api/v1/auth``). Sign-in pages are Reflex state
handlers, which cannot set an HttpOnly cookie; after accepting a sign-in they send
the browser here with a single-use HANDOFF ticket (full page load), see
``services.auth.browser_sessions``.

``complete`` refuses to run for a navigation that another site started
(``Sec-Fetch-Site: cross-site`` / ``same-site``): otherwise a stranger could send
someone a link with a ticket for the stranger's own account and sign them into it
("login CSRF"). Our pages navigate with ``Sec-Fetch-Site: same-origin``; a typed or
pasted URL is ``none``; clients that send no such header are let through.
"""

from __future__ import annotations

import logging
from typing import Annotated
from urllib.parse import urlencode

from fastapi import APIRouter, Query, Request, Response
from fastapi.responses import RedirectResponse

from spoticlone import routes
from spoticlone.api.auth_deps import same_origin
from spoticlone.api.deps import SessionDep
from spoticlone.api.errors import error_response
from spoticlone.api.routers.auth.common import client_ip, run, user_agent
from spoticlone.api.session_cookie import SESSION_COOKIE, clear_session_cookie, set_session_cookie
from spoticlone.services.auth import browser_sessions, sessions
from spoticlone.services.core.errors import Invalid

log = logging.getLogger(__name__)

router = APIRouter(prefix="/browser")

#: ``/signin?error=<code>``: the sign-in page maps the code to a message (never shows URL text).
ERROR_EXPIRED = "signin_expired"
ERROR_CROSS_SITE = "signin_cross_site"
_FOREIGN_NAVIGATION = frozenset({"cross-site", "same-site"})


def _to_sign_in(error: str, next_path: str | None) -> RedirectResponse:
    query = {"error": error}
    target = routes.safe_next(next_path, default="")
    if target:
        query["next"] = target
    return RedirectResponse(f"{routes.SIGN_IN}?{urlencode(query)}", status_code=303)


@router.get(
    "/complete",
    status_code=303,
    response_class=RedirectResponse,
    summary="Finish a browser sign-in (sets the session cookie)",
    responses={303: {"description": "To `next` (a path on this site) or, on failure, to `/signin?error=...`."}},
)
async def complete(
    request: Request,
    session: SessionDep,
    ticket: Annotated[str, Query(max_length=200, description="HANDOFF ticket from the sign-in page.")] = "",
    next: Annotated[str, Query(max_length=2000, description="Where to go afterwards (a path).")] = "/",  # noqa: A002
    anonymous_session: Annotated[
        str | None, Query(max_length=64, description="Optional anonymous listening id whose plays to keep.")
    ] = None,
):
    """Use up the ticket, start a browser session, set the HttpOnly cookie and redirect."""
    if request.headers.get("sec-fetch-site", "").lower() in _FOREIGN_NAVIGATION:
        log.warning("browser sign-in refused: navigation started by another site")
        return _to_sign_in(ERROR_CROSS_SITE, next)
    try:
        token = await run(
            browser_sessions.complete_handoff, session, ticket=ticket, user_agent=user_agent(request),
            ip=client_ip(request) or "", anonymous_session=anonymous_session,
        )
    except Invalid:
        return _to_sign_in(ERROR_EXPIRED, next)
    response = RedirectResponse(routes.safe_next(next), status_code=303)
    set_session_cookie(response, token)
    response.headers["Cache-Control"] = "no-store"
    return response


@router.post(
    "/signout",
    status_code=204,
    response_class=Response,
    summary="Sign this browser out (clears the session cookie)",
    responses={403: {"description": "The request did not come from this site."}},
)
def signout(request: Request, session: SessionDep):
    """End the cookie's session on the server and delete the cookie. Idempotent."""
    token = request.cookies.get(SESSION_COOKIE)
    if token and not same_origin(request):
        return error_response(403, "Cross-site request refused.")
    if token:
        sessions.revoke_session(session, token=token)
    response = Response(status_code=204)
    clear_session_cookie(response)
    return response
