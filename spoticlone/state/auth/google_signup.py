"""The "choose your username" step after a first sign-in with Google.

The Google callback already verified the person and left a single-use
``GOOGLE_SIGNUP`` ticket in the URL (``?ticket=..&next=..``). This state shows the
email Google vouched for, suggests a username, and on submit lets
``auth.google.complete_google_signup`` create the account, then hands the browser
to the cookie-setting ``/api`` route (``finish_browser_sign_in``). The ticket is held
in a backend-only var; the rules (username, age, single use) live in the service.
"""

from __future__ import annotations

from datetime import date
from typing import Any

import reflex as rx

from spoticlone import routes
from spoticlone.services.auth import google
from spoticlone.services.core.errors import DomainError, ErrorCode
from spoticlone.state.auth.signed_in import finish_browser_sign_in
from spoticlone.state.common import call_service
from spoticlone.state.refusals import has_code, ui_message

MISSING = "This sign-up link is incomplete. Start again with \"Continue with Google\" on the sign-in page."


def _field(form: dict[str, Any] | None, name: str, limit: int) -> str:
    value = (form or {}).get(name, "")
    return value.strip()[:limit] if isinstance(value, str) else ""


def _parse_date(raw: str) -> date | None:
    try:
        return date.fromisoformat(raw)
    except ValueError:
        return None


class GoogleSignupState(rx.State):
    """Form state for ``/signup/google``; display only, the service decides."""

    loaded: bool = False
    expired: bool = False
    email: str = ""
    given_name: str = ""
    suggested_username: str = ""
    error: str = ""
    busy: bool = False
    _ticket: str = ""
    _next: str = routes.HOME

    @rx.event
    async def load(self):
        """Read the ticket from the URL and show who is signing up (or that it expired)."""
        params = self.router.url.query_parameters
        self._ticket = str(params.get("ticket", ""))[:200]
        self._next = routes.safe_next(str(params.get("next", "")))
        self.loaded, self.expired, self.error, self.busy = False, False, "", False
        if not self._ticket:
            self.expired, self.error, self.loaded = True, MISSING, True
            return
        try:
            details = await call_service(google.signup_details, ticket=self._ticket)
        except DomainError as exc:
            self.expired, self.error, self.loaded = True, ui_message(exc), True
            return
        self.email = details.email
        self.given_name = details.given_name
        self.suggested_username = details.suggested_username
        self.loaded = True

    @rx.event
    async def submit(self, form: dict):
        """Create the account; errors stay on the form, success lands the browser signed in."""
        if self.busy or self.expired or not self._ticket:
            return
        self.error, self.busy = "", True
        yield
        try:
            user_id = await call_service(
                google.complete_google_signup,
                ticket=self._ticket,
                username=_field(form, "username", 64),
                date_of_birth=_parse_date(_field(form, "date_of_birth", 20)),
            )
        except DomainError as exc:
            self.error, self.busy = ui_message(exc), False
            self.expired = has_code(exc, ErrorCode.SIGN_IN_STEP_ENDED)
            return
        yield await finish_browser_sign_in(user_id, self._next)
