"""A listener's support pages: the list of their requests, the "Contact support" form, a conversation.

Every handler asks the server who is signed in (``signed_in_user_id``) and hands that account
to the service; a request id from the URL that is not the listener's answers "not found"
exactly like one that does not exist. A signed-out visitor sees a sign-in prompt, not a form.

The context the form offers to attach is gathered here, on the server: the page the listener
came from (``?from=``), the song the player holds, and the browser's user agent from the
websocket handshake. The listener sees all three before sending and can untick the box.
"""

from __future__ import annotations

from typing import Any

import reflex as rx

from spoticlone import routes
from spoticlone.services.core.errors import DomainError
from spoticlone.services.media import picture_uploads
from spoticlone.services.support import requests, rules
from spoticlone.services.support.requests import RequestDetail, RequestSummary
from spoticlone.state.acting import as_actor, signed_in_user_id
from spoticlone.state.auth.signed_in import AuthState
from spoticlone.state.common import call_service, dump, page_number
from spoticlone.state.listening.player import PlayerState
from spoticlone.state.refusals import ui_message
from spoticlone.state.safety import guarded
from spoticlone.state.uploads import sent_files

ROUTE_PARAM = "support_request_id"
CATEGORY_OPTIONS = [{"value": k, "label": v} for k, v in rules.CATEGORIES.items()]


def thread_rows(detail: RequestDetail) -> list[dict[str, Any]]:
    """Messages as the conversation shows them (the time as short text)."""
    return [{**dump(m), "when": m.created_at.strftime("%d %b %Y, %H:%M")} for m in detail.thread]


def request_view(detail: RequestDetail) -> dict[str, Any]:
    """A request's header fields, flat, without the thread."""
    data = dump(detail)
    data.pop("thread", None)
    data["opened"] = detail.created_at.strftime("%d %b %Y")
    return data


def summary_row(summary: RequestSummary, href: str) -> dict[str, Any]:
    """A request in a list, with its link, its last activity and "1 message" / "3 messages"."""
    return {**dump(summary), "href": href, "updated": summary.updated_at.strftime("%d %b %Y, %H:%M"),
            "messages_label": f"{summary.messages} message{'' if summary.messages == 1 else 's'}"}


def summary_rows(items: list[RequestSummary]) -> list[dict[str, Any]]:
    return [summary_row(r, routes.support_request_url(r.id)) for r in items]


async def _run(state: Any, fn, **kwargs) -> Any:
    """The service's answer as the signed-in listener; a refusal goes to ``state.error``."""
    user_id = await signed_in_user_id(state)
    if user_id is None:
        state.signed_out = True
        return None
    try:
        return await call_service(as_actor(fn), user_id=user_id, **kwargs)
    except DomainError as exc:
        state.error = ui_message(exc)
        return None


class MyRequestsState(rx.State):
    """``/support``: the listener's requests, newest activity first."""

    loaded: bool = False
    signed_out: bool = False
    items: list[dict[str, Any]] = []
    page: int = 1
    pages: int = 1
    error: str = ""

    @rx.event
    @guarded
    async def load(self):
        self.error, self.signed_out = "", False
        self.page = page_number(self.router.url.query_parameters)
        found = await _run(self, requests.my_requests, page=self.page, page_size=20)
        self.items = summary_rows(found.items) if found else []
        self.pages = found.pages if found else 1
        self.loaded = True


