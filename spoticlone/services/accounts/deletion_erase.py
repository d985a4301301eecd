"""Erasing an account whose grace period is over: personal data goes, aggregates stay true.

``erase_due`` (the hourly job) erases every pending deletion past its due date;
``erase_request`` erases one (also used by an administrator's "delete now"). One account
is one transaction, following ``deletion_plan.PLAN`` for every key to ``user.id``:

- Plays stay, as anonymous listens: ``user_id`` becomes NULL and ``anonymous_session`` a
  fresh tombstone (``erased:`` + random hex, which no client can present, since a real
  anonymous token has no colon). The artist analytics' listener key ``u:<id>`` is rewritten
  to the key that tombstone gets (``a:<hash>``), so play counts, charts, listener figures
  and a later ``rebuild_rollups`` all give exactly what they gave before.
- An artist's releases stay (the profile loses its account and is credited to the stage
  name) or go (the profile with its albums and songs, their files and renditions; other
  people's playlists keep the rows as "Unavailable" through the playlist snapshots).
- Their own playlists go with the cover files made for them; songs they added to other
  people's playlists stay, anonymous.
- Pictures and export zips are deleted from disk after the commit.
"""

from __future__ import annotations

import hashlib
import logging
import secrets
from dataclasses import dataclass

from sqlalchemy import delete, update
from sqlmodel import Session, col, select

from spoticlone.config import get_settings
from spoticlone.integrations.media_store import MediaStore, default_store
from spoticlone.models import (
    AccountDeletion,
    Album,
    ArtistListener,
    ArtistListenerDaily,
    ArtistProfile,
    DataExport,
    DeletionStatus,
    PlayEvent,
    Playlist,
    Track,
    TrackRendition,
    User,
)
from spoticlone.plugins import personal_data as plugin_data
from spoticlone.services.accounts.deletion_plan import PLAN, Fate, user_columns
from spoticlone.services.core.clock import SYSTEM_CLOCK, Clock
from spoticlone.services.core.write_guards import ERASURE, exempting

log = logging.getLogger(__name__)
audit = logging.getLogger("spoticlone.audit")

#: Playlist covers that are our own files (``custom`` uploads, generated ``mosaic``s).
OWN_COVER_KINDS = ("custom", "mosaic")


@dataclass(frozen=True)
class Erasure:
    """What one erasure did, for the log and the tests."""

    plays_kept: int
    playlists_deleted: int
    releases_kept: bool
    files_deleted: int


def tombstone_listener(tombstone: str) -> str:
    """The analytics listener key of a play whose ``anonymous_session`` is ``tombstone``.

    The same formula as ``studio.rollups`` uses for anonymous listeners (a test checks a
    rebuild after an erasure gives the same rows).
    """
    return "a:" + hashlib.sha256(tombstone.encode()).hexdigest()[:40]


def _anonymise_plays(session: Session, user_id: int) -> int:
    tombstone = "erased:" + secrets.token_hex(16)
    moved = session.execute(
        update(PlayEvent).where(col(PlayEvent.user_id) == user_id)
        .values(user_id=None, anonymous_session=tombstone)
        .execution_options(synchronize_session=False)
    ).rowcount  # type: ignore[attr-defined]
    old, new = f"u:{user_id}", tombstone_listener(tombstone)
    for table in (ArtistListenerDaily, ArtistListener):
        session.execute(update(table).where(col(table.listener) == old).values(listener=new)
                        .execution_options(synchronize_session=False))
    return moved or 0


def _artist_files(session: Session, artist_ids: list[int]) -> set[str]:
    tracks = list(session.exec(select(Track).where(col(Track.artist_id).in_(artist_ids))))
    keys = {k for t in tracks for k in (t.audio_key, t.cover_key) if k}
    track_ids = [t.id for t in tracks]
    if track_ids:
        keys |= set(session.exec(select(TrackRendition.key).where(col(TrackRendition.track_id).in_(track_ids))))
    keys |= {k for k in session.exec(select(Album.cover_key).where(col(Album.artist_id).in_(artist_ids))) if k}
    for profile in session.exec(select(ArtistProfile).where(col(ArtistProfile.id).in_(artist_ids))):
        keys |= {k for k in (profile.image_key, profile.image_thumb_key) if k}
    return keys


def _artist(session: Session, user_id: int, keep_releases: bool) -> set[str]:
    """Detach the artist profile (releases stay) or delete it with its music; files to delete."""
    artist_ids = [i for i in session.exec(select(ArtistProfile.id).where(ArtistProfile.user_id == user_id)) if i]
    if not artist_ids:
        return set()
    if keep_releases:
        session.execute(update(ArtistProfile).where(col(ArtistProfile.id).in_(artist_ids)).values(user_id=None))
        return set()
    keys = _artist_files(session, artist_ids)
    # Songs first: their playlist rows keep the snapshot and show "Unavailable" (track_id SET NULL).
    session.execute(delete(Track).where(col(Track.artist_id).in_(artist_ids)))
    session.execute(delete(ArtistProfile).where(col(ArtistProfile.id).in_(artist_ids)))
    return keys


