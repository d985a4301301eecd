"""Staging files ahead of the bulk import, a few neighbours per worker task.

``bulk_import`` decides what becomes of each file in the order given, while worker threads
stage the files ahead of it. A task stages ``bulk_import.GROUP`` neighbouring files: it sends
the files that need parsing to one sandboxed probe child in a single request
(``ProbePool.probe_many``) instead of one round trip each, asks once whether a track already
has the audio of any of them, and stages each (``staging.stage_audio``) with the child's
answer as its probe. The child also copies each file it accepts into the media store and
hashes it from the bytes it copies (in a re-run, the task hashes the files first instead, so
no duplicate is parsed: ``stage_group``). Every file keeps its own outcome: one refused file,
even one that kills its child, does not spoil its neighbours.

Two costs are paid per group or per batch rather than per file: whether a track already has
the audio is one query for the group's hashes (``KnownAudioGroups.holders``), and the children's
copies are not fsynced one by one: the import makes a batch's files durable together, once,
before it commits the rows that point at them (``bulk_import``).
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from concurrent.futures import Future
from dataclasses import dataclass
from functools import partial
from pathlib import Path

from spoticlone.integrations.media_store import LocalMediaStore, MediaStore, key_for, new_name
from spoticlone.services.media.audio_probe import ProbeError, ProbeResult
from spoticlone.services.media.duplicates import KnownAudio, TrackWithAudio, hash_file, holder_of
from spoticlone.services.media.probe_pool import ProbePool
from spoticlone.services.media.staging import StagedAudio, check_audio_size, discard_staged, stage_audio

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Held:
    """A file whose audio a track already has (the oldest such track), found while staging."""

    sha256: str
    track: TrackWithAudio


@dataclass(frozen=True)
class Staging:
    """One file's place in the group a worker stages: its outcome is ``future.result()[place]``."""

    future: Future[list[StagedAudio | Held | Exception]]
    place: int

    def result(self) -> StagedAudio | Held:
        """The staged file, or the track that has its audio already; raises the file's refusal."""
        outcome = self.future.result()[self.place]
        if isinstance(outcome, Exception):
            raise outcome
        return outcome


def discard_pending(store: MediaStore, pending) -> None:
    """Files staged ahead that will not be written (the import stopped early, Ctrl+C): remove them."""
    for staging in pending:
        if staging.future.cancel():
            continue
        try:
            staged = staging.result()
        except Exception:  # that file's refusal no longer matters
            log.debug("a file staged ahead was refused", exc_info=True)
            continue
        if isinstance(staged, StagedAudio):
            discard_staged(store, staged)


def stage_group(
    known: KnownAudioGroups, store: MediaStore, pool: ProbePool, paths: list[Path]
) -> list[StagedAudio | Held | Exception]:
    """In a worker thread, for each file in order: the track that has this audio already,
    else the staged file, or the exception that refused it.

    The files that need parsing are probed in one request and the group's hashes looked up
    in one query; each file is then staged as ``stage_audio`` stages any file, with that
    answer as its probe, except that in the local store its copy was made by the child that
    accepted it (where the copy costs this process's threads no system calls) and is not
    fsynced yet: the caller syncs it before committing its row. A file that cannot be read,
    or is empty or too large, is never sent to a child, and a refused file is never copied.

    Where the hashes come from depends on what the last groups were (``known.mostly_held``):
    in a new import the child hashes each file it accepts from the bytes it copies, and the
    query comes after; in a re-run, where most files are in the catalog already, this
    thread hashes them first, so a duplicate is never parsed or copied.
    """
    outcomes: list[StagedAudio | Held | Exception | None] = [None] * len(paths)
    ahead = known.mostly_held
    present: dict[str, TrackWithAudio] = {}
    hashed: dict[int, str] = {}
    if ahead:
        for n, path in enumerate(paths):
            try:
                hashed[n] = hash_file(path)
            except Exception as exc:  # noqa: BLE001 - this file's refusal, raised again in its turn
                outcomes[n] = exc
        present = known.holders(hashed.values())
        for n, digest in hashed.items():
            if digest in present:
                outcomes[n] = Held(digest, present[digest])
    sizes: dict[int, int] = {}
    for n, path in enumerate(paths):
        if outcomes[n] is None:
            try:
                sizes[n] = check_audio_size(path)
            except Exception as exc:  # noqa: BLE001 - as above
                outcomes[n] = exc
    # The local store's files are copied by the child that accepts them (``ProbePool``).
    local = store if isinstance(store, LocalMediaStore) else None
    names = {n: new_name() for n in sizes} if local is not None else {}
    places = [str(local.place_for("audio", names[n])) for n in sizes] if local is not None else None
    answers = dict(zip(sizes, pool.probe_many([paths[n] for n in sizes], stores=places, hashing=not ahead),
                       strict=True))
    if not ahead:
        hashed = {n: answer.sha256 for n, answer in answers.items()
                  if isinstance(answer, ProbeResult) and answer.sha256}
        present = known.holders(hashed.values())
    known.saw(held=sum(1 for digest in hashed.values() if digest in present), hashed=len(hashed))
    for n in sizes:
        answer = answers[n]
        stored = key_for("audio", names[n], answer.extension) if names and isinstance(answer, ProbeResult) else None
        found = hashed.get(n)
        try:
            if found is not None and found in present:  # hashed by the child: parsed and copied for nothing
                outcomes[n] = Held(found, present[found])
            else:
                outcomes[n] = stage_audio(store=store, source=paths[n], sha256=found,
                                          prober=partial(_answered, answer), size=sizes[n], stored_key=stored)
                continue
        except Exception as exc:  # noqa: BLE001 - as above
            outcomes[n] = exc
        if stored is not None:  # copied by the child, not kept (a duplicate, a refused picture)
            try:
                store.delete(stored)
            except OSError:
                log.exception("could not delete %s", stored)
    filled = [outcome for outcome in outcomes if outcome is not None]
    assert len(filled) == len(paths)  # every file has its outcome, in its own place
    return filled


