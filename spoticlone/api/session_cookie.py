"""The browser session cookie: one name, one set of attributes, set only by ``/api`` routes.

HttpOnly so page scripts (and any injected script) cannot read it; SameSite=Lax so
other sites cannot ride it on POSTs while links from chat apps still arrive signed
in; Secure whenever the public URL is HTTPS. Reflex state reads it from the
websocket's handshake headers (``router.headers.cookie``) with
``spoticlone.cookies.token_from_header``.
"""

from __future__ import annotations

from starlette.responses import Response

from spoticlone.config import get_settings
from spoticlone.cookies import SESSION_COOKIE


def set_session_cookie(response: Response, token: str) -> None:
    settings = get_settings()
    response.set_cookie(
        SESSION_COOKIE,
        token,
        max_age=settings.session_days * 86400,
        path="/",
        httponly=True,
        samesite="lax",
        secure=settings.cookie_secure,
    )


def clear_session_cookie(response: Response) -> None:
    settings = get_settings()
    response.delete_cookie(
        SESSION_COOKIE, path="/", httponly=True, samesite="lax", secure=settings.cookie_secure
    )
