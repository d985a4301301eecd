"""Listens: noted inside the listener's transaction, submitted by jobs after the commit.

``play_started`` queues a "playing now" notice (one try: it is stale a minute later).
``play_recorded`` adds one ``listenbrainz_listen`` row per play event (unique), then a
job submits it as a ``single`` listen and marks it sent; a retry of that job, or a second
job for the same play, finds it sent and submits nothing. The service being down makes
the job fail and huey retries it with growing delays.
"""

from __future__ import annotations

import logging
from datetime import UTC, datetime
from typing import Any

import httpx
import sqlalchemy as sa
from sqlalchemy import event as sa_event
from sqlalchemy.orm import Session as OrmSession
from sqlmodel import Session

from spoticlone.models import Album, ArtistProfile, PlayEvent, Track
from spoticlone_listenbrainz.accounts import token_for
from spoticlone_listenbrainz.tables import accounts, listens

log = logging.getLogger(__name__)

CLIENT = {"submission_client": "Spoticlone", "submission_client_version": "0.1.0",
          "media_player": "Spoticlone"}
_QUEUED = "listenbrainz.queued"


class ServiceDown(Exception):
    """The service failed (network, 429, 5xx): the job is retried later."""


def _connected(session: Session, user_id: int | None) -> bool:
    if user_id is None:  # anonymous listeners have nobody to scrobble for
        return False
    return session.connection().execute(
        sa.select(accounts.c.user_id).where(accounts.c.user_id == user_id)).first() is not None


def _queue(session: Session, kind: str, play_id: int) -> None:
    session.info.setdefault(_QUEUED, []).append((kind, play_id))


def on_play_started(session: Session, *, event: Any) -> None:
    """Subscriber: a connected listener started a track: tell ListenBrainz, after the commit."""
    if _connected(session, event.user_id):
        _queue(session, "now", event.id)


def on_play_recorded(session: Session, *, event: Any) -> None:
    """Subscriber: a counted play of a connected listener becomes one listen row, then a job."""
    if not _connected(session, event.user_id):
        return
    conn = session.connection()
    if conn.execute(sa.select(listens.c.id).where(listens.c.play_event_id == event.id)).first():
        return
    conn.execute(sa.insert(listens).values(play_event_id=event.id, user_id=event.user_id,
                                           status="pending", attempts=0))
    _queue(session, "listen", event.id)


@sa_event.listens_for(OrmSession, "after_commit")
def _enqueue_after_commit(session: OrmSession) -> None:
    queued = session.info.pop(_QUEUED, None)
    if not queued:
        return
    try:
        from spoticlone_listenbrainz import tasks

        for kind, play_id in queued:
            task = tasks.submit_listen if kind == "listen" else tasks.playing_now
            # A moment later, never inline: the committing session may still be finishing.
            task.schedule((play_id,), delay=1)
    except Exception:  # the queue being unavailable must never fail the listener's play
        log.exception("listenbrainz: could not queue %s", queued)


@sa_event.listens_for(OrmSession, "after_rollback")
def _forget_after_rollback(session: OrmSession) -> None:
    session.info.pop(_QUEUED, None)


def _metadata(session: Session, play: PlayEvent) -> dict[str, Any]:
    track = session.get(Track, play.track_id)
    if track is None:
        return {}
    artist = session.get(ArtistProfile, track.artist_id)
    album = session.get(Album, track.album_id) if track.album_id else None
    meta: dict[str, Any] = {"artist_name": artist.stage_name if artist else "Unknown artist",
                            "track_name": track.title,
                            "additional_info": {**CLIENT, "duration_ms": int(track.duration_ms or 0)}}
    if album is not None:
        meta["release_name"] = album.title
    return meta


def _post(client: httpx.Client, base_url: str, token: str, body: dict[str, Any]) -> int:
    try:
        answer = client.post(f"{base_url}/1/submit-listens", json=body,
                             headers={"Authorization": f"Token {token}"})
    except httpx.HTTPError as exc:
        raise ServiceDown(type(exc).__name__) from exc
    if answer.status_code == 429 or answer.status_code >= 500:
        raise ServiceDown(f"answered {answer.status_code}")
    return answer.status_code


def submit(session: Session, *, play_event_id: int, client: httpx.Client, base_url: str) -> str:
    """Submit the listen of ``play_event_id`` once: ``sent``, ``already``, ``refused`` or ``gone``.

    Raises:
        ServiceDown: try again later (the row stays pending).
    """
    conn = session.connection()
    row = conn.execute(sa.select(listens).where(listens.c.play_event_id == play_event_id)).first()
    if row is None:
        return "gone"
    if row.status != "pending":
        return "already"
    play = session.get(PlayEvent, play_event_id)
    token = token_for(session, row.user_id)
    if play is None or token is None:
        return "gone"
    conn.execute(sa.update(listens).where(listens.c.id == row.id).values(attempts=listens.c.attempts + 1))
    session.commit()
    started = play.started_at if play.started_at.tzinfo else play.started_at.replace(tzinfo=UTC)
    body = {"listen_type": "single",
            "payload": [{"listened_at": int(started.timestamp()), "track_metadata": _metadata(session, play)}]}
    status = _post(client, base_url, token, body)
    done = "sent" if status == 200 else "refused"
    if done == "refused":
        log.warning("listenbrainz: listen of play %s refused with %s", play_event_id, status)
    conn = session.connection()
    conn.execute(sa.update(listens).where(listens.c.id == row.id, listens.c.status == "pending")
                 .values(status=done, sent_at=datetime.now(UTC).replace(tzinfo=None)))
    session.commit()
    return done


def playing_now(session: Session, *, play_event_id: int, client: httpx.Client, base_url: str) -> str:
    """Tell the service what the listener is playing now (best effort, one try)."""
    play = session.get(PlayEvent, play_event_id)
    token = token_for(session, play.user_id) if play is not None and play.user_id else None
    if play is None or token is None:
        return "gone"
    body = {"listen_type": "playing_now", "payload": [{"track_metadata": _metadata(session, play)}]}
    return "sent" if _post(client, base_url, token, body) == 200 else "refused"