def _playlists(session: Session, user_id: int) -> tuple[int, set[str]]:
    rows = list(session.exec(select(Playlist.id, Playlist.cover_key, Playlist.cover_kind)
                             .where(Playlist.owner_id == user_id)))
    keys = {key for _id, key, kind in rows if key and kind in OWN_COVER_KINDS}
    session.execute(delete(Playlist).where(col(Playlist.owner_id) == user_id))
    return len(rows), keys


def _exports(session: Session, user_id: int) -> list[str]:
    names = [n for n in session.exec(select(DataExport.file_name).where(DataExport.user_id == user_id)) if n]
    session.execute(delete(DataExport).where(col(DataExport.user_id) == user_id))
    return names


def _apply_plan(session: Session, user_id: int) -> None:
    """Every DELETE and ANONYMISE decision; CUSTOM ones were done by the steps above."""
    for table, column in user_columns():
        decision = PLAN.get((table.name, column))
        if decision is None:
            # Never silently: the plan test fails first; the database's ON DELETE applies.
            log.error("no erasure decision for %s.%s", table.name, column)
            continue
        where = table.c[column] == user_id
        if decision.fate is Fate.DELETE:
            session.execute(delete(table).where(where))
        elif decision.fate is Fate.ANONYMISE:
            session.execute(update(table).where(where).values({column: None, **decision.clear}))


def _delete_files(store: MediaStore, keys: set[str], export_names: list[str]) -> int:
    deleted = 0
    for key in sorted(keys):
        try:
            store.delete(key)
            deleted += 1
        except (OSError, ValueError):
            log.warning("could not delete media %r of an erased account", key, exc_info=True)
    exports = get_settings().data_dir / "exports"
    for name in export_names:
        path = exports / name
        if path.parent != exports:
            continue  # never a path outside the exports folder
        try:
            path.unlink(missing_ok=True)
            deleted += 1
        except OSError:
            log.warning("could not delete export %r of an erased account", name, exc_info=True)
    return deleted


@exempting(ERASURE)  # the right to erasure outlives archive mode (lifecycle/archive.py)
def erase_request(
    session: Session, *, deletion_id: int, store: MediaStore | None = None, clock: Clock = SYSTEM_CLOCK
) -> Erasure | None:
    """Erase the account of one pending deletion (whatever its due date); commits.

    Returns None when the request is no longer pending (cancelled meanwhile, or done).
    """
    row = session.get(AccountDeletion, deletion_id)
    if row is None or row.status != DeletionStatus.PENDING.value or row.user_id is None:
        return None
    user_id, keep_releases = row.user_id, row.keep_releases
    plugin_data.erase_user(session, user_id)  # first, while the plugins' rows still point at the account
    user = session.get(User, user_id)
    keys: set[str] = set()
    if user is not None:
        keys |= {k for k in (user.avatar_key, user.avatar_thumb_key, user.cover_key, user.cover_thumb_key) if k}
    keys |= _artist(session, user_id, keep_releases)
    plays = _anonymise_plays(session, user_id)
    playlists, covers = _playlists(session, user_id)
    keys |= covers
    export_names = _exports(session, user_id)
    _apply_plan(session, user_id)
    row.user_id = None
    row.status = DeletionStatus.ERASED.value
    row.erased_at = clock.now()
    row.notice_pending = False
    session.add(row)
    session.flush()
    session.execute(delete(User).where(col(User.id) == user_id))
    session.commit()
    if user is not None:
        session.expunge(user)
    session.expire_all()  # rows removed by the bulk statements must not linger in the identity map
    files = _delete_files(store or default_store(), keys, export_names)
    audit.warning("account %s erased (deletion %s): %d plays kept anonymous, %d playlists and %d files deleted, "
                  "releases %s", user_id, deletion_id, plays, playlists, files, "kept" if keep_releases else "removed")
    return Erasure(plays_kept=plays, playlists_deleted=playlists, releases_kept=keep_releases, files_deleted=files)


@exempting(ERASURE)
def erase_due(session: Session, *, store: MediaStore | None = None, clock: Clock = SYSTEM_CLOCK) -> int:
    """Erase every account whose grace period is over; returns how many. Commits per account."""
    due = list(session.exec(
        select(AccountDeletion.id)
        .where(AccountDeletion.status == DeletionStatus.PENDING.value, col(AccountDeletion.due_at) <= clock.now())
        .order_by(col(AccountDeletion.due_at))
    ))
    erased = 0
    failed: list[plugin_data.PluginErasureFailed] = []
    for deletion_id in due:
        try:
            if deletion_id is not None and erase_request(session, deletion_id=deletion_id, store=store, clock=clock):
                erased += 1
        except plugin_data.PluginErasureFailed as exc:  # the account stays pending; the others go on
            session.rollback()
            plugin_data.record_failures(session, exc)
            session.commit()
            failed.append(exc)
    if failed:
        raise failed[0]  # the job fails visibly, and runs again next hour
    return erased