class NewRequestState(rx.State):
    """``/support/new``: the "Contact support" form."""

    category: str = "playback"
    subject: str = ""
    message: str = ""
    attach_context: bool = True
    context_page: str = ""
    context_track: str = ""
    user_agent: str = ""
    screenshot_name: str = ""
    uploading: bool = False
    busy: bool = False
    error: str = ""
    signed_out: bool = False
    _screenshot: bytes = b""

    @rx.var
    def message_left(self) -> int:
        return rules.MAX_MESSAGE - len(self.message)

    @rx.event
    async def load(self):
        came_from = str((self.router.url.query_parameters or {}).get("from", "") or "")
        self.context_page = routes.safe_next(came_from, default="")
        self.user_agent = rules.clip(self.router.headers.user_agent, rules.MAX_USER_AGENT)
        current = (await self.get_state(PlayerState)).current or {}
        title, artist = str(current.get("title") or ""), str(current.get("artist_name") or "")
        self.context_track = rules.clip(f"{title} — {artist}" if artist else title, rules.MAX_CONTEXT_TRACK)
        self.error = ""

    @rx.event
    def set_category(self, value: str):
        self.category = value if value in rules.CATEGORIES else "other"

    @rx.event
    def set_subject(self, value: str):
        self.subject = value[: rules.MAX_SUBJECT]

    @rx.event
    def set_message(self, value: str):
        # Kept a little past the limit so the counter can say by how much it is over.
        self.message = value[: rules.MAX_MESSAGE + 1000]

    @rx.event
    def set_attach_context(self, value: bool):
        self.attach_context = bool(value)

    @rx.event
    def screenshot_rejected(self, _rejected: list[dict[str, Any]]):
        self.error = picture_uploads.NOT_A_PICTURE

    @rx.event
    def remove_screenshot(self):
        self._screenshot, self.screenshot_name = b"", ""

    @rx.event(background=True)
    async def upload_screenshot(self, chunks: rx.UploadChunkIterator):
        """Keep the file (at most the picture cap) until the form is sent; the service checks it then."""
        sent = await sent_files(chunks)
        if sent is None:  # the zone refused the file and its rejected handler said why
            return None
        async with self:
            self.uploading, self.error = True, ""
        name, data, error = "", b"", ""
        try:
            data = await picture_uploads.read_picture(chunk.data async for chunk in sent)
            name = "screenshot"
        except DomainError as exc:
            error = ui_message(exc)
        async with self:
            self.uploading, self.error = False, error
            if data:
                self._screenshot = data
                self.screenshot_name = f"{name} ({max(1, len(data) // 1024):,} KB)"

    @rx.event
    @guarded
    async def submit(self):
        if self.busy:
            return
        self.busy, self.error = True, ""
        yield
        client_ip = (await self.get_state(AuthState)).client_ip()
        made = await _run(
            self, requests.create_request, category=self.category, subject=self.subject, message=self.message,
            attach_context=self.attach_context, context_page=self.context_page, context_track=self.context_track,
            user_agent=self.user_agent, screenshot=self._screenshot or None, client_ip=client_ip,
        )
        self.busy = False
        if made is not None:
            self.subject, self.message, self._screenshot, self.screenshot_name = "", "", b"", ""
            yield rx.redirect(routes.support_request_url(made.id))


class ConversationState(rx.State):
    """``/support/requests/<id>``: one of the listener's requests, and their reply box."""

    loaded: bool = False
    not_found: bool = False
    signed_out: bool = False
    request: dict[str, Any] = {}
    thread: list[dict[str, Any]] = []
    reply: str = ""
    busy: bool = False
    error: str = ""

    def _request_id(self) -> int | None:
        raw = str(getattr(self, ROUTE_PARAM, "") or "")
        return int(raw) if raw.isdigit() and len(raw) < 16 else None

    def _show(self, detail: RequestDetail) -> None:
        self.request, self.thread, self.not_found = request_view(detail), thread_rows(detail), False

    @rx.event
    @guarded
    async def load(self):
        self.error, self.reply, self.signed_out = "", "", False
        request_id = self._request_id()
        detail = await _run(self, requests.my_request, request_id=request_id) if request_id else None
        self.not_found = detail is None and not self.signed_out
        if detail is not None:
            self._show(detail)
            self.error = ""
        self.loaded = True

    @rx.event
    def set_reply(self, value: str):
        self.reply = value[: rules.MAX_MESSAGE + 1000]

    @rx.event
    @guarded
    async def send(self):
        request_id = self._request_id()
        if self.busy or request_id is None:
            return
        self.busy, self.error = True, ""
        yield
        detail = await _run(self, requests.reply, request_id=request_id, body=self.reply)
        self.busy = False
        if detail is not None:
            self._show(detail)
            self.reply = ""
