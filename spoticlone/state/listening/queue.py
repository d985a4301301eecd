"""The play queue: what plays now and next. Queue rules live in ``services.listening.queue.PlayQueue``.

State keeps the queue's ids (as ``PlayQueue.to_dict``) in a backend var and only a page of
upcoming track dicts for the panel. Every change is persisted to this browser's
localStorage through ``PlayerState.persist`` and restored on the next page load.
"""

from __future__ import annotations

import asyncio
import json
from typing import Any

import reflex as rx

from spoticlone.models.common import PlaySource
from spoticlone.services.catalog import browse
from spoticlone.services.core.errors import Invalid, NotFound
from spoticlone.services.discovery import radio
from spoticlone.services.listening.queue import PlayQueue
from spoticlone.state.acting import as_actor, signed_in_user_id
from spoticlone.state.common import call_service, track_views
from spoticlone.state.listening.lyrics import PanelState
from spoticlone.state.listening.player import MAX_POSITION_S, PlayerState, bounded
from spoticlone.state.share import play_source

UPCOMING_SHOWN = 50
SOURCES = ("album", "artist", "genre", "search", "track")
# Lists a page may name as a row's play source (playlists queue their own ids: ``state.library.playlist``;
# "library" is Liked Songs).
LIST_SOURCES = (*SOURCES, "playlist", "library")
ERROR_TEXT = "This track could not be played"
ERROR_SKIP_DELAY_S = 2.5
RESTART_AFTER_S = 3.0


def queue_from_saved(raw: str) -> tuple[PlayQueue, float]:
    """The queue and position saved in localStorage; garbage gives an empty queue."""
    try:
        data = json.loads(raw or "")
        position = float(data.get("position") or 0)
        return PlayQueue.from_dict(data["queue"]), position if 0 < position < 86_400 else 0.0
    except Exception:  # noqa: BLE001 - any client-side garbage means "start empty"
        return PlayQueue(), 0.0


