"""The "Delete account" settings page, the goodbye page after it, and the "cancelled" banner.

The account is always the one behind this connection's cookie (``AuthState``), checked on
the server; the password and code go straight to ``services.accounts.deletion`` and are
never kept in state. A successful request has already ended every session on the server;
the browser then clears its cookie and lands on the goodbye page.
"""

from __future__ import annotations

import asyncio
import json
import re
from datetime import UTC, date, datetime
from typing import Any
from urllib.parse import urlencode

import reflex as rx

from spoticlone import routes
from spoticlone.services.accounts import deletion
from spoticlone.services.core.errors import DomainError
from spoticlone.state.acting import as_actor, signed_in_user_id
from spoticlone.state.auth.signed_in import AuthState
from spoticlone.state.common import call_service
from spoticlone.state.refusals import ui_message

_DAY = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def _field(form: dict[str, Any] | None, name: str, limit: int) -> str:
    value = (form or {}).get(name, "")
    return value[:limit] if isinstance(value, str) else ""


def day_label(day: date) -> str:
    """"Friday 18 December 2026": unambiguous in every locale."""
    return f"{day.strftime('%A')} {day.day} {day.strftime('%B %Y')}"


def goodbye_script(due: date) -> str:
    """Clear this browser's cookie (the session already ended on the server), then say goodbye."""
    target = routes.ACCOUNT_DELETION_REQUESTED + "?" + urlencode({"on": due.isoformat()})
    return (
        "fetch(" + json.dumps(routes.BROWSER_SIGN_OUT) + ", {method: 'POST', credentials: 'same-origin'})"
        ".finally(() => window.location.assign(" + json.dumps(target) + "))"
    )


class AccountDeletionState(rx.State):
    loaded: bool = False
    pending: bool = False
    due_label: str = ""
    is_artist: bool = False
    needs_password: bool = True
    needs_code: bool = False
    grace_days: int = 14
    keep_releases: bool = True
    error: str = ""
    busy: bool = False

    async def _user_id(self) -> int:
        auth = await self.get_state(AuthState)
        return await asyncio.to_thread(auth.require_user_id)

    def _show(self, state: deletion.DeletionState) -> None:
        self.pending = state.pending
        self.due_label = day_label(state.due_at.date()) if state.due_at else ""
        self.is_artist = state.is_artist
        self.needs_password = state.needs_password
        self.needs_code = state.needs_code
        self.grace_days = state.grace_days
        self.keep_releases = state.keep_releases
        self.loaded = True

    @rx.event
    async def load(self):
        """``on_load`` after ``AuthState.require_account``."""
        self.error, self.busy, self.loaded = "", False, False
        try:
            user_id = await self._user_id()
        except DomainError:
            return
        self._show(await call_service(as_actor(deletion.deletion_status), user_id=user_id))

    @rx.event
    def choose_keep_releases(self, keep: bool):
        self.keep_releases = bool(keep)

    @rx.event
    async def request_deletion(self, form: dict):
        """Check the password (and code) on the server, schedule the erasure, sign out."""
        self.error = ""
        if self.busy:
            return
        if (form or {}).get("understand") not in ("on", True, "true"):
            self.error = "Tick the box to confirm you understand what will be deleted."
            return
        self.busy = True
        yield
        try:
            user_id = await self._user_id()
            state = await call_service(
                as_actor(deletion.request_deletion), user_id=user_id,
                password=_field(form, "delete_password", 1024), code=_field(form, "delete_code", 64),
                keep_releases=self.keep_releases,
            )
        except DomainError as exc:
            self.error, self.busy = ui_message(exc), False
            return
        self._show(state)
        # The server's UTC day, as every other date here (``date.today()`` is the machine's local day).
        yield rx.call_script(goodbye_script(state.due_at.date() if state.due_at else datetime.now(UTC).date()))

    @rx.event
    async def cancel(self):
        """Keep the account (a deletion asked for by an administrator, seen after signing in)."""
        self.error = ""
        try:
            user_id = await self._user_id()
            self._show(await call_service(as_actor(deletion.cancel_deletion), user_id=user_id))
        except DomainError as exc:
            self.error = ui_message(exc)


class GoodbyeState(rx.State):
    """The page after asking: when the account goes, and that signing in cancels it."""

    due_label: str = ""

    @rx.event
    def load(self):
        raw = str((self.router.url.query_parameters or {}).get("on", ""))[:10]
        self.due_label = ""
        if _DAY.match(raw):
            try:
                self.due_label = day_label(date.fromisoformat(raw))
            except ValueError:
                pass


class DeletionNoticeState(rx.State):
    """The banner after a sign-in that cancelled a deletion: shown once, then forgotten.

    The notice belongs to the connection whose ``check`` took it. The tab's state outlives a
    full page load (same client token, new connection), and the page's first snapshot is sent
    before its ``check`` answers: a plain var would bring the used-up banner back for that
    round trip. Tied to the connection, the new page's snapshot carries no banner at all.
    """

    _notice: str = ""
    _shown_to: str = ""  # the connection (socket session id) the notice was taken for

    @rx.var
    def message(self) -> str:
        """The banner's text on the connection that took the notice; "" on any other."""
        return self._notice if self._shown_to == self.router.session.session_id else ""

    @rx.event
    async def check(self):
        """On each page: the notice if a sign-in just cancelled a deletion, else no banner."""
        user_id = await signed_in_user_id(self)
        self._notice = "" if user_id is None else await call_service(as_actor(deletion.take_notice), user_id=user_id)
        self._shown_to = self.router.session.session_id

    @rx.event
    def dismiss(self):
        self._notice = ""
