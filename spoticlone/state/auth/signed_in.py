"""Who is signed in, for every page: read from the HttpOnly cookie on each check.

The session cookie is HttpOnly, so the browser's JavaScript cannot read it, but the
websocket handshake carries it: ``router.headers.cookie``. Sign-in and sign-out are
full page loads through ``/api`` routes (they set or clear the cookie), so a new
websocket with the new cookie follows every change.

Handlers that touch private data never trust a var the client could have sent or a
value cached from earlier: they call ``await self.get_state(AuthState)`` and then
``auth.current_user_id()`` (or ``require_user_id()``), which re-checks the session
on the server every time, so a revoked or suspended session stops working at once.
"""

from __future__ import annotations

import contextlib
import dataclasses
import json
from collections.abc import Iterator
from contextvars import ContextVar
from urllib.parse import urlencode

import reflex as rx

from spoticlone import routes
from spoticlone.client_address import client_address
from spoticlone.config import get_settings
from spoticlone.cookies import token_from_header
from spoticlone.db import run_in_session
from spoticlone.models import TicketKind
from spoticlone.services.auth import tickets
from spoticlone.services.auth.browser_sessions import signed_in_profile
from spoticlone.services.auth.sessions import user_for_token
from spoticlone.services.core.actor import SIGN_IN_REQUIRED
from spoticlone.services.core.errors import ErrorCode, PermissionDenied
from spoticlone.state.common import assign_changed, call_reads


def router_client_ip(router) -> str:
    """The websocket client's address (``spoticlone.client_address``; "" when unknown).

    The peer is the handshake's connection address (keep ``REFLEX_TRUSTED_PROXY_HOPS``
    unset: ``SPOTICLONE_TRUSTED_PROXIES`` does this job for the pages and the API alike).
    """
    forwarded = router.headers.raw_headers.get("x-forwarded-for", "")
    trusted = get_settings().trusted_proxy_networks
    return client_address(router.session.client_ip or None, forwarded, trusted) or ""


@dataclasses.dataclass
class _Checks:
    """The session check's answers by session token, while ``open``."""

    open: bool = True
    answers: dict[str, int | None] = dataclasses.field(default_factory=dict)


_PAGE_LOAD_CHECKS: ContextVar[_Checks | None] = ContextVar("page_load_checks", default=None)


@contextlib.contextmanager
def checked_once() -> Iterator[None]:
    """Check a cookie's session once for everything inside, not once per handler.

    A page's ``on_load`` handlers run in one event within milliseconds of each other
    (``state.page_load``); each asks who is signed in. The answer is remembered only until
    the block ends: the memo is then closed, so an event queued from inside it (which
    copies this context, memo included) checks again for itself.
    """
    checks = _Checks()
    _PAGE_LOAD_CHECKS.set(checks)
    try:
        yield
    finally:
        checks.open = False


def _open_checks() -> _Checks | None:
    """The memo of the page load running now (``checked_once``), if any."""
    checks = _PAGE_LOAD_CHECKS.get()
    return checks if checks is not None and checks.open else None


def remembered_user_id(cookie_header: str | None) -> tuple[bool, int | None]:
    """``(True, user id or None)`` when the answer needs no database, else ``(False, None)``.

    Known without a query: a connection with no session cookie (nobody), and a token this
    page load has already checked (``checked_once``). Callers on the event loop skip the
    worker thread then: a page's handlers ask several times, and anonymous visitors on
    every event.
    """
    return _remembered(token_from_header(cookie_header))


def _remembered(token: str | None) -> tuple[bool, int | None]:
    if not token:
        return True, None
    checks = _open_checks()
    if checks is not None and token in checks.answers:
        return True, checks.answers[token]
    return False, None


def _remember(token: str, user_id: int | None) -> None:
    """Keep a checked token's answer for the rest of the page load (``checked_once``)."""
    checks = _open_checks()
    if checks is not None:
        checks.answers[token] = user_id


def _user_id_for_cookie(cookie_header: str | None) -> int | None:
    token = token_from_header(cookie_header)
    known, user_id = _remembered(token)
    if known or not token:
        return user_id
    user_id = run_in_session(user_for_token, token=token)
    _remember(token, user_id)
    return user_id


def _signed_in_profile(cookie_header: str | None) -> dict[str, str] | None:
    """What the shell shows of the cookie's signed-in account, in one database session.

    Its session check counts as the page load's one check (``checked_once``).
    """
    token = token_from_header(cookie_header)
    if not token:
        return None
    profile = run_in_session(signed_in_profile, token=token)
    _remember(token, profile.user_id if profile else None)
    if profile is None:
        return None
    shown = dataclasses.asdict(profile)
    del shown["user_id"]
    return shown


