"""The admins' support pages: ``/admin/support`` (the inbox) and ``/admin/support/<id>`` (one request).

The services refuse anyone but an administrator; a listener who opens these pages sees
"Only administrators can see this page" and no data. Filters travel in the URL
(``?status=&assigned=``) so an inbox view can be bookmarked. Inserting a canned answer only
fills the reply box: the admin reads and edits it before sending.
"""

from __future__ import annotations

from typing import Any

import reflex as rx

from spoticlone import routes
from spoticlone.services.support import canned, inbox, rules
from spoticlone.services.support.requests import RequestDetail
from spoticlone.state.admin.base import AdminPageState
from spoticlone.state.common import dump, page_number
from spoticlone.state.safety import guarded
from spoticlone.state.support.requests import request_view, summary_row, thread_rows

ROUTE_PARAM = "admin_request_id"
STATUS_FILTERS = ("open", "waiting", "closed", "all")
ASSIGNED_FILTERS = ("anyone", "me", "nobody")


def inbox_href(status: str, assigned: str) -> str:
    return f"{routes.ADMIN_SUPPORT}?status={status}&assigned={assigned}"


class SupportInboxState(AdminPageState, rx.State):
    """The inbox list with its filters and per-status counts."""

    status: str = "open"
    assigned: str = "anyone"
    items: list[dict[str, Any]] = []
    counts: dict[str, int] = {}
    page: int = 1
    pages: int = 1
    total: int = 0

    @rx.var
    def base_url(self) -> str:
        return inbox_href(self.status, self.assigned)

    @rx.event
    @guarded
    async def load(self):
        query = self.router.url.query_parameters or {}
        status, assigned = str(query.get("status", "open")), str(query.get("assigned", "anyone"))
        self.status = status if status in STATUS_FILTERS else "open"
        self.assigned = assigned if assigned in ASSIGNED_FILTERS else "anyone"
        self.page, self.error = page_number(query), ""
        found, redirect = await self._as_admin(
            inbox.list_inbox, status=None if self.status == "all" else self.status, assigned=self.assigned,
            page=self.page, page_size=20,
        )
        if found is not None:
            counts, _ = await self._as_admin(inbox.counts)
            self.counts = dump(counts) if counts else {}
            self.counts["all"] = sum(self.counts.values())
            self.items = [summary_row(r, routes.admin_support_request_url(r.id)) for r in found.items]
            self.pages, self.total = found.pages, found.total
        self.loaded = True
        if redirect is not None:
            yield redirect

    @rx.event
    def filter_status(self, status: str):
        if status in STATUS_FILTERS:
            return rx.redirect(inbox_href(status, self.assigned))

    @rx.event
    def filter_assigned(self, assigned: str):
        if assigned in ASSIGNED_FILTERS:
            return rx.redirect(inbox_href(self.status, assigned))


class SupportTicketState(AdminPageState, rx.State):
    """One request in the admin's view: context, conversation, reply box, assignee and status."""

    not_found: bool = False
    request: dict[str, Any] = {}
    thread: list[dict[str, Any]] = []
    admins: list[dict[str, str]] = []
    canned: list[dict[str, Any]] = []
    reply: str = ""
    busy: bool = False
    notice: str = ""

    def _request_id(self) -> int:
        raw = str(getattr(self, ROUTE_PARAM, "") or "")
        return int(raw) if raw.isdigit() and len(raw) < 16 else -1

    def _show(self, detail: RequestDetail) -> None:
        self.request, self.thread, self.not_found = request_view(detail), thread_rows(detail), False
        self.request["assignee"] = str(detail.assigned_to_id or "")

    @rx.event
    @guarded
    async def load(self):
        self.error, self.notice = "", ""
        # A reply being written to this request survives a late load; another request starts empty.
        (self._fill_form if self.request.get("id") == self._request_id() else self._replace_form)(reply="")
        detail, redirect = await self._as_admin(inbox.staff_request, request_id=self._request_id())
        self.not_found = detail is None and self.allowed
        if detail is not None:
            self._show(detail)
            admins, _ = await self._as_admin(inbox.admins)
            self.admins = [{"id": str(a.id), "username": a.username} for a in admins or []]
            answers, _ = await self._as_admin(canned.list_canned)
            self.canned = [{"id": c.id, "title": c.title} for c in answers or []]
        self.loaded = True
        if redirect is not None:
            yield redirect

    @rx.event
    def set_reply(self, value: str):
        self._type("reply", value[: rules.MAX_MESSAGE + 1000])

    @rx.event
    @guarded
    async def insert_canned(self, canned_id: str):
        """Put a canned answer's text into the reply box (after what is already written)."""
        answers, _ = await self._as_admin(canned.list_canned)
        chosen = next((c for c in answers or [] if str(c.id) == str(canned_id)), None)
        if chosen is not None:
            self._type("reply", (self.reply.rstrip() + "\n\n" + chosen.body).strip()[: rules.MAX_MESSAGE + 1000])

    async def _change(self, fn, notice: str, **kwargs):
        self.error, self.notice = "", ""
        detail, redirect = await self._as_admin(fn, request_id=self._request_id(), **kwargs)
        if detail is not None:
            self._show(detail)
            self.notice = notice
        return detail, redirect

    @rx.event
    @guarded
    async def send(self, close: bool = False):
        if self.busy:
            return
        self.busy = True
        yield
        detail, redirect = await self._change(inbox.staff_reply, "Reply sent. The listener will be notified.",
                                              body=self.reply, close=bool(close))
        self.busy = False
        if detail is not None:
            self._replace_form(reply="")
        if redirect is not None:
            yield redirect

    @rx.event
    @guarded
    async def assign(self, assignee: str):
        assignee_id = int(assignee) if str(assignee).isdigit() and len(str(assignee)) < 16 else None
        _detail, redirect = await self._change(inbox.assign, "Assignment saved.", assignee_id=assignee_id)
        if redirect is not None:
            yield redirect

    @rx.event
    @guarded
    async def set_status(self, status: str):
        _detail, redirect = await self._change(inbox.set_status, "Status changed.", status=str(status))
        if redirect is not None:
            yield redirect
