"""App passwords in the security settings: make one (shown once), list them, revoke one.

Handlers ask ``AuthState.require_user_id()`` (the session cookie, checked on the server)
and pass that account to ``services.auth.app_passwords``; the browser only names which
key to revoke, and the service refuses any that is not the caller's own. The new key
lives in ``new_key`` until the listener dismisses it or leaves the page: never stored
again, never listed.
"""

from __future__ import annotations

import asyncio
from typing import Any

import reflex as rx
from sqlmodel import Session

from spoticlone.models import User
from spoticlone.services.auth import app_passwords
from spoticlone.services.core.errors import DomainError
from spoticlone.state.acting import as_actor
from spoticlone.state.auth.signed_in import AuthState
from spoticlone.state.common import call_service
from spoticlone.state.refusals import ui_message

NEVER = "never"


def _when(moment) -> str:
    return moment.strftime("%d %b %Y, %H:%M UTC") if moment else NEVER


def _rows(session: Session, *, actor: User | None) -> list[dict[str, Any]]:
    return [
        {"id": row.id, "name": row.name, "created": _when(row.created_at), "last_used": _when(row.last_used_at)}
        for row in app_passwords.list_app_passwords(session, actor=actor)
    ]


class AppPasswordsState(rx.State):
    keys: list[dict[str, Any]] = []
    #: The key just made, shown once; cleared when dismissed or on the next page load.
    new_key: str = ""
    new_key_name: str = ""
    error: str = ""

    async def _user_id(self) -> int:
        auth = await self.get_state(AuthState)
        return await asyncio.to_thread(auth.require_user_id)

    @rx.event
    async def load(self):
        """``on_load`` of the security page: the signed-in listener's keys."""
        self.keys, self.new_key, self.new_key_name, self.error = [], "", "", ""
        try:
            user_id = await self._user_id()
        except DomainError:
            return
        self.keys = await call_service(as_actor(_rows), user_id=user_id)

    @rx.event
    async def create(self, form: dict):
        self.error, self.new_key, self.new_key_name = "", "", ""
        name = (form or {}).get("app_password_name", "")
        try:
            user_id = await self._user_id()
            made = await call_service(as_actor(app_passwords.create_app_password), user_id=user_id,
                                      name=name[:200] if isinstance(name, str) else "")
        except DomainError as exc:
            self.error = ui_message(exc)
            return
        self.new_key, self.new_key_name = made.key, made.name
        self.keys = await call_service(as_actor(_rows), user_id=user_id)
        return rx.set_value("app_password_name", "")

    @rx.event
    def dismiss(self):
        self.new_key = self.new_key_name = ""

    @rx.event
    async def revoke(self, app_password_id: int):
        self.error = ""
        try:
            user_id = await self._user_id()
            await call_service(as_actor(app_passwords.revoke_app_password), user_id=user_id,
                               app_password_id=app_password_id if isinstance(app_password_id, int) else -1)
        except DomainError as exc:
            self.error = ui_message(exc)
            return
        self.keys = await call_service(as_actor(_rows), user_id=user_id)
