"""A new release told to every follower of its artist, in chunks after the publish commits.

Why not in the publish transaction: an artist with 100 000 followers would make the publish
write 100 000 notifications and as many mails before it commits, holding the database's
write lock (SQLite has one) and the artist's request for all of it. The subscriber only notes
the release on the session; after the commit, ``dispatchers`` (the job module installs one)
queue a job per release, and each job tells ``CHUNK`` followers in its own short transaction,
then queues the next chunk.

Idempotent: every write goes through ``inbox.deliver_many`` under the release's
``dedupe_key``, so a retried or repeated chunk writes nothing twice. A process that dies
between the commit and the queueing loses no release for good: ``recent_releases`` finds the
releases of the last days again and the periodic job runs them once more (only the missing
rows are written). With no dispatcher installed (a script, a test), the chunks run right
after the commit in a session of their own.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy import event
from sqlalchemy.orm import Session as OrmSession
from sqlmodel import Session, col, select

from spoticlone import routes
from spoticlone.models import (
    Album,
    ArtistFollow,
    ArtistProfile,
    Notification,
    NotificationEmail,
    Track,
    TrackStatus,
    User,
)
from spoticlone.services.core.db_cache import engine_of
from spoticlone.services.notifications import inbox, preferences

log = logging.getLogger(__name__)

#: Followers told per job: one short transaction each.
CHUNK = 500
#: How far back the safety net looks for releases (by release date).
RECENT_DAYS = 2
_PENDING = "spoticlone.notifications.releases"

#: Called after a commit with the id of one track per release it published (the job module
#: installs one that queues ``fan_out_release``).
dispatchers: list[Callable[[int], object]] = []


@dataclass(frozen=True)
class Release:
    """What every follower is told about one release, and who to ask."""

    artist_id: int
    owner_user_id: int | None
    title: str
    link: str
    dedupe_key: str


def release_of(session: Session, track_id: int) -> Release | None:
    """The release ``track_id`` belongs to (its album, or the single), if it is still published."""
    track = session.get(Track, track_id)
    if track is None or track.status != TrackStatus.PUBLISHED:
        return None
    artist = session.get(ArtistProfile, track.artist_id)
    if artist is None:
        return None
    album = session.get(Album, track.album_id) if track.album_id else None
    if album is not None:
        return Release(artist.id or 0, artist.user_id, f"{artist.stage_name} released {album.title}",
                       routes.album_url(album.id or 0, album.slug), f"release:album:{album.id}")
    return Release(artist.id or 0, artist.user_id, f"{artist.stage_name} released {track.title}",
                   routes.track_url(track.id or 0, track.slug), f"release:track:{track.id}")


def note_release(session: Session, track: Track) -> None:
    """Remember (on the session, no write) that ``track``'s release goes out after the commit."""
    release = release_of(session, track.id or 0)
    if release is not None:
        session.info.setdefault(_PENDING, {}).setdefault(release.dedupe_key, track.id)


def deliver_chunk(session: Session, *, track_id: int, after_user_id: int = 0) -> int | None:
    """Tell the next ``CHUNK`` followers (by user id, after ``after_user_id``) and commit.

    Returns the user id to continue after, or None when every follower has been told (or
    the release is gone). Running a chunk again writes nothing new.
    """
    release = release_of(session, track_id)
    if release is None:
        return None
    followers = list(session.exec(
        select(User).join(ArtistFollow, col(ArtistFollow.user_id) == User.id)
        .where(ArtistFollow.artist_id == release.artist_id, col(User.suspended).is_(False),
               col(User.id) > after_user_id)
        .order_by(col(User.id)).limit(CHUNK)))
    told = _already_told(session, [u.id or 0 for u in followers], release.dedupe_key)
    recipients = [u for u in followers if u.id != release.owner_user_id and u.id not in told]
    inbox.deliver_many(session, recipients, kind=preferences.RELEASE, title=release.title,
                       body="New music from an artist you follow.", link=release.link, action="Listen now",
                       dedupe_key=release.dedupe_key)
    session.commit()
    return followers[-1].id if len(followers) == CHUNK else None


def _already_told(session: Session, ids: list[int], key: str) -> set[int]:
    """Which of ``ids`` already have this release in the bell or the outbox.

    They are skipped at once: a rerun of a large release then costs two indexed reads per
    chunk, not one preference read per follower.
    """
    if not ids:
        return set()
    told = set(session.exec(select(Notification.user_id).where(
        col(Notification.user_id).in_(ids), Notification.dedupe_key == key)))
    told.update(session.exec(select(NotificationEmail.user_id).where(
        col(NotificationEmail.user_id).in_(ids), NotificationEmail.dedupe_key == key)))
    return told


def deliver_all(session: Session, *, track_id: int) -> None:
    """Every chunk of one release, one after the other (no queue: scripts, tests, the fallback)."""
    cursor: int | None = 0
    while cursor is not None:
        cursor = deliver_chunk(session, track_id=track_id, after_user_id=cursor)


def recent_releases(session: Session, *, today: date) -> list[int]:
    """One published track per release dated in the last ``RECENT_DAYS`` days (the safety net)."""
    rows = session.exec(
        select(Track.id, Track.album_id).where(col(Track.status) == TrackStatus.PUBLISHED,
                                               col(Track.release_date) >= today - timedelta(days=RECENT_DAYS))
        .order_by(col(Track.id)))
    chosen: dict[object, int] = {}
    for track_id, album_id in rows:
        chosen.setdefault(("album", album_id) if album_id else ("track", track_id), int(track_id or 0))
    return list(chosen.values())


@event.listens_for(OrmSession, "after_commit")
def _dispatch_after_commit(session: OrmSession) -> None:
    """Queue the fan-out of each release this commit published (never fails the commit)."""
    pending = session.info.pop(_PENDING, None)
    if not pending:
        return
    for track_id in pending.values():
        try:
            if not dispatchers:
                with Session(engine_of(session), expire_on_commit=False) as own:
                    deliver_all(own, track_id=track_id)
            for dispatch in dispatchers:
                dispatch(track_id)
        except Exception:  # the queue is down: the periodic job finds the release again
            log.exception("could not tell the followers of track %s's release yet; the sweep will", track_id)


@event.listens_for(OrmSession, "after_rollback")
def _forget_after_rollback(session: OrmSession) -> None:
    session.info.pop(_PENDING, None)
