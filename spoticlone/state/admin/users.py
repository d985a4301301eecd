"""The /admin/users page: search, page through, change roles, suspend or reinstate.

Every handler re-checks the signed-in account on the server and lets
``services.admin.roles`` refuse non-admins; a refusal empties the table and shows the
message, so a listener who calls these handlers directly over the websocket gets
no data. Only one page of users is held in state at a time.
"""

from __future__ import annotations

from typing import Any, ClassVar

import reflex as rx

from spoticlone.models import Role
from spoticlone.services.admin import roles
from spoticlone.services.core.errors import PermissionDenied
from spoticlone.state.admin.base import AdminPageState
from spoticlone.state.refusals import ui_message

#: The role picker lists every ``Role``, in the enum's order.
ROLE_CHOICES = [role.value for role in Role]


def _row(user: roles.AdminUser) -> dict[str, Any]:
    return {
        "id": user.id,
        "username": user.username,
        "email": user.email,
        "role": user.role.value,
        "verified": "Yes" if user.email_verified else "No",
        "suspended": user.suspended,
        "two_step": "On" if user.two_step else "Off",
        "created": user.created_at.strftime("%Y-%m-%d"),
    }


class AdminUsersState(AdminPageState, rx.State):
    query: str = ""
    page: int = 1
    pages: int = 1
    total: int = 0
    users: list[dict[str, Any]] = []
    notice: str = ""
    #: The suspend/reinstate waiting for confirmation in the dialog (0 = none).
    confirm_id: int = 0
    confirm_username: str = ""
    confirm_suspend: bool = False

    _sends_visitors_to_sign_in: ClassVar[bool] = False

    def _show_not_allowed(self, exc: PermissionDenied) -> None:
        self.users, self.total, self.pages, self.error = [], 0, 1, ui_message(exc)

    async def _fetch(self) -> None:
        # Reloading after a refused change must not wipe the message explaining it.
        result, _ = await self._as_admin(roles.list_users, query=self.query, page=self.page)
        if result is not None:
            self.users = [_row(u) for u in result.items]
            self.total, self.page, self.pages = result.total, result.page, result.pages
        self.loaded = True

    @rx.event
    async def load(self):
        """``on_load``: the first page, or the search in ``?q=``."""
        self.query = str((self.router.url.query_parameters or {}).get("q", ""))[: roles.MAX_QUERY]
        self.page, self.notice, self.error, self.confirm_id = 1, "", "", 0
        await self._fetch()

    @rx.event
    async def search(self, form_data: dict[str, Any]):
        self.query = str(form_data.get("q", "")).strip()[: roles.MAX_QUERY]
        self.page, self.notice, self.error = 1, "", ""
        await self._fetch()

    @rx.event
    async def go_to_page(self, page: int):
        self.page, self.error = max(1, min(int(page), self.pages)), ""
        await self._fetch()

    @rx.event
    async def change_role(self, user_id: int, role: str):
        self.notice = self.error = ""
        # ``user_id`` is the service's own argument (the target), bound before the acting admin.
        row, _ = await self._as_admin(roles.set_role, user_id=int(user_id), role=role)
        if row is not None:
            self.notice = f"{row.username} is now {'an' if row.role.value[0] in 'aeiou' else 'a'} {row.role.value}."
        await self._fetch()

    @rx.event
    def ask_suspend(self, user_id: int, username: str, suspend: bool):
        self.confirm_id, self.confirm_username, self.confirm_suspend = int(user_id), str(username), bool(suspend)

    @rx.event
    def cancel_suspend(self):
        self.confirm_id = 0

    @rx.event
    async def confirm_suspend_action(self):
        target, suspend = self.confirm_id, self.confirm_suspend
        self.confirm_id, self.notice = 0, ""
        if not target:
            return
        self.error = ""
        row, _ = await self._as_admin(roles.set_suspended, user_id=target, suspended=suspend)
        if row is not None:
            self.notice = (f"{row.username} is suspended and signed out everywhere." if row.suspended
                           else f"{row.username} can sign in again.")
        await self._fetch()
