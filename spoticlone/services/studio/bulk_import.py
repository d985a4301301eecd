"""Import many audio files at once, for operators (``python -m spoticlone.cli import``).

Each file goes through ingestion's two halves, the path studio uploads take
(``media.staging.stage_audio`` then ``media.ingestion.ingest_staged``), so what a file
must be is decided in one place. What this module adds is throughput and an account of
the run:

- worker threads stage files ahead of time, ``GROUP`` neighbours at a time (parse, hash and
  copy into the media store in one request to one of a ``ProbePool``'s long-lived sandboxed
  children, and one duplicate query) while this thread decides, in the order the files were
  given, what becomes of each;
- the new tracks of up to ``BATCH`` files are written together (``media.batch_ingest``: one
  multi-row insert, each artist, album and genre matched once) in one transaction, so
  the statements, the commit and the search index's work are paid per batch rather than
  per file. The batch's copies are made durable together before its rows are written (one
  pass of concurrent fsyncs, not a flush per file as each is copied, and not while the
  database is locked): no row is committed, and no file reported, whose bytes could still
  be lost. If the database refuses the batch, it is rolled back and its files are written
  one at a time, each in its own savepoint (``ingestion.write_staged``), so a
  refused file rolls back alone. A file counts as imported, and is reported, only once
  its batch is committed; the database is locked only while a batch is written;
- a file whose bytes a track already has (anywhere in the catalog: an operator import
  of the same file again is a re-run, not a new recording) is skipped as a duplicate;
- every file ends as imported, duplicate or refused (with ingestion's reason), and
  ``ImportSummary`` groups the refusals by reason.

With ``artist_id`` every file becomes a track of that existing artist whatever its tags
say (the artist finds them as drafts in the studio unless published).
"""

from __future__ import annotations

import logging
import os
import time
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from contextlib import closing
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Literal

from sqlmodel import Session, col, select

from spoticlone.config import get_settings
from spoticlone.integrations.media_store import MediaStore
from spoticlone.models import ArtistProfile, TrackStatus
from spoticlone.services.core.dto import DTO
from spoticlone.services.core.errors import DomainError, NotFound
from spoticlone.services.media.batch_ingest import write_batch
from spoticlone.services.media.duplicates import TrackWithAudio
from spoticlone.services.media.ingestion import IngestOverrides, IngestResult, write_staged
from spoticlone.services.media.matching import forget_matches
from spoticlone.services.media.probe_pool import ProbePool
from spoticlone.services.media.staging import MESSAGES, StagedAudio, discard_staged, stage_audio
from spoticlone.services.studio.import_staging import (
    Held,
    KnownAudioGroups,
    Staging,
    discard_pending,
    stage_group,
    sync_staged,
)

log = logging.getLogger(__name__)

#: Files staged ahead of the one being decided (at least a batch): keeps every child busy
#: while a batch is written, and bounds memory.
AHEAD = 16
#: Files a worker stages together: one duplicate query and one child for all of them (in
#: requests of ``probe_pool.REQUEST_FILES``); 16 measured a little quicker than 8 or 32.
GROUP = 16
#: Worker threads per probe child: while some hash files and take answers, the others keep every child busy.
THREADS_PER_CHILD = 2
#: Files whose rows are written together and share one transaction, at most.
BATCH = 250
#: A batch with this many files waiting is written early, while the next file is still staged.
EARLY = 64
UNEXPECTED = "This file could not be imported because of an unexpected error (see the log)."
UNSAVED = ("This file could not be saved: the database refused the batch it was in (see the log). "
           "Run the import again to retry it.")


class ArtistRef(DTO):
    """The artist an import is for."""

    id: int
    slug: str
    stage_name: str


@dataclass(frozen=True)
class FileOutcome:
    """What became of one file."""

    path: Path
    kind: Literal["imported", "duplicate", "refused"]
    message: str = ""  # the refusal's reason, or which track already holds this audio
    track_id: int | None = None
    label: str = ""  # "Artist - Title" of the new or existing track


