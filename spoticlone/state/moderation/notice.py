"""The notice shown instead of hidden content, and its owner's counter-notice form.

Loaded beside the entity page's own state (track, album, playlist, profile): when the item is hidden,
the page shows this notice rather than a "not found" gap. Only the owner, checked by the
service, sees and may send the counter-notice.
"""

from __future__ import annotations

import reflex as rx

from spoticlone import routes
from spoticlone.config import get_settings
from spoticlone.services.moderation import counter_notice
from spoticlone.services.moderation.counter_notice import HiddenNotice
from spoticlone.state.acting import act, as_actor, signed_in_user_id
from spoticlone.state.common import call_service
from spoticlone.state.safety import guarded


def _notify(message) -> None:
    from spoticlone.jobs.moderation_tasks import notify

    notify(message)


class HiddenNoticeState(rx.State):
    """Whether the item on this page is hidden, and what its viewer may do about it."""

    hidden: bool = False
    target_type: str = ""
    target_id: int = 0
    message: str = ""
    is_owner: bool = False
    counter_notice_sent: bool = False
    counter_text: str = ""
    error: str = ""
    busy: bool = False

    def _show(self, notice: HiddenNotice | None) -> None:
        self.hidden, self.is_owner, self.counter_notice_sent, self.error = False, False, False, ""
        if notice is None:
            return
        self.target_type, self.target_id = notice.target_type, notice.target_id
        self.hidden, self.message = True, notice.message
        self.is_owner, self.counter_notice_sent = notice.is_owner, notice.counter_notice_sent

    async def _load(self, target_type: str, target_id: int | None) -> None:
        if target_id is None:
            self._show(None)
            return
        self._show(await call_service(as_actor(counter_notice.notice_for), user_id=await signed_in_user_id(self),
                                      target_type=target_type, target_id=target_id))

    @rx.event
    @guarded
    async def load_track(self):
        await self._load("track", routes.parse_ref(str(self.track_ref or "")))

    @rx.event
    @guarded
    async def load_album(self):
        await self._load("album", routes.parse_ref(str(self.album_ref or "")))

    @rx.event
    @guarded
    async def load_playlist(self):
        await self._load("playlist", routes.parse_ref(str(self.playlist_ref or "")))

    @rx.event
    @guarded
    async def load_profile(self):
        self._show(await call_service(as_actor(counter_notice.profile_notice), user_id=await signed_in_user_id(self),
                                      username=str(self.username or "")))

    @rx.event
    def set_counter_text(self, value: str):
        self.counter_text = str(value)[: counter_notice.MAX_STATEMENT]

    @rx.event
    @guarded
    async def send_counter_notice(self):
        if self.busy or not self.hidden:
            return
        self.busy = True
        yield
        notice, redirect = await act(self, counter_notice.file_counter_notice, target_type=self.target_type,
                                     target_id=self.target_id, statement=self.counter_text,
                                     origin=get_settings().public_origin, notify=_notify)
        self.busy = False
        if redirect is not None:
            yield redirect
        elif notice is not None:
            self.counter_notice_sent, self.counter_text = True, ""
