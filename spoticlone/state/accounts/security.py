"""Security settings: change password, change email, see and end signed-in sessions.

Every handler first asks ``AuthState.require_user_id()``, which re-checks the session
cookie on the server, and hands that account to the services (``as_actor``); nothing the browser sends
names the account. Session ids do come from the browser (which row to end), and the
service refuses any that is not the caller's own.
"""

from __future__ import annotations

import asyncio
import logging
from typing import Any

import reflex as rx
from sqlmodel import Session

from spoticlone.integrations.mailer import MailerError
from spoticlone.models import User
from spoticlone.services.accounts import email_change, mail, password_reset
from spoticlone.services.auth import devices
from spoticlone.services.core.errors import DomainError
from spoticlone.state.accounts import mail_wait
from spoticlone.state.acting import as_actor
from spoticlone.state.auth.signed_in import AuthState, sign_out_event
from spoticlone.state.common import call_service
from spoticlone.state.refusals import ui_message

log = logging.getLogger(__name__)


def _field(form: dict[str, Any] | None, name: str, limit: int = 320) -> str:
    value = (form or {}).get(name, "")
    return value[:limit] if isinstance(value, str) else ""


def _sessions_view(session: Session, *, actor: User | None, token: str | None) -> list[dict[str, Any]]:
    rows = devices.list_sessions(session, actor=actor, current_token=token)
    return [
        {
            "id": row.id,
            "device": row.device,
            "kind": "App" if row.kind == "api" else "Browser",
            "ip": row.ip or "unknown address",
            "last_seen": row.last_seen_at.strftime("%d %b %Y, %H:%M UTC"),
            "since": row.created_at.strftime("%d %b %Y"),
            "current": row.current,
        }
        for row in rows
    ]


def _email_and_name(session: Session, *, actor: User | None) -> tuple[str, str]:
    return (actor.email, actor.username) if isinstance(actor, User) else ("", "")


class SecurityState(rx.State):
    email: str = ""
    sessions: list[dict[str, Any]] = []
    password_error: str = ""
    password_notice: str = ""
    email_error: str = ""
    email_notice: str = ""
    #: "form" (new address + password) or "code" (the code mailed to the new address).
    email_step: str = "form"
    sessions_error: str = ""
    busy: bool = False
    _email_request: str = ""

    async def _actor_id(self) -> tuple[int, str | None]:
        """The signed-in user id and this browser's token, checked on the server now."""
        auth = await self.get_state(AuthState)
        return await asyncio.to_thread(auth.require_user_id), auth.current_token()

    async def _reload_sessions(self, user_id: int, token: str | None) -> None:
        self.sessions = await call_service(as_actor(_sessions_view), user_id=user_id, token=token)

    @rx.event
    async def load(self):
        """``on_load`` after ``AuthState.require_account``: fill the page for the signed-in user."""
        self.password_error = self.password_notice = self.email_error = self.email_notice = ""
        self.sessions_error, self.email_step, self._email_request, self.busy = "", "form", "", False
        self.email, self.sessions = "", []
        try:
            user_id, token = await self._actor_id()
        except DomainError:
            return
        self.email, _ = await call_service(as_actor(_email_and_name), user_id=user_id)
        await self._reload_sessions(user_id, token)

    @rx.event
    async def change_password(self, form: dict):
        self.password_error = self.password_notice = ""
        try:
            user_id, token = await self._actor_id()
            await call_service(
                as_actor(password_reset.change_password), user_id=user_id, keep_token=token,
                current_password=_field(form, "current_password", 1024),
                new_password=_field(form, "new_password", 1024),
            )
        except DomainError as exc:
            self.password_error = ui_message(exc)
            return
        self.password_notice = "Your password is changed. You were signed out everywhere else."
        await self._reload_sessions(user_id, token)
        return [rx.set_value("current_password", ""), rx.set_value("new_password", "")]

    @rx.event
    async def request_email_change(self, form: dict):
        self.email_error = self.email_notice = ""
        try:
            user_id, _ = await self._actor_id()
            issued = await call_service(
                as_actor(email_change.request_email_change), user_id=user_id,
                new_email=_field(form, "new_email"), current_password=_field(form, "email_password", 1024),
            )
            _, username = await call_service(as_actor(_email_and_name), user_id=user_id)
        except DomainError as exc:
            self.email_error = ui_message(exc)
            return
        self._email_request, self.email_step = issued.request_id, "code"
        self.email_notice = f"We emailed a 6-digit code to {issued.email}. Enter it here to confirm."
        try:
            await mail_wait.within(mail.send_email_change_step(issued, username), slow_result=None)
        except MailerError:
            log.exception("email change code not sent")
            self.email_notice = "We could not send the email just now. Start again in a minute."

    @rx.event
    async def confirm_email_change(self, form: dict):
        self.email_error = ""
        try:
            user_id, _ = await self._actor_id()
            changed = await call_service(
                as_actor(email_change.confirm_email_change), user_id=user_id,
                request_id=self._email_request, code=_field(form, "email_code", 32),
            )
        except DomainError as exc:
            self.email_error = ui_message(exc)
            return
        self.email, self.email_step, self._email_request = changed.new_email, "form", ""
        self.email_notice = f"Your email address is now {changed.new_email}."

    @rx.event
    def cancel_email_change(self):
        self.email_step, self._email_request, self.email_error, self.email_notice = "form", "", "", ""

    @rx.event
    async def revoke(self, session_id: int):
        """End one session; ending this browser's own signs it out here too."""
        self.sessions_error = ""
        try:
            user_id, token = await self._actor_id()
            was_mine = await call_service(
                as_actor(devices.revoke_own_session), user_id=user_id,
                session_id=session_id if isinstance(session_id, int) else -1, current_token=token,
            )
        except DomainError as exc:
            self.sessions_error = ui_message(exc)
            return
        if was_mine:
            return sign_out_event()
        await self._reload_sessions(user_id, token)

    @rx.event
    async def revoke_everywhere(self):
        """End every session, this one included, and go home signed out."""
        self.sessions_error = ""
        try:
            user_id, _ = await self._actor_id()
            await call_service(as_actor(devices.revoke_everywhere), user_id=user_id)
        except DomainError as exc:
            self.sessions_error = ui_message(exc)
            return
        self.sessions = []
        return sign_out_event()
