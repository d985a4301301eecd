"""Playback status of the one persistent ``<audio>`` element, and the play events it makes.

The browser owns everything that changes while audio plays (elapsed text, seek bar,
volume, lyrics highlight, and the listening-time counter: ``assets/player.js``). It
reports the seconds it has heard in ``report``: every ~10 s of listening and at once on
pause, seek, end and track change, so an idle listener costs the server one small event
every ten seconds instead of one a second. Whether those seconds make a play (and the
cap by the wall clock) is decided by ``services.listening.plays``, never here or in the browser.

The listener's playback settings (``services.listening.playback``) are loaded when the
player mounts and again when the signed-in account changes: the stream URL carries the
streaming quality, and with normalisation on the browser fetches the track's gain and
applies it to the element's volume as the track loads (no websocket event).
"""

from __future__ import annotations

import json
import logging
import re
import secrets
from typing import Any

import reflex as rx

from spoticlone import routes
from spoticlone.services.core.errors import Invalid, NotFound, RateLimited
from spoticlone.services.listening import playback, plays
from spoticlone.services.listening.playback import PlaybackSettings
from spoticlone.state.acting import as_actor, signed_in_user_id
from spoticlone.state.auth.signed_in import router_client_ip
from spoticlone.state.common import call_service

PERSIST_EVERY_S = 5.0
# Bounds on what a browser may report (anything else is garbage or a forged event):
# no track is a day long, and a tab will not load two billion tracks.
MAX_LISTENED_MS = 86_400_000
MAX_POSITION_S = 86_400.0
MAX_SEQ = 2**31 - 1
_ANON_ID = re.compile(r"^[A-Za-z0-9_-]{16,64}$")

logger = logging.getLogger(__name__)


def bounded(value: Any, upper: float) -> float | None:
    """``value`` as a finite number in ``[0, upper]``, or ``None`` for anything else.

    Browser values arrive as JSON, where ``NaN`` and ``Infinity`` become ``null``; a
    forged event can carry strings, booleans or huge numbers. None of them may reach
    the listening time or the saved position.
    """
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return None
    number = float(value)
    return number if 0 <= number <= upper else None  # NaN fails both comparisons


