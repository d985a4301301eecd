"""The legal pages (/terms, /privacy, /licences) and the "We've updated our Terms" gate.

``TermsGateState`` asks ``legal.pending_for`` — the same check the API's write guard uses —
whenever a page's shell mounts, so a signed-in listener who has not accepted new terms
sees a blocking dialog until they accept or sign out. On the legal pages themselves the
dialog steps aside (they came to read), and an inline bar offers the same Accept.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

import reflex as rx

from spoticlone import routes
from spoticlone.services.accounts import legal
from spoticlone.services.accounts.legal import LegalPage
from spoticlone.services.core.errors import DomainError
from spoticlone.services.lifecycle import archive
from spoticlone.state.acting import act, as_actor, signed_in_user_id
from spoticlone.state.common import call_service
from spoticlone.state.refusals import ui_message
from spoticlone.state.safety import guarded

ROUTE_OF = {"terms": routes.TERMS, "privacy": routes.PRIVACY, "licences": routes.LICENCES}
LEGAL_PATHS = tuple(ROUTE_OF.values())


def day(moment: datetime | None) -> str:
    """A publication date as people read it ("4 December 2026")."""
    return f"{moment:%-d %B %Y}" if moment else ""


def history_rows(page: LegalPage) -> list[dict[str, Any]]:
    """The version list as the page shows it (newest first, the shown one marked)."""
    shown = page.document.version if page.document else 0
    return [{"version": v.version, "label": f"Version {v.version}", "date": day(v.published_at),
             "summary": v.summary, "href": f"{ROUTE_OF[page.kind]}?version={v.version}",
             "current": v.version == shown, "asked": v.requires_acceptance}
            for v in page.history]


def _version_param(query: Any) -> int | None:
    raw = str((query or {}).get("version", "") or "")
    return int(raw) if raw.isdigit() and 0 < len(raw) <= 9 else None


class LegalPageState(rx.State):
    """One version of one document, with its history."""

    kind: str = ""
    title: str = ""
    body: str = ""
    version: int = 0
    latest_version: int = 0
    published: str = ""
    summary: str = ""
    history: list[dict[str, Any]] = []
    missing: str = ""
    loaded: bool = False

    async def _load(self, kind: str):
        self.kind, self.missing, self.loaded = kind, "", False
        try:
            page = await call_service(legal.document_page, kind=kind,
                                      version=_version_param(self.router.url.query_parameters))
        except DomainError as exc:
            self.missing = ui_message(exc)
            page = await call_service(legal.document_page, kind=kind)
        doc = page.document
        self.title = doc.title if doc else legal.TITLES[kind]
        self.body = doc.body if doc else ""
        self.version = doc.version if doc else 0
        self.summary = doc.summary if doc else ""
        self.published = day(doc.published_at) if doc else ""
        self.latest_version = page.latest_version
        self.history = history_rows(page)
        self.loaded = True

    @rx.var
    def is_old(self) -> bool:
        return 0 < self.version < self.latest_version

    @rx.event
    @guarded
    async def load_terms(self):
        await self._load("terms")

    @rx.event
    @guarded
    async def load_privacy(self):
        await self._load("privacy")

    @rx.event
    @guarded
    async def load_licences(self):
        await self._load("licences")


class TermsGateState(rx.State):
    """What the signed-in listener still has to accept (empty for everyone else)."""

    pending: list[dict[str, Any]] = []
    on_legal_page: bool = False
    error: str = ""
    busy: bool = False

    @rx.var
    def must_accept(self) -> bool:
        return len(self.pending) > 0

    @rx.var
    def blocking(self) -> bool:
        return len(self.pending) > 0 and not self.on_legal_page

    @rx.var
    def headline(self) -> str:
        kinds = {row["kind"] for row in self.pending}
        if kinds == {"privacy"}:
            return "We've updated our Privacy Policy"
        return "We've updated our Terms" if kinds == {"terms"} else "We've updated our Terms and Privacy Policy"

    @rx.event
    @guarded
    async def load(self):
        """Check on every page (the shell mounts this): the same rule as the API's guard."""
        self.on_legal_page = (self.router.url.path or "").startswith(LEGAL_PATHS)
        user_id = await signed_in_user_id(self)
        if user_id is None:
            self.pending = []
            return
        if (await call_service(archive.archive_status)).enabled:
            self.pending = []  # nothing can be written anyway; do not ask for a write
            return
        found = await call_service(as_actor(legal.pending_for), user_id=user_id)
        self.pending = [{"kind": p.kind, "version": p.version, "title": p.title, "summary": p.summary,
                         "href": ROUTE_OF[p.kind]} for p in found]

    @rx.event
    @guarded
    async def accept(self):
        if self.busy:
            return
        self.busy = True
        yield
        _done, redirect = await act(self, legal.accept_current)
        self.busy = False
        if redirect is not None:
            yield redirect
            return
        if not self.error:
            self.pending = []
            yield rx.toast.success("Thanks. You're all set.")
