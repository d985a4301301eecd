"""The rules: when to ask LRCLIB about a track, and what to do with the answer.

Nothing here runs in a listener's request except ``note_play``: it only reads and writes
this plugin's cache row and queues a job for after the commit, so playback never waits
on LRCLIB. The job (``fetch``) respects a shared minimum gap between requests, caches
every answer (a miss included) for a while, and stores synced lyrics on the track, which
is what the player reads (``services.catalog.lyrics``).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

import httpx
import sqlalchemy as sa
from sqlalchemy import event as sa_event
from sqlalchemy.orm import Session as OrmSession
from sqlmodel import Session

from lrclib.settings import Settings
from lrclib.tables import bucket, cache
from spoticlone.models import Album, ArtistProfile, Track
from spoticlone.services.catalog.lyrics import parse_lrc

log = logging.getLogger(__name__)

#: What marks lyrics as LRCLIB's: an LRC ID tag the player never shows as a line.
SOURCE_TAG = "[re:LRCLIB]"
PENDING_FOR = timedelta(minutes=10)
ERROR_RETRY_AFTER = timedelta(minutes=30)
MAX_LYRICS_CHARS = 20_000
MAX_LINES = 1_000
_QUEUED = "lrclib.queued_tracks"


def _now() -> datetime:
    return datetime.now(UTC).replace(tzinfo=None)


def _fresh_row(session: Session, track_id: int, now: datetime) -> Any:
    row = session.connection().execute(sa.select(cache).where(cache.c.track_id == track_id)).first()
    return row if row is not None and row.expires_at > now else None


def _put(session: Session, track_id: int, status: str, until: datetime, now: datetime,
         lrclib_id: int | None = None) -> None:
    conn = session.connection()
    conn.execute(sa.delete(cache).where(cache.c.track_id == track_id))
    conn.execute(sa.insert(cache).values(track_id=track_id, status=status, lrclib_id=lrclib_id,
                                         checked_at=now, expires_at=until))


def wants_lyrics(track: Track) -> bool:
    return not (track.synced_lyrics or "").strip() and not (track.lyrics or "").strip()


def note_play(session: Session, *, event: Any) -> None:
    """Subscriber of ``play_started``: queue a lookup for a track without lyrics, once.

    Only this plugin's cache row is written (inside the listener's transaction); the job
    is queued after the commit, so a rolled-back play queues nothing.
    """
    track = session.get(Track, event.track_id)
    now = _now()
    if track is None or track.id is None or not wants_lyrics(track) or _fresh_row(session, track.id, now):
        return
    _put(session, track.id, "pending", now + PENDING_FOR, now)
    session.info.setdefault(_QUEUED, set()).add(track.id)


@sa_event.listens_for(OrmSession, "after_commit")
def _enqueue_after_commit(session: OrmSession) -> None:
    queued = session.info.pop(_QUEUED, None)
    if not queued:
        return
    try:
        from lrclib.tasks import fetch_lyrics

        for track_id in sorted(queued):
            # Scheduled a moment later, never run inline: the committing session may still be
            # finishing, and a test queue (immediate mode) would otherwise run it right here.
            fetch_lyrics.schedule((track_id,), delay=1)
    except Exception:  # the queue being unavailable must never fail the listener's play
        log.exception("lrclib: could not queue lyrics lookups for %s", sorted(queued))


@sa_event.listens_for(OrmSession, "after_rollback")
def _forget_after_rollback(session: OrmSession) -> None:
    session.info.pop(_QUEUED, None)


@dataclass(frozen=True)
class Outcome:
    """What a lookup did: ``found``, ``not_found``, ``cached``, ``skipped`` or ``wait``."""

    status: str
    wait_seconds: float = 0.0


class ServiceDown(Exception):
    """LRCLIB did not answer usefully (timeout, 5xx): the job retries later."""


def take_slot(session: Session, *, interval: timedelta, now: datetime) -> float:
    """Claim the next request slot: 0 when granted, else the seconds to wait for it."""
    conn = session.connection()
    row = conn.execute(sa.select(bucket.c.next_at).where(bucket.c.id == 1)).first()
    if row is not None and row.next_at > now:
        return (row.next_at - now).total_seconds()
    if row is None:
        conn.execute(sa.insert(bucket).values(id=1, next_at=now + interval))
    else:
        conn.execute(sa.update(bucket).where(bucket.c.id == 1).values(next_at=now + interval))
    session.commit()
    return 0.0


def _query(session: Session, track: Track) -> dict[str, str]:
    artist = session.get(ArtistProfile, track.artist_id)
    album = session.get(Album, track.album_id) if track.album_id else None
    params = {"track_name": track.title, "artist_name": artist.stage_name if artist else ""}
    if album is not None:
        params["album_name"] = album.title
    if track.duration_ms:
        params["duration"] = str(round(track.duration_ms / 1000))
    return params


def _usable_lrc(text: Any) -> str | None:
    if not isinstance(text, str) or not text.strip() or len(text) > MAX_LYRICS_CHARS:
        return None
    parsed = parse_lrc(text)
    if not parsed.synced or not parsed.lines or len(parsed.lines) > MAX_LINES:
        return None
    return text.strip()


def fetch(session: Session, *, track_id: int, settings: Settings, client: httpx.Client,
          now: datetime | None = None) -> Outcome:
    """Ask LRCLIB for ``track_id``'s synced lyrics and store them; cache every answer.

    Raises:
        ServiceDown: the service failed (the row says ``error``; the job retries).
    """
    now = now or _now()
    track = session.get(Track, track_id)
    if track is None or not wants_lyrics(track):
        return Outcome("skipped")
    row = _fresh_row(session, track_id, now)
    if row is not None and row.status in ("found", "not_found"):
        return Outcome("cached")
    wait = take_slot(session, interval=timedelta(milliseconds=settings.min_interval_ms), now=now)
    if wait:
        return Outcome("wait", wait)
    try:
        answer = client.get(f"{settings.base_url}/api/get", params=_query(session, track))
    except httpx.HTTPError as exc:
        _put(session, track_id, "error", now + ERROR_RETRY_AFTER, now)
        session.commit()
        raise ServiceDown(f"LRCLIB unreachable: {type(exc).__name__}") from exc
    if answer.status_code == 404:
        _put(session, track_id, "not_found", now + timedelta(days=settings.not_found_days), now)
        session.commit()
        return Outcome("not_found")
    if answer.status_code != 200:
        _put(session, track_id, "error", now + ERROR_RETRY_AFTER, now)
        session.commit()
        raise ServiceDown(f"LRCLIB answered {answer.status_code}")
    try:
        body = answer.json()
    except ValueError:
        body = {}
    lrc = _usable_lrc(body.get("syncedLyrics") if isinstance(body, dict) else None)
    if lrc is None:
        _put(session, track_id, "not_found", now + timedelta(days=settings.not_found_days), now)
        session.commit()
        return Outcome("not_found")
    session.refresh(track)
    if wants_lyrics(track):  # an artist may have written lyrics meanwhile: theirs win
        track.synced_lyrics = f"{SOURCE_TAG}\n{lrc}"
        session.add(track)
    lrclib_id = body.get("id") if isinstance(body.get("id"), int) else None
    _put(session, track_id, "found", now + timedelta(days=settings.found_days), now, lrclib_id)
    session.commit()
    return Outcome("found")


def is_from_lrclib(track: Track) -> bool:
    return (track.synced_lyrics or "").startswith(SOURCE_TAG)
