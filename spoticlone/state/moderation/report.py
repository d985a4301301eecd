"""The "Report" dialog: any visitor reports a song, release, playlist or profile.

One dialog per page (the page template renders it); a track menu item or a page header
button opens it for one item with ``open_for``. A signed-out visitor must give an address;
a signed-in one may leave it empty (the answer goes to their account's address). The
service throttles by the connection's client address, by the API's rule.
"""

from __future__ import annotations

import reflex as rx

from spoticlone.services.core.errors import DomainError
from spoticlone.services.moderation import reports, targets
from spoticlone.state.acting import as_actor, signed_in_user_id
from spoticlone.state.auth.signed_in import AuthState
from spoticlone.state.common import call_service
from spoticlone.state.refusals import ui_message
from spoticlone.state.safety import guarded

NOUNS = {"track": "song", "album": "release", "playlist": "playlist", "profile": "profile"}


def _notify(message) -> None:
    # Imported when used: the job queue is not needed to compile pages.
    from spoticlone.jobs.moderation_tasks import notify

    notify(message)


class ReportState(rx.State):
    """The report dialog's fields; ``sent`` swaps the form for a thank-you."""

    open: bool = False
    target_type: str = ""
    target_id: int = 0
    target_title: str = ""
    reason: str = "copyright"
    statement: str = ""
    contact_email: str = ""
    error: str = ""
    busy: bool = False
    sent: bool = False

    @rx.var
    def noun(self) -> str:
        return NOUNS.get(self.target_type, "item")

    def _open(self, target_type: str, target_id: int, title: str) -> None:
        if target_type not in NOUNS or not isinstance(target_id, int) or target_id < 1:
            return
        self.target_type, self.target_id, self.target_title = target_type, target_id, str(title)[:200]
        self.reason, self.statement, self.error, self.sent, self.busy = "copyright", "", "", False, False
        self.open = True

    @rx.event
    def open_for(self, target_type: str, target_id: int, title: str):
        """Open the dialog for one item (from a track menu or a page header)."""
        self._open(target_type, target_id, title)

    @rx.event
    @guarded
    async def open_for_profile(self, username: str, name: str):
        """Open the dialog for a profile, named in its URL by username."""
        self._open("profile", await call_service(targets.profile_id, username=str(username)), name)

    @rx.event
    def set_open(self, value: bool):
        self.open = bool(value)

    @rx.event
    def close(self):
        self.open = False

    @rx.event
    def choose_reason(self, value: str):
        if value in reports.REASONS:
            self.reason = value

    @rx.event
    def set_statement(self, value: str):
        self.statement, self.error = str(value)[: reports.MAX_STATEMENT], ""

    @rx.event
    def set_contact_email(self, value: str):
        self.contact_email, self.error = str(value)[:254], ""

    @rx.event
    @guarded
    async def submit(self):
        if self.busy or not self.target_type:
            return
        self.busy, self.error = True, ""
        yield
        user_id = await signed_in_user_id(self)
        auth = await self.get_state(AuthState)
        try:
            await call_service(as_actor(reports.file_report), user_id=user_id, target_type=self.target_type,
                               target_id=self.target_id, reason=self.reason, statement=self.statement,
                               contact_email=self.contact_email or None, client_ip=auth.client_ip(),
                               notify=_notify)
        except DomainError as exc:
            self.error = ui_message(exc)
        else:
            self.sent = True
        finally:
            self.busy = False