class QueueState(rx.State):
    """Queue handlers: each asks ``PlayQueue`` for the next queue, then shows it."""

    upcoming: list[dict[str, Any]] = []
    shuffle: bool = False
    repeat: str = "off"
    #: What the queue plays from, when it says so itself ("Radio: <seed>").
    context_label: str = ""
    _queue: dict[str, Any] = {}

    def _q(self) -> PlayQueue:
        return PlayQueue.from_dict(self._queue)

    async def _show(self, queue: PlayQueue, *, begin: bool, autoplay: bool = True,
                    start_at: float = 0.0):
        """Store ``queue``, resolve the panel's tracks, and (re)load the audio if asked."""
        queue = await self._refilled(queue)
        self._queue = queue.to_dict()
        self.shuffle, self.repeat = bool(queue.shuffle), str(queue.repeat)
        player = await self.get_state(PlayerState)
        player.persist(self._queue)
        current_id = queue.current_id
        upcoming_ids = list(queue.upcoming(UPCOMING_SHOWN))
        wanted = ([current_id] if (begin and current_id) else []) + upcoming_ids
        found = await call_service(browse.tracks_by_ids, ids=wanted) if wanted else []
        by_id = {t["id"]: t for t in track_views(found)}
        self.upcoming = [by_id[i] for i in upcoming_ids if i in by_id]
        if not begin:
            return None
        if current_id is None or current_id not in by_id:
            return player.stop()
        events = [player.begin(by_id[current_id], source=str(queue.source or "other"),
                               source_id=queue.source_id, autoplay=autoplay, start_at=start_at)]
        panels = await self.get_state(PanelState)
        return events + (await panels.refresh_lyrics() or [])

    async def _refilled(self, queue: PlayQueue) -> PlayQueue:
        """A radio queue running low gets the station's next batch (and says which station it is)."""
        if queue.source != PlaySource.RADIO.value:
            self.context_label = ""
            return queue
        user_id = await signed_in_user_id(self)
        kept = await call_service(as_actor(radio.keep_playing), user_id=user_id, queue=queue)
        self.context_label = kept.label
        return kept.queue

    def playing_from(self) -> tuple[str | None, str | None]:
        """What the queue plays from: its source and source id (a station id for radio)."""
        queue = self._q()
        return queue.source, queue.source_id

    async def play_queue(self, queue: PlayQueue):
        """Play a queue another feature built (a radio station's first batch), from its start."""
        if not isinstance(queue, PlayQueue):  # reachable only from server code, never a browser's value
            return None
        return await self._advance(queue, skipped=True)

    async def _advance(self, queue: PlayQueue, *, completed=False, skipped=False):
        player = await self.get_state(PlayerState)
        await player.finish(completed=completed, skipped=skipped)
        return await self._show(queue, begin=True)

    @rx.event
    async def play_context(self, kind: str, ref: str):
        """Play an album, an artist's top tracks or a genre from the start."""
        if kind not in SOURCES:
            return None
        try:
            tracks = await call_service(browse.queue_for, kind=kind, ref=str(ref))
        except (NotFound, Invalid):
            return None  # the page's play button only shows when there is something
        queue = PlayQueue.start([t.id for t in tracks], source=play_source(self.router, kind),
                                source_id=str(ref), shuffle=self.shuffle)
        return await self._advance(queue, skipped=True)

    @rx.event
    async def play_list(self, track_ids: list[int], index: int, source: str, source_id: str):
        """Play a page's track list from row ``index`` (the row's list context)."""
        ids = [int(i) for i in track_ids if isinstance(i, (int, float, str)) and str(i).isdigit()]
        if not ids:
            return None
        listed = source if source in LIST_SOURCES else "track"
        queue = PlayQueue.start(ids[:500], start_index=max(0, min(int(index), len(ids) - 1)),
                                source=play_source(self.router, listed),
                                source_id=str(source_id or "") or None)
        return await self._advance(queue, skipped=True)

    @rx.event
    async def play_next(self, track_id: int):
        queue = self._q()
        if queue.current_id is None:
            return await self.play_list([track_id], 0, "track", str(track_id))
        return await self._show(queue.play_next([int(track_id)]), begin=False)

    @rx.event
    async def add_to_queue(self, track_id: int):
        queue = self._q()
        if queue.current_id is None:
            return await self.play_list([track_id], 0, "track", str(track_id))
        return await self._show(queue.add([int(track_id)]), begin=False)

    @rx.event
    async def remove(self, index: int):
        return await self._show(self._q().remove(int(index)), begin=False)

    @rx.event
    async def move(self, from_index: int, to_index: int):
        return await self._show(self._q().move(int(from_index), int(to_index)), begin=False)

    @rx.event
    async def clear(self):
        return await self._show(self._q().clear(), begin=False)

    @rx.event
    async def next(self):
        return await self._advance(self._q().next(manual=True), skipped=True)

    @rx.event
    async def previous(self, position: Any = None):
        """Restart the track past its first seconds, else go back one.

        ``position`` is the audio element's time when the button was pressed: the
        browser reports it only every ~10 s otherwise.
        """
        player = await self.get_state(PlayerState)
        if (at := bounded(position, MAX_POSITION_S)) is not None:
            player._position = at
        if player._position > RESTART_AFTER_S or self._q().current_id is None:
            return rx.call_script("window.scPlayer && window.scPlayer.seek(0)")
        return await self._advance(self._q().previous(), skipped=True)

    @rx.event
    async def toggle_shuffle(self):
        return await self._show(self._q().toggle_shuffle(), begin=False)

    @rx.event
    async def cycle_repeat(self):
        return await self._show(self._q().cycle_repeat(), begin=False)

    @rx.event
    async def track_ended(self):
        queue = self._q()
        following = queue.next()
        if following.current_id is None and queue.current_id is not None:
            # The queue ran out: like Spotify, keep the last track in the player, paused at
            # its start, so the bar stays and Play hears it again (no play is recorded
            # until it really plays).
            player = await self.get_state(PlayerState)
            await player.finish(completed=True)
            return await self._show(queue, begin=True, autoplay=False)
        return await self._advance(following, completed=True)

    @rx.event(background=True)
    async def track_failed(self):
        """Show the error, then skip to the next track unless the listener moved on."""
        async with self:
            player = await self.get_state(PlayerState)
            if not player.current_id:
                return
            failed, player.error, player.buffering = player.current_id, ERROR_TEXT, False
        await asyncio.sleep(ERROR_SKIP_DELAY_S)
        async with self:
            player = await self.get_state(PlayerState)
            if player.current_id == failed and player.error:
                events = await self._advance(self._q().next(manual=True), skipped=True)
            else:
                events = None
        return events

    @rx.event
    async def restore(self):
        """On app load: the saved queue and position, paused (browsers block autoplay)."""
        player = await self.get_state(PlayerState)
        player.session_id()
        if player.current_id and self._queue:
            # A reload of the same tab: its state outlived the page, the <audio> did not.
            await player.finish()
            queue, position = self._q(), player._position
        else:
            queue, position = queue_from_saved(player.saved)
        return await self._show(queue, begin=True, autoplay=False, start_at=position)