@dataclass
class ImportSummary:
    """The whole run: counts, refusals grouped by reason, and how long it took."""

    imported: int = 0
    duplicates: list[FileOutcome] = field(default_factory=list)
    refused: dict[str, list[Path]] = field(default_factory=dict)
    seconds: float = 0.0

    @property
    def refused_count(self) -> int:
        """Files refused, all reasons together."""
        return sum(len(paths) for paths in self.refused.values())

    @property
    def total(self) -> int:
        """Files seen, whatever became of them."""
        return self.imported + len(self.duplicates) + self.refused_count


def resolve_artist(session: Session, *, ref: str) -> ArtistRef:
    """The artist whose URL slug or numeric id is ``ref``; ``NotFound`` otherwise."""
    text = (ref or "").strip()
    artist = None
    if text.isdigit() and len(text) <= 18:
        artist = session.get(ArtistProfile, int(text))
    if artist is None and text:
        artist = session.exec(
            select(ArtistProfile).where(col(ArtistProfile.slug) == text.lower())
        ).first()
    if artist is None or artist.id is None:
        raise NotFound(f"There is no artist with the slug or id {text!r}.")
    return ArtistRef(id=artist.id, slug=artist.slug, stage_name=artist.stage_name)


def import_files(
    session: Session,
    *,
    store: MediaStore,
    files: Sequence[tuple[Path, str | None]],
    overrides: IngestOverrides | None = None,
    artist_id: int | None = None,
    status: TrackStatus = TrackStatus.PUBLISHED,
    progress: Callable[[FileOutcome], None] | None = None,
    workers: int | None = None,
    batch_size: int = BATCH,
) -> ImportSummary:
    """Ingest ``files`` (``(path, problem)`` pairs; a problem refuses the file unread).

    Writes and commits the new tracks of every ``batch_size`` files (sooner when the next
    file is still being staged and enough are waiting). ``progress`` hears of each file, in
    order, once its batch is committed: an interrupted import keeps every file it reported
    (and perhaps a few more of the last batch), and a second run skips those as
    duplicates. Nothing of an uncommitted batch is left behind.
    """
    started = time.monotonic()
    overrides = overrides or IngestOverrides()
    if artist_id is not None:
        overrides = replace(overrides, artist_id=artist_id)
    summary = ImportSummary()
    children = workers or min(4, os.cpu_count() or 1)
    size = max(1, batch_size)
    batch = _Batch(session, store, summary, progress, overrides, status)
    known = KnownAudioGroups(session.get_bind().engine)
    with ProbePool(children, store_mb=get_settings().max_upload_mb) as pool, closing(known), \
            ThreadPoolExecutor(max_workers=children * THREADS_PER_CHILD) as executor:
        pending: dict[int, Staging] = {}
        seen: dict[str, FileOutcome] = {}  # audio imported by this run, by hash
        planned = 0
        try:
            for index, (path, problem) in enumerate(files):
                while planned < min(index + 1 + max(AHEAD, size), len(files)):
                    group = [(n, files[n][0]) for n in range(planned, min(planned + GROUP, len(files)))
                             if files[n][1] is None]
                    if group:
                        future = executor.submit(stage_group, known, store, pool, [p for _, p in group])
                        pending.update((n, Staging(future, place)) for place, (n, _) in enumerate(group))
                    planned += GROUP
                staging = pending.pop(index, None)
                if staging is not None and not staging.future.done() and batch.waiting >= min(size, EARLY):
                    batch.commit(seen)  # write while this file is staged, rather than wait idle
                if problem is not None or staging is None:
                    batch.add(FileOutcome(path, "refused", problem or UNEXPECTED))
                else:
                    _import_one(store, known, path, staging, seen, batch)
                if len(batch) >= size:
                    batch.commit(seen)
            batch.commit(seen)
        finally:
            batch.abandon(seen)
            discard_pending(store, pending.values())
    summary.seconds = time.monotonic() - started
    return summary


