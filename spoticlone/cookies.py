"""The browser session cookie's name and how to read it from a raw ``Cookie:`` header.

Framework-free: the ``/api`` routes that set the cookie (``api/session_cookie``) and
the Reflex states that read it from the websocket handshake share this one copy.
"""

from __future__ import annotations

from http.cookies import CookieError, SimpleCookie

SESSION_COOKIE = "spoticlone_session"


def token_from_header(cookie_header: str | None) -> str | None:
    """The session token in a raw ``Cookie:`` header, or None."""
    if not cookie_header:
        return None
    jar = SimpleCookie()
    try:
        jar.load(cookie_header)
    except CookieError:
        # One malformed cookie from another app on the same host must not sign us out.
        for part in cookie_header.split(";"):
            name, _, value = part.strip().partition("=")
            if name == SESSION_COOKIE and value:
                return value
        return None
    morsel = jar.get(SESSION_COOKIE)
    return morsel.value if morsel and morsel.value else None
