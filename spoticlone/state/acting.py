"""How a state handler acts for the listener behind its connection.

Shared by every handler that touches an account's data. The actor is never taken from
what the browser sends: ``signed_in_user_id`` reads the session cookie of this
connection and checks it against the session store *now* (in a worker thread, since it
queries the database), and ``as_actor`` hands the service the loaded account, so the
service's own rules decide. A signed-out visitor who presses a save, follow, rate or
create button is sent to sign in and then back to the same page (``sign_in_redirect``).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import reflex as rx

from spoticlone import routes
from spoticlone.services.core.actor import load_actor
from spoticlone.services.core.errors import DomainError, PermissionDenied
from spoticlone.services.core.quick_reads import is_quick_read, is_quick_write, quick_read, quick_write
from spoticlone.state.auth.signed_in import AuthState
from spoticlone.state.common import call_reads, call_service
from spoticlone.state.refusals import ui_message


def as_actor(fn: Callable[..., Any]) -> Callable[..., Any]:
    """``fn(session, actor=, **kw)`` as a ``call_service``-ready ``(session, user_id=, **kw)``.

    The one place a state handler turns the signed-in user id into the service's
    ``Actor`` (loaded in the service call's own session). A service whose own
    arguments include a ``user_id`` gets them bound first (``functools.partial``).
    """

    def run(session, *, user_id: int | None, **kwargs):
        return fn(session, actor=load_actor(session, user_id), **kwargs)

    if is_quick_read(fn):  # loading the actor is a quick read too
        quick_read(run)
    if is_quick_write(fn):  # and happens before the service's first write
        quick_write(run)
    return run


async def signed_in_user_id(state: rx.State) -> int | None:
    """The listener behind this connection's cookie, checked on the server now.

    One quick read (``state.common.call_reads``), unless the answer needs no query (no
    cookie, or already checked in this page load).
    """
    auth = await state.get_state(AuthState)
    known, user_id = auth.known_user_id()
    if known:
        return user_id
    return await call_reads(auth.current_user_id)


def sign_in_redirect(state: rx.State) -> rx.event.EventSpec:
    """Send a signed-out visitor to sign in, then back to this page (query included)."""
    url = state.router.url
    here = (url.path or routes.HOME) + (f"?{url.query}" if url.query else "")
    return rx.redirect(routes.sign_in_url(routes.safe_next(here)))


async def act(state: Any, fn: Callable[..., Any], **kwargs) -> tuple[Any, rx.event.EventSpec | None]:
    """Call the service ``fn`` as the signed-in listener of ``state``'s connection.

    Returns ``(result, None)``. A signed-out visitor gets ``(None, sign-in redirect)``; a
    refusal puts its message in ``state.error`` and gives ``(None, None)``.
    """
    state.error = ""
    user_id = await signed_in_user_id(state)
    if user_id is None:
        return None, sign_in_redirect(state)
    try:
        return await call_service(as_actor(fn), user_id=user_id, **kwargs), None
    except PermissionDenied:
        return None, sign_in_redirect(state)
    except DomainError as exc:
        state.error = ui_message(exc)
        return None, None
