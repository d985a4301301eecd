"""The lyrics sync editor (``/studio/lyrics/<track id>``): paste, tap along, nudge, save.

The working copy (the text and the lines with their times) lives here until Save, which
hands it to ``services.studio.lyrics.save_lyrics``: that service decides who may edit
the song and what is accepted, and its refusal is shown under the editor. The moment of
a tap is read from the editor's ``<audio>`` in the browser when the key or button is
pressed (``components/lyrics_editor.py``), so the websocket's round trip never shifts
a time; ``assets/lyrics_editor.js`` turns Space/Enter into a tap and highlights the
preview while the song plays, without a round trip per frame.
"""

from __future__ import annotations

import json
from typing import Any

import reflex as rx

from spoticlone import routes
from spoticlone.branding import page_title as document_title
from spoticlone.services.catalog.lyrics import UNTIMED
from spoticlone.services.core.errors import DomainError, NotFound
from spoticlone.services.studio import lyrics as studio_lyrics
from spoticlone.services.studio.lyrics import MAX_CHARS, MAX_LRC_BYTES, SyncLine
from spoticlone.state.acting import as_actor, sign_in_redirect, signed_in_user_id
from spoticlone.state.common import call_service
from spoticlone.state.refusals import needs_sign_in, ui_message
from spoticlone.state.uploads import sent_files

#: The route param naming the song (a root-state var; never redeclared here).
ROUTE_PARAM = "studio_track_id"
NUDGE_MS = 100
#: A tap later than this is not a time the audio element can report: ignored.
MAX_TAP_MS = 24 * 3600 * 1000
SCRIPT = "/lyrics_editor.js"
LOAD_SCRIPT = (
    "if (window.scLyricsEditor) { window.scLyricsEditor.refresh(); } else { "
    "var s = document.createElement('script'); s.src = " + json.dumps(SCRIPT) + "; "
    "document.head.appendChild(s); }"
)
LRC_TOO_BIG = f"Choose an .lrc file under {MAX_LRC_BYTES // 1024} KB."


def clock_text(ms: int) -> str:
    """``m:ss.t`` for a line's time (tenths, the nudge step); ``--:--`` for an untimed line."""
    if ms < 0:
        return "--:--.-"
    tenths = int(ms) // 100
    return f"{tenths // 600}:{tenths // 10 % 60:02d}.{tenths % 10}"


def line_views(lines: list[SyncLine]) -> list[dict[str, Any]]:
    """Lines as the sync list shows them; ``early`` marks a time before an earlier line's."""
    out, latest = [], UNTIMED
    for index, line in enumerate(lines):
        early = line.time_ms >= 0 and line.time_ms < latest
        latest = max(latest, line.time_ms)
        out.append({"index": index, "time_ms": line.time_ms, "text": line.text,
                    "shown": line.text or "\u266a (instrumental)", "clock": clock_text(line.time_ms),
                    "timed": line.time_ms >= 0, "early": early})
    return out