def load_script(track: dict[str, Any], *, start_at: float, autoplay: bool,
                seq: int = 0, settings: PlaybackSettings | None = None) -> rx.event.EventSpec:
    """The ``scPlayer.load`` call for ``track``; every value is JSON-encoded, never spliced.

    ``seq`` numbers this load: the browser tags its listening reports with it, so a late
    report about the previous track can never be credited to the next one. ``settings``
    choose the stream's quality and whether the browser normalises its volume.
    """
    settings = settings or PlaybackSettings()
    src = track.get("stream_url") or ""
    track_id = track.get("id")
    payload = {
        "seq": seq,
        "src": f"{src}?quality={settings.streaming_quality}" if src else "",
        "normalise": settings.normalise_volume,
        "gain_url": routes.normalisation_url(int(track_id)) if track_id else "",
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
    _seq: int = 0
    _ms_played: int = 0
    #: The play that ended last ({"seq", "play_id", "owner", "ms"}): the browser's final
    #: report about it arrives after the next track has begun.
    _last_play: dict[str, Any] = {}
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

    _quality: str = playback.DEFAULT_QUALITY
    _normalise: bool = playback.DEFAULT_NORMALISE
    #: Whose settings ``_quality``/``_normalise`` are (0: anonymous, -1: not loaded yet).
    _settings_for: int = -1

    def settings(self) -> PlaybackSettings:
        return PlaybackSettings(streaming_quality=self._quality, normalise_volume=self._normalise)

    def use_settings(self, settings: PlaybackSettings, user_id: int | None) -> rx.event.EventSpec:
        """Play from now on with ``settings``: the next load's quality, normalisation at once."""
        self._quality, self._normalise = settings.streaming_quality, settings.normalise_volume
        self._settings_for = user_id or 0
        return rx.call_script(f"window.scPlayer && window.scPlayer.setNormalise({json.dumps(self._normalise)})")

    async def _load_settings(self, user_id: int | None) -> rx.event.EventSpec:
        found = await call_service(as_actor(playback.get_settings), user_id=user_id)
        return self.use_settings(found, user_id)

    @rx.event
    async def load_settings(self):
        """On mount, before the queue is restored: the signed-in listener's settings."""
        return await self._load_settings(await signed_in_user_id(self))

    def session_id(self) -> str:
        """This browser's anonymous listening id, created on first use."""
        if not _ANON_ID.match(self.anon_id or ""):
            self.anon_id = secrets.token_urlsafe(18)
        return self.anon_id

    async def owner(self) -> dict[str, Any]:
        """The signed-in listener (checked on the server now) or this browser's anonymous id."""
        user_id = await signed_in_user_id(self)
        return {"user_id": user_id} if user_id else {"anonymous_session": self.session_id()}

    def begin(self, track: dict[str, Any], *, source: str, source_id: str | None,
              autoplay: bool, start_at: float = 0.0) -> rx.event.EventSpec:
        """Make ``track`` current; the play event starts when audio actually plays."""
        self.current, self._position, self.error = track, max(0.0, start_at), ""
        self.buffering, self.is_playing = autoplay, False
        self._play_id, self._ms_played = None, 0
        self._source, self._source_id = source or "other", source_id
        self._seq = self._seq + 1 if self._seq < MAX_SEQ else 1
        return load_script(track, start_at=start_at, autoplay=autoplay, seq=self._seq,
                           settings=self.settings())

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
        if self._play_id is not None:
            self._last_play = {"seq": self._seq, "play_id": self._play_id,
                               "owner": self._play_owner, "ms": self._ms_played}
        self._play_id = None

    async def _send(self, play_id: int, owner: dict[str, Any], ms_played: int, *,
                    completed: bool = False, skipped: bool = False) -> bool:
        """One progress report to the service; ``False`` when the play is gone (stop reporting)."""
        try:
            await call_service(
                plays.report_progress, play_id=play_id, ms_played=ms_played,
                completed=completed, skipped=skipped,
                **(owner or {"anonymous_session": self.session_id()}),
            )
        except (NotFound, Invalid) as exc:  # the event is gone (or was never ours): stop
            logger.warning("play %s progress not recorded: %s", play_id, exc)
            return False
        return True

    async def _report(self, *, completed: bool = False, skipped: bool = False) -> None:
        if not await self._send(self._play_id, self._play_owner, self._ms_played,
                                completed=completed, skipped=skipped):
            self._play_id = None

    @rx.event
    async def playing(self):
        self.is_playing, self.buffering, self.error = True, False, ""
        track_id = self.current.get("id")
        resettle = None
        if self._play_id is None and track_id:
            try:
                self._play_owner = await self.owner()
                self._play_id = await call_service(
                    plays.start_play, track_id=int(track_id), source=self._source,
                    source_id=self._source_id, client_ip=router_client_ip(self.router) or None,
                    **self._play_owner,
                )
            except (NotFound, Invalid, RateLimited) as exc:  # unpublished since queued, or throttled
                logger.warning("play of track %s not recorded: %s", track_id, exc)
            listener = self._play_owner.get("user_id") or 0
            if listener != self._settings_for:  # signed in or out since the settings loaded
                resettle = await self._load_settings(listener or None)
        return resettle

    @rx.event
    def paused(self):
        # The browser reports the listening time itself on pause (``report``).
        self.is_playing = False
        self.persist()

    @rx.event
    async def report(self, seq: Any, listened_ms: Any, position: Any):
        """The browser's listening report for the load numbered ``seq``.

        ``listened_ms`` is the total heard of that load so far (seeks excluded), and
        ``position`` the playback position in seconds. Malformed numbers are refused;
        the service keeps the total monotonic and caps it by the track's length and the
        wall-clock time since the play started, so a forged report cannot count a play.
        """
        number = bounded(seq, MAX_SEQ)
        heard, at = bounded(listened_ms, MAX_LISTENED_MS), bounded(position, MAX_POSITION_S)
        if number is None or heard is None or at is None or number != int(number):
            logger.info("refused a malformed listening report")
            return
        ms = int(heard)
        if number == self._seq:
            self._position = at
            if self._play_id is not None and ms > self._ms_played:
                self._ms_played = ms
                await self._report()
            if abs(at - self._persisted_at) >= PERSIST_EVERY_S:
                self.persist()
        elif number == self._last_play.get("seq") and ms > self._last_play["ms"]:
            last = self._last_play = {**self._last_play, "ms": ms}
            if not await self._send(last["play_id"], last["owner"], ms):
                self._last_play = {}

    @rx.event
    def waiting(self):
        self.buffering = True

    @rx.event
    def can_play(self):
        self.buffering = False