class AuthState(rx.State):
    """The signed-in listener as the UI shows them (display only, never for decisions)."""

    checked: bool = False
    signed_in: bool = False
    username: str = ""
    display_name: str = ""
    role: str = ""
    avatar_url: str = ""

    def _cookie_header(self) -> str:
        return self.router.headers.cookie or ""

    def current_user_id(self) -> int | None:
        """The user id behind this connection's session cookie, checked on the server now.

        Blocking (one indexed query, a quick read): async handlers call it through
        ``state.common.call_reads`` (or use ``state.acting.signed_in_user_id``), which runs it
        on the event loop only where reads never wait (SQLite), on a thread otherwise.
        """
        return _user_id_for_cookie(self._cookie_header())

    def known_user_id(self) -> tuple[bool, int | None]:
        """``current_user_id``'s answer when it needs no query (``remembered_user_id``)."""
        return remembered_user_id(self._cookie_header())

    def current_token(self) -> str | None:
        """This connection's raw session token (to keep it alive or mark "this device")."""
        return token_from_header(self._cookie_header())

    def client_ip(self) -> str:
        """The client address for throttles, by the same rule as the REST API."""
        return router_client_ip(self.router)

    def require_user_id(self) -> int:
        user_id = self.current_user_id()
        if user_id is None:
            raise PermissionDenied(SIGN_IN_REQUIRED, code=ErrorCode.SIGN_IN_REQUIRED)
        return user_id

    @rx.var
    def google_enabled(self) -> bool:
        return get_settings().google_enabled

    async def _load(self) -> None:
        # One quick read (``state.common.call_reads``). Without a session cookie there is
        # nothing to look up.
        cookie = self._cookie_header()
        profile = await call_reads(_signed_in_profile, cookie) if token_from_header(cookie) else None
        assign_changed(
            self,
            signed_in=profile is not None,
            username=profile["username"] if profile else "",
            display_name=profile["display_name"] if profile else "",
            role=profile["role"] if profile else "",
            avatar_url=profile["avatar_url"] if profile else "",
            checked=True,
        )

    @rx.event
    async def refresh(self):
        """Load who is signed in (every page's shell calls this on load)."""
        await self._load()

    @rx.event
    async def require_account(self):
        """``on_load`` for private pages: sign-in first, then come back here.

        Private pages render their content only under ``rx.cond(AuthState.signed_in, ...)``
        and ``checked``, so nothing private flashes before this runs.
        """
        await self._load()
        if not self.signed_in:
            return rx.redirect(routes.sign_in_url(self.router.url.path + _query(self.router.url.query)))
        return None


def _issue_handoff(session, *, user_id: int, anonymous_session: str | None) -> str:
    payload = {"anonymous_session": anonymous_session} if anonymous_session else None
    return tickets.issue_ticket(session, kind=TicketKind.HANDOFF, user_id=user_id, payload=payload)


async def finish_browser_sign_in(
    user_id: int, next_path: str | None = None, *, anonymous_session: str | None = None
) -> rx.event.EventSpec:
    """The event that lands the browser signed in as ``user_id`` and then on ``next_path``.

    Only an HTTP response can set the HttpOnly cookie, so this issues a one-minute
    HANDOFF ticket and sends the browser (a full page load) to the ``/api`` route that
    swaps it for a session. Call it only after the sign-in was accepted.
    ``anonymous_session`` (the player's anonymous listening id) lets the account keep
    the plays made before signing in.
    """
    from spoticlone.state.common import call_service

    ticket = await call_service(_issue_handoff, user_id=user_id, anonymous_session=anonymous_session)
    url = routes.BROWSER_SIGN_IN_COMPLETE + "?" + urlencode({"ticket": ticket, "next": routes.safe_next(next_path)})
    return rx.call_script("window.location.assign(" + json.dumps(url) + ")")


SIGN_OUT_SCRIPT = (
    "fetch(" + json.dumps(routes.BROWSER_SIGN_OUT) + ", {method: 'POST', credentials: 'same-origin'})"
    ".finally(() => window.location.assign('/'))"
)


def sign_out_event() -> rx.event.EventSpec:
    """End this browser's session (the ``/api`` route clears the cookie), then go home."""
    return rx.call_script(SIGN_OUT_SCRIPT)


def _query(query: str | None) -> str:
    return f"?{query}" if query else ""
