"""Playback status of the one persistent ``<audio>`` element, and the play events it makes.

The browser owns the sub-second work (elapsed text, seek bar, volume, lyrics highlight:
``assets/player.js``); this state hears about playback through a few media events and a
time tick throttled to one per second, which is enough to report progress every ~10 s
of listening and to persist the position for a page reload.
"""

from __future__ import annotations

import asyncio

import json
import logging
import re
import secrets
from typing import Any

import reflex as rx

from spoticlone.services import plays
from spoticlone.services.errors import Invalid, NotFound, RateLimited
from spoticlone.state.auth import AuthState
from spoticlone.state.common import call_service

REPORT_EVERY_MS = 10_000
PERSIST_EVERY_S = 5.0
# A tick further than this from the last one is a seek, not listening time.
MAX_TICK_GAP_S = 3.0
_ANON_ID = re.compile(r"^[A-Za-z0-9_-]{16,64}$")

logger = logging.getLogger(__name__)


def load_script(track: dict[str, Any], *, start_at: float, autoplay: bool) -> rx.event.EventSpec:
    """The ``scPlayer.load`` call for ``track``; every value is JSON-encoded, never spliced."""
    payload = {
        "src": track.get("stream_url") or "",
        "start": round(max(0.0, start_at), 2),
        "autoplay": autoplay,
        "duration": (track.get("duration_ms") or 0) / 1000,
        "title": track.get("title") or "",
        "artist": track.get("artist_name") or "",
        "album": track.get("album_title") or "",
        "artwork": track.get("cover_url") or "",
    }
    # player.js may still be loading right after a page load (restore): it picks the
    # pending call up when it starts.
    return rx.call_script(
        f"(p => window.scPlayer ? window.scPlayer.load(p) : (window.scPending = p))({json.dumps(payload)})"
    )


class PlayerState(rx.State):
    """The current track and its playback status; the queue lives in ``QueueState``."""

    anon_id: str = rx.LocalStorage("", name="sc_anon")
    saved: str = rx.LocalStorage("", name="sc_queue")
    current: dict[str, Any] = {}
    is_playing: bool = False
    buffering: bool = False
    error: str = ""
    _position: float = 0.0

    _play_id: int | None = None
    _ms_played: int = 0
    _reported_ms: int = 0
    _source: str = "other"
    _source_id: str | None = None
    _queue: dict[str, Any] = {}
    _persisted_at: float = 0.0
    #: Who owns the current play event ({"user_id": n} or {"anonymous_session": s}),
    #: fixed when it starts so its progress reports always match its owner.
    _play_owner: dict[str, Any] = {}

    @rx.var
    def current_id(self) -> int:
        return int(self.current.get("id") or 0)

    def session_id(self) -> str:
        """This browser's anonymous listening id, created on first use."""
        if not _ANON_ID.match(self.anon_id or ""):
            self.anon_id = secrets.token_urlsafe(18)
        return self.anon_id

    async def owner(self) -> dict[str, Any]:
        """The signed-in listener (checked on the server now) or this browser's anonymous id."""
        auth = await self.get_state(AuthState)
        user_id = await asyncio.to_thread(auth.current_user_id)
        return {"user_id": user_id} if user_id else {"anonymous_session": self.session_id()}

    def begin(self, track: dict[str, Any], *, source: str, source_id: str | None,
              autoplay: bool, start_at: float = 0.0) -> rx.event.EventSpec:
        """Make ``track`` current; the play event starts when audio actually plays."""
        self.current, self._position, self.error = track, max(0.0, start_at), ""
        self.buffering, self.is_playing = autoplay, False
        self._play_id, self._ms_played, self._reported_ms = None, 0, 0
        self._source, self._source_id = source or "other", source_id
        return load_script(track, start_at=start_at, autoplay=autoplay)

    def stop(self) -> rx.event.EventSpec:
        self.current, self._position, self.error = {}, 0.0, ""
        self.is_playing = self.buffering = False
        self._play_id = None
        return rx.call_script("window.scPlayer && window.scPlayer.stop()")

    def persist(self, queue: dict[str, Any] | None = None) -> None:
        """Write the queue and position to this browser's localStorage."""
        if queue is not None:
            self._queue = queue
        self._persisted_at = self._position
        self.saved = json.dumps({"queue": self._queue, "position": round(self._position, 1)})

    async def finish(self, *, completed: bool = False, skipped: bool = False) -> None:
        """Report the last progress of the current play (on ended, skip or track change)."""
        if self._play_id is None:
            return
        await self._report(completed=completed, skipped=skipped)
        self._play_id = None

    async def _report(self, *, completed: bool = False, skipped: bool = False) -> None:
        try:
            await call_service(
                plays.report_progress, play_id=self._play_id, ms_played=self._ms_played,
                completed=completed, skipped=skipped,
                **(self._play_owner or {"anonymous_session": self.session_id()}),
            )
        except (NotFound, Invalid) as exc:  # the event is gone (or was never ours): stop
            logger.warning("play %s progress not recorded: %s", self._play_id, exc)
            self._play_id = None
        self._reported_ms = self._ms_played

    @rx.event
    async def playing(self):
        self.is_playing, self.buffering, self.error = True, False, ""
        track_id = self.current.get("id")
        if self._play_id is None and track_id:
            try:
                self._play_owner = await self.owner()
                self._play_id = await call_service(
                    plays.start_play, track_id=int(track_id), source=self._source,
                    source_id=self._source_id, client_ip=self.router.session.client_ip or None,
                    **self._play_owner,
                )
            except (NotFound, Invalid, RateLimited) as exc:  # unpublished since queued, or throttled
                logger.warning("play of track %s not recorded: %s", track_id, exc)

    @rx.event
    async def paused(self):
        self.is_playing = False
        if self._play_id is not None and self._ms_played > self._reported_ms:
            await self._report()
        self.persist()

    @rx.event
    async def tick(self, current_time: float, duration: float):
        try:
            now = max(0.0, float(current_time))
        except (TypeError, ValueError):
            return
        gap = now - self._position
        if self._play_id is not None and 0 < gap <= MAX_TICK_GAP_S:
            self._ms_played += int(gap * 1000)
        self._position = now
        if self._play_id is not None and self._ms_played - self._reported_ms >= REPORT_EVERY_MS:
            await self._report()
        if abs(now - self._persisted_at) >= PERSIST_EVERY_S:
            self.persist()

    @rx.event
    def waiting(self):
        self.buffering = True

    @rx.event
    def can_play(self):
        self.buffering = False
