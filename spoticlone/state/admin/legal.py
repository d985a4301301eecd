"""The /admin/legal editor: pick a document, edit its Markdown, preview, publish a new version.

The draft lives only in this state until published (a version is never edited in place).
``services.accounts.legal`` refuses anyone but an admin; a non-admin sees no editor.
"""

from __future__ import annotations

from typing import Any

import reflex as rx

from spoticlone.services.accounts import legal
from spoticlone.services.accounts.legal import LegalPage
from spoticlone.state.accounts.legal import history_rows
from spoticlone.state.admin.base import AdminPageState
from spoticlone.state.safety import guarded


class AdminLegalState(AdminPageState, rx.State):
    kind: str = "terms"
    title: str = ""
    summary: str = ""
    body: str = ""
    requires_acceptance: bool = False
    preview: bool = False
    latest_version: int = 0
    history: list[dict[str, Any]] = []
    notice: str = ""
    busy: bool = False

    @rx.var
    def can_require(self) -> bool:
        return self.kind in legal.ACCEPTED_KINDS

    def _show(self, page: LegalPage, *, draft_kept: bool) -> None:
        """The document's newest version as the draft; ``draft_kept``: what the admin typed stays."""
        doc = page.document
        fill = self._fill_form if draft_kept else self._replace_form
        fill(title=doc.title if doc else legal.TITLES[page.kind], body=doc.body if doc else "", summary="",
             requires_acceptance=False)
        self.preview = False
        self.latest_version = page.latest_version
        self.history = history_rows(page)

    async def _open(self, kind: str, *, draft_kept: bool = False):
        self.kind, self.error = kind, ""
        page, redirect = await self._as_admin(legal.editor_page, kind=kind)
        self.loaded = True
        if page is not None:
            self._show(page, draft_kept=draft_kept)
        return redirect

    @rx.event
    @guarded
    async def load(self):
        self.notice = ""
        redirect = await self._open(self.kind if self.kind in legal.KINDS else "terms", draft_kept=True)
        if redirect is not None:
            yield redirect

    @rx.event
    @guarded
    async def choose(self, kind: str):
        if kind in legal.KINDS:
            self.notice = ""
            await self._open(kind)

    @rx.event
    def set_title(self, value: str):
        self._type("title", value[: legal.MAX_TITLE])

    @rx.event
    def set_summary(self, value: str):
        self._type("summary", value[: legal.MAX_SUMMARY])

    @rx.event
    def set_body(self, value: str):
        self._type("body", value[: legal.MAX_BODY])

    @rx.event
    def set_requires_acceptance(self, value: bool):
        self._type("requires_acceptance", bool(value) and self.kind in legal.ACCEPTED_KINDS)

    @rx.event
    def toggle_preview(self):
        self.preview = not self.preview

    @rx.event
    @guarded
    async def publish(self):
        if self.busy:
            return
        self.busy, self.error, self.notice = True, "", ""
        yield
        published, redirect = await self._as_admin(
            legal.publish, kind=self.kind, body=self.body, title=self.title, summary=self.summary,
            requires_acceptance=self.requires_acceptance,
        )
        self.busy = False
        if redirect is not None:
            yield redirect
            return
        if published is not None:
            asked = " Listeners will be asked to accept it." if published.requires_acceptance else ""
            await self._open(self.kind)
            self.notice = f"Published version {published.version} of the {published.title}.{asked}"