class _Batch:
    """The files of the open batch, in order: outcomes decided, and staged files waiting to be written.

    ``commit`` writes the waiting files' rows, commits, and only then reports the batch's
    files, in order; ``abandon`` rolls back whatever was not committed and deletes its media.
    """

    def __init__(self, session: Session, store: MediaStore, summary: ImportSummary,
                 progress: Callable[[FileOutcome], None] | None, overrides: IngestOverrides,
                 status: TrackStatus) -> None:
        self.session, self.store, self.summary, self.progress = session, store, summary, progress
        self.overrides, self.status = overrides, status
        self.outcomes: list[FileOutcome] = []
        self.queued: list[tuple[int, StagedAudio]] = []  # (place in ``outcomes``, staged file) to write
        self.queued_hashes: set[str] = set()  # their audio
        self.stored: list[str] = []  # media written for this batch's new tracks
        self.hashes: list[str] = []  # their audio, as remembered in ``seen``

    def __len__(self) -> int:
        return len(self.outcomes)

    @property
    def waiting(self) -> int:
        """Staged files whose rows are not written yet."""
        return len(self.queued)

    def holds(self, sha256: str) -> bool:
        """Whether a file waiting to be written has this audio (asked of every file: a set, not a scan)."""
        return sha256 in self.queued_hashes

    def add(self, outcome: FileOutcome) -> None:
        self.outcomes.append(outcome)

    def queue(self, path: Path, staged: StagedAudio) -> None:
        """A staged file to write with the batch (it is refused then if its rows cannot be)."""
        self.queued.append((len(self.outcomes), staged))
        self.queued_hashes.add(staged.sha256)
        self.outcomes.append(FileOutcome(path, "refused", UNSAVED))

    def begin(self) -> None:
        """Open the transaction before the first savepoint, so each savepoint nests in it.

        The SQLite driver begins a transaction only before an INSERT, UPDATE or DELETE: a
        savepoint sent first would itself be the transaction, and releasing it would
        commit that file alone. ``IMMEDIATE`` takes the write lock now, so a batch never
        fails half-way because another writer got in between its reads and its writes.
        """
        connection = self.session.connection()
        driver = connection.connection.driver_connection
        if connection.dialect.name == "sqlite" and driver is not None and not driver.in_transaction:
            connection.exec_driver_sql("BEGIN IMMEDIATE")

    def commit(self, seen: dict[str, FileOutcome]) -> None:
        """Write the waiting files, commit, then report this batch's files; on failure, refuse its new tracks."""
        if not self.outcomes:
            return
        try:
            if self.queued:
                sync_staged(self.store, [staged.audio_key for _, staged in self.queued])  # before any row points at it
                self.begin()
                self._write(seen)
            self.session.commit()
        except Exception:
            log.exception("could not commit a batch of %d imported files", len(self.outcomes))
            self.abandon(seen)  # keeps the outcomes, now refusals, to report below
        outcomes, self.outcomes, self.stored, self.hashes = self.outcomes, [], [], []
        for outcome in outcomes:
            _record(self.summary, outcome)
            if self.progress is not None:
                self.progress(outcome)

    def _write(self, seen: dict[str, FileOutcome]) -> None:
        """Every waiting file's rows: all at once, or one at a time if the database refuses that.

        The files stay in ``queued`` until their rows are written, so an interruption
        (Ctrl+C) leaves ``abandon`` their media to delete.
        """
        staged = [item for _, item in self.queued]
        results: list[IngestResult | FileOutcome] = []
        try:
            with self.session.begin_nested():
                results.extend(write_batch(self.session, store=self.store, items=staged,
                                           overrides=self.overrides, status=self.status))
        except Exception:
            log.warning("the batch of %d files was refused; writing them one at a time", len(staged),
                        exc_info=True)
            forget_matches(self.session)
            results = []
            for item in staged:
                results.append(self._write_one(item))
                self.stored.extend(getattr(results[-1], "stored_keys", ()))
        else:
            self.stored.extend(key for result in results for key in getattr(result, "stored_keys", ()))
        queued, self.queued, self.queued_hashes = self.queued, [], set()
        for (place, item), result in zip(queued, results, strict=True):
            path = self.outcomes[place].path
            if isinstance(result, FileOutcome):
                self.outcomes[place] = replace(result, path=path)
                continue
            outcome = FileOutcome(path, "imported", "; ".join(result.warnings), result.track_id,
                                  f"{result.artist_name} - {result.title}")
            self.outcomes[place] = outcome
            seen[item.sha256] = outcome
            self.hashes.append(item.sha256)

    def _write_one(self, staged: StagedAudio) -> IngestResult | FileOutcome:
        """One file's rows in its own savepoint; a refusal deletes its media (``write_staged`` does)."""
        try:
            return write_staged(self.session, store=self.store, staged=staged, overrides=self.overrides,
                                status=self.status)
        except DomainError as exc:
            return FileOutcome(staged.source, "refused", exc.message)
        except Exception:  # one bad file must not stop a bulk import (its savepoint is rolled back)
            log.exception("unexpected error importing %s", staged.source)
            return FileOutcome(staged.source, "refused", UNEXPECTED)

    def abandon(self, seen: dict[str, FileOutcome]) -> None:
        """Roll the open batch back: its new tracks become refusals and their media is deleted."""
        for _, staged in self.queued:  # staged, never written
            discard_staged(self.store, staged)
        self.queued, self.queued_hashes = [], set()
        if not self.outcomes and not self.stored:
            return
        self.session.rollback()
        forget_matches(self.session)
        self.outcomes = [FileOutcome(o.path, "refused", UNSAVED) if o.kind == "imported" else o
                         for o in self.outcomes]
        for digest in self.hashes:
            seen.pop(digest, None)
        for key in self.stored:
            try:
                self.store.delete(key)
            except OSError:
                log.exception("could not delete %s after a failed batch", key)
        self.stored, self.hashes = [], []


