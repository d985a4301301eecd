"""Import many audio files at once, for operators (``python -m spoticlone.cli import``).

Each file goes through ingestion's two halves, the path studio uploads take
(``media.staging.stage_audio`` then ``media.ingestion.ingest_staged``), so what a file
must be is decided in one place. What this module adds is throughput and an account of
the run:

- worker threads stage files ahead of time (hash, parse in one of a ``ProbePool``'s
  long-lived sandboxed children, durable copy into the media store) while this thread
  writes the rows, one file at a time in the order the files were given;
- the rows of up to ``BATCH`` files share one transaction, each file in its own savepoint
  (``ingestion.write_staged``), so a refused file rolls back alone, and committing (and
  the search index's work at commit) is paid once per batch rather than once per file.
  A file counts as imported, and is reported, only once its batch is committed; a batch
  is also committed before waiting for a file still being staged, so the database is
  never held locked while this thread waits;
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
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Literal

from sqlalchemy import select as sa_select
from sqlmodel import Session, col, select

from spoticlone.integrations.media_store import MediaStore
from spoticlone.models import ArtistProfile, Track, TrackStatus
from spoticlone.services.core.dto import DTO
from spoticlone.services.core.errors import DomainError, NotFound
from spoticlone.services.media.duplicates import TrackWithAudio, hash_file, track_with_audio
from spoticlone.services.media.ingestion import IngestOverrides, write_staged
from spoticlone.services.media.matching import forget_matches
from spoticlone.services.media.probe_pool import ProbePool
from spoticlone.services.media.staging import StagedAudio, discard_staged, stage_audio

log = logging.getLogger(__name__)

#: Files parsed ahead of the one being written: keeps every child busy, bounds memory.
AHEAD = 16
#: Files whose rows share one transaction, at most.
BATCH = 100
#: The session lets go of the rows it loaded after this many files (memory stays flat).
FORGET_EVERY = 500
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

    Commits every ``batch_size`` files (and before waiting on a file still being staged).
    ``progress`` hears of each file, in order, once its batch is committed: an interrupted
    import keeps every file it reported (and perhaps a few more of the last batch), and
    a second run skips those as duplicates. Nothing of an uncommitted batch is left behind.
    """
    started = time.monotonic()
    overrides = overrides or IngestOverrides()
    if artist_id is not None:
        overrides = replace(overrides, artist_id=artist_id)
    summary = ImportSummary()
    children = workers or min(4, os.cpu_count() or 1)
    engine = session.get_bind()
    batch = _Batch(session, store, summary, progress)
    with ProbePool(children) as pool, ThreadPoolExecutor(max_workers=2 * children) as executor:
        pending: dict[int, Future[StagedAudio | str]] = {}
        seen: dict[str, FileOutcome] = {}  # audio imported by this run, by hash
        planned = 0
        try:
            for index, (path, problem) in enumerate(files):
                while planned < min(index + 1 + AHEAD, len(files)):
                    ahead_path, ahead_problem = files[planned]
                    if ahead_problem is None:
                        pending[planned] = executor.submit(_stage, engine, store, pool, ahead_path)
                    planned += 1
                future = pending.pop(index, None)
                if future is not None and not future.done():
                    batch.commit(seen)  # do not hold the database locked while this file is staged
                if problem is not None or future is None:
                    batch.add(FileOutcome(path, "refused", problem or UNEXPECTED))
                else:
                    _import_one(session, store, path, future, overrides, status, seen, batch)
                if len(batch) >= max(1, batch_size):
                    batch.commit(seen)
            batch.commit(seen)
        finally:
            batch.abandon(seen)
            _discard_pending(store, pending.values())
    summary.seconds = time.monotonic() - started
    return summary


