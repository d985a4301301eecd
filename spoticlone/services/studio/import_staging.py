"""Staging files ahead of the bulk import, a few neighbours per worker task.

``bulk_import`` decides what becomes of each file in the order given, while worker threads
stage the files ahead of it. A task stages ``bulk_import.GROUP`` neighbouring files: it hashes each,
asks whether a track already has that audio, and sends the files that need parsing to one
sandboxed probe child in a single request (``ProbePool.probe_many``) instead of one round
trip each, then copies each accepted file into the media store (``staging.stage_audio``,
with the child's answer as its probe). Every file keeps its own outcome: one refused file,
even one that kills its child, does not spoil its neighbours.
"""

from __future__ import annotations

import logging
from concurrent.futures import Future
from dataclasses import dataclass
from functools import partial
from pathlib import Path

from spoticlone.integrations.media_store import MediaStore
from spoticlone.services.media.audio_probe import ProbeError, ProbeResult
from spoticlone.services.media.duplicates import KnownAudio, hash_file
from spoticlone.services.media.probe_pool import ProbePool
from spoticlone.services.media.staging import StagedAudio, check_audio_size, discard_staged, stage_audio

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Staging:
    """One file's place in the group a worker stages: its outcome is ``future.result()[place]``."""

    future: Future[list[StagedAudio | str | Exception]]
    place: int

    def result(self) -> StagedAudio | str:
        """The staged file, or the hash alone of audio a track has; raises the file's refusal."""
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
    known: KnownAudio, store: MediaStore, pool: ProbePool, paths: list[Path]
) -> list[StagedAudio | str | Exception]:
    """In a worker thread, for each file in order: the hash alone if a track has this audio
    already, else the staged file, or the exception that refused it.

    The files that need parsing are probed in one request; each is then staged as
    ``stage_audio`` stages any file, with that answer as its probe. The checks keep their
    order: a file that cannot be read, or is empty or too large, is never sent to a child.
    """
    outcomes: list[StagedAudio | str | Exception | None] = [None] * len(paths)
    digests: dict[int, str] = {}
    for n, path in enumerate(paths):
        try:
            digest = hash_file(path)
            if digest in known:
                outcomes[n] = digest
            else:
                check_audio_size(path)
                digests[n] = digest
        except Exception as exc:  # noqa: BLE001 - this file's refusal, raised again in its turn
            outcomes[n] = exc
    answers = dict(zip(digests, pool.probe_many([paths[n] for n in digests]), strict=True))
    for n, digest in digests.items():
        try:
            outcomes[n] = stage_audio(store=store, source=paths[n], sha256=digest,
                                      prober=partial(_answered, answers[n]))
        except Exception as exc:  # noqa: BLE001 - as above
            outcomes[n] = exc
    filled = [outcome for outcome in outcomes if outcome is not None]
    assert len(filled) == len(paths)  # every file has its outcome, in its own place
    return filled


def _answered(answer: ProbeResult | ProbeError, _path: Path) -> ProbeResult:
    """A prober for ``stage_audio`` that gives the answer the pool already had for this file."""
    if isinstance(answer, ProbeError):
        raise answer
    return answer