def _duplicate(path: Path, existing: TrackWithAudio) -> FileOutcome:
    return FileOutcome(path, "duplicate", f"already track {existing.track_id}", existing.track_id,
                       f"{existing.artist_name} - {existing.title}")


def _import_one(
    store: MediaStore, known: KnownAudioGroups, path: Path, staging: Staging,
    seen: dict[str, FileOutcome], batch: _Batch,
) -> None:
    try:
        staged = staging.result()
        if isinstance(staged, Held):
            if staged.sha256 in known:  # one indexed read: the worker named the track already
                batch.add(_duplicate(path, staged.track))
                return
            # Deleted since the worker looked: import it after all (parsed here, the usual way).
            staged = stage_audio(store=store, source=path, sha256=staged.sha256)
        if batch.holds(staged.sha256):
            batch.commit(seen)  # the same audio as a file waiting in this batch: settle that one first
        # Staged ahead of time: an earlier file of this run may have been the same audio.
        if staged.sha256 in seen:
            discard_staged(store, staged)
            batch.add(_again(path, seen[staged.sha256]))
            return
        batch.queue(path, staged)
    except DomainError as exc:
        batch.add(FileOutcome(path, "refused", exc.message))
    except OSError as exc:
        log.warning("could not read %s: %s", path, exc)
        batch.add(FileOutcome(path, "refused", MESSAGES["unreadable"]))
    except Exception:  # one bad file must not stop a bulk import
        log.exception("unexpected error importing %s", path)
        batch.add(FileOutcome(path, "refused", UNEXPECTED))


def _again(path: Path, first: FileOutcome) -> FileOutcome:
    """A file with the same audio as one this run imported (perhaps in the same batch)."""
    return replace(first, path=path, kind="duplicate", message=f"already track {first.track_id}")


def _record(summary: ImportSummary, outcome: FileOutcome) -> None:
    if outcome.kind == "imported":
        summary.imported += 1
    elif outcome.kind == "duplicate":
        summary.duplicates.append(outcome)
    else:
        summary.refused.setdefault(outcome.message, []).append(outcome.path)
