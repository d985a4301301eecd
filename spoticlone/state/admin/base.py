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

A form that shows stored values keeps what the admin types. The browser may run a page's
``load`` again after the form is already showing (a reconnect re-runs ``on_load``; a tab that
comes back still holds the page's state), and a load that simply assigned the stored values
would replace whatever the admin had typed in between (seen in the archive journey in CI). So
setters go through ``_type``, which marks the field as the admin's; a load fills only unmarked
fields (``_fill_form``); a handler that deliberately shows other values (after a save, another
document picked) uses ``_replace_form``; ``_pick`` puts in an item the admin chose to edit,
which counts as typed. The form is rendered only once ``loaded`` is on, so nobody types into a
field before its first value arrives.

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

    #: The form fields the admin has typed into since stored values were last put in them.
    _typed: list[str] = []

    #: True: a signed-out visitor is redirected to sign in. False: the service refuses them
    #: ("Sign in to do that."), which the page shows like a listener's refusal.
    _sends_visitors_to_sign_in: ClassVar[bool] = True

    def _type(self, field: str, value: Any) -> None:
        """A setter's body: ``field`` now holds what the admin typed, which no load replaces."""
        setattr(self, field, value)
        if field not in self._typed:
            self._typed = [*self._typed, field]

    def _pick(self, **values: Any) -> None:
        """An item the admin chose to edit: its values are theirs now, as if typed."""
        for field, value in values.items():
            self._type(field, value)

    def _fill_form(self, **stored: Any) -> None:
        """A load's values: put in every field the admin has not typed into."""
        for field, value in stored.items():
            if field not in self._typed:
                setattr(self, field, value)

    def _replace_form(self, **stored: Any) -> None:
        """Values the admin asked for (what was just saved, another document): typed text included."""
        self._typed = [field for field in self._typed if field not in stored]
        for field, value in stored.items():
            setattr(self, field, value)

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