def _answered(answer: ProbeResult | ProbeError, _path: Path) -> ProbeResult:
    """A prober for ``stage_audio`` that gives the answer the pool already had for this file."""
    if isinstance(answer, ProbeError):
        raise answer
    return answer


class KnownAudioGroups(KnownAudio):
    """``KnownAudio`` that also answers for many hashes in one query (a staged group's), and
    remembers whether the last group's files were mostly in the catalog already (``mostly_held``).
    """

    #: Whether most files of the last group staged had audio the catalog holds: the next
    #: groups are then hashed before anything else (a re-run). It starts true: the first
    #: groups are hashed here while the children start anyway, and a re-run then never
    #: starts them at all. Threads may race on it; any answer is correct, only the cost differs.
    mostly_held = True

    def saw(self, *, held: int, hashed: int) -> None:
        """A group was staged: ``held`` of its ``hashed`` files are in the catalog already."""
        if hashed:
            self.mostly_held = 2 * held >= hashed

    def holders(self, digests: Iterable[str]) -> dict[str, TrackWithAudio]:
        """For each hash of ``digests`` (lower-case hex) that some track's audio has, the oldest
        such track, as ``duplicates.track_with_audio`` names it: the import reports it without
        asking again per file (a re-run of a large import is mostly duplicates).
        """
        wanted = sorted({d.lower() for d in digests if isinstance(d, str) and d})
        if not wanted:
            return {}
        mark = "?" if self.engine.dialect.paramstyle == "qmark" else "%s"  # SQLite, or psycopg
        raw = self._connection()
        cursor = raw.cursor()
        try:
            marks = ", ".join([mark] * len(wanted))
            cursor.execute(
                "SELECT t.audio_sha256, t.id, t.title, t.artist_id, a.stage_name, t.status FROM track t "
                f"JOIN artistprofile a ON a.id = t.artist_id WHERE t.audio_sha256 IN ({marks}) ORDER BY t.id", wanted)
            found: dict[str, TrackWithAudio] = {}
            for digest, *holder in cursor.fetchall():
                if digest not in found:
                    found[digest] = holder_of(*holder)
            return found
        finally:
            cursor.close()
            raw.rollback()  # as ``in``: no read transaction stays open

    def _connection(self):
        """This thread's connection, opened on first use (``KnownAudio`` keeps one per thread)."""
        raw = getattr(self._local, "raw", None)
        if raw is None:
            raw = self._local.raw = self.engine.raw_connection()
            with self._lock:
                self._opened.append(raw)
        return raw


def sync_staged(store: MediaStore, keys: Iterable[str]) -> None:
    """Make staged audio durable before the rows pointing at it are committed (``OSError`` if it cannot be)."""
    sync = getattr(store, "sync", None)
    if sync is not None:
        sync(list(keys))
