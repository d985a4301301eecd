"""What an artist does to a release once it is built: edit it, reorder it, publish it now
or at a set time, unpublish it, delete it.

A release comes out when its tracks become ``PUBLISHED``: at once, or at ``Album.release_at``
when the periodic job ``publish_due_releases`` finds it due (tracks ``SCHEDULED`` until then,
so catalog, search, charts and share previews, which show only published tracks, show
nothing before). Only the artist edits, publishes and deletes (in any state for edits);
the artist or any administrator unpublishes. A published release must be unpublished
before it can be deleted.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from datetime import date, datetime, timedelta

from sqlalchemy import update
from sqlmodel import Session, col, select

from spoticlone.integrations.media_store import MediaStore, default_store
from spoticlone.models import Album, AlbumKind, Track, TrackStatus, User
from spoticlone.models.common import saved_id
from spoticlone.services.core import events
from spoticlone.services.core.clock import SYSTEM_CLOCK, Clock
from spoticlone.services.core.errors import Conflict, Invalid
from spoticlone.services.core.tag_text import clean_text
from spoticlone.services.media.renditions import rendition_keys
from spoticlone.services.studio import ownership
from spoticlone.services.studio.licences import licence_named, normalise_isrc
from spoticlone.services.studio.media_cleanup import forget_unused_media
from spoticlone.services.studio.release_validation import (
    check_genre,
    check_kind,
    check_release_date,
    check_track_ids,
    clean_title,
)
from spoticlone.services.studio.releases import (
    UNCHANGED,
    ReleaseDetail,
    StudioTrackDetail,
    Unchanged,
    album_tracks,
    get_track,
    release_detail,
    release_status,
)

log = logging.getLogger(__name__)

MAX_LYRICS = 20_000
#: How far ahead a release may be scheduled.
MAX_SCHEDULE_AHEAD = timedelta(days=365)
RIGHTS_REQUIRED = (
    "Confirm that you own or control the rights to this music (tick the box) before publishing."
)


def update_release(
    session: Session,
    *,
    actor: User | None,
    album_id: int,
    title: str | Unchanged = UNCHANGED,
    kind: AlbumKind | str | Unchanged = UNCHANGED,
    genre_id: int | Unchanged | None = UNCHANGED,
    release_date: date | Unchanged | None = UNCHANGED,
) -> ReleaseDetail:
    """Change a release's title, kind, genre or release date (its artist only, in any state).

    A genre applies to every track of the release; a release date too.

    Raises:
        NotFound: no such release, or one the actor may not manage.
        PermissionDenied: an administrator (only the artist edits a release).
        Invalid: a bad value; nothing changed.
    """
    album = ownership.album_for_edit(session, actor=actor, album_id=album_id)
    ownership.require_owner(session, actor=actor, artist_id=album.artist_id, doing="edit this release")
    new_title = clean_title(title) if not isinstance(title, Unchanged) else None
    new_kind = check_kind(kind) if not isinstance(kind, Unchanged) else None
    new_genre = check_genre(session, genre_id) if not isinstance(genre_id, Unchanged) else UNCHANGED
    new_date = check_release_date(release_date) if not isinstance(release_date, Unchanged) else UNCHANGED
    if new_title is not None:
        album.title = new_title
    if new_kind is not None:
        album.kind = new_kind
    tracks = album_tracks(session, saved_id(album))
    if not isinstance(new_genre, Unchanged):
        album.genre_id = new_genre
        for track in tracks:
            track.genre_id = new_genre
            session.add(track)
    if not isinstance(new_date, Unchanged):
        album.release_date = new_date
        for track in tracks:
            track.release_date = new_date
            session.add(track)
    session.add(album)
    session.commit()
    return release_detail(session, album)


def update_track(
    session: Session,
    *,
    actor: User | None,
    track_id: int,
    title: str | Unchanged = UNCHANGED,
    explicit: bool | Unchanged = UNCHANGED,
    isrc: str | Unchanged | None = UNCHANGED,
    licence: str | Unchanged = UNCHANGED,
    lyrics: str | Unchanged = UNCHANGED,
) -> StudioTrackDetail:
    """Change a track's title, explicit flag, ISRC, licence or plain lyrics (its artist only).

    Raises:
        NotFound: no such track, or one the actor may not manage.
        PermissionDenied: an administrator (only the artist edits a track).
        Invalid: a bad value; nothing changed.
    """
    track = ownership.track_for_edit(session, actor=actor, track_id=track_id)
    ownership.require_owner(session, actor=actor, artist_id=track.artist_id, doing="edit this song")
    changes: dict[str, object] = {}
    if not isinstance(title, Unchanged):
        changes["title"] = clean_title(title, "song title")
    if not isinstance(explicit, Unchanged):
        if not isinstance(explicit, bool):
            raise Invalid("Explicit is either true or false.")
        changes["explicit"] = explicit
    if not isinstance(isrc, Unchanged):
        if isrc is not None and not isinstance(isrc, str):
            raise Invalid("The ISRC must be text.")
        changes["isrc"] = normalise_isrc(isrc)
    if not isinstance(licence, Unchanged):
        changes["licence"] = licence_named(licence).name
    if not isinstance(lyrics, Unchanged):
        if not isinstance(lyrics, str):
            raise Invalid("Lyrics must be text.")
        text = clean_text(lyrics, MAX_LYRICS + 1, multiline=True)
        if len(text) > MAX_LYRICS:
            raise Invalid(f"Lyrics can be at most {MAX_LYRICS} characters long.")
        changes["lyrics"] = text
    for name, value in changes.items():
        setattr(track, name, value)
    session.add(track)
    session.commit()
    return get_track(session, actor=actor, track_id=track_id)


def reorder_tracks(
    session: Session, *, actor: User | None, album_id: int, track_ids: Sequence[int]
) -> ReleaseDetail:
    """Put a release's tracks in the order given (every track of the release, once each).

    Raises:
        NotFound: no such release, or one the actor may not manage.
        PermissionDenied: an administrator (only the artist edits a release).
        Invalid: the list is not exactly the release's tracks; nothing changed.
    """
    album = ownership.album_for_edit(session, actor=actor, album_id=album_id)
    ownership.require_owner(session, actor=actor, artist_id=album.artist_id, doing="reorder this release")
    ids = check_track_ids(track_ids)
    tracks = {saved_id(t): t for t in album_tracks(session, saved_id(album))}
    if set(ids) != set(tracks):
        raise Invalid("Give every song of the release exactly once, in the new order.")
    for number, track_id in enumerate(ids, start=1):
        tracks[track_id].disc_number, tracks[track_id].track_number = 1, number
        session.add(tracks[track_id])
    session.commit()
    return release_detail(session, album)


def _deletable(status: TrackStatus, what: str) -> None:
    if status == TrackStatus.PUBLISHED:
        raise Conflict(f"This {what} is published: unpublish it first, then delete it.")
    if status == TrackStatus.SCHEDULED:
        raise Conflict(f"This {what} is scheduled to come out: unpublish it first, then delete it.")


def _check_publish_at(publish_at: datetime | None, now: datetime) -> None:
    if publish_at is None:
        return
    if not isinstance(publish_at, datetime):
        raise Invalid("The release time must be a date and time.")
    if publish_at.utcoffset() is None:
        raise Invalid("Give the release time with its time zone (for example 2027-01-01T09:00:00+01:00).")
    if publish_at <= now:
        raise Invalid("That time has already passed: choose a time in the future, or publish now.")
    if publish_at > now + MAX_SCHEDULE_AHEAD:
        raise Invalid("A release can be scheduled at most one year ahead.")


def publish_release(
    session: Session,
    *,
    actor: User | None,
    album_id: int,
    affirm_rights: bool,
    publish_at: datetime | None = None,
    clock: Clock = SYSTEM_CLOCK,
) -> ReleaseDetail:
    """Publish a release now, or schedule it for ``publish_at`` (future, at most a year ahead).

    The artist must affirm that they hold the rights (``affirm_rights=True``); when and by
    whom is recorded on the release. A draft, scheduled (to publish now or move the time)
    or unpublished release may be published; its release date defaults to the day it
    comes out.

    Raises:
        NotFound: no such release, or one the actor may not manage.
        PermissionDenied: an administrator (only the artist publishes).
        Invalid: no rights affirmation, a bad time, or a release without songs; nothing changed.
        Conflict: the release is already published.
    """
    album = ownership.album_for_edit(session, actor=actor, album_id=album_id)
    ownership.require_owner(session, actor=actor, artist_id=album.artist_id, doing="publish this release")
    now = clock.now()
    tracks = album_tracks(session, saved_id(album))
    if not tracks:
        raise Invalid("Add at least one song to the release before publishing it.")
    # Songs hidden after a report come back only by an administrator's restore.
    tracks = [t for t in tracks if t.status != TrackStatus.HIDDEN]
    if not tracks:
        raise Conflict("This release was hidden following a report: send a counter-notice from its page instead.")
    if release_status([t.status for t in tracks]) == TrackStatus.PUBLISHED:
        raise Conflict("This release is already published.")
    if affirm_rights is not True:
        raise Invalid(RIGHTS_REQUIRED)
    _check_publish_at(publish_at, now)
    album.rights_affirmed_at, album.rights_affirmed_by_id = now, saved_id(actor)
    album.release_at = publish_at
    if album.release_date is None:
        album.release_date = (publish_at or now).date()
    status = TrackStatus.SCHEDULED if publish_at is not None else TrackStatus.PUBLISHED
    for track in tracks:
        track.status, track.release_date = status, album.release_date
        session.add(track)
    session.add(album)
    session.flush()
    for track in tracks if status == TrackStatus.PUBLISHED else ():
        events.emit(events.TRACK_PUBLISHED, session, track=track)
    session.commit()
    log.info("release %s %s by user %s", album_id, status.value, saved_id(actor))
    return release_detail(session, album)


def unpublish_release(session: Session, *, actor: User | None, album_id: int) -> ReleaseDetail:
    """Take a release down (its artist or any administrator).

    A published release becomes unpublished (gone from the catalog, search and charts;
    its artist may publish it again). A scheduled one goes back to draft and will not
    come out.

    Raises:
        NotFound: no such release, or one the actor may not manage.
        Conflict: the release is neither published nor scheduled.
    """
    album = ownership.album_for_edit(session, actor=actor, album_id=album_id)
    tracks = album_tracks(session, saved_id(album))
    current = release_status([t.status for t in tracks])
    if current not in (TrackStatus.PUBLISHED, TrackStatus.SCHEDULED):
        raise Conflict("This release is not published, so there is nothing to unpublish.")
    new = TrackStatus.WITHDRAWN if current == TrackStatus.PUBLISHED else TrackStatus.DRAFT
    for track in tracks:
        if track.status in (TrackStatus.PUBLISHED, TrackStatus.SCHEDULED):
            track.status = new
            session.add(track)
    album.release_at = None
    session.add(album)
    session.commit()
    log.info("release %s %s by user %s", album_id, new.value, saved_id(actor))
    return release_detail(session, album)


def publish_due_releases(session: Session, *, clock: Clock = SYSTEM_CLOCK) -> int:
    """Publish every scheduled release whose time has come; the number of tracks published.

    One transaction for all of them; running it again publishes nothing more. Only
    tracks still ``SCHEDULED`` change, so a release unpublished meanwhile stays down.
    """
    now = clock.now()
    due = list(session.exec(
        select(Album.id).where(col(Album.release_at).is_not(None), col(Album.release_at) <= now)
    ))
    if not due:
        return 0
    coming_out = list(session.exec(select(Track).where(
        col(Track.album_id).in_(due), col(Track.status) == TrackStatus.SCHEDULED)))
    result = session.exec(
        update(Track)
        .where(col(Track.album_id).in_(due), col(Track.status) == TrackStatus.SCHEDULED)
        .values(status=TrackStatus.PUBLISHED)
    )
    session.exec(
        update(Album).where(col(Album.id).in_(due)).values(release_at=None)
    )
    for track in coming_out:
        events.emit(events.TRACK_PUBLISHED, session, track=track)
    session.commit()
    if result.rowcount:
        log.info("published %s scheduled tracks of releases %s", result.rowcount, due)
    return int(result.rowcount or 0)


def delete_release(
    session: Session, *, actor: User | None, album_id: int, store: MediaStore | None = None
) -> None:
    """Delete a draft or unpublished release with its songs and their files (its artist only).

    The files (audio, covers, renditions) go after the commit, so a delete that rolls back
    keeps them.

    Raises:
        NotFound: no such release, or one the actor may not manage.
        PermissionDenied: an administrator (only the artist deletes).
        Conflict: the release is published or scheduled (unpublish it first).
    """
    album = ownership.album_for_edit(session, actor=actor, album_id=album_id)
    ownership.require_owner(session, actor=actor, artist_id=album.artist_id, doing="delete this release")
    tracks = album_tracks(session, saved_id(album))
    _deletable(release_status([t.status for t in tracks]), "release")
    keys = {k for t in tracks for k in (t.audio_key, t.cover_key) if k}
    if album.cover_key:
        keys.add(album.cover_key)
    # Named here, not only by the renditions module's after-commit listener: that one
    # deletes from the default store, and only in a process that imported it.
    keys.update(rendition_keys(session, [saved_id(t) for t in tracks]))
    for track in tracks:
        session.delete(track)
    session.flush()
    session.delete(album)
    session.commit()
    forget_unused_media(session, store or default_store(), keys)
    log.info("release %s deleted by user %s", album_id, saved_id(actor))


def delete_track(
    session: Session, *, actor: User | None, track_id: int, store: MediaStore | None = None
) -> None:
    """Delete a draft or unpublished song and its files (its artist only).

    Raises:
        NotFound: no such song, or one the actor may not manage.
        PermissionDenied: an administrator (only the artist deletes).
        Conflict: the song is published or scheduled (unpublish it first).
    """
    track = ownership.track_for_edit(session, actor=actor, track_id=track_id)
    ownership.require_owner(session, actor=actor, artist_id=track.artist_id, doing="delete this song")
    _deletable(track.status, "song")
    keys = {k for k in (track.audio_key, track.cover_key) if k}
    keys.update(rendition_keys(session, [saved_id(track)]))
    session.delete(track)
    session.commit()
    forget_unused_media(session, store or default_store(), keys)
    log.info("track %s deleted by user %s", track_id, saved_id(actor))
