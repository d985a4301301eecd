"""The settings page's state: each handler calls one service as the signed-in listener."""

import reflex as rx

from spoticlone.state.acting import act
from spoticlone_listenbrainz import accounts


class ListenBrainzState(rx.State):
    connected: bool = False
    user_name: str = ""
    sent: int = 0
    waiting: int = 0
    error: str = ""
    notice: str = ""

    def _show(self, result: accounts.Connection) -> None:
        self.connected, self.user_name = result.connected, result.user_name
        self.sent, self.waiting = result.sent, result.waiting

    @rx.event
    async def load(self):
        self.notice = ""
        result, redirect = await act(self, accounts.connection)
        if redirect is not None:
            return redirect
        if result is not None:
            self._show(result)
        return None

    @rx.event
    async def save(self, form: dict):
        self.notice = ""
        token = str(form.get("token", ""))[:200]
        result, redirect = await act(self, accounts.connect_with_service, token=token)
        if redirect is not None:
            return redirect
        if result is not None:
            self._show(result)
            self.notice = "Connected: your listens will be sent to ListenBrainz."
        return None

    @rx.event
    async def disconnect(self):
        self.notice = ""
        result, redirect = await act(self, accounts.disconnect)
        if redirect is not None:
            return redirect
        if result is not None:
            self._show(result)
            self.notice = "Disconnected: your token was deleted."
        return None
