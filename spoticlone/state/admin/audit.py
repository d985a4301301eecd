"""The /admin/audit page: administrators read the audit log, filtered and paged.

The filters live in the URL (``?action=user&since=2026-03-01``), so a filtered view can
be shared and reloaded; ``load`` reads them and asks ``services.admin.audit_log`` as the
signed-in account, which refuses anyone but an administrator.
"""

from __future__ import annotations

import dataclasses
from datetime import date
from typing import Any, ClassVar

import reflex as rx

from spoticlone import routes
from spoticlone.services.admin import audit_log, data_browser
from spoticlone.services.core.errors import DomainError, PermissionDenied
from spoticlone.state.admin.base import AdminPageState
from spoticlone.state.refusals import ui_message

FILTERS = ("action", "admin", "target_type", "target_id", "since", "until")


@dataclasses.dataclass
class ChangeView:
    field: str
    before: str
    after: str


@dataclasses.dataclass
class EntryView:
    id: int
    at: str
    actor: str
    actor_href: str
    action: str
    target: str
    target_href: str
    summary: str
    changes: list[ChangeView]


def _day(text: str) -> date | None:
    try:
        return date.fromisoformat(text) if text else None
    except ValueError:
        return None


def _entry(row: audit_log.AuditRow, tables: set[str]) -> EntryView:
    target = f"{row.target_type} {row.target_id}".strip()
    linked = row.target_type in tables and row.target_id
    return EntryView(
        id=row.id, at=row.at.strftime("%Y-%m-%d %H:%M UTC"), actor=row.actor_name,
        actor_href=routes.admin_data_url("user", row.actor_id) if row.actor_id else "",
        action=row.action, target=target,
        target_href=routes.admin_data_url(row.target_type, row.target_id) if linked else "",
        summary=row.summary, changes=[ChangeView(field=c.field, before=c.before, after=c.after) for c in row.changes],
    )


class AdminAuditState(AdminPageState, rx.State):
    entries: list[EntryView] = []
    actions: list[str] = []
    target_types: list[str] = []
    action: str = ""
    admin: str = ""
    target_type: str = ""
    target_id: str = ""
    since: str = ""
    until: str = ""
    page: int = 1
    pages: int = 1
    total: int = 0
    prev_href: str = ""
    next_href: str = ""

    _sends_visitors_to_sign_in: ClassVar[bool] = False

    def _show_not_allowed(self, exc: PermissionDenied) -> None:
        self.entries, self.total, self.error = [], 0, ui_message(exc)

    def _show_refusal(self, exc: DomainError) -> None:
        # The log checks the administrator first: a refused filter still shows the page.
        self.allowed, self.entries, self.total, self.error = True, [], 0, ui_message(exc)

    def _filters(self) -> dict[str, str]:
        return {name: getattr(self, name) for name in FILTERS}

    @rx.event
    async def load(self):
        """``on_load``: the page of the log the URL's filters describe."""
        params = {k: str(v) for k, v in (self.router.url.query_parameters or {}).items()}
        for name in FILTERS:
            setattr(self, name, params.get(name, "").strip()[: audit_log.MAX_TEXT])
        self.since = self.since if _day(self.since) else ""
        self.until = self.until if _day(self.until) else ""
        try:
            self.page = max(1, min(int(params.get("page", "1")), 2**31 - 1))
        except ValueError:
            self.page = 1
        self.error = ""
        result, _ = await self._as_admin(
            audit_log.list_entries, action=self.action, admin=self.admin, target_type=self.target_type,
            target_id=self.target_id, since=_day(self.since), until=_day(self.until), page=self.page)
        if result is not None:
            tables = set(data_browser.all_tables())
            self.entries = [_entry(row, tables) for row in result.items]
            # A prefix filter (``user``) is not one of the actions: keep it choosable.
            self.actions = result.actions if self.action in ("", *result.actions) else [self.action, *result.actions]
            self.target_types = (result.target_types if self.target_type in ("", *result.target_types)
                                 else [self.target_type, *result.target_types])
            self.total, self.page, self.pages = result.total, result.page, result.pages
            self.prev_href = routes.admin_audit_url(**self._filters(), page=self.page - 1) if self.page > 1 else ""
            self.next_href = (routes.admin_audit_url(**self._filters(), page=self.page + 1)
                              if self.page < self.pages else "")
        self.loaded = True

    @rx.event
    def apply_filters(self, form_data: dict[str, Any]):
        """The filter form: a new URL (page 1), which loads the matching entries."""
        chosen = {name: str(form_data.get(name, "")).strip()[: audit_log.MAX_TEXT] for name in FILTERS}
        for name in ("action", "target_type"):
            if chosen[name] == "all":
                chosen[name] = ""
        return rx.redirect(routes.admin_audit_url(**chosen))

    @rx.event
    def clear_filters(self):
        return rx.redirect(routes.ADMIN_AUDIT)
