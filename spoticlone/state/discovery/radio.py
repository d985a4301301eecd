"""The radio page (``/radio`` for "My radio", ``/radio/<kind>/<ref>`` for a shared station).

Opening the page starts the station for whoever opens it and plays its first batch at once;
the player's queue then refills itself (``QueueState`` asks ``radio.keep_playing``). Opening
the address of the station that is already playing shows it instead of starting it again.
Radio is personal, like every discovery feature: a signed-out visitor is sent to sign in and
comes back to the same address.
"""

from __future__ import annotations

from typing import Any

import reflex as rx

from spoticlone.branding import page_title as document_title
from spoticlone.models.common import PlaySource
from spoticlone.services.core.errors import NotFound
from spoticlone.services.discovery import radio
from spoticlone.services.discovery.radio_strategies import MY_RADIO_REF
from spoticlone.services.listening.queue import PlayQueue
from spoticlone.state.acting import as_actor, sign_in_redirect, signed_in_user_id
from spoticlone.state.common import call_service, dump
from spoticlone.state.listening.queue import QueueState
from spoticlone.state.safety import guarded


class RadioState(rx.State):
    """The station shown on the radio page."""

    station: dict[str, Any] = {}
    not_found: bool = False

    @rx.var
    def ready(self) -> bool:
        return bool(self.station)

    @rx.var
    def page_title(self) -> str:
        if self.not_found:
            return document_title("Not found")
        return document_title(self.station.get("label") or "Radio")

    def _seed(self) -> tuple[str, str]:
        """The route's kind and reference (root-state params); ``/radio`` is "My radio"."""
        kind = str(getattr(self, "radio_kind", "") or "")[:20]
        ref = str(getattr(self, "radio_ref", "") or "")[:120]
        return (kind, ref) if kind else ("my", MY_RADIO_REF)

    @rx.event
    @guarded
    async def open(self):
        """Start the station this address names (or show it, when it is already playing)."""
        kind, ref = self._seed()
        if (self.station.get("kind"), self.station.get("ref")) != (kind, ref):
            self.station, self.not_found = {}, False
            yield  # the skeleton, not the previous station, while this one starts
        user_id = await signed_in_user_id(self)
        if user_id is None:
            yield sign_in_redirect(self)
            return
        queue = await self.get_state(QueueState)
        source, source_id = queue.playing_from()
        if source == PlaySource.RADIO.value and source_id and source_id.isdigit():
            try:
                playing = await call_service(as_actor(radio.get_station), user_id=user_id,
                                             station_id=int(source_id))
            except NotFound:
                playing = None
            if playing is not None and (playing.kind, playing.ref) == (kind, ref):
                self.station, self.not_found = dump(playing), False
                return
        try:
            batch = await call_service(as_actor(radio.start_station), user_id=user_id, kind=kind, ref=ref)
        except NotFound:
            self.station, self.not_found = {}, True
            return
        self.station, self.not_found = dump(batch.station), False
        yield await queue.play_queue(PlayQueue.start([t.id for t in batch.tracks], source=PlaySource.RADIO.value,
                                                      source_id=str(batch.station.id)))
