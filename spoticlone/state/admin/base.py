"""What every admin page's state shares: acting as the signed-in account and showing the answer.

The pages never decide who is an administrator: each handler calls an admin service as the
account behind its connection (``state.acting``) and the service refuses anyone else with
``PermissionDenied``. ``AdminPageState`` maps the outcome of such a call in one place:

- a signed-out visitor is sent to sign in, then back (``_sends_visitors_to_sign_in``); pages
  that set it off let the service refuse the visitor in words, like a listener;
- ``PermissionDenied``: ``allowed`` goes off, so the page shows "not allowed" and no data;
  ``_show_not_allowed`` adds what a page also empties or says;
- any other refusal: its message in ``error`` (``_show_refusal``);
- success: ``allowed`` goes on (only an administrator gets past an admin service).

A mixin (``rx.State, mixin=True``) rather than a parent state: each page stays a direct
substate with the same vars, so nothing is added to what the state store keeps per page.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from typing import Any, ClassVar

import reflex as rx

from spoticlone.services.core.errors import DomainError, PermissionDenied
from spoticlone.state.acting import as_actor, sign_in_redirect, signed_in_user_id
from spoticlone.state.common import call_service
from spoticlone.state.refusals import ui_message


class AdminPageState(rx.State, mixin=True):
    """Mix into an admin page's state: ``class AdminXState(AdminPageState, rx.State)``."""

    loaded: bool = False
    allowed: bool = False
    error: str = ""

    #: True: a signed-out visitor is redirected to sign in. False: the service refuses them
    #: ("Sign in to do that."), which the page shows like a listener's refusal.
    _sends_visitors_to_sign_in: ClassVar[bool] = True

    def _show_not_allowed(self, exc: PermissionDenied) -> None:
        """What the page does for a non-admin beyond hiding itself (``allowed`` is already off)."""

    def _show_refusal(self, exc: DomainError) -> None:
        """An administrator's action refused (bad input, a conflict): the service's sentence."""
        self.error = ui_message(exc)

    async def _as_admin(self, fn: Callable[..., Any], /, **kwargs: Any) -> tuple[Any, rx.event.EventSpec | None]:
        """Run ``fn(session, actor=, **kwargs)`` as the signed-in account: ``(result, redirect)``.

        The result is None when the call was refused (the page already shows why); the
        redirect, when not None, must be returned or yielded by the handler. ``kwargs`` are
        bound before the actor, so a service's own ``user_id`` names its target account.
        """
        user_id = await signed_in_user_id(self)
        if user_id is None and self._sends_visitors_to_sign_in:
            self.allowed = False
            return None, sign_in_redirect(self)
        try:
            result = await call_service(as_actor(partial(fn, **kwargs)), user_id=user_id)
        except PermissionDenied as exc:
            self.allowed = False
            self._show_not_allowed(exc)
            return None, None
        except DomainError as exc:
            self._show_refusal(exc)
            return None, None
        self.allowed = True
        return result, None