class _Batch:
    """The files whose rows share the open transaction, reported in order once it commits."""

    def __init__(self, session: Session, store: MediaStore, summary: ImportSummary,
                 progress: Callable[[FileOutcome], None] | None) -> None:
        self.session, self.store, self.summary, self.progress = session, store, summary, progress
        self.outcomes: list[FileOutcome] = []
        self.stored: list[str] = []  # media written for this batch's new tracks
        self.hashes: list[str] = []  # their audio, as remembered in ``seen``

    def __len__(self) -> int:
        return len(self.outcomes)

    def add(self, outcome: FileOutcome, *, sha256: str = "", stored: Sequence[str] = ()) -> None:
        self.outcomes.append(outcome)
        self.stored.extend(stored)
        if sha256:
            self.hashes.append(sha256)

    def begin(self) -> None:
        """Open the transaction before the first savepoint, so each file's savepoint nests in it.

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
        """Commit, then report this batch's files; if the commit fails, refuse its new tracks."""
        if not self.outcomes:
            return
        try:
            self.session.commit()
        except Exception:
            log.exception("could not commit a batch of %d imported files", len(self.outcomes))
            self.abandon(seen)  # keeps the outcomes, now refusals, to report below
        outcomes, self.outcomes, self.stored, self.hashes = self.outcomes, [], [], []
        for outcome in outcomes:
            _record(self.summary, outcome)
            if self.progress is not None:
                self.progress(outcome)
        if self.summary.imported and self.summary.imported % FORGET_EVERY < len(outcomes):
            self.session.expunge_all()  # thousands of files: keep what the session holds small

    def abandon(self, seen: dict[str, FileOutcome]) -> None:
        """Roll the open batch back: its new tracks become refusals and their media is deleted."""
        if not self.outcomes and not self.stored:
            return
        self.session.rollback()
        forget_matches(self.session)
        lost = {outcome.track_id for outcome in self.outcomes if outcome.kind == "imported"}
        self.outcomes = [FileOutcome(o.path, "refused", UNSAVED) if o.track_id in lost else o
                         for o in self.outcomes]
        for digest in self.hashes:
            seen.pop(digest, None)
        for key in self.stored:
            try:
                self.store.delete(key)
            except OSError:
                log.exception("could not delete %s after a failed batch", key)
        self.stored, self.hashes = [], []


def _discard_pending(store: MediaStore, futures) -> None:
    """Files staged ahead that will not be written (the import stopped early, Ctrl+C): remove them."""
    for future in futures:
        if future.cancel():
            continue
        try:
            staged = future.result()
        except Exception:  # that file's refusal no longer matters
            log.debug("a file staged ahead was refused", exc_info=True)
            continue
        if isinstance(staged, StagedAudio):
            discard_staged(store, staged)


def _stage(engine, store: MediaStore, pool: ProbePool, path: Path) -> StagedAudio | str:
    """In a worker thread: the hash alone if a track has this audio already, else the staged file.

    The lookup is one indexed Core query rather than the ORM's: worker threads share the GIL
    with the thread writing rows, so the less Python they run, the faster the import.
    """
    digest = hash_file(path)
    with engine.connect() as connection:
        known = connection.execute(
            sa_select(col(Track.id)).where(col(Track.audio_sha256) == digest).limit(1)
        ).first()
    if known is not None:
        return digest
    return stage_audio(store=store, source=path, sha256=digest, prober=pool.probe)


def _duplicate(path: Path, existing: TrackWithAudio) -> FileOutcome:
    return FileOutcome(path, "duplicate", f"already track {existing.track_id}", existing.track_id,
                       f"{existing.artist_name} - {existing.title}")


def _import_one(
    session: Session, store: MediaStore, path: Path, future: Future[StagedAudio | str],
    overrides: IngestOverrides, status: TrackStatus, seen: dict[str, FileOutcome], batch: _Batch,
) -> None:
    try:
        staged = future.result()
        if isinstance(staged, str):
            existing = track_with_audio(session, sha256=staged)
            if existing is not None:
                batch.add(_duplicate(path, existing))
                return
            # Deleted since the worker looked: import it after all (parsed here, the usual way).
            staged = stage_audio(store=store, source=path, sha256=staged)
        # Staged ahead of time: an earlier file of this run may have been the same audio.
        if staged.sha256 in seen:
            discard_staged(store, staged)
            batch.add(_again(path, seen[staged.sha256]))
            return
        try:
            batch.begin()
        except BaseException:  # write_staged did not take the staged file over: remove it here
            discard_staged(store, staged)
            raise
        result = write_staged(session, store=store, staged=staged, overrides=overrides, status=status)
        outcome = FileOutcome(path, "imported", "; ".join(result.warnings), result.track_id,
                              f"{result.artist_name} - {result.title}")
        seen[staged.sha256] = outcome
        batch.add(outcome, sha256=staged.sha256, stored=result.stored_keys)
    except DomainError as exc:
        batch.add(FileOutcome(path, "refused", exc.message))
    except OSError as exc:
        log.warning("could not read %s: %s", path, exc)
        batch.add(FileOutcome(path, "refused", "This file could not be read (check it exists and may be read)."))
    except Exception:  # one bad file must not stop a bulk import (its savepoint is rolled back)
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