class LyricsEditorState(rx.State):
    """One song's lyrics while its artist edits them."""

    loaded: bool = False
    not_found: bool = False
    title: str = ""
    artist_name: str = ""
    duration_ms: int = 0
    status: str = ""
    stream_url: str = ""
    has_synced: bool = False
    plain: str = ""
    lines: list[dict[str, Any]] = []
    cursor: int = 0
    dirty: bool = False
    error: str = ""
    notice: str = ""
    importing: bool = False
    form_version: int = 0  # bumped to reset the uncontrolled textarea after a load or import
    #: The song's .lrc download. Set by ``load``, not a computed var: the route parameter it
    #: comes from is read with ``getattr``, which a cached var cannot see change, so the
    #: browser got an empty link (the page itself) instead of the file.
    export_url: str = ""

    @rx.var
    def page_title(self) -> str:
        return document_title(f"Lyrics: {self.title}" if self.title else "Lyrics editor")

    @rx.var
    def timed_count(self) -> int:
        return sum(1 for line in self.lines if line.get("timed"))

    @rx.var
    def progress_text(self) -> str:
        total = len(self.lines)
        timed = sum(1 for line in self.lines if line.get("timed"))
        return f"{timed} of {total} lines synced" if total else "No lines yet"

    @rx.var
    def next_line(self) -> str:
        if 0 <= self.cursor < len(self.lines):
            return str(self.lines[self.cursor].get("shown") or "")
        return ""

    def _track_id(self) -> int | None:
        return routes.parse_ref(str(getattr(self, ROUTE_PARAM, "") or ""))

    def _sync_lines(self) -> list[SyncLine]:
        return [SyncLine(time_ms=int(line["time_ms"]), text=str(line["text"])) for line in self.lines]

    def _set_lines(self, lines: list[SyncLine]) -> None:
        self.lines = line_views(lines)
        self.cursor = min(max(0, self.cursor), len(self.lines))

    def _show(self, view) -> None:
        self.title, self.artist_name = view.title, view.artist_name
        self.duration_ms, self.status, self.stream_url = view.duration_ms, view.status, view.stream_url
        self.has_synced, self.plain = view.synced, view.plain
        lines = studio_lyrics.sync_lines_for(view.plain, list(view.lines))
        if view.synced and sum(1 for line in lines if line.time_ms >= 0) < len(view.lines):
            # The synced lines differ from the text (an imported file, instrumental gaps):
            # show them as saved rather than lose a time.
            lines = list(view.lines)
        self._set_lines(lines)
        first_untimed = next((i for i, line in enumerate(lines) if line.time_ms < 0), len(lines))
        self.cursor = first_untimed if lines else 0
        self.dirty = False
        self.form_version += 1

    async def _as_owner(self, fn, **kwargs):
        """``fn`` as the signed-in account on this page's song; raises ``DomainError``."""
        user_id = await signed_in_user_id(self)
        return await call_service(as_actor(fn), user_id=user_id, track_id=self._track_id() or -1, **kwargs)

    def _refused(self, exc: DomainError):
        if needs_sign_in(exc):
            return sign_in_redirect(self)
        self.error = ui_message(exc)
        return None

    @rx.event
    async def load(self):
        """``on_load``: the song and its lyrics, for its artist (or an admin) only."""
        self.loaded, self.not_found, self.error, self.notice = False, False, "", ""
        self.title, self.lines, self.plain, self.cursor, self.export_url = "", [], "", 0, ""
        track_id = self._track_id()
        if track_id is None:
            self.not_found = True
            return None
        try:
            view = await self._as_owner(studio_lyrics.lyrics_for_edit)
        except NotFound:
            self.not_found = True
            return None
        except DomainError as exc:
            return self._refused(exc)
        self._show(view)
        self.export_url = f"{routes.API_V1}/studio/tracks/{track_id}/lyrics.lrc"
        self.loaded = True
        return rx.call_script(LOAD_SCRIPT)

    @rx.event
    def set_plain(self, value: str):
        """The pasted text (sent when the text box loses focus); the sync lines follow it."""
        value = str(value or "")
        if value == self.plain:
            return
        self.error, self.notice = "", ""
        if len(value) > MAX_CHARS:
            self.error = f"Lyrics can be at most {MAX_CHARS:,} characters long."
            return
        try:
            lines = studio_lyrics.sync_lines_for(value, self._sync_lines())
        except DomainError as exc:
            self.error = ui_message(exc)
            return
        self.plain, self.dirty = value, True
        self._set_lines(lines)
        self.cursor = next((i for i, line in enumerate(lines) if line.time_ms < 0), len(lines))

    @rx.event
    def stamp(self, time_ms: Any):
        """Tap: the current line starts at ``time_ms`` (read from the audio); move to the next."""
        self.notice = ""
        if isinstance(time_ms, bool) or not isinstance(time_ms, (int, float)) or not 0 <= time_ms <= MAX_TAP_MS:
            return
        if not self.lines:
            self.error = "Paste the lyrics first, then tap along."
            return
        if self.cursor >= len(self.lines):
            self.notice = "Every line has a time. Pick a line to re-tap from it."
            return
        self.error = ""
        lines = self._sync_lines()
        lines[self.cursor] = SyncLine(time_ms=int(time_ms), text=lines[self.cursor].text)
        self.cursor += 1
        self._set_lines(lines)
        self.dirty = True

    @rx.event
    def nudge(self, index: int, delta_ms: int):
        """Move one line's time by ``delta_ms`` (at most a second either way; never below 0)."""
        if not isinstance(index, int) or not isinstance(delta_ms, int) or not 0 <= index < len(self.lines):
            return
        lines = self._sync_lines()
        if lines[index].time_ms < 0:
            return
        delta = max(-1000, min(1000, delta_ms))
        lines[index] = SyncLine(time_ms=min(MAX_TAP_MS, max(0, lines[index].time_ms + delta)),
                                text=lines[index].text)
        self._set_lines(lines)
        self.dirty, self.notice = True, ""

    @rx.event
    def retap_from(self, index: int):
        """The next tap stamps line ``index``; the song jumps to just before it."""
        if not isinstance(index, int) or not 0 <= index < len(self.lines):
            return None
        self.cursor, self.notice = index, ""
        earlier = [int(line["time_ms"]) for line in self.lines[:index] if line["timed"]]
        start = max(0, earlier[-1] - 1000) if earlier else 0
        return rx.call_script(f"window.scLyricsEditor && window.scLyricsEditor.seek({start})")

    @rx.event
    async def save(self):
        """Save the text and the synced lines together (all or nothing, checked by the service)."""
        self.error, self.notice = "", ""
        lines = self._sync_lines()
        timed = any(line.time_ms >= 0 for line in lines)
        try:
            view = await self._as_owner(studio_lyrics.save_lyrics, plain=self.plain,
                                        lines=[(line.time_ms, line.text) for line in lines] if timed else [])
        except DomainError as exc:
            return self._refused(exc)
        cursor = self.cursor
        self._show(view)
        self.cursor = min(cursor, len(self.lines))
        self.notice = "Saved. Listeners now see these lyrics." if view.synced or view.plain else "Saved."
        return None

    @rx.event
    def lrc_rejected(self, _rejected: list[dict[str, Any]]):
        self.error = LRC_TOO_BIG

    @rx.event(background=True)
    async def import_lrc(self, chunks: rx.UploadChunkIterator):
        """An ``.lrc`` file replaces the synced lines (read up to the size cap, then refused)."""
        sent = await sent_files(chunks)
        if sent is None:  # the zone refused the file and its rejected handler said why
            return None
        async with self:
            self.error, self.notice, self.importing = "", "", True
        try:
            data, refused = await studio_lyrics.read_lrc_upload(chunk.data async for chunk in sent), None
        except DomainError as exc:
            data, refused = b"", exc
        async with self:
            try:
                if refused is not None:
                    raise refused
                view = await self._as_owner(studio_lyrics.import_lrc, data=data)
                self._show(view)
                self.notice = f"Imported {len(view.lines)} synced lines."
            except DomainError as exc:
                self.error = ui_message(exc)
            self.importing = False
