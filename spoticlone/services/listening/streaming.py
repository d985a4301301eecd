"""Who may stream a track, which file that is, and which bytes of it were asked for.

The REST route only translates this into HTTP: the client names a track id, never a
path, and the file is found through the track's media key, which the media store
validates before turning it into a path.

Published tracks stream for everyone. Every other state (draft, scheduled, unpublished)
streams only for those who may work on the track's artist (its owner and admins, as
``services/studio/ownership.py`` decides), so the studio can preview it; everybody else
gets the same ``NotFound`` as for a track that does not exist, so unreleased tracks
cannot be discovered by probing ids.

The stream plays at a quality (``low``, ``normal``, ``high`` or ``original``, from the
listener's setting through the player's URL): the tier's rendition when it has been made
from the current audio and is on disk, else the original (``media.renditions.choose``).
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass
from datetime import UTC, datetime
from itertools import pairwise
from pathlib import PurePosixPath
from stat import S_ISREG
from typing import Any

from sqlalchemy import and_, bindparam, select as sa_select
from sqlmodel import Session, col

from spoticlone.integrations.media_store import MediaStore, default_store, is_valid_key
from spoticlone.models import Track, TrackRendition, TrackStatus, User
from spoticlone.services.core.errors import Invalid, NotFound
from spoticlone.services.media import renditions
from spoticlone.services.studio import ownership

logger = logging.getLogger(__name__)

# A player asks for one range at a time; a handful covers seek-ahead prefetching.
# More than this is refused: hundreds of tiny ranges are a known amplification trick.
MAX_RANGES = 16
# ASCII digits only (``\d`` would accept other scripts' digits), and no more than fit
# in a 64-bit offset, so a hostile header cannot make ``int()`` do unbounded work.
_SPEC = re.compile(r"([0-9]{0,19})-([0-9]{0,19})")


class UnsatisfiableRange(Invalid):
    """The ``Range`` header is malformed or asks for bytes the file does not have.

    ``size`` is the file size, which HTTP reports back as ``Content-Range: bytes */size``.
    """

    def __init__(self, message: str, size: int):
        super().__init__(message)
        self.size = size


@dataclass(frozen=True)
class StreamInfo:
    """What to send for a stream request; deliberately carries no client-visible filename."""

    key: str
    mime_type: str
    file_size: int
    etag_basis: str
    last_modified: datetime
    published: bool
    #: What is served: a rendition tier's name, or "original".
    quality: str = "original"


# Only what a stream needs, built once with a bound id: ``session.get(Track)`` loads the
# lyrics columns and builds an ORM object, and rebuilding the statement per call costs
# more than the query. Every range request of every listener runs this (~40 us vs ~250).
# sqlalchemy's select: sqlmodel's is typed for at most four columns.
# The rendition of the looked-up tier comes in the same query (an outer join: none yet is
# the common case for a lossy upload), and only if it was made from the current audio.
_STREAM_COLUMNS: tuple[Any, ...] = (
    col(Track.status), col(Track.audio_key), col(Track.mime_type), col(Track.file_size), col(Track.artist_id),
    col(Track.audio_format), col(Track.bitrate),
    col(TrackRendition.key).label("rendition_key"), col(TrackRendition.mime_type).label("rendition_mime"),
)
_STREAM_QUERY = sa_select(*_STREAM_COLUMNS).select_from(Track).outerjoin(TrackRendition, and_(
    col(TrackRendition.track_id) == col(Track.id), col(TrackRendition.tier) == bindparam("tier"),
    col(TrackRendition.source_key) == col(Track.audio_key),
)).where(col(Track.id) == bindparam("track_id"))


def streamable(session: Session, *, actor: User | None, status: TrackStatus, artist_id: int) -> bool:
    """Whether ``actor`` may hear a track in ``status`` by artist ``artist_id`` (see above)."""
    if status == TrackStatus.PUBLISHED:
        return True
    # A suspended account is nobody (see core.actor).
    return actor is not None and not actor.suspended and ownership.may_manage(
        session, actor=actor, artist_id=artist_id)


def _file_stat(store: MediaStore, key: str | None):
    """``stat`` of a stored regular file, or None (bad key, missing, not a file)."""
    if not key or not is_valid_key(key):
        return None
    try:  # one stat() answers "is it there", "is it a file" and its size and mtime
        stat = store.path(key).stat()
    except OSError:
        return None
    return stat if S_ISREG(stat.st_mode) else None


def resolve_stream(
    session: Session,
    *,
    track_id: int,
    actor: User | None = None,
    store: MediaStore | None = None,
    quality: str = "original",
) -> StreamInfo:
    """The audio file behind ``track_id`` at ``quality``, if ``actor`` may stream it.

    Size and modification time come from the file itself, not the ``file_size``
    column, because byte ranges must match the bytes actually on disk. A rendition
    whose file has gone missing falls back to the original.

    Raises:
        NotFound: unknown track, an unpublished one the actor may not see, or a missing file.
        Invalid: an unknown quality.
    """
    if quality not in renditions.QUALITIES:
        raise Invalid(f"Quality must be one of: {', '.join(renditions.QUALITIES)}.")
    session.flush()  # what the ORM's autoflush would do; a no-op on a clean session
    track = session.connection().execute(
        _STREAM_QUERY, {"track_id": track_id, "tier": renditions.lookup_tier(quality)}
    ).first()
    if track is None or not streamable(session, actor=actor, status=track.status, artist_id=track.artist_id):
        raise NotFound("That track does not exist.")
    store = store or default_store()
    key, mime_type, served = track.audio_key, track.mime_type, "original"
    stat = None
    if renditions.choose(quality, audio_format=track.audio_format, bitrate=track.bitrate,
                         rendition_key=track.rendition_key) == "rendition":
        stat = _file_stat(store, track.rendition_key)
        if stat is None:
            logger.warning("track %s: rendition %r is missing, serving the original",
                           track_id, track.rendition_key)
        else:
            key, mime_type, served = track.rendition_key, track.rendition_mime, renditions.lookup_tier(quality)
    if stat is None:
        stat = _file_stat(store, track.audio_key)
        if stat is None:
            logger.error("track %s points at missing audio %r", track_id, track.audio_key)
            raise NotFound("The audio for this track is not available right now.")
        if track.file_size and track.file_size != stat.st_size:
            logger.warning(
                "track %s: file_size %s but %s bytes on disk", track_id, track.file_size, stat.st_size
            )
    # Keys are random and never rewritten, so key + size identifies the bytes exactly.
    return StreamInfo(
        key=key,
        mime_type=mime_type or "application/octet-stream",
        file_size=stat.st_size,
        etag_basis=f"{PurePosixPath(key).stem}-{stat.st_size:x}",
        last_modified=datetime.fromtimestamp(int(stat.st_mtime), tz=UTC),
        published=track.status == TrackStatus.PUBLISHED,
        quality=served,
    )


def parse_range(header: str | None, size: int) -> list[tuple[int, int]] | None:
    """Byte ranges asked for by an HTTP ``Range`` header, as inclusive ``(first, last)``.

    ``None`` (no header) means the whole file. Ends past the file are clamped to its
    last byte; a suffix ``-N`` longer than the file means the whole file. Ranges are
    returned in the order asked.

    Raises:
        UnsatisfiableRange: the header is malformed (wrong unit, not numbers, an end
            before its start, empty), no range starts inside the file, ranges overlap,
            or there are more than ``MAX_RANGES`` of them.
    """
    if header is None:
        return None
    unit, sep, spec = header.partition("=")
    if not sep or unit.strip().lower() != "bytes":
        raise UnsatisfiableRange("Only byte ranges ('bytes=first-last') are supported.", size)
    parts = [part.strip() for part in spec.split(",")]
    if len(parts) > MAX_RANGES:
        raise UnsatisfiableRange(f"At most {MAX_RANGES} ranges can be asked for at once.", size)
    ranges: list[tuple[int, int]] = []
    for part in parts:
        match = _SPEC.fullmatch(part)
        if not match or match.group(0) == "-":
            raise UnsatisfiableRange(f"Malformed byte range {part!r}.", size)
        first_text, last_text = match.groups()
        if not first_text:
            suffix = int(last_text)
            if suffix == 0 or size == 0:
                raise UnsatisfiableRange("The requested range is empty.", size)
            ranges.append((max(size - suffix, 0), size - 1))
            continue
        first = int(first_text)
        last = int(last_text) if last_text else size - 1
        if last < first:
            raise UnsatisfiableRange(f"Byte range {part!r} ends before it starts.", size)
        if first >= size:
            raise UnsatisfiableRange(f"The file has only {size} bytes.", size)
        ranges.append((first, min(last, size - 1)))
    ordered = sorted(ranges)
    if any(nxt[0] <= prev[1] for prev, nxt in pairwise(ordered)):
        raise UnsatisfiableRange("Byte ranges must not overlap.", size)
    return ranges
